/**
 * Helpers shared by the site adapters: first match over ordered fallbacks, block-aware text
 * extraction that leaves UI chrome out, stable fallback turn ids, and the editor writers.
 * Everything here works on any DOM implementation (the browser, linkedom in tests): no
 * layout, no `innerText`, no `instanceof` checks across realms.
 */
import { stripMemoryBlock } from '../inject/marker';
import type { Role } from '../memory/types';
import { fnv1aBase36 } from '../util/hash';
import type { AdapterTurn, Found, SelectorEntry } from './types';

/** The first element matched by the first entry (in fallback order) that matches anything. */
export function firstMatch(
  root: ParentNode,
  entries: readonly SelectorEntry[],
  accept: (el: HTMLElement) => boolean = () => true,
): Found | null {
  for (const { selector } of entries) {
    for (const el of root.querySelectorAll<HTMLElement>(selector)) {
      if (accept(el)) return { el, selector };
    }
  }
  return null;
}

/** Like firstMatch, but the last element of the first entry that matches (send buttons at a composer's end). */
export function lastMatch(root: ParentNode, entries: readonly SelectorEntry[]): Found | null {
  for (const { selector } of entries) {
    const all = root.querySelectorAll<HTMLElement>(selector);
    const el = all[all.length - 1];
    if (el) return { el, selector };
  }
  return null;
}

/** All elements of the first entry that matches anything. */
export function allMatches(root: ParentNode, entries: readonly SelectorEntry[]): HTMLElement[] {
  for (const { selector } of entries) {
    const els = [...root.querySelectorAll<HTMLElement>(selector)];
    if (els.length) return els;
  }
  return [];
}

/** One selector string that matches any entry (document order from querySelectorAll). */
export function anyOf(entries: readonly SelectorEntry[]): string {
  return entries.map((e) => e.selector).join(', ');
}

export function matchesAny(el: Element, entries: readonly SelectorEntry[]): boolean {
  return entries.some((e) => el.matches(e.selector));
}

/** Elements that are never part of a message's text on any site. */
export const CHROME =
  'button, svg, style, script, noscript, template, textarea, input, select, mat-icon, ' +
  '.sr-only, .cdk-visually-hidden, [hidden], [aria-hidden="true"]';

const BLOCK = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'THEAD',
  'TFOOT',
  'TR',
  'UL',
]);
const CELL = new Set(['TD', 'TH']);

class TextBuilder {
  out = '';
  text(s: string): void {
    let t = s.replace(/\s+/g, ' ');
    if (!t) return;
    if (this.out === '' || this.out.endsWith('\n') || this.out.endsWith(' '))
      t = t.replace(/^ /, '');
    this.out += t;
  }
  raw(s: string): void {
    this.out += s;
  }
  newline(): void {
    this.out = this.out.replace(/ +$/, '');
    if (this.out !== '' && !this.out.endsWith('\n')) this.out += '\n';
  }
  separator(): void {
    if (this.out !== '' && !/[\s\n]$/.test(this.out)) this.out += ' ';
  }
}

/**
 * The readable text of an element: blocks on their own lines, code blocks verbatim (their
 * header with language label and copy button left out), KaTeX as its TeX source, and every
 * element matching `CHROME` or `exclude` left out. Mnemo's injected block is stripped.
 */
export function readText(el: Element, exclude?: string): string {
  const skip = exclude ? `${CHROME}, ${exclude}` : CHROME;
  const b = new TextBuilder();
  const walk = (node: Node): void => {
    if (node.nodeType === 3) {
      b.text((node as Text).data);
      return;
    }
    if (node.nodeType !== 1) return;
    const e = node as Element;
    if (e !== el && e.matches(skip)) return;
    const tag = e.tagName.toUpperCase();
    if (tag === 'BR') {
      b.newline();
      return;
    }
    if (e.matches('.katex')) {
      const tex = e.querySelector('annotation');
      b.text(` ${tex?.textContent ?? e.textContent ?? ''} `);
      return;
    }
    if (tag === 'PRE') {
      const code = e.querySelector('code') ?? e;
      b.newline();
      b.raw((code.textContent ?? '').replace(/^\n+|\s+$/g, ''));
      b.newline();
      return;
    }
    const block = BLOCK.has(tag);
    if (block) b.newline();
    if (CELL.has(tag)) b.separator();
    for (const child of e.childNodes) walk(child);
    if (block) b.newline();
    if (CELL.has(tag)) b.separator();
  };
  walk(el);
  const text = b.out
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return stripMemoryBlock(text);
}

/** Text of several parts of one message, in order, as one text. */
export function readParts(parts: readonly Element[], exclude?: string): string {
  return parts
    .map((p) => readText(p, exclude))
    .filter(Boolean)
    .join('\n\n');
}

/** Drop elements nested inside another element of the same list (keeps the outermost). */
export function outermost<T extends Element>(els: readonly T[]): T[] {
  return els.filter((e) => !els.some((o) => o !== e && o.contains(e)));
}

export interface RawTurn {
  role: Role;
  /** The site's own message id, when the page has one. */
  id?: string | null | undefined;
  text: string;
  complete: boolean;
}

/**
 * Finish a list of turns read from the page: empty turns are dropped, and a turn without the
 * site's own id gets a fallback: `${role}-${index}-${hash}`, where the hash is of the user's
 * text (for an answer, of the question before it, so the id does not change while it streams).
 */
