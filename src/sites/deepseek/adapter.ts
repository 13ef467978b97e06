import type { SiteAdapter } from '../types';
import { SITE_HOSTS } from '../hosts';
import {
  allMatches,
  finishTurns,
  firstMatch,
  hostMatches,
  lastMatch,
  outermost,
  readParts,
  readPromptText,
  readText,
  appendTextarea,
  type RawTurn,
} from '../common';
import * as S from './selectors';

/**
 * DeepSeek. A message is an answer when it holds `.ds-markdown` outside the thinking panel.
 * Turn ids: the virtual list's `data-virtual-list-item-key` (the message's position in the
 * conversation, assigned by the site), else `${role}-${index}-${hash}`.
 */
export const deepseekAdapter: SiteAdapter = {
  id: 'deepseek',
  name: 'DeepSeek',
  matches: (url) => hostMatches(url, SITE_HOSTS.deepseek),
  conversationId: (url) => /\/(?:chat\/s|a\/chat\/s)\/([\w-]+)/.exec(url.pathname)?.[1] ?? null,
  findPromptBox: (doc) => firstMatch(doc, S.PROMPT_BOX),
  findSendButton(doc) {
    try {
      return lastMatch(doc, S.SEND_BUTTON);
    } catch {
      return lastMatch(doc, S.SEND_BUTTON.slice(1));
    }
  },
  readPrompt: readPromptText,
  appendBlock: appendTextarea,
  readTurns(doc) {
    const raw: RawTurn[] = outermost(allMatches(doc, S.MESSAGE)).map((m) => {
      const answers = outermost([...m.querySelectorAll(S.ANSWER_BODY)]).filter(
        (a) => !a.closest(S.THINKING),
      );
      const key = m.closest(S.ITEM_KEY)?.getAttribute('data-virtual-list-item-key');
      if (answers.length || m.querySelector(S.ANSWER_BODY)) {
        return {
          role: 'assistant',
          id: key,
          text: readParts(answers),
          complete: !m.querySelector(S.STREAMING),
        };
      }
      return { role: 'user', id: key, text: readText(m), complete: true };
    });
    return finishTurns(raw);
  },
  turnsRoot: (doc) => {
    const item = doc.querySelector(S.ITEM_KEY);
    return firstMatch(doc, S.THREAD.slice(0, 1))?.el ?? item?.parentElement ?? doc.body;
  },
};
