/**
 * Ongoing work (issue 17, item 5): much of what people bring to chat sites runs over many
 * chats (a trip, a course, a side business). A prompt that continues such work gets that
 * work's latest state: what the user said in its newest chats, newest chat first, instead of
 * whichever old turn happens to share the prompt's words.
 *
 * Which work a prompt continues is read from its words: a chat whose turns (the user's and
 * the assistant's) match them well is part of it, and so is every chat that matches nearly
 * as well. Of those, the newest chats give the state. Their turns come in as the user said
 * them (cut to what no fact covers, and to an excerpt by the plan), with the assistant's
 * answers the user agreed to, marked so; no other assistant turn. Only a prompt that speaks
 * of the user's own things or of what was said before (`continuesWork`, the caller's test)
 * continues work. The chat the prompt is typed in is never one of them: the site already
 * shows its turns.
 *
 * @example
 * const state = ongoingWork(s, prompt, hits, { current, filters, cut });
 */
import { queryTerms } from '../search/lexical';
import { filterFn } from './filter';
import { NO_PARTS } from './rank';
import { episodeHit } from './search';
import { EPISODE_PREFIX, type EngineState } from './state';
import type { SearchFilters, SearchHit } from './types';

/** A chat: the site and its conversation id. */
export interface ChatRef {
  site: string;
  conversationId: string;
}

export const sameChat = (a: ChatRef | undefined, b: ChatRef | undefined): boolean =>
  !!a && !!b && a.site === b.site && a.conversationId === b.conversationId;

/** A chat holding at least this share of the prompt's terms may be the work it continues. */
const WORK_COVER = 0.25;
/** Chats that match within this share of the best match belong to the same work. */
const WORK_NEAR = 0.5;
/** How many of that work's chats, newest first, give its state. */
const STATE_CHATS = 6;
/** The most turns read of one chat. */
const CHAT_TURNS = 40;
/** Where a state line stands against injection's threshold: just over it. */
export const STATE_WEIGHT = 0.4;
/** The need a state line is shown with ("why this?"). */
export const ONGOING_WORK = 'ongoing work';

interface Chat extends ChatRef {
  /** How well its turns match the prompt's words (BM25 of its best turns). */
  rel: number;
  /** The share of the prompt's terms its matching turns hold. */
  cover: number;
  last: number;
}

export interface WorkOptions {
  /** The chat the prompt is typed in. */
  current?: ChatRef;
  /** The search's filters (buckets, roles, statements): which turns may be injected. */
  filters: SearchFilters;
  /** A turn cut to what no fact covers; undefined when nothing is left. */
  cut: (hit: SearchHit) => SearchHit | undefined;
}

/**
 * Words with which a prompt refers to the user's own ongoing things or to what was said
 * before ("my", "we", "I've", "last time", "let's go with", "what's next", "the plan"): a
 * prompt without any ("How do I merge two dictionaries?") continues no work, however many
 * words it shares with an old chat.
 */
const CONTINUES =
  /\b(?:my|mine|our|ours|we|we've|we're|we'll|we'd|i've|i'm|i'll|i'd|i was|i had|i have|i did|i just|i already|i finally|i still|i told you|let's|let us|last time|before|previous(?:ly)?|earlier|next (?:step|move|part|phase|one)|what's next|continue|continuing|again|so far|update|finally|finished|completed|done with|ready to|as (?:we|you) (?:discussed|said|suggested|mentioned|planned)|you (?:said|suggested|mentioned|recommended|gave|proposed|listed)|remember|(?:the|this|that) (?:plan|draft|schedule|itinerary|list|outline|budget|program|routine))\b/i;
/** "us" in lower case only ("the US" is a country). */
const US = /\bus\b/;

export const continuesWork = (prompt: string): boolean => {
  const p = prompt.replace(/[‘’]/g, "'");
  return CONTINUES.test(p) || US.test(p);
};

/** How many of the prompt's word matches are read to find the chats it continues. */
const WORD_HITS = 200;
/** How many of a chat's best matching turns make its score. */
const CHAT_TOP = 3;

