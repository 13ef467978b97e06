/**
 * The chip beside the prompt box: how many memories are ready for this prompt; its popover
 * lists them, each removable before sending. It lives in a closed shadow root (open only in
 * test and demo builds) so the page's styles cannot reach it and the page's scripts cannot
 * read it: a closed root has no `shadowRoot` handle, and the page cannot catch it by patching
 * `attachShadow`, since a content script calls its own world's (Chrome's isolated world,
 * Firefox's Xray). So the count is shown to the user inside the root and never put where the
 * page reads: no attribute on the host (a `data-count` there told any script how many
 * memories matched any text it wrote). Its buttons act on the user's clicks only.
 */
import type { InjectionItem, InjectionPlan } from '../messaging/protocol';

const STYLE = `
:host { all: initial; }
.chip { position: fixed; z-index: 2147483646; font: 12px/1.2 system-ui, sans-serif; background: #1f2937; color: #fff;
  border: 1px solid #4b5563; border-radius: 999px; padding: 4px 10px; cursor: pointer; }
.chip:focus-visible { outline: 2px solid #60a5fa; outline-offset: 2px; }
.pop { position: fixed; z-index: 2147483647; width: 340px; max-height: 300px; overflow: auto; background: #fff; color: #111827;
  border: 1px solid #d1d5db; border-radius: 8px; box-shadow: 0 8px 24px rgba(0,0,0,.2); font: 13px/1.4 system-ui, sans-serif; padding: 8px; }
.pop ul { list-style: none; margin: 0; padding: 0; }
.pop li { display: flex; gap: 6px; align-items: flex-start; padding: 4px 0; border-bottom: 1px solid #f3f4f6; }
.pop li span { flex: 1; }
.pop button { font: inherit; cursor: pointer; }
@media (prefers-color-scheme: dark) { .pop { background: #111827; color: #f9fafb; border-color: #374151; } .pop li { border-color: #1f2937; } }
`;

export interface ChipCallbacks {
  onRemove(id: string): void;
  onInsert(): void;
}

export class Chip {
  private host: HTMLElement;
  private root: ShadowRoot;
  private button: HTMLButtonElement;
  private pop: HTMLDivElement;
  private open = false;

  constructor(
    doc: Document,
    signal: AbortSignal,
    private readonly cb: ChipCallbacks,
  ) {
    this.host = doc.createElement('mnemo-chip');
    this.host.setAttribute('data-mnemo-ui', '');
    // Closed in store builds; open in test and demo builds (they serve local pages), so the
    // end-to-end tests can use the popover as a user would.
    this.root = this.host.attachShadow({
      mode: __MNEMO_LOCAL_HOSTS__.length > 0 ? 'open' : 'closed',
    });
    const style = doc.createElement('style');
    style.textContent = STYLE;
    this.button = doc.createElement('button');
    this.button.className = 'chip';
    this.button.type = 'button';
    this.button.hidden = true;
    this.pop = doc.createElement('div');
    this.pop.className = 'pop';
    this.pop.hidden = true;
    this.pop.setAttribute('role', 'dialog');
    this.pop.setAttribute('aria-label', 'Memories Mnemo will add to this prompt');
    this.root.append(style, this.button, this.pop);
    doc.documentElement.append(this.host);
    this.button.addEventListener(
      'click',
      () => {
        this.open = !this.open;
        this.pop.hidden = !this.open;
      },
      { signal },
    );
    this.pop.addEventListener(
      'keydown',
      (e) => {
        if (e.key === 'Escape') {
          this.open = false;
          this.pop.hidden = true;
          this.button.focus();
        }
      },
      { signal },
    );
    signal.addEventListener('abort', () => this.host.remove());
  }

  render(items: InjectionItem[], mode: InjectionPlan['mode'], anchor: HTMLElement | null): void {
    if (!anchor || items.length === 0 || mode === 'off') {
      // Emptied, not only hidden: no memory text stays in the page's DOM after it is gone.
      this.button.hidden = true;
      this.button.textContent = '';
      this.button.removeAttribute('aria-label');
      this.pop.hidden = true;
      this.pop.replaceChildren();
      this.open = false;
      return;
    }
    const r = anchor.getBoundingClientRect();
    this.button.hidden = false;
    this.button.textContent = `Mnemo: ${items.length} ${items.length === 1 ? 'memory' : 'memories'}`;
    this.button.setAttribute(
      'aria-label',
      `${items.length} memories ready for this prompt. Show them.`,
    );
    this.button.style.left = `${Math.max(4, r.right - 150)}px`;
    this.button.style.top = `${Math.max(4, r.top - 30)}px`;
    this.pop.style.left = `${Math.max(4, r.right - 340)}px`;
    this.pop.style.top = `${Math.max(4, r.top - 340)}px`;
    const doc = this.host.ownerDocument;
    const list = doc.createElement('ul');
    for (const item of items) {
      const li = doc.createElement('li');
      const text = doc.createElement('span');
      text.textContent = `${item.text} (${item.date})`;
      const rm = doc.createElement('button');
      rm.type = 'button';
      rm.textContent = '×';
      rm.setAttribute('aria-label', `Do not add: ${item.text}`);
      rm.addEventListener('click', (e) => e.isTrusted && this.cb.onRemove(item.id));
      li.append(text, rm);
      list.append(li);
    }
    const actions = doc.createElement('div');
    if (mode === 'manual') {
      const ins = doc.createElement('button');
      ins.type = 'button';
      ins.textContent = 'Add to prompt';
      ins.addEventListener('click', (e) => e.isTrusted && this.cb.onInsert());
      actions.append(ins);
    } else {
      actions.textContent = 'Added when you send.';
    }
    this.pop.replaceChildren(list, actions);
    this.pop.hidden = !this.open;
  }
}
