import { stripMemoryBlock } from '../../inject/marker';
import { appendRichText } from '../common';
import type { AdapterTurn, Found, SelectorEntry, SiteAdapter } from '../types';
import { PROMPT_BOX, SEND_BUTTON, THREAD, TURN } from './selectors';

function first(doc: ParentNode, entries: readonly SelectorEntry[]): Found | null {
  for (const { selector } of entries) {
    const el = doc.querySelector<HTMLElement>(selector);
    if (el) return { el, selector };
  }
  return null;
}

/**
 * The bundled demo chat site: served on the loopback host under /demo/, only in test and demo
 * builds. Its composer is a plain contenteditable whose text the site reads when it sends; the
 * block goes in the way it goes into ProseMirror and Quill (`appendRichText`).
 */
export const demoAdapter: SiteAdapter = {
  id: 'demo',
  name: 'Mnemo demo chat',
  matches: (url) =>
    __MNEMO_LOCAL_HOSTS__.includes(url.hostname) && url.pathname.startsWith('/demo'),
  conversationId: (url) => /^\/demo\/c\/([\w-]+)/.exec(url.pathname)?.[1] ?? null,
  findPromptBox: (doc) => first(doc, PROMPT_BOX),
  findSendButton: (doc) => first(doc, SEND_BUTTON),
  readPrompt: (box) => box.innerText ?? box.textContent ?? '',
  appendBlock: appendRichText,
  readTurns(doc) {
    const turns: AdapterTurn[] = [];
    for (const { selector } of TURN) {
      for (const el of doc.querySelectorAll<HTMLElement>(selector)) {
        const role = el.dataset.role === 'assistant' ? 'assistant' : 'user';
        const body = el.querySelector<HTMLElement>('[data-turn-text]') ?? el;
        turns.push({
          role,
          id: el.dataset.turnId ?? '',
          text: stripMemoryBlock((body.textContent ?? '').trim()),
          complete: el.dataset.streaming !== 'true',
        });
      }
      if (turns.length) break;
    }
    return turns.filter((t) => t.id && t.text);
  },
  turnsRoot: (doc) => first(doc, THREAD)?.el ?? doc.body,
};
