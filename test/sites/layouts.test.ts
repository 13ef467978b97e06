import { beforeAll, describe, expect, it } from 'vitest';
import { chatgptAdapter } from '../../src/sites/chatgpt/adapter';
import { claudeAdapter } from '../../src/sites/claude/adapter';
import { perplexityAdapter } from '../../src/sites/perplexity/adapter';
import { formatMemoryBlock } from '../../src/inject/marker';
import { loadDocument, readPage } from './fixtures';

describe('ChatGPT 2026-09 [data-turn-key] layout (driftwatch capture, text filled in at run time)', () => {
  let doc: Document;
  beforeAll(() => {
    // The capture is sanitized (every text node empty): give each unit a text in memory.
    doc = loadDocument(readPage('chatgpt', 'driftwatch-2026-09-21-composing-sanitized.html'));
    let n = 0;
    for (const unit of doc.querySelectorAll('[data-content-search-unit-key]')) {
      n++;
      const user = unit.getAttribute('data-content-search-unit-key')!.endsWith(':user');
      const body = '[data-markdown-text-style="assistant-message"]';
      const target = user
        ? unit.querySelector('div[dir="auto"]')
        : (unit.querySelector(`${body} p, ${body} li`) ?? unit.querySelector(`${body} code`));
      target!.textContent = `${user ? 'question' : 'answer'} ${n}`;
    }
  });

  it('reads one user and one assistant unit per exchange, ids from the unit key', () => {
    const turns = chatgptAdapter.readTurns(doc);
    expect(turns.map((t) => [t.role, t.text])).toEqual([
      ['user', 'question 1'],
      ['assistant', 'answer 2'],
      ['user', 'question 3'],
      ['assistant', 'answer 4'],
      ['user', 'question 5'],
      ['assistant', 'answer 6'],
    ]);
    expect(turns[0]!.id).toBe('00000000-0000-4000-8000-000000000002:0:user');
    expect(turns[1]!.id).toBe('00000000-0000-4000-8000-000000000002:2:assistant');
  });

  it('takes the composer, never the "Edit code" editor, as the prompt box', () => {
    const box = chatgptAdapter.findPromptBox(doc);
    expect(box?.el.getAttribute('aria-label')).toBe('Ask ChatGPT');
    expect(box?.el.closest('form[data-chatgpt-composer]')).not.toBeNull();
  });

  it('finds the form submit button', () => {
    expect(chatgptAdapter.findSendButton(doc)?.el.getAttribute('type')).toBe('submit');
  });
});

describe('ChatGPT streaming and injected block', () => {
  it('marks a .result-streaming answer incomplete and strips the memory block from user text', () => {
    const block = formatMemoryBlock([{ text: 'User is vegetarian.' }]);
    const doc = loadDocument(`<main>
      <section data-testid="conversation-turn-1"><div data-message-author-role="user" data-message-id="u1"><div class="whitespace-pre-wrap">Plan my dinner\n\n${block}</div></div></section>
      <article data-testid="conversation-turn-2"><div data-message-author-role="assistant" data-message-id="a1"><div class="markdown result-streaming"><p>Here is</p></div></div></article>
    </main>`);
    const turns = chatgptAdapter.readTurns(doc);
    expect(turns).toEqual([
      { role: 'user', id: 'u1', text: 'Plan my dinner', complete: true },
      { role: 'assistant', id: 'a1', text: 'Here is', complete: false },
    ]);
  });
});

describe('Claude 2026-10 transcript-row layout (HAND-BUILT DOM: no capture of this layout exists)', () => {
  const html = `<main>
    <div data-testid="transcript-row" data-perf-row="human">
      <div data-testid="user-message"><p>I moved to Lisbon last month.</p></div>
      <div role="group" aria-label="Message actions"><button>Copy</button></div>
    </div>
    <div data-testid="transcript-row" data-perf-row="assistant">
      <div data-testid="assistant-message" data-is-streaming="false">
        <div><button aria-expanded="false">Thought for 2s</button><div><div class="standard-markdown"><p>thinking text</p></div></div></div>
        <div class="standard-markdown"><p>Welcome to Lisbon!</p></div>
      </div>
    </div>
    <div data-testid="transcript-row" data-perf-row="human">
      <div data-testid="user-message"><p>What should I see first?</p></div>
    </div>
    <div data-testid="transcript-row" data-perf-row="assistant">
      <div data-testid="assistant-message" data-is-streaming="true">
        <div class="standard-markdown"><p>Start with Alfama</p></div>
      </div>
    </div>
  </main>`;

  it('reads rows by data-perf-row, leaves thinking out, and marks the streaming answer', () => {
    const turns = claudeAdapter.readTurns(loadDocument(html));
    expect(turns.map((t) => [t.role, t.text, t.complete])).toEqual([
      ['user', 'I moved to Lisbon last month.', true],
      ['assistant', 'Welcome to Lisbon!', true],
      ['user', 'What should I see first?', true],
      ['assistant', 'Start with Alfama', false],
    ]);
  });

  it('gives fallback ids that do not change while the answer grows', () => {
    const before = claudeAdapter.readTurns(loadDocument(html)).map((t) => t.id);
    const after = claudeAdapter
      .readTurns(loadDocument(html.replace('Start with Alfama', 'Start with Alfama, then Belém')))
      .map((t) => t.id);
    expect(after).toEqual(before);
    expect(before[0]).toMatch(/^user-0-[0-9a-z]+$/);
  });
});

describe('Perplexity 2026-08/09 changes (HAND-BUILT DOM from the README)', () => {
  it('reads the answer beside an empty markdown-content placeholder and user bubbles rendered by lm', () => {
    const doc = loadDocument(`<main>
      <div class="group/user-bubble flex"><div data-renderer="lm"><p>Best bakery in Porto?</p></div></div>
      <div><div id="markdown-content-0"></div><div class="prose inline"><div data-renderer="lm"><p>Try Manteigaria.</p></div></div></div>
    </main>`);
    const turns = perplexityAdapter.readTurns(doc);
    expect(turns.map((t) => [t.role, t.text])).toEqual([
      ['user', 'Best bakery in Porto?'],
      ['assistant', 'Try Manteigaria.'],
    ]);
    expect(turns[1]!.id).toBe('markdown-content-0');
  });
});
