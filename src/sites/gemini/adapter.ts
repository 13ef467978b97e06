import type { SiteAdapter } from '../types';
import { SITE_HOSTS } from '../hosts';
import {
  finishTurns,
  firstMatch,
  hostMatches,
  present,
  readParts,
  readPromptText,
  readText,
  appendRichText,
  type RawTurn,
} from '../common';
import * as S from './selectors';

function userText(q: Element): string {
  const lines = [...q.querySelectorAll(S.USER_LINES)];
  if (lines.length) return lines.map((l) => readText(l, S.TEXT_EXCLUDE)).join('\n');
  const body = firstMatch(q, S.USER_BODY)?.el ?? q;
  return readText(body, S.TEXT_EXCLUDE);
}

/** The response id: `.conversation-container[id]` or `message-content#message-content-id-r_…`. */
function responseId(el: Element): string | null {
  const container = el.closest('.conversation-container[id]');
  if (container?.id) return container.id;
  const mc = el.querySelector('[id^="message-content-id-"]');
  return mc ? mc.id.replace(/^message-content-id-r?_?/, '') : null;
}

/**
 * Gemini. Turn ids: the response id Gemini puts on each exchange's container (`${id}:user`,
 * `${id}:assistant`); the fallback `${role}-${index}-${hash}` where a fragment lacks it.
 * Share pages render the user queries as `user-query` but the answers without
 * `model-response`: only the user turns are read there.
 */
export const geminiAdapter: SiteAdapter = {
  id: 'gemini',
  name: 'Gemini',
  matches: (url) => hostMatches(url, SITE_HOSTS.gemini),
  conversationId: (url) => /\/(?:app|gem\/[\w-]+)\/([\w-]+)/.exec(url.pathname)?.[1] ?? null,
  findPromptBox: (doc) => firstMatch(doc, S.PROMPT_BOX),
  findSendButton: (doc) => firstMatch(doc, S.SEND_BUTTON),
  readPrompt: readPromptText,
  appendBlock: appendRichText,
  readTurns(doc) {
    const raw: RawTurn[] = [];
    for (const el of doc.querySelectorAll(S.TURN)) {
      const rid = responseId(el);
      if (el.tagName.toLowerCase() === 'user-query') {
        raw.push({ role: 'user', id: rid && `${rid}:user`, text: userText(el), complete: true });
      } else {
        const bodies = [...el.querySelectorAll(S.ANSWER_BODY[0]!.selector)];
        const text = bodies.length
          ? readParts(bodies, S.TEXT_EXCLUDE)
          : readText(firstMatch(el, S.ANSWER_BODY)?.el ?? el, S.TEXT_EXCLUDE);
        raw.push({
          role: 'assistant',
          id: rid && `${rid}:assistant`,
          text,
          complete: !el.querySelector(S.STREAMING),
        });
      }
    }
    const turns = finishTurns(raw);
    const last = turns[turns.length - 1];
    if (last?.role === 'assistant' && present(doc, S.STOP)) last.complete = false;
    return turns;
  },
  turnsRoot: (doc) => firstMatch(doc, S.THREAD)?.el ?? doc.body,
};