export function finishTurns(raw: readonly RawTurn[]): AdapterTurn[] {
  const turns: AdapterTurn[] = [];
  let lastUser = '';
  for (const t of raw) {
    const text = stripMemoryBlock(t.text).trim();
    if (!text) continue;
    if (t.role === 'user') lastUser = text;
    const id = t.id || `${t.role}-${turns.length}-${fnv1aBase36(lastUser)}`;
    turns.push({ role: t.role, id, text, complete: t.complete });
  }
  return turns;
}

/** The prompt's text: a textarea's value, or the editor's text. */
export function readPromptText(box: HTMLElement): string {
  if (box.tagName === 'TEXTAREA') return (box as HTMLTextAreaElement).value;
  return readText(box).trim();
}

/** The box's window: its constructors work in any DOM (the browser, linkedom in tests). */
function view(box: HTMLElement): Window & typeof globalThis {
  return (box.ownerDocument.defaultView ?? globalThis) as Window & typeof globalThis;
}

/** The prompt followed by Mnemo's block after a blank line: what a whole-text writer writes. */
export function withBlock(prompt: string, block: string): string {
  return `${prompt.trimEnd()}\n\n${block}`;
}

/** Selects the editor's whole content, or puts the caret after it. */
function select(box: HTMLElement, how: 'all' | 'end'): void {
  const doc = box.ownerDocument;
  const sel = doc.getSelection?.();
  if (!sel) return;
  const range = doc.createRange();
  range.selectNodeContents(box);
  if (how === 'end') range.collapse(false);
  sel.removeAllRanges();
  sel.addRange(range);
}

/**
 * The element the editor makes its lines of: `<p>` in ProseMirror and Quill, else `<div>`
 * (what a browser makes in a plain contenteditable).
 */
function lineTag(box: HTMLElement): 'p' | 'div' {
  for (let c = box.lastElementChild; c; c = c.previousElementSibling) {
    if (c.tagName === 'P') return 'p';
    if (c.tagName === 'DIV') return 'div';
  }
  return box.matches('.ProseMirror, .ql-editor') ? 'p' : 'div';
}

/**
 * ProseMirror (ChatGPT, Claude, Le Chat), Quill (Gemini) and plain contenteditables (the demo
 * site): the block's lines go after the prompt in one DOM write, as the editor's own line
 * elements (an empty one for the blank line between), the caret after them, then one `input`
 * event for the page's framework. ProseMirror and Quill take a DOM change they did not make
 * through their MutationObservers, before any later microtask: the path by which they also
 * read `execCommand('insertText')`, which this replaces. That ran one editing command, with a
 * layout, per line of the block (several times slower in Chromium than this write, the
 * editor's parse included), and Firefox put the newlines into a single ProseMirror
 * paragraph as characters, which ProseMirror reads as spaces. The memories go in as text, never
 * as HTML.
 */
export function appendRichText(box: HTMLElement, block: string): void {
  const doc = box.ownerDocument;
  box.focus();
  const tag = lineTag(box);
  // A trailing <br> only holds the last line open; with lines after it, it would show as a line.
  if (box.lastChild?.nodeName === 'BR') box.lastChild.remove();
  const lines = doc.createDocumentFragment();
  for (const text of ['', ...block.split('\n')]) {
    const line = doc.createElement(tag);
    if (text) line.textContent = text;
    else line.append(doc.createElement('br'));
    lines.append(line);
  }
  box.append(lines);
  select(box, 'end');
  box.dispatchEvent(
    new (view(box).InputEvent)('input', { bubbles: true, inputType: 'insertText', data: block }),
  );
}

/** Lexical (Perplexity) ignores DOM writes and execCommand: it takes a paste over a selection. */
export function writeLexical(box: HTMLElement, text: string): void {
  box.focus();
  select(box, 'all');
  const dt = new DataTransfer();
  dt.setData('text/plain', text);
  box.dispatchEvent(
    new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }),
  );
}

/** Lexical: the whole prompt, block included, pasted over the prompt (one paste, as before). */
export function appendLexical(box: HTMLElement, block: string): void {
  writeLexical(box, withBlock(readPromptText(box), block));
}

/** A React-controlled textarea: the prototype's value setter, then an input event. */
export function writeTextarea(box: HTMLElement, text: string): void {
  const area = box as HTMLTextAreaElement;
  const win = view(box);
  const setter = Object.getOwnPropertyDescriptor(win.HTMLTextAreaElement.prototype, 'value')?.set;
  area.focus();
  if (setter) setter.call(area, text);
  else area.value = text;
  area.dispatchEvent(new win.Event('input', { bubbles: true }));
}

/** A textarea: its value with the block after it, through the value setter. */
export function appendTextarea(box: HTMLElement, block: string): void {
  writeTextarea(box, withBlock((box as HTMLTextAreaElement).value, block));
}

/** A textarea gets the value setter, anything else the rich-text path. */
export function appendAuto(box: HTMLElement, block: string): void {
  if (box.tagName === 'TEXTAREA') appendTextarea(box, block);
  else appendRichText(box, block);
}

/** The first path segment after `prefix` that looks like an id. */
export function pathId(url: URL, re: RegExp): string | null {
  return re.exec(url.pathname)?.[1] ?? null;
}

/** True when `url`'s origin is one of the site's host patterns (`https://host/*`). */
export function hostMatches(url: URL, patterns: readonly string[]): boolean {
  return patterns.some((p) => {
    const m = /^(https?):\/\/([^/]+)\//.exec(p);
    return !!m && url.protocol === `${m[1]}:` && url.hostname === m[2];
  });
}

/** The visible-stop-button test used for streaming on several sites. */
export function present(root: ParentNode, entries: readonly SelectorEntry[]): boolean {
  return firstMatch(root, entries) !== null;
}
