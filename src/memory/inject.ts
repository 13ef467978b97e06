/**
 * What injection searches, as a memory rather than a search over old chats:
 *
 * 1. The profile pass (./profile.ts): the current values of the slots the prompt needs,
 *    facts about the user that serve the need, and, where the prompt asks about the past,
 *    earlier values marked as history. They come first, whatever words the prompt uses.
 * 2. The prompt's own search (./search.ts): facts, and the user's turns that state something.
 * 3. Facts first: a turn loses the sentences that stated its memories (`Episode.memoryIds`,
 *    ./excise.ts), so a fact and its source never both go in, and a superseded or ended
 *    value cannot come back through its turn; a turn left with no statement is dropped.
 *
 * @example
 * const hits = await injectionHits(state, 'Recommend a gym near me.', { buckets, limit: 20 });
 */
import { foldTerm, termSet } from '../search/lexical';
import { exciseStatements } from './excise';
import { statementsOf } from './head';
import { aboutQuery, isKnowledgeQuestion, slotMatches } from './needs';
import { PLANNABLE, plannedValue, valuesAt } from './operations';
import { asksOfProfile, personOf, profileFor, readPrompt, type PromptNeeds } from './profile';
import { NO_PARTS, relevance } from './rank';
import { search, type SearchOptions } from './search';
import { upcoming } from './upcoming';
import { continuesWork, ongoingWork, sameChat, type ChatRef } from './thread';
import { EngineState, EPISODE_PREFIX } from './state';
import type { Memory, SearchHit } from './types';

function profileHit(m: Memory, need: string, weight: number, history: boolean): SearchHit {
  return {
    type: 'memory',
    id: m.id,
    text: m.text,
    score: weight,
    parts: NO_PARTS,
    memory: m,
    provenance: m.provenance,
    need,
    needWeight: weight,
    ...(history ? { history: true } : {}),
  };
}

/** Where a dated plan in the window a calendar prompt asks about stands. */
const CALENDAR_WEIGHT = 0.85;

/** How many facts without a slot the need's words may bring to the profile pass. */
const ABOUT_CANDIDATES = 30;

/**
 * What the profile pass chooses from, without walking every memory: the memories of the
 * slots the prompt needs or names (the slot index), and the facts the needs' words find in
 * the lexical index; only of the buckets read.
 */
function candidates(
  s: EngineState,
  p: PromptNeeds,
  buckets: readonly string[] | undefined,
): Memory[] {
  if (!asksOfProfile(p)) return [];
  const allow = buckets ? new Set(buckets) : undefined;
  const wanted = p.needs.flatMap((n) => n.slots);
  const out = new Map<string, Memory>();
  for (const [slot, list] of s.slotIndex()) {
    if (!slotMatches(slot, wanted) && !p.named?.(slot)) continue;
    for (const m of list) if (!allow || allow.has(m.bucket)) out.set(m.id, m);
  }
  const words = aboutQuery(p.needs);
  if (words) {
    const mask = s.table.mask({ ...(buckets ? { buckets } : {}) });
    const ok = (id: string) => {
      const row = s.table.rowOf(id);
      return row !== undefined && mask[row] === 1 && !id.startsWith(EPISODE_PREFIX);
    };
    for (const h of s.lexical.search(words, ABOUT_CANDIDATES, ok)) {
      const m = s.memories.get(h.id);
      if (m) out.set(m.id, m);
    }
  }
  return [...out.values()];
}

/**
 * A prompt about the user's own life lowers the bar for the user's own facts that match its
 * words ("What instrument do I play?" and "User plays the cello."), never for what someone
 * else said or did.
 */
const PERSONAL_BAR = 0.3;
/**
 * A fact that holds what the prompt calls the user's own ("my interview", "our trip") needs
 * no more than that: the possessive says the prompt is about that very thing.
 */
const OWNED_BAR = 0;

