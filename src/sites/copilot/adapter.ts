import type { SiteAdapter } from '../types';
import { SITE_HOSTS } from '../hosts';
import {
  allMatches,
  anyOf,
  finishTurns,
  firstMatch,
  hostMatches,
  matchesAny,
  outermost,
  present,
  readParts,
  readPromptText,
  readText,
  appendAuto,
  type RawTurn,
} from '../common';
import * as S from './selectors';

function ownId(el: Element, role: 'user' | 'assistant'): string | null {
  if (role === 'user') {
    const holder = el.closest('[id$="-user-message"]');
    return holder ? holder.id.replace(/-user-message$/, '') : null;
  }
  const author = el.querySelector('[id$="-author"]');
  return author ? author.id.replace(/-author$/, '') : null;
}

/**
 * Microsoft Copilot (copilot.microsoft.com and M365). Turn ids: the message id in the
 * `…-user-message` / `…-author` element ids where present, else `${role}-${index}-${hash}`.
 */
export const copilotAdapter: SiteAdapter = {
  id: 'copilot',
  name: 'Microsoft Copilot',
  matches: (url) => hostMatches(url, SITE_HOSTS.copilot),
  conversationId: (url) =>
    /\/chats\/([\w-]+)/.exec(url.pathname)?.[1] ?? url.searchParams.get('conversationId'),
  findPromptBox: (doc) => firstMatch(doc, S.PROMPT_BOX),
  findSendButton: (doc) => firstMatch(doc, S.SEND_BUTTON),
  readPrompt: readPromptText,
  appendBlock: appendAuto,
  readTurns(doc) {
    const els = outermost([
      ...doc.querySelectorAll<HTMLElement>(anyOf([...S.USER, ...S.ASSISTANT])),
    ]);
    const raw: RawTurn[] = els.map((el) => {
      const role = matchesAny(el, S.USER) ? 'user' : 'assistant';
      const bodies = allMatches(el, role === 'user' ? S.USER_BODY : S.ANSWER_BODY);
      return {
        role,
        id: ownId(el, role),
        text: bodies.length
          ? readParts(outermost(bodies), S.TEXT_EXCLUDE)
          : readText(el, S.TEXT_EXCLUDE),
        complete: true,
      };
    });
    const turns = finishTurns(raw);
    const last = turns[turns.length - 1];
    if (last?.role === 'assistant' && present(doc, S.STOP_BUTTON)) last.complete = false;
    return turns;
  },
  turnsRoot: (doc) => firstMatch(doc, S.THREAD)?.el ?? doc.body,
};
