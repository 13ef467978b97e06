/**
 * The start image's item heads (src/memory/head.ts), packed column by column per chunk
 * (structured clone copies typed arrays whole, where an object per item would be cloned
 * field by field), and read back one at a time.
 */
import {
  episodeHead,
  memoryHead,
  type EpisodeHead,
  type ItemHead,
  type MemoryHead,
} from '../memory/head';
import type { MemoryStatus } from '../memory/types';
import { decodeEpisode, decodeMemory } from './record';

/** Image item ids of episodes: `e:` + the episode key (as the engine's vector ids). */
export const EPISODE_ITEM = 'e:';

export const MEMORY = 0;
export const EPISODE = 1;
export type Kind = typeof MEMORY | typeof EPISODE;

/** The heads of a chunk's items, column by column (structured clone copies typed arrays whole). */
export interface PackedHeads {
  /**
   * An episode: 1 the assistant's, 2 suppressed, 4 states something, 8 an answer the user
   * agreed to. A memory: its status's
   * index in STATUSES, + PINNED when it is pinned.
   */
  flags: Uint8Array;
  /**
   * Three per item: when it was observed; a memory's supersededAt and updatedAt (NaN when
   * none, and for an episode).
   */
  times: Float64Array;
  /**
   * HEAD_REFS per item, indexes into `strs`: its bucket; an episode's site, or a memory's
   * sites joined by "\n"; a memory's kind and its slot ('' for an episode).
   */
  refs: Uint32Array;
  strs: string[];
}

const STATUSES: readonly MemoryStatus[] = ['active', 'superseded', 'deleted'];
const PINNED = 0x80;
/** How many `refs` an item has in packed heads. */
export const HEAD_REFS = 4;

/** The heads of items of `kinds`, packed. */
export function packHeads(kinds: ArrayLike<number>, heads: readonly ItemHead[]): PackedHeads {
  const n = heads.length;
  const flags = new Uint8Array(n);
  const times = new Float64Array(n * 3);
  const refs = new Uint32Array(n * HEAD_REFS);
  const strs: string[] = [];
  const at = new Map<string, number>();
  const ref = (x: string) => {
    let i = at.get(x);
    if (i === undefined) at.set(x, (i = strs.push(x) - 1));
    return i;
  };
  for (let i = 0; i < n; i++) {
    const h = heads[i]!;
    times[i * 3] = h.observedAt;
    refs[i * HEAD_REFS] = ref(h.bucket);
    if (kinds[i] === EPISODE) {
      const e = h as EpisodeHead;
      flags[i] =
        (e.role === 'assistant' ? 1 : 0) |
        (e.suppressed ? 2 : 0) |
        (e.states ? 4 : 0) |
        (e.agreed ? 8 : 0);
      times[i * 3 + 1] = NaN;
      times[i * 3 + 2] = NaN;
      refs[i * HEAD_REFS + 1] = ref(e.site);
      refs[i * HEAD_REFS + 2] = ref('');
      refs[i * HEAD_REFS + 3] = ref('');
    } else {
      const m = h as MemoryHead;
      flags[i] = Math.max(0, STATUSES.indexOf(m.status)) | (m.pinned ? PINNED : 0);
      times[i * 3 + 1] = m.supersededAt ?? NaN;
      times[i * 3 + 2] = m.updatedAt;
      refs[i * HEAD_REFS + 1] = ref(m.sites.join('\n'));
      refs[i * HEAD_REFS + 2] = ref(m.kind);
      refs[i * HEAD_REFS + 3] = ref(m.slot);
    }
  }
  return { flags, times, refs, strs };
}

/** Reads heads back from their columns, one when asked (the memory sites' lists made once). */
export class HeadReader {
  private readonly sites: (readonly string[] | undefined)[] = [];

  constructor(
    private readonly p: PackedHeads,
    private readonly kinds: ArrayLike<number>,
  ) {}

  head(i: number): ItemHead {
    const kind = this.kinds[i];
    const { flags, times, refs, strs } = this.p;
    const f = flags[i]!;
    const bucket = strs[refs[i * HEAD_REFS]!]!;
    const observedAt = times[i * 3]!;
    if (kind === EPISODE)
      return {
        role: f & 1 ? 'assistant' : 'user',
        suppressed: (f & 2) !== 0,
        states: (f & 4) !== 0,
        agreed: (f & 8) !== 0,
        bucket,
        site: strs[refs[i * HEAD_REFS + 1]!]!,
        observedAt,
      } satisfies EpisodeHead;
    const s = refs[i * HEAD_REFS + 1]!;
    const until = times[i * 3 + 1]!;
    return {
      status: STATUSES[f & ~PINNED] ?? 'active',
      kind: strs[refs[i * HEAD_REFS + 2]!]! as MemoryHead['kind'],
      bucket,
      sites: (this.sites[s] ??= strs[s] ? strs[s]!.split('\n') : []),
      observedAt,
      supersededAt: Number.isNaN(until) ? undefined : until,
      pinned: (f & PINNED) !== 0,
      updatedAt: times[i * 3 + 2]!,
      slot: strs[refs[i * HEAD_REFS + 3]!]!,
    } satisfies MemoryHead;
  }
}

/** The head of an item given only as JSON (a change made without its head). */
export function headOfRec(kind: number, id: string, rec: string): ItemHead {
  return kind === EPISODE
    ? episodeHead(decodeEpisode(rec, id.slice(EPISODE_ITEM.length)))
    : memoryHead(decodeMemory(rec, id));
}
