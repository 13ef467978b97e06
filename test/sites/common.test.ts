import { describe, expect, it } from 'vitest';
import {
  appendRichText,
  appendTextarea,
  finishTurns,
  readPromptText,
  readText,
} from '../../src/sites/common';
import { loadDocument } from './fixtures';

describe('readText', () => {
  it('puts blocks on lines, keeps code verbatim without its header, leaves chrome out', () => {
    const doc =
      loadDocument(`<div id="m"><p>Hello <b>there</b></p><button>Copy</button><span class="sr-only">You said</span>
      <pre><div>python<button>Copy code</button></div><code>x = 1
  y = 2</code></pre><ul><li>a</li><li>b</li></ul></div>`);
    expect(readText(doc.querySelector('#m')!)).toBe('Hello there\nx = 1\n  y = 2\na\nb');
  });

  it('reads KaTeX as its TeX source', () => {
    const doc = loadDocument(
      `<p id="m">Area <span class="katex"><span class="katex-mathml"><math><semantics><mrow><mi>r</mi></mrow><annotation encoding="application/x-tex">\\pi r^2</annotation></semantics></math></span><span class="katex-html" aria-hidden="true">πr2</span></span> here</p>`,
    );
    expect(readText(doc.querySelector('#m')!)).toBe('Area \\pi r^2 here');
  });
});

describe('finishTurns', () => {
  it('drops empty turns and gives fallback ids tied to the question', () => {
    const turns = finishTurns([
      { role: 'user', text: 'hi', complete: true },
      { role: 'assistant', text: '', complete: false },
      { role: 'assistant', text: 'hello', complete: true },
    ]);
    expect(turns.map((t) => t.id)).toEqual([
      // 'sx4lga': the FNV-1a hash of 'hi' in base 36 (test/unit/util/hash.test.ts).
      'user-0-sx4lga',
      'assistant-1-sx4lga',
    ]);
  });
});

describe('appendRichText', () => {
  const inputs = (box: Element) => {
    const seen: string[] = [];
    box.addEventListener('input', () => seen.push('input'));
    return seen;
  };

  it("appends the block's lines as the editor's own <p> lines, a blank one first, with one input event", () => {
    const doc = loadDocument(
      '<form><div class="ProseMirror" contenteditable="true"><p>Plan a <b>trip</b></p></div></form>',
    );
    const box = doc.querySelector<HTMLElement>('.ProseMirror')!;
    const seen = inputs(box);
    appendRichText(box, '[mnemo:memories]\n- "Likes <b>tags</b> & Lisbon"\n[/mnemo:memories]');
    expect(box.innerHTML).toBe(
      '<p>Plan a <b>trip</b></p><p><br></p><p>[mnemo:memories]</p>' +
        '<p>- "Likes &lt;b&gt;tags&lt;/b&gt; &amp; Lisbon"</p><p>[/mnemo:memories]</p>',
    );
    expect(seen).toEqual(['input']);
    // Read back as a prompt (or captured as a turn), the block is stripped again.
    expect(readPromptText(box)).toBe('Plan a trip');
  });

  it('uses <div> lines in a plain contenteditable and drops the trailing <br> that held its line open', () => {
    const doc = loadDocument('<div id="box" contenteditable="true">Plan a trip<br></div>');
    const box = doc.querySelector<HTMLElement>('#box')!;
    appendRichText(box, 'A\nB');
    expect(box.innerHTML).toBe('Plan a trip<div><br></div><div>A</div><div>B</div>');
  });
});

describe('appendTextarea', () => {
  it('sets the value with the block after a blank line, through the setter, with an input event', () => {
    const doc = loadDocument('<textarea id="t"></textarea>');
    const area = doc.querySelector<HTMLTextAreaElement>('#t')!;
    area.value = 'Plan a trip \n';
    let seen = 0;
    area.addEventListener('input', () => seen++);
    appendTextarea(area, 'A\nB');
    expect(area.value).toBe('Plan a trip\n\nA\nB');
    expect(seen).toBe(1);
  });
});
