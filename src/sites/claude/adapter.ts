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
  appendRichText,
  type RawTurn,
} from '../common';
import * as S from './selectors';

/** True when `el` sits in a collapsible (thinking, tool use) below `root`: a block right after its toggle button. */
function inCollapsible(el: Element, root: Element): boolean {
  for (let e: Element | null = el; e && e !== root; e = e.parentElement) {
    if (e.previousElementSibling?.tagName === 'BUTTON') return true;
    if (e.getAttribute('role') === 'region' || e.tagName === 'DETAILS') return true;
  }
  return false;
}

/** The answer's text without thinking, tool-use panels, status lines or action bars. */
function answerText(root: Element): string {
  const md = outermost([...root.querySelectorAll(S.ANSWER_MARKDOWN)]).filter(
    (m) => !inCollapsible(m, root),
  );
  if (md.length) return readParts(md);
  return readText(root, S.TEXT_EXCLUDE);
}

function streamingOf(el: Element): boolean {
  const s = el.closest('[data-is-streaming]') ?? el.querySelector('[data-is-streaming]');
  return s?.getAttribute('data-is-streaming') === 'true';
}

/**
 * Claude. The page has no message ids: turn ids are the fallback `${role}-${index}-${hash}`
 * (hash of the user's text, or of the question an answer follows). User turns that are only
 * an attachment (pasted text shown as a file thumbnail, no user-message element) are skipped.
 */
export const claudeAdapter: SiteAdapter = {
  id: 'claude',
  name: 'Claude',
  matches: (url) => hostMatches(url, SITE_HOSTS.claude),
  conversationId: (url) => /^\/chat\/([\w-]+)/.exec(url.pathname)?.[1] ?? null,
  findPromptBox: (doc) => firstMatch(doc, S.PROMPT_BOX),
  findSendButton: (doc) => firstMatch(doc, S.SEND_BUTTON),
  readPrompt: readPromptText,
  appendBlock: appendRichText,
  readTurns(doc) {
    const raw: RawTurn[] = [];
    const rows = allMatches(doc, S.ROW);
    if (rows.length) {
      for (const row of rows) {
        const role = row.getAttribute('data-perf-row') === 'human' ? 'user' : 'assistant';
        if (role === 'user') {
          const body = firstMatch(row, S.USER_MESSAGE)?.el ?? row;
          raw.push({
            role,
            id: row.getAttribute('data-message-id'),
            text: readText(body, S.TEXT_EXCLUDE),
            complete: true,
          });
        } else {
          const body = firstMatch(row, S.ROW_ASSISTANT)?.el ?? row;
          raw.push({
            role,
            id: row.getAttribute('data-message-id'),
            text: answerText(body),
            complete: !streamingOf(body),
          });
        }
      }
    } else {
      const els = outermost([
        ...doc.querySelectorAll<HTMLElement>(anyOf([...S.USER_MESSAGE, ...S.ASSISTANT])),
      ]);
      for (const el of els) {
        if (matchesAny(el, S.USER_MESSAGE)) {
          raw.push({ role: 'user', text: readText(el, S.TEXT_EXCLUDE), complete: true });
        } else {
          raw.push({ role: 'assistant', text: answerText(el), complete: !streamingOf(el) });
        }
      }
    }
    const turns = finishTurns(raw);
    const last = turns[turns.length - 1];
    if (last?.role === 'assistant' && present(doc, S.STOP_BUTTON)) last.complete = false;
    return turns;
  },
  turnsRoot: (doc) => firstMatch(doc, S.THREAD)?.el ?? doc.body,
};
