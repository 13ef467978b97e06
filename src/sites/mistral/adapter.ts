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
  appendAuto,
  type RawTurn,
} from '../common';
import * as S from './selectors';

/** Le Chat (Mistral). Turn ids: the site's `data-message-id`. */
export const mistralAdapter: SiteAdapter = {
  id: 'mistral',
  name: 'Le Chat',
  matches: (url) => hostMatches(url, SITE_HOSTS.mistral),
  conversationId: (url) => /^\/chat\/([\w-]+)/.exec(url.pathname)?.[1] ?? null,
  findPromptBox: (doc) => firstMatch(doc, S.PROMPT_BOX),
  findSendButton: (doc) => firstMatch(doc, S.SEND_BUTTON),
  readPrompt: readPromptText,
  appendBlock: appendAuto,
  readTurns(doc) {
    const raw: RawTurn[] = allMatches(doc, S.MESSAGE).map((m) => {
      const role = m.getAttribute('data-message-author-role') === 'user' ? 'user' : 'assistant';
      const bodies = allMatches(m, role === 'user' ? S.USER_BODY : S.ANSWER_BODY);
      return {
        role,
        id: m.getAttribute('data-message-id') ?? m.id,
        text: bodies.length ? readParts(bodies, S.TEXT_EXCLUDE) : readText(m, S.TEXT_EXCLUDE),
        complete: role === 'user' || !m.querySelector(S.STREAMING),
      };
    });
    const turns = finishTurns(raw);
    const last = turns[turns.length - 1];
    if (last?.role === 'assistant' && present(doc, S.STOP_BUTTON)) last.complete = false;
    return turns;
  },
  turnsRoot: (doc) => firstMatch(doc, S.THREAD)?.el ?? doc.body,
};
