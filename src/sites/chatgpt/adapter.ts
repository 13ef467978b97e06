import type { SiteAdapter } from '../types';
import { SITE_HOSTS } from '../hosts';
import {
  allMatches,
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

/**
 * ChatGPT. Turn ids: the site's own — `data-content-search-unit-key` (2026-09) or
 * `data-message-id` (up to 2026-07); the fallback hash id is only used if both are missing.
 * The 2026-09 thread is virtualised (3–6 turns mounted): capture sees what is mounted.
 */
export const chatgptAdapter: SiteAdapter = {
  id: 'chatgpt',
  name: 'ChatGPT',
  matches: (url) => hostMatches(url, SITE_HOSTS.chatgpt),
  // Never a shared page's id: what is on a shared page is not the visitor's conversation.
  conversationId: (url) => /\/c\/([\w-]+)/.exec(url.pathname)?.[1] ?? null,
  findPromptBox: (doc) =>
    firstMatch(doc, S.PROMPT_BOX, (el) => el.getAttribute('aria-label') !== 'Edit code'),
  findSendButton: (doc) => firstMatch(doc, S.SEND_BUTTON),
  readPrompt: readPromptText,
  appendBlock: appendRichText,
  readTurns(doc) {
    const stopping = present(doc, S.STOP_BUTTON);
    const raw: RawTurn[] = [];
    const units = allMatches(doc, S.UNIT);
    if (units.length) {
      for (const unit of units) {
        const key = unit.getAttribute('data-content-search-unit-key') ?? '';
        const role = key.endsWith(':user') ? 'user' : 'assistant';
        const body =
          firstMatch(unit, role === 'user' ? S.UNIT_USER_BODY : S.UNIT_ASSISTANT_BODY)?.el ?? unit;
        raw.push({
          role,
          id: key,
          text: readText(body, S.TEXT_EXCLUDE),
          complete: role === 'user' || !unit.querySelector(S.STREAMING),
        });
      }
    } else {
      for (const msg of allMatches(doc, S.MESSAGE)) {
        const role = msg.getAttribute('data-message-author-role') === 'user' ? 'user' : 'assistant';
        const bodies = allMatches(msg, role === 'user' ? S.USER_BODY : S.ASSISTANT_BODY);
        raw.push({
          role,
          id:
            msg.getAttribute('data-message-id') ??
            msg.closest('[data-turn-id]')?.getAttribute('data-turn-id'),
          text: bodies.length ? readParts(bodies, S.TEXT_EXCLUDE) : readText(msg, S.TEXT_EXCLUDE),
          complete:
            role === 'user' || !(msg.matches(S.STREAMING) || msg.querySelector(S.STREAMING)),
        });
      }
    }
    const turns = finishTurns(raw);
    const last = turns[turns.length - 1];
    if (stopping && last?.role === 'assistant') last.complete = false;
    return turns;
  },
  turnsRoot: (doc) => firstMatch(doc, S.THREAD)?.el ?? doc.body,
};
