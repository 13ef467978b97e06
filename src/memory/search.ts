/**
 * Search: the query's vector and words against both indexes, fused into one score per item
 * (./rank.ts), with the turns around a matching turn as its context and one slot per piece
 * of evidence; and the memory list. Plain functions of the engine's state (./state.ts).
 *
 * @example
 * const hits = await search(state, 'what do I eat?', { includeEpisodes: true, limit: 5 });
 */
import { queryTerms } from '../search/lexical';
import { dateMatch, queryDates, type DateRange } from '../search/when';
import { filterFn } from './filter';
import { fuse, relevance, scoreParts, voiceFactor } from './rank';
import { dot, EngineState, EPISODE_PREFIX } from './state';
import { FACTS_PART } from './start';
import type { Episode, Memory, ScoreParts, SearchFilters, SearchHit } from './types';
import { voiceOf, type Voice } from './voice';

export interface SearchOptions extends SearchFilters {
  limit?: number;
  /** Drop hits whose query relevance (similarity and keywords only) is below this. */
  minRelevance?: number;
  /**
   * Keep a fact even when its source turn ranks above it (injection: the turn is then cut
   * to what no fact covers, ./inject.ts). Default: one slot per piece of evidence.
   */
  keepFacts?: boolean;
}

/**
 * How many of the best lexical matches that may not be returned themselves (turns of a role
 * the search leaves out) still bring their neighbours in as candidates.
 */
const CONTEXT_SEEDS = 20;

export async function search(
  s: EngineState,
  query: string,
  opts: SearchOptions = {},
): Promise<SearchHit[]> {
  const q = query.trim();
  if (!q) return [];
  const limit = Math.max(1, Math.min(opts.limit ?? 10, 200));
  const minRelevance = opts.minRelevance ?? 0.01;
  const [qv] = await s.env.embedder.embed([q]);
  const allow = filterFn(s, opts);
  // Turns that may not be returned (the assistant's, when only the user's are asked for)
  // still count as context for their neighbours: an answer ranks with its question.
  const allowContext =
    opts.episodeRoles || opts.statementsOnly
      ? filterFn(s, { ...opts, episodeRoles: undefined, statementsOnly: false })
      : allow;
  const k = Math.max(50, limit * 5);
  const vh = s.onVectorIndex((ix) =>
    ix.search(qv!, k, allow, opts.includeEpisodes ? undefined : [FACTS_PART]),
  );
  const lh = s.lexical.search(q, k * 2, allowContext);
  const bm25 = new Map(lh.map((h) => [h.id, h.score]));
  const qTerms = queryTerms(q);
  const coverage = new Map(
    lh.map((h) => [
      h.id,
      qTerms.length ? h.terms.filter((t) => qTerms.includes(t)).length / qTerms.length : 0,
    ]),
  );
  const ids = new Set([...vh.map((h) => h.id), ...lh.filter((h) => allow(h.id)).map((h) => h.id)]);
  const now = opts.asOf ?? s.env.clock.now();
  // A date the query names: items of that day join the candidates, and every item's time
  // is matched against it.
  const dates = queryDates(q, s.env.clock.now());
  if (dates.some((d) => d.grain === 'day')) for (const id of onDates(s, dates, allow)) ids.add(id);
  const when = dates.length ? (id: string) => dateMatch(timesOf(s, id), dates) : () => undefined;
  const cosineOf = (id: string) => {
    const v = s.vectors.get(id);
    return v ? dot(qv!, v) : 0;
  };
  /** A raw turn's score parts (the same for a candidate and for a neighbour as context). */
  const episodeParts = (id: string, e: Episode): ScoreParts => {
    const parts = scoreParts(
      {
        cosine: cosineOf(id),
        bm25: bm25.get(id) ?? 0,
        coverage: coverage.get(id) ?? 0,
        observedAt: e.observedAt,
        pinned: false,
        when: when(id),
      },
      now,
      s.weights,
    );
    const v = voice(s, e);
    parts.asks = v.asks;
    parts.self = v.self;
    return parts;
  };
  const hits: SearchHit[] = [];
  for (const id of ids) {
    if (id.startsWith(EPISODE_PREFIX)) {
      const e = s.episodes.get(id.slice(EPISODE_PREFIX.length));
      if (!e) continue;
      const parts = episodeParts(id, e);
      const score = fuse(parts, s.weights) * s.weights.episodeFactor;
      hits.push(episodeHit(id, e, parts, score * voiceFactor(parts, s.weights)));
    } else {
      const m = s.memories.get(id);
      if (!m) continue;
      const parts = scoreParts(
        {
          cosine: cosineOf(id),
          bm25: bm25.get(id) ?? 0,
          coverage: coverage.get(id) ?? 0,
          observedAt: m.observedAt,
          pinned: m.pinned,
          kind: m.kind,
          when: when(id),
        },
        now,
        s.weights,
      );
      hits.push({
        type: 'memory',
        id,
        text: m.text,
        score: fuse(parts, s.weights),
        parts,
        memory: m,
        provenance: m.provenance,
      });
    }
  }
  // Turns kept out of the results but matching the query's words (the assistant's "how
  // long have you had them?") still bring their neighbours in as candidates: the user's
  // answer right after them ("three years now") shares no word with the query.
  const contextOnly =
    opts.includeEpisodes && allowContext !== allow
      ? lh
          // (`ids` holds every lexical match the search may return: asked once, above)
          .filter((h) => h.id.startsWith(EPISODE_PREFIX) && !ids.has(h.id))
          .slice(0, CONTEXT_SEEDS)
          .map((h) => h.id)
      : [];
  const lifted = opts.includeEpisodes
    ? withNeighbourContext(s, hits, episodeParts, allow, allowContext, contextOnly)
    : new Set<string>();
  const ranked = hits
    .filter((h) => lifted.has(h.id) || relevance(h.parts, s.weights) >= minRelevance)
    .sort((a, b) => b.score - a.score);
  return (opts.includeEpisodes && !opts.keepFacts ? collapseBySource(ranked) : ranked).slice(
    0,
    limit,
  );
}

