import type { SiteAdapter } from '../types';
import { SITE_HOSTS } from '../hosts';
import {
  anyOf,
  finishTurns,
  firstMatch,
  hostMatches,
  matchesAny,
  outermost,
  present,
  readPromptText,
  readText,
  appendLexical,
  appendTextarea,
  type RawTurn,
} from '../common';
import * as S from './selectors';

/** The answer's text; an empty placeholder (2026-08) gives way to the `.prose` rendered beside it. */
function answerText(el: Element): string {
  const own = readText(el, S.TEXT_EXCLUDE);
  if (own) return own;
  for (let p = el.parentElement, depth = 0; p && depth < 3; p = p.parentElement, depth++) {
    const beside = [...p.querySelectorAll(S.ANSWER_BESIDE)].find(
      (x) => !el.contains(x) && !x.contains(el),
    );
    if (beside) return readText(beside, S.TEXT_EXCLUDE);
  }
  return '';
}

/**
 * Perplexity. Answers carry `markdown-content-N` (an index within the thread), used as the
 * answer's id; queries have none and get `${role}-${index}-${hash}` of their text.
 */
export const perplexityAdapter: SiteAdapter = {
  id: 'perplexity',
  name: 'Perplexity',
  matches: (url) => hostMatches(url, SITE_HOSTS.perplexity),
  conversationId: (url) => /^\/search\/([\w.-]+)/.exec(url.pathname)?.[1] ?? null,
  findPromptBox: (doc) => firstMatch(doc, S.PROMPT_BOX),
  findSendButton: (doc) => firstMatch(doc, S.SEND_BUTTON),
  readPrompt: readPromptText,
  appendBlock: (box, block) =>
    box.tagName === 'TEXTAREA' ? appendTextarea(box, block) : appendLexical(box, block),
  readTurns(doc) {
    // Use the first query layout that matches, so a query is not read twice through two layouts.
    const query = S.QUERY.find((q) => doc.querySelector(q.selector));
    const entries = query ? [query, ...S.ANSWER] : S.ANSWER;
    const els = outermost([...doc.querySelectorAll<HTMLElement>(anyOf(entries))]);
    const raw: RawTurn[] = els.map((el) =>
      matchesAny(el, S.ANSWER)
        ? { role: 'assistant', id: el.id, text: answerText(el), complete: true }
        : { role: 'user', text: readText(el, S.TEXT_EXCLUDE), complete: true },
    );
    const turns = finishTurns(raw);
    const last = turns[turns.length - 1];
    if (last?.role === 'assistant' && present(doc, S.STOP_BUTTON)) last.complete = false;
    return turns;
  },
  turnsRoot: (doc) => firstMatch(doc, S.THREAD)?.el ?? doc.body,
};
