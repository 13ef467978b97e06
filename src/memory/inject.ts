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
import { exciseStatements } from './excise';
import { statesSomething } from './head';
import { isPersonal } from './needs';
import { personOf, profileFor } from './profile';
import { relevance } from './rank';
import { search, type SearchOptions } from './search';
import { EngineState, EPISODE_PREFIX } from './state';
import type { Memory, ScoreParts, SearchHit } from './types';

const NO_PARTS: ScoreParts = {
  similarity: 0,
  keywords: 0,
  coverage: 0,
  recency: 0,
  pinned: 0,
  kind: 0,
};

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

/**
 * The memories the profile pass may choose from: not deleted, in the buckets read. A
 * generator: a prompt that needs nothing never walks them.
 */
function* pool(s: EngineState, buckets: readonly string[] | undefined): Generator<Memory> {
  const allow = buckets ? new Set(buckets) : undefined;
  for (const m of s.memories.values()) {
    if (m.status === 'deleted' || (allow && !allow.has(m.bucket))) continue;
    yield m;
  }
}

/**
 * A prompt about the user's own life lowers the bar for the user's own facts that match its
 * words ("What instrument do I play?" and "User plays the cello."), never for what someone
 * else said or did.
 */
const PERSONAL_BAR = 0.3;
/** Where that lowered bar puts such a fact: just over injection's own threshold. */
const PERSONAL_WEIGHT = 0.4;

/** A turn without the sentences that stated its memories; undefined when nothing is left. */
function uncovered(s: EngineState, hit: SearchHit): SearchHit | undefined {
  const e = hit.episode;
  if (!e?.memoryIds?.length) return hit;
  const said = e.memoryIds.flatMap((id) => {
    const m = s.memories.get(id);
    return m ? [m.text] : [];
  });
  if (said.length === 0) return hit;
  const cut = exciseStatements(e.text, said);
  if (!cut.removed) return hit;
  if (!statesSomething(cut.text)) return undefined;
  return { ...hit, text: cut.text };
}

export async function injectionHits(
  s: EngineState,
  prompt: string,
  opts: SearchOptions,
): Promise<SearchHit[]> {
  const q = prompt.trim();
  if (!q) return [];
  const entries = profileFor(q, pool(s, opts.buckets));
  const out: SearchHit[] = entries.map((e) => profileHit(e.memory, e.need, e.weight, e.history));
  const seen = new Set(out.map((h) => h.id));
  const personal = isPersonal(q);
  for (const h of await search(s, q, { ...opts, keepFacts: true })) {
    if (seen.has(h.id)) continue;
    let kept = h.id.startsWith(EPISODE_PREFIX) ? uncovered(s, h) : h;
    if (!kept) continue;
    if (
      personal &&
      kept.memory &&
      personOf(kept.memory) === undefined &&
      relevance(kept.parts, s.weights) >= PERSONAL_BAR
    )
      kept = { ...kept, needWeight: PERSONAL_WEIGHT };
    seen.add(h.id);
    out.push(kept);
  }
  return currentOnly(s, out, opts.buckets);
}

/**
 * One current value per slot across the buckets read: each bucket keeps its own values (a
 * site's write never changes another's bucket), so when a site reads two, a value of a slot
 * is dropped where another bucket holds a newer one. Within a bucket, supersession already
 * decided (and a slot given several values with `add` keeps them all).
 */
function currentOnly(
  s: EngineState,
  hits: SearchHit[],
  buckets: readonly string[] | undefined,
): SearchHit[] {
  const slots = new Set(hits.flatMap((h) => (h.memory?.slot && !h.history ? [h.memory.slot] : [])));
  if (slots.size === 0 || (buckets && buckets.length < 2)) return hits;
  /** Per slot, per bucket: the newest time a current value was said. */
  const newest = new Map<string, Map<string, number>>();
  for (const m of pool(s, buckets)) {
    if (m.status !== 'active' || !m.slot || !slots.has(m.slot)) continue;
    const per = newest.get(m.slot) ?? new Map<string, number>();
    newest.set(m.slot, per);
    per.set(m.bucket, Math.max(per.get(m.bucket) ?? 0, m.observedAt));
  }
  return hits.filter((h) => {
    const m = h.history ? undefined : h.memory;
    if (!m?.slot) return true;
    for (const [bucket, at] of newest.get(m.slot) ?? [])
      if (bucket !== m.bucket && at > m.observedAt) return false;
    return true;
  });
}
