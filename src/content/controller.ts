/**
 * What the content script does on a chat page, for any site adapter: capture finished
 * turns (one path: a MutationObserver on the thread plus one initial scan), and on send,
 * inject the relevant memories into the prompt inside Mnemo's marked block. Every observer,
 * listener and timer hangs on one AbortSignal, so SPA navigation tears it all down.
 *
 * Only the user acts: the search, the injection and the record of a send follow trusted
 * events only (typing, Enter in the composer, a click on send, a form submit), so a page
 * script that fills the composer and clicks send gets no memory block; capture stores only
 * the turns those sends produced (see SendLog). Nothing happens on a shared, published or
 * embedded conversation (the site's READ_ONLY rule, src/sites/<site>/shared.ts).
 */
import { formatMemoryBlock, hasMemoryBlock, stripMemoryBlock } from '../inject/marker';
import type {
  InjectionItem,
  InjectionPlan,
  Method,
  Params,
  Result,
  TurnInput,
} from '../messaging/protocol';
import { READ_ONLY, readOnlyReason } from '../sites/readonly';
import type { SiteAdapter } from '../sites/types';
import { fnv1aBase36 } from '../util/hash';
import { Chip } from './chip';
import { SendLog } from './sends';

export type Caller = <M extends Method>(method: M, params: Params<M>) => Promise<Result<M>>;

export interface ControllerDeps {
  adapter: SiteAdapter;
  /** The page URL as the adapter sees it (rewritten for local test pages). */
  siteUrl: () => URL;
  call: Caller;
  signal: AbortSignal;
  /** The user's trusted sends; one per content script, shared by its controllers. */
  sends?: SendLog;
  doc?: Document;
  /** Debounce of the thread observer, ms. */
  captureDelay?: number;
  /** Debounce of the search while typing, ms. */
  prepareDelay?: number;
}

export class ChatController {
  private readonly doc: Document;
  private readonly sent = new Map<string, string>();
  private ready: { prompt: string; plan: InjectionPlan } | undefined;
  private prepareSeq = 0;
  private excluded = new Set<string>();
  private bypass = false;
  private chip: Chip | undefined;
  private mode: InjectionPlan['mode'] = 'auto';
  private captureOn = true;
  private readonly sends: SendLog;

  constructor(private readonly d: ControllerDeps) {
    this.doc = d.doc ?? document;
    this.sends = d.sends ?? new SendLog();
  }

  /** Why this page is someone else's conversation, or null (checked again on every action: an SPA renders its markers late). */
  readOnly(): string | null {
    return readOnlyReason(READ_ONLY[this.d.adapter.id], this.d.siteUrl(), this.doc);
  }

  async start(): Promise<void> {
    const { signal } = this.d;
    const shared = this.readOnly();
    if (shared) {
      console.info(`Mnemo: off on this page (${shared})`);
      return;
    }
    try {
      const s = await this.d.call('siteSettings', { url: location.href });
      this.mode = s.paused ? 'off' : s.inject;
      this.captureOn = !s.paused && s.capture;
    } catch (err) {
      console.warn('Mnemo: settings unavailable, using defaults', err);
    }
    if (signal.aborted) return;
    this.observeThread();
    this.watchSend();
    if (this.mode !== 'off') {
      this.chip = new Chip(this.doc, signal, {
        onRemove: (id) => {
          this.excluded.add(id);
          this.renderChip();
        },
        onInsert: () => void this.injectNow(),
      });
      // A page script's synthetic input must not start a search: the chip would tell it
      // whether memories match the text it wrote.
      this.doc.addEventListener('input', (e) => e.isTrusted && this.schedulePrepare(), {
        capture: true,
        signal,
      });
    }
  }

  // --- capture -------------------------------------------------------------------------

