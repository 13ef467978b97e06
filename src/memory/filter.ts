/**
 * Whether an item passes a search's filters, as a function the indexes call with item ids:
 * the item table's column scan (`ItemTable.mask`), made once per search and read by row.
 * Nothing is parsed and no verdict outlives the search (so no state a mutation moves on).
 *
 * @example
 * const allow = filterFn(state, { buckets: ['site:chatgpt'], includeEpisodes: true });
 * allow('m_1'); // true when the memory is active and in that bucket
 */
import type { IdFilter } from '../search/vector';
import type { EngineState } from './state';
import type { SearchFilters } from './types';

/** A filter over the items as they are now: made and used within one synchronous step. */
export function filterFn(s: EngineState, f: SearchFilters): IdFilter {
  const { table } = s;
  const mask = table.mask(f);
  return (id) => {
    const r = table.rowOf(id);
    return r !== undefined && mask[r] === 1;
  };
}
