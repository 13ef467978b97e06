/**
 * The prompts the user sent with a trusted event: a key press in the composer or a click on
 * the send button that the browser, not a page script, dispatched (`isTrusted`). Capture
 * stores a user turn only when it is one of these, and an answer only after such a turn, so
 * a page script that fills the composer and clicks send, a turn planted in the thread, or the
 * history of a conversation someone shared never becomes the user's memory.
 *
 * One log lives for the content script's whole life, across SPA navigations: sending the first
 * prompt of a new chat moves the site to the new conversation's URL, and the turn that send
 * produces is read there, by the controller started for the new URL.
 */
const LIMIT = 50;

/** Sites re-flow a prompt into lines and paragraphs: compare without whitespace. */
function key(text: string): string {
  return text.replace(/\s+/g, '');
}

export class SendLog {
  private readonly keys: string[] = [];

  record(text: string): void {
    const k = key(text);
    if (!k) return;
    this.keys.push(k);
    if (this.keys.length > LIMIT) this.keys.shift();
  }

  /** True when the user sent `text` (a turn's text, Mnemo's block already stripped). */
  has(text: string): boolean {
    const k = key(text);
    return k !== '' && this.keys.includes(k);
  }
}
