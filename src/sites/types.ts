/**
 * The contract every chat-site adapter implements. An adapter is pure DOM reading and
 * writing: it never talks to the background, never stores anything and keeps no state
 * between calls, so it can be tested on saved pages in a DOM implementation under Node.
 *
 * @example
 * const adapter = findAdapter(new URL(location.href));
 * const box = adapter?.findPromptBox(document);
 * const turns = adapter?.readTurns(document) ?? [];
 */
import type { Role } from '../memory/types';
import type { SiteId } from './hosts';

/** One selector in an ordered list of fallbacks, with the layout it serves. */
export interface SelectorEntry {
  selector: string;
  /** Which layout (and when it was seen) this selector serves. */
  layout: string;
}

export interface Found<T extends Element = HTMLElement> {
  el: T;
  /** The selector (from the site's fallback list) that matched. */
  selector: string;
}

export interface AdapterTurn {
  role: Role;
  /** Stable within the conversation: the site's own message id when the page has one. */
  id: string;
  /** Plain text, Mnemo's injected block already stripped. */
  text: string;
  /** False while an assistant answer is still streaming. */
  complete: boolean;
}

/**
 * Pages of the site that show a conversation which is not the visitor's own: shared links,
 * published pages, embeds. Mnemo neither captures nor injects there (someone else's "My name
 * is Eve" must never become the user's memory). Kept as data in each site's `shared.ts`,
 * beside its adapter but not on it: only the content script needs it, and the background
 * (which imports the adapters to tell a URL's site) stays under its size budget.
 */
export interface ReadOnlyRule {
  /** Paths on the site's own host (tested against the pathname only). */
  paths: readonly { re: RegExp; why: string }[];
  /** Elements only such pages render (in fallback order, like every selector list). */
  markers: readonly SelectorEntry[];
}

export interface SiteAdapter {
  readonly id: SiteId;
  readonly name: string;
  /** True when this adapter serves the page at `url`. */
  matches(url: URL): boolean;
  /** The conversation id from the URL (or page); null on a page with no conversation yet. */
  conversationId(url: URL, doc: Document): string | null;
  findPromptBox(doc: Document): Found | null;
  findSendButton(doc: Document): Found | null;
  /** The prompt's current text. */
  readPrompt(box: HTMLElement): string;
  /**
   * Add Mnemo's block after the prompt's text, a blank line between, in one write the site's
   * editor accepts, so the site sends what is shown (ProseMirror, Quill, a plain
   * contenteditable: the block's lines as the editor's own line elements and an input event;
   * Lexical: a synthetic paste; textarea: the native value setter plus an input event).
   */
  appendBlock(box: HTMLElement, block: string): void;
  /** The turns on the page, in order, with no false turns (sidebars, code editors, …). */
  readTurns(doc: Document): AdapterTurn[];
  /** Where new turns appear (for the MutationObserver); the body when unknown. */
  turnsRoot(doc: Document): Element;
}