/** The folded nouns a prompt calls the user's ("my job interview" → job, interview). */
function ownedTerms(prompt: string): Set<string> {
  const out = new Set<string>();
  for (const m of prompt.matchAll(/\b(?:my|our)\s+([\p{L}-]+)(?:['’]s)?(?:\s+([\p{L}-]+))?/giu))
    for (const w of [m[1], m[2]]) {
      const t = w ? foldTerm(w) : null;
      if (t) out.add(t);
    }
  return out;
}
/** Where that lowered bar puts such a fact: just over injection's own threshold. */
const PERSONAL_WEIGHT = 0.4;

/**
 * A turn as an excerpt: without the sentences that stated its memories, and without its
 * questions, requests and hypotheticals (`statementsOf`); undefined when nothing is left.
 */
function uncovered(s: EngineState, hit: SearchHit): SearchHit | undefined {
  const e = hit.episode;
  if (!e) return hit;
  const said = (e.memoryIds ?? []).flatMap((id) => {
    const m = s.memories.get(id);
    return m ? [m.text] : [];
  });
  const text = said.length ? exciseStatements(e.text, said).text : e.text;
  const kept = statementsOf(text);
  if (!kept) return undefined;
  return kept === hit.text ? hit : { ...hit, text: kept };
}

/** A question whose subject is the user ("Do I…?", "Am I…?"). */
const SELF_QUESTION = /^\W*(?:do|am|have|did|was|can|could|should) i\b/i;
/** Someone else's plans and events the user takes part in (a sister's wedding). */
const OCCASIONS: ReadonlySet<string> = new Set(['plan', 'event']);

export interface InjectionOptions extends SearchOptions {
  /** The chat the prompt is typed in: none of its turns goes in (the site shows them). */
  conversation?: ChatRef;
}

export async function injectionHits(
  s: EngineState,
  prompt: string,
  opts: InjectionOptions,
): Promise<SearchHit[]> {
  const q = prompt.trim();
  // A question whose answer is the same for everyone needs nothing of the user's memory.
  if (!q || isKnowledgeQuestion(q)) return [];
  const { conversation: current, ...searchOpts } = opts;
  const read = readPrompt(q);
  const owned = read.personal ? ownedTerms(q) : new Set<string>();
  const now = s.env.clock.now();
  const entries = profileFor(read, candidates(s, read, opts.buckets), { now });
  const out: SearchHit[] = entries.map((e) => profileHit(e.memory, e.need, e.weight, e.history));
  const seen = new Set(out.map((h) => h.id));
  // "What have I got on tomorrow?": the plans dated in the window it asks about.
  if (read.needs.some((n) => n.id === 'calendar'))
    for (const m of upcoming(s, q, opts.buckets))
      if (!seen.has(m.id)) {
        seen.add(m.id);
        out.push(profileHit(m, 'calendar', CALENDAR_WEIGHT, false));
      }
  const found = (await search(s, q, { ...searchOpts, keepFacts: true })).filter(
    (h) => !(h.episode && sameChat(h.episode, current)),
  );
  const continues = continuesWork(q);
  const work = continues
    ? ongoingWork(s, q, found, {
        ...(current ? { current } : {}),
        filters: searchOpts,
        cut: (h) => uncovered(s, h),
      })
    : [];
  for (const h of work) {
    if (seen.has(h.id)) continue;
    seen.add(h.id);
    out.push(h);
  }
  // "Do I have any allergies?" asks about the user: the husband's allergy is no answer.
  // "Where do I live?" too: a question about one of the user's own attributes.
  const aboutSelf =
    (SELF_QUESTION.test(q) || read.needs.some((n) => n.id.startsWith('ask-'))) &&
    read.persons.size === 0;
  for (const h of found) {
    if (seen.has(h.id)) continue;
    if (aboutSelf && h.memory && personOf(h.memory) !== undefined && !OCCASIONS.has(h.memory.kind))
      continue;
    // A turn of the user's comes in for a prompt about the user or the user's work, never
    // for a general question that shares its words ("How do I set up a Python venv?").
    if (h.type === 'episode' && !read.personal && !continues) continue;
    let kept = h.id.startsWith(EPISODE_PREFIX) ? uncovered(s, h) : h;
    if (!kept) continue;
    if (
      read.personal &&
      kept.memory &&
      personOf(kept.memory) === undefined &&
      relevance(kept.parts, s.weights) >=
        (owned.size && [...termSet(kept.memory.text)].some((t) => owned.has(t))
          ? OWNED_BAR
          : PERSONAL_BAR)
    )
      kept = { ...kept, needWeight: PERSONAL_WEIGHT };
    seen.add(h.id);
    out.push(kept);
  }
  return currentOnly(s, out, opts.buckets, now);
}

/**
 * One current value per slot across the buckets read: each bucket keeps its own values (a
 * site's write never changes another's bucket), so when a site reads two, a value of a slot
 * is dropped where another bucket holds a newer one. Within a bucket, supersession already
 * decided (and a slot given several values with `add` keeps them all), but for a plan whose
 * date has come since the last turn was ingested: the values it replaces are dropped here.
 */
function currentOnly(
  s: EngineState,
  hits: SearchHit[],
  buckets: readonly string[] | undefined,
  now: number,
): SearchHit[] {
  const slots = new Set(hits.flatMap((h) => (h.memory?.slot && !h.history ? [h.memory.slot] : [])));
  if (slots.size === 0) return hits;
  const index = s.slotIndex();
  const replaced = new Set<string>();
  for (const slot of slots) {
    if (!PLANNABLE.has(slot)) continue;
    const active = (index.get(slot) ?? []).filter((m) => m.status === 'active');
    if (!active.some(plannedValue)) continue;
    for (const bucket of new Set(active.map((m) => m.bucket)))
      for (const m of valuesAt(
        active.filter((v) => v.bucket === bucket),
        now,
      ).replaced)
        replaced.add(m.id);
  }
  if (replaced.size)
    hits = hits.filter((h) => h.history || !h.memory || !replaced.has(h.memory.id));
  if (buckets && buckets.length < 2) return hits;
  /** Per slot, per bucket: the newest time a current value was said. */
  const newest = new Map<string, Map<string, number>>();
  const allow = buckets ? new Set(buckets) : undefined;
  for (const slot of slots) {
    for (const m of index.get(slot) ?? []) {
      if (m.status !== 'active' || (allow && !allow.has(m.bucket))) continue;
      const per = newest.get(slot) ?? new Map<string, number>();
      newest.set(slot, per);
      per.set(m.bucket, Math.max(per.get(m.bucket) ?? 0, m.observedAt));
    }
  }
  return hits.filter((h) => {
    const m = h.history ? undefined : h.memory;
    if (!m?.slot) return true;
    for (const [bucket, at] of newest.get(m.slot) ?? [])
      if (bucket !== m.bucket && at > m.observedAt) return false;
    return true;
  });
}
