/**
 * Whether an item passes a search's filters, as a function the indexes call with item ids.
 * The function carries a key naming the filters and the state's epoch, and the change log's
 * length as its version: an index that meets the same key again reuses the verdicts it
 * remembered (by row or document number) and asks again only about the items changed since
 * (`changedSince`), instead of reading tens of thousands of items after every captured turn.
 * While a mutation runs no key is given, so a verdict is never remembered from a state
 * half-way through one.
 *
 * @example
 * const allow = filterFn(state, { buckets: ['site:chatgpt'], includeEpisodes: true });
 * allow('m_1'); // true when the memory is active and in that bucket
 */
import type { IdFilter } from '../search/vector';
import { statesSomething } from './head';
import { EngineState, EPISODE_PREFIX } from './state';
import type { Episode, Memory, SearchFilters } from './types';

/**
 * The most item changes the log keeps for remembered filter verdicts; past it the log starts
 * again, and an index that last searched before then asks about every item again.
 */
export const CHANGE_LOG_MAX = 4096;

export function filterFn(s: EngineState, f: SearchFilters): IdFilter {
  const check = checkFn(s, f);
  if (s.mutating) return check;
  const version = s.changeBase + s.changeLog.length;
  const changedSince = (v: number): readonly string[] | undefined =>
    v < s.changeBase || v > s.changeBase + s.changeLog.length
      ? undefined
      : s.changeLog.slice(v - s.changeBase);
  const key = JSON.stringify([
    s.epoch,
    f.buckets,
    f.kinds,
    f.sites,
    f.status,
    f.from,
    f.to,
    f.asOf,
    f.includeEpisodes,
    f.episodeRoles,
    f.statementsOnly,
  ]);
  return Object.assign(check, { key, version, changedSince });
}

/** Whether a turn has a sentence that is not a question (cached per turn text). */
export function turnStates(s: EngineState, e: Episode): boolean {
  return EngineState.cached(s.statements, e.textHash, () => statesSomething(e.text));
}

function checkFn(s: EngineState, f: SearchFilters): (id: string) => boolean {
  const buckets = f.buckets ? new Set(f.buckets) : undefined;
  const kinds = f.kinds ? new Set(f.kinds) : undefined;
  const sites = f.sites ? new Set<string>(f.sites) : undefined;
  return (id) => {
    // An item still in JSON is judged by its head (the same fields, read without parsing).
    if (id.startsWith(EPISODE_PREFIX)) {
      if (!f.includeEpisodes || kinds) return false;
      const key = id.slice(EPISODE_PREFIX.length);
      const head = s.episodes.head(key);
      const e = head ?? s.episodes.get(key);
      if (!e) return false;
      if (f.episodeRoles && !f.episodeRoles.includes(e.role)) return false;
      if (e.suppressed) return false;
      if (f.statementsOnly && !(head ? head.states : turnStates(s, e as Episode))) return false;
      if (buckets && !buckets.has(e.bucket)) return false;
      if (sites && !sites.has(e.site)) return false;
      if (f.from !== undefined && e.observedAt < f.from) return false;
      if (f.to !== undefined && e.observedAt > f.to) return false;
      if (f.asOf !== undefined && e.observedAt > f.asOf) return false;
      return true;
    }
    const head = s.memories.head(id);
    const m = head ?? s.memories.get(id);
    if (!m || m.status === 'deleted') return false;
    if (buckets && !buckets.has(m.bucket)) return false;
    if (kinds && !kinds.has(m.kind)) return false;
    if (
      sites &&
      !(head
        ? head.sites.some((x) => sites.has(x))
        : (m as Memory).provenance.some((p) => sites.has(p.site)))
    )
      return false;
    if (f.from !== undefined && m.observedAt < f.from) return false;
    if (f.to !== undefined && m.observedAt > f.to) return false;
    if (f.asOf !== undefined) {
      if (m.observedAt > f.asOf) return false;
      return m.status === 'active' || (m.supersededAt !== undefined && m.supersededAt > f.asOf);
    }
    return m.status === 'active' || f.status === 'all';
  };
}