/** When an item was said, and when what it tells happened (facts with a date). */
function timesOf(s: EngineState, id: string): number[] {
  if (id.startsWith(EPISODE_PREFIX)) {
    const e = s.episodes.get(id.slice(EPISODE_PREFIX.length));
    return e ? [e.observedAt] : [];
  }
  const m = s.memories.get(id);
  if (!m) return [];
  return m.eventAt !== undefined ? [m.observedAt, m.eventAt] : [m.observedAt];
}

/** Ids of the allowed items said (or, for facts, dated) within the named days. */
function onDates(
  s: EngineState,
  dates: readonly DateRange[],
  allow: (id: string) => boolean,
): string[] {
  const days = dates.filter((d) => d.grain === 'day');
  const out: string[] = [];
  for (const m of s.memories.values())
    if (dateMatch(timesOf(s, m.id), days) === 1 && allow(m.id)) out.push(m.id);
  for (const e of s.episodes.values()) {
    const id = EPISODE_PREFIX + e.key;
    if (dateMatch([e.observedAt], days) === 1 && allow(id)) out.push(id);
  }
  return out;
}

/**
 * One slot per piece of evidence (searches with episodes): a fact whose source turns are
 * all behind better-ranked hits already (the raw turn it came from, or another fact from
 * that turn) adds nothing new to the block, so it is dropped. Raw turns are never dropped
 * (they hold the user's own words, facts only a part of them); facts-only searches (the
 * memory list) keep every fact.
 */
function collapseBySource(ranked: SearchHit[]): SearchHit[] {
  const seen = new Set<string>();
  const out: SearchHit[] = [];
  for (const h of ranked) {
    const keys = h.provenance.flatMap((p) =>
      p.turnIds.map((t) => `${p.site}|${p.conversationId}|${t}`),
    );
    if (h.type === 'memory' && keys.length && keys.every((k) => seen.has(k))) continue;
    for (const k of keys) seen.add(k);
    out.push(h);
  }
  return out;
}

/**
 * Neighbour turns as context (search only): an episode's score gains a share of the
 * scores of the turns just before and after it in its conversation (and a smaller share of
 * those two away), so the answer to a
 * question ranks with the question's words. Neighbours not among the candidates join
 * them, both the neighbours of the candidates and those of `contextOnly` (matching turns
 * the search may not return, such as the assistant's question before the user's answer).
 * Returns the ids whose rank comes from a relevant neighbour (kept by the filter).
 */