/**
 * The chats whose turns (the user's and the assistant's: the assistant's answers carry the
 * work's names) share the prompt's words, scored by their best few turns, with the share of
 * the prompt's terms they hold.
 */
function matchedChats(s: EngineState, prompt: string, opts: WorkOptions): Chat[] {
  // Any turn of the buckets read tells what its chat is about, whoever said it.
  const any = filterFn(s, { ...opts.filters, episodeRoles: undefined, statementsOnly: false });
  const { table } = s;
  const cur = opts.current && `${opts.current.site}|${opts.current.conversationId}`;
  const terms = queryTerms(prompt);
  if (!terms.length) return [];
  const byChat = new Map<string, { scores: number[]; terms: Set<string> }>();
  for (const h of s.lexical.search(prompt, WORD_HITS, any)) {
    const r = table.rowOf(h.id);
    if (r === undefined) continue;
    const conv = table.conversationAt(r);
    if (!conv || conv === cur) continue;
    const c = byChat.get(conv) ?? { scores: [], terms: new Set<string>() };
    byChat.set(conv, c);
    if (c.scores.length < CHAT_TOP) c.scores.push(h.score);
    for (const t of h.terms) c.terms.add(t);
  }
  const out: Chat[] = [];
  for (const [conv, c] of byChat) {
    const cut = conv.indexOf('|');
    const cover = terms.filter((t) => c.terms.has(t)).length / terms.length;
    out.push({
      site: conv.slice(0, cut),
      conversationId: conv.slice(cut + 1),
      rel: c.scores.reduce((a, b) => a + b, 0),
      cover,
      last: 0,
    });
  }
  return out;
}

/**
 * The latest state of the work the prompt continues: the user's turns of its newest chats
 * and the answers the user agreed to (`Episode.agreed`, marked `agreed`): each chat's opening
 * turn, newest chat first, then the newest chat's later turns, then the next chat's. Empty
 * when no chat matches well. Call it only for a prompt that `continuesWork`.
 */
export function ongoingWork(
  s: EngineState,
  prompt: string,
  hits: readonly SearchHit[],
  opts: WorkOptions,
): SearchHit[] {
  const chats = matchedChats(s, prompt, opts).filter((c) => c.cover >= WORK_COVER);
  if (!chats.length) return [];
  const best = Math.max(...chats.map((c) => c.rel));
  // The newest of the chats near the best, by their last turn's time (no turn read); only
  // theirs are read.
  const near = chats.filter((c) => c.rel >= WORK_NEAR * best);
  for (const c of near) c.last = s.turns.lastAt(c.site, c.conversationId);
  const newest = near.sort((a, b) => b.last - a.last).slice(0, STATE_CHATS);
  const allow = filterFn(s, { ...opts.filters, agreedAnswers: true });
  const parts = new Map(hits.map((h) => [h.id, h.parts]));
  const out: SearchHit[] = [];
  const per = newest.map((c) => {
    const mine: SearchHit[] = [];
    for (const e of s.turns.recent(c.site, c.conversationId, Number.MAX_SAFE_INTEGER, CHAT_TURNS)) {
      const id = EPISODE_PREFIX + e.key;
      const agreed = e.role === 'assistant' && !!e.agreed;
      if ((e.role !== 'user' && !agreed) || !allow(id)) continue;
      const hit = opts.cut(episodeHit(id, e, parts.get(id) ?? NO_PARTS, STATE_WEIGHT));
      if (hit)
        mine.push({
          ...hit,
          need: ONGOING_WORK,
          needWeight: STATE_WEIGHT,
          ...(agreed ? { agreed: true } : {}),
        });
    }
    return mine;
  });
  // Each chat's opening first (it says what that chat was about), newest chat first; then
  // the newest chat's later turns (the latest state), then the next chat's.
  for (const l of per) out.push(...l.slice(0, 1));
  for (const l of per) out.push(...l.slice(1));
  return out;
}
