import type { SiteAdapter } from '../types';
import { SITE_HOSTS } from '../hosts';
import {
  allMatches,
  finishTurns,
  firstMatch,
  hostMatches,
  outermost,
  readParts,
  readPromptText,
  readText,
  appendAuto,
  type RawTurn,
} from '../common';
import * as S from './selectors';

/**
 * Meta AI. A question and its answer share one `data-message-id`: turn ids are
 * `${messageId}:user` and `${messageId}:assistant`. Streaming: `data-streaming-complete`.
 */
export const metaaiAdapter: SiteAdapter = {
  id: 'metaai',
  name: 'Meta AI',
  matches: (url) => hostMatches(url, SITE_HOSTS.metaai),
  conversationId: (url) => /^\/(?:c|prompt)\/([\w-]+)/.exec(url.pathname)?.[1] ?? null,
  findPromptBox: (doc) => firstMatch(doc, S.PROMPT_BOX),
  findSendButton: (doc) => firstMatch(doc, S.SEND_BUTTON),
  readPrompt: readPromptText,
  appendBlock: appendAuto,
  readTurns(doc) {
    const raw: RawTurn[] = [];
    for (const item of allMatches(doc, S.ITEM)) {
      const mid = item.getAttribute('data-message-id');
      const user = item.querySelector(S.USER);
      if (user) {
        const body = user.querySelector(S.USER_BODY) ?? user;
        raw.push({
          role: 'user',
          id: mid && `${mid}:user`,
          text: readText(body, S.TEXT_EXCLUDE),
          complete: true,
        });
        continue;
      }
      const answer = item.querySelector(S.ASSISTANT);
      if (!answer) continue;
      const parts = outermost([...answer.querySelectorAll(S.ANSWER_BODY)]);
      raw.push({
        role: 'assistant',
        id: mid && `${mid}:assistant`,
        text: parts.length ? readParts(parts, S.TEXT_EXCLUDE) : readText(answer, S.TEXT_EXCLUDE),
        complete:
          answer.getAttribute('data-streaming-complete') !== 'false' &&
          !/^(STREAMING|PENDING)$/i.test(answer.getAttribute('data-streaming-state') ?? ''),
      });
    }
    return finishTurns(raw);
  },
  turnsRoot: (doc) => firstMatch(doc, S.THREAD)?.el ?? doc.body,
};