  private observeThread(): void {
    const { signal } = this.d;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      void this.captureTurns();
    };
    const observer = new MutationObserver(() => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, this.d.captureDelay ?? 400);
    });
    // The thread root can be replaced by the site; observe the body when unsure.
    observer.observe(this.doc.body, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['data-streaming', 'data-is-streaming'],
    });
    signal.addEventListener('abort', () => {
      observer.disconnect();
      if (timer) clearTimeout(timer);
    });
    flush();
  }

  async captureTurns(): Promise<number> {
    if (!this.captureOn || this.d.signal.aborted || this.readOnly()) return 0;
    const url = this.d.siteUrl();
    const conversationId = this.d.adapter.conversationId(url, this.doc);
    if (!conversationId) return 0;
    const fresh: TurnInput[] = [];
    // Whether the turns since the last user turn answer a prompt the user sent.
    let answering = false;
    for (const t of this.d.adapter.readTurns(this.doc)) {
      if (t.role === 'user') answering = this.sends.has(t.text);
      if (!answering) continue;
      if (!t.complete || !t.text.trim()) continue;
      const key = `${conversationId}|${t.id}`;
      const h = fnv1aBase36(t.text);
      if (this.sent.get(key) === h) continue;
      this.sent.set(key, h);
      fresh.push({ turnId: t.id, role: t.role, text: t.text, conversationId, url: url.href });
    }
    if (fresh.length === 0) return 0;
    try {
      await this.d.call('capture', { turns: fresh });
    } catch (err) {
      // Not stored: forget that we sent them, so the next mutation retries.
      for (const t of fresh) this.sent.delete(`${conversationId}|${t.turnId}`);
      console.warn('Mnemo: capture failed', err);
    }
    return fresh.length;
  }

  // --- injection -----------------------------------------------------------------------

  private currentPrompt(): { box: HTMLElement; text: string } | null {
    const found = this.d.adapter.findPromptBox(this.doc);
    if (!found) return null;
    return { box: found.el, text: this.d.adapter.readPrompt(found.el).trim() };
  }

  private prepareTimer: ReturnType<typeof setTimeout> | undefined;

  private schedulePrepare(): void {
    if (this.prepareTimer) clearTimeout(this.prepareTimer);
    // A new keystroke makes any search in flight stale: its answer will be ignored.
    this.prepareSeq++;
    this.ready = undefined;
    this.prepareTimer = setTimeout(() => void this.prepare(), this.d.prepareDelay ?? 200);
  }

  /** Searches for the prompt as it stands; answers for an older prompt are dropped. */
  private async prepare(): Promise<{ prompt: string; plan: InjectionPlan } | undefined> {
    const cur = this.readOnly() ? null : this.currentPrompt();
    if (!cur || !cur.text || hasMemoryBlock(cur.text)) {
      this.ready = undefined;
      this.renderChip();
      return undefined;
    }
    const seq = ++this.prepareSeq;
    const conversationId = this.d.adapter.conversationId(this.d.siteUrl(), this.doc);
    const plan = await this.d.call('prepareInjection', {
      prompt: cur.text,
      url: location.href,
      ...(conversationId ? { conversationId } : {}),
    });
    if (seq !== this.prepareSeq || this.d.signal.aborted) return undefined;
    const now = this.currentPrompt();
    if (!now || now.text !== cur.text) return undefined;
    this.mode = plan.mode;
    this.ready = { prompt: cur.text, plan };
    this.renderChip();
    return this.ready;
  }

  private items(): InjectionItem[] {
    return (this.ready?.plan.items ?? []).filter((i) => !this.excluded.has(i.id));
  }

  private renderChip(): void {
    const items = this.items();
    // Reading the prompt box (its text) is only needed to place a chip that shows.
    const anchor = items.length ? (this.currentPrompt()?.box ?? null) : null;
    this.chip?.render(items, this.mode, anchor);
  }

  private watchSend(): void {
    const { signal } = this.d;
    // Only what the browser dispatched for the user: a page script's keydown, click() or
    // requestSubmit() is not a send, and gets neither a block nor a capture.
    const onKey = (e: KeyboardEvent) => {
      if (!e.isTrusted) return;
      if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.keyCode === 229) return;
      const box = this.d.adapter.findPromptBox(this.doc)?.el;
      if (!box || !(e.target instanceof Node) || !box.contains(e.target)) return;
      this.onSend(e, 'enter');
    };
    const onClick = (e: MouseEvent) => {
      if (!e.isTrusted) return;
      const btn = this.d.adapter.findSendButton(this.doc)?.el;
      if (!btn || !(e.target instanceof Node) || !btn.contains(e.target)) return;
      this.onSend(e, 'click');
    };
    // A send the two above miss (a send button no selector knows): recorded for capture only.
    const onSubmit = (e: SubmitEvent) => {
      if (!e.isTrusted || this.bypass || this.readOnly()) return;
      const cur = this.currentPrompt();
      if (cur?.text && e.target instanceof Node && e.target.contains(cur.box))
        this.sends.record(cur.text);
    };
    this.doc.addEventListener('keydown', onKey, { capture: true, signal });
    this.doc.addEventListener('click', onClick, { capture: true, signal });
    this.doc.addEventListener('submit', onSubmit, { capture: true, signal });
  }

  private onSend(e: Event, via: 'enter' | 'click'): void {
    if (this.bypass || this.readOnly()) return;
    const cur = this.currentPrompt();
    if (!cur || !cur.text) return;
    // The prompt as the user wrote it: the turn the site shows for it, block stripped.
    this.sends.record(stripMemoryBlock(cur.text));
    if (this.mode !== 'auto' || hasMemoryBlock(cur.text)) return;
    // Hold the send, write the block, then send again: the editor must hold the final
    // text before the site reads it.
    e.preventDefault();
    e.stopImmediatePropagation();
    void this.injectThenSend(cur.text, via);
  }

  private async injectThenSend(prompt: string, via: 'enter' | 'click'): Promise<void> {
    let written: InjectionItem[] = [];
    try {
      let ready = this.ready?.prompt === prompt ? this.ready : undefined;
      if (!ready) ready = await withTimeout(this.prepare(), 1500);
      const items = ready ? this.items() : [];
      if (items.length && this.write(items)) written = items;
    } catch (err) {
      console.warn('Mnemo: injection skipped', err);
    }
    // Send again from a new task: the editor has seen the write by then (ProseMirror reads
    // DOM changes asynchronously), and the held event's dispatch is over (a synthetic click
    // on a button is ignored while that button's own click is still dispatching, as in
    // Firefox when the prompt was ready and the write above ran synchronously).
    await new Promise((r) => setTimeout(r, 0));
    if (!this.d.signal.aborted) this.resend(via);
    // Recorded after the send: the message to the background is no part of the send's path.
    if (written.length) this.record(prompt, written);
  }

  /** Manual mode (or the chip's button): put the block into the prompt without sending. */
  async injectNow(): Promise<void> {
    const cur = this.currentPrompt();
    if (!cur?.text || hasMemoryBlock(cur.text)) return;
    const ready = this.ready?.prompt === cur.text ? this.ready : await this.prepare();
    const items = ready ? this.items() : [];
    if (items.length && this.write(items)) this.record(cur.text, items);
  }

  /** Appends the block to the prompt box; false when there is no prompt box to write to. */
  private write(items: InjectionItem[]): boolean {
    const box = this.d.adapter.findPromptBox(this.doc)?.el;
    if (!box) return false;
    this.d.adapter.appendBlock(
      box,
      formatMemoryBlock(
        items.map((i) => ({
          text: i.text,
          date: i.date,
          ...(i.until ? { until: i.until } : {}),
          ...(i.agreed ? { agreed: true } : {}),
        })),
      ),
    );
    this.ready = undefined;
    this.excluded.clear();
    this.renderChip();
    return true;
  }

  private record(prompt: string, items: InjectionItem[]): void {
    void this.d
      .call('recordInjection', { url: location.href, prompt, items })
      .catch(() => undefined);
  }

  private resend(via: 'enter' | 'click'): void {
    this.bypass = true;
    try {
      const btn = this.d.adapter.findSendButton(this.doc)?.el;
      if (btn && (via === 'click' || !btn.hasAttribute('disabled'))) {
        btn.click();
      } else {
        const box = this.currentPrompt()?.box;
        box?.dispatchEvent(
          new KeyboardEvent('keydown', {
            key: 'Enter',
            code: 'Enter',
            keyCode: 13,
            bubbles: true,
            cancelable: true,
          }),
        );
      }
    } finally {
      this.bypass = false;
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([p, new Promise<undefined>((r) => setTimeout(() => r(undefined), ms))]);
}