function withNeighbourContext(
  s: EngineState,
  hits: SearchHit[],
  episodeParts: (id: string, e: Episode) => ScoreParts,
  allow: (id: string) => boolean,
  allowContext: (id: string) => boolean = allow,
  contextOnly: readonly string[] = [],
): Set<string> {
  const lifted = new Set<string>();
  const { contextBefore, contextAfter, contextFar, episodeFactor } = s.weights;
  if (!contextBefore && !contextAfter) return lifted;
  const own = new Map<string, { score: number; rel: number }>();
  const byId = new Map(hits.map((h) => [h.id, h]));
  const ownOf = (id: string) => {
    let o = own.get(id);
    if (!o) {
      const h = byId.get(id);
      const e = h ? undefined : s.episodes.get(id.slice(EPISODE_PREFIX.length));
      const parts = h?.parts ?? (e ? episodeParts(id, e) : undefined);
      o = parts
        ? { score: fuse(parts, s.weights), rel: relevance(parts, s.weights) }
        : { score: 0, rel: 0 };
      own.set(id, o);
    }
    return o;
  };
  const seeds = [...hits.filter((h) => h.type === 'episode').map((h) => h.id), ...contextOnly];
  for (const sid of seeds) {
    const at = s.turns.positionOf(sid);
    if (!at) continue;
    for (const nid of [at.list[at.i - 1], at.list[at.i + 1]]) {
      if (!nid || byId.has(nid) || !allow(nid)) continue;
      const e = s.episodes.get(nid.slice(EPISODE_PREFIX.length));
      if (!e) continue;
      const nh = episodeHit(nid, e, episodeParts(nid, e), 0);
      hits.push(nh);
      byId.set(nid, nh);
    }
  }
  for (const h of hits) {
    if (h.type !== 'episode') continue;
    const at = s.turns.positionOf(h.id);
    const ctx = (d: number) => {
      const nid = at?.list[at.i + d];
      return nid && (byId.has(nid) || allowContext(nid)) ? ownOf(nid) : undefined;
    };
    const b = ctx(-1);
    const a = ctx(1);
    const self = ownOf(h.id);
    const far = contextFar
      ? contextFar * (contextBefore * (ctx(-2)?.score ?? 0) + contextAfter * (ctx(2)?.score ?? 0))
      : 0;
    // The voice prior scales the turn's own rank, not what it lends its neighbours: a
    // question is poor memory but good context for the answer after it.
    h.score =
      (self.score + contextBefore * (b?.score ?? 0) + contextAfter * (a?.score ?? 0) + far) *
      episodeFactor *
      voiceFactor(h.parts, s.weights);
    if (Math.max(b?.rel ?? 0, a?.rel ?? 0) > self.rel) lifted.add(h.id);
  }
  return lifted;
}

export function list(
  s: EngineState,
  f: SearchFilters & { offset?: number; limit?: number } = {},
): { total: number; items: Memory[] } {
  const { table } = s;
  const mask = table.mask({ ...f, includeEpisodes: false });
  // Sorted by the table's columns: only the page's memories are parsed after a start.
  const rows: { id: string; pinned: boolean; observedAt: number; updatedAt: number }[] = [];
  for (let r = 0; r < mask.length; r++) {
    if (!mask[r]) continue;
    rows.push({
      id: table.idAt(r),
      pinned: table.pinnedAt(r),
      observedAt: table.observedAtOf(r),
      updatedAt: table.updatedAtOf(r),
    });
  }
  rows.sort(
    (a, b) =>
      Number(b.pinned) - Number(a.pinned) ||
      b.observedAt - a.observedAt ||
      b.updatedAt - a.updatedAt ||
      // (the same order whichever way the items were loaded)
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const offset = f.offset ?? 0;
  return {
    total: rows.length,
    items: rows.slice(offset, offset + (f.limit ?? 100)).map((r) => s.memories.get(r.id)!),
  };
}

/** How a turn speaks (cached per turn text): see `voiceOf`. */
function voice(s: EngineState, e: Episode): Voice {
  return EngineState.cached(s.voices, e.textHash, () => voiceOf(e.text));
}

/** A search hit for a raw turn; its provenance is the turn itself. */
export function episodeHit(id: string, e: Episode, parts: ScoreParts, score: number): SearchHit {
  const { site, conversationId, url, turnId, role } = e;
  return {
    type: 'episode',
    id,
    text: e.text,
    score,
    parts,
    episode: e,
    provenance: [{ site, conversationId, url, turnIds: [turnId], role }],
  };
}
