import { describe, expect, it } from 'vitest';
import { finishTurns, readText, shortHash } from '../../src/sites/common';
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
      `user-0-${shortHash('hi')}`,
      `assistant-1-${shortHash('hi')}`,
    ]);
  });
});
