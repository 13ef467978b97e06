/**
 * Helpers shared by the site adapters: first match over ordered fallbacks, block-aware text
 * extraction that leaves UI chrome out, stable fallback turn ids, and the editor writers.
 * Everything here works on any DOM implementation (the browser, linkedom in tests): no
 * layout, no `innerText`, no `instanceof` checks across realms.
 */
import { stripMemoryBlock } from '../inject/marker';
import type { Role } from '../memory/types';
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

/** FNV-1a, 32 bits, base 36: a short stable hash for fallback ids. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
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
    const id = t.id || `${t.role}-${turns.length}-${shortHash(lastUser)}`;
    turns.push({ role: t.role, id, text, complete: t.complete });
  }
  return turns;
}

/** The prompt's text: a textarea's value, or the editor's text. */
export function readPromptText(box: HTMLElement): string {
  if (box.tagName === 'TEXTAREA') return (box as HTMLTextAreaElement).value;
  return readText(box).trim();
}

function selectContents(box: HTMLElement): void {
  const doc = box.ownerDocument;
  const sel = doc.getSelection?.();
  if (!sel) return;
  const range = doc.createRange();
  range.selectNodeContents(box);
  sel.removeAllRanges();
  sel.addRange(range);
}

/**
 * ProseMirror (ChatGPT, Claude, Le Chat) and Quill (Gemini): select everything and insert
 * through `execCommand`, which the editors observe like typing; where it is refused, a
 * `beforeinput` the editor can handle, and an `input` event so the framework re-reads.
 */
export function writeRichText(box: HTMLElement, text: string): void {
  box.focus();
  selectContents(box);
  const doc = box.ownerDocument;
  let done = false;
  try {
    done = typeof doc.execCommand === 'function' && doc.execCommand('insertText', false, text);
  } catch {
    done = false;
  }
  if (done) return;
  const init = { bubbles: true, cancelable: true, inputType: 'insertText', data: text };
  const accepted = box.dispatchEvent(new InputEvent('beforeinput', init));
  // An editor that handled beforeinput called preventDefault and updated itself.
  if (accepted) box.textContent = text;
  box.dispatchEvent(
    new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }),
  );
}

/** Lexical (Perplexity) ignores DOM writes and execCommand: it takes a paste over a selection. */
export function writeLexical(box: HTMLElement, text: string): void {
  box.focus();
  selectContents(box);
  const dt = new DataTransfer();
  dt.setData('text/plain', text);
  box.dispatchEvent(
    new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }),
  );
}

/** A React-controlled textarea: the prototype's value setter, then an input event. */
export function writeTextarea(box: HTMLElement, text: string): void {
  const area = box as HTMLTextAreaElement;
  const view = box.ownerDocument.defaultView;
  const proto = view?.HTMLTextAreaElement.prototype ?? HTMLTextAreaElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  area.focus();
  if (setter) setter.call(area, text);
  else area.value = text;
  area.dispatchEvent(new Event('input', { bubbles: true }));
}

/** A textarea gets the value setter, anything else the rich-text path. */
export function writeAuto(box: HTMLElement, text: string): void {
  if (box.tagName === 'TEXTAREA') writeTextarea(box, text);
  else writeRichText(box, text);
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
