/**
 * What replicates, as plain data: the decrypted body of each document. One document per
 * memory (its record and its history; a deleted memory's document becomes a content-free
 * tombstone), and one for the buckets and which sites read which. Vectors and indexes are
 * rebuilt on each device from the text; stored chat turns do not replicate.
 *
 * Bodies are compared through canonical JSON (keys sorted), so a record read back from
 * IndexedDB and the same record decrypted from the server are equal.
 *
 * @example
 * const v = liveVersion(memory, rows, { urls: false }); // provenance URLs blanked
 * stateHash(v) === stateHash(decodedFromServer); // same memory, whatever the key order
 */
import type { Bucket, SiteSettings } from '../config/settings';
import type { HistoryRow, Memory } from '../memory/types';
import type { SiteId } from '../sites/hosts';
import { fnv1aHex } from '../util/hash';

/** A history row as it replicates: without the local store's row number. */
export type SyncedHistory = Omit<HistoryRow, 'id'>;

/** A memory that exists, with its history. */
export interface LiveVersion {
  t: 'memory';
  memory: Memory;
  history: SyncedHistory[];
}

/** A deleted memory: its id, when, and its history with every text removed. */
export interface TombVersion {
  t: 'tomb';
  id: string;
  deletedAt: number;
  history: SyncedHistory[];
}

export type MemoryVersion = LiveVersion | TombVersion;

/** The buckets and what each site writes and reads. */
export interface SettingsVersion {
  t: 'settings';
  updatedAt: number;
  buckets: Bucket[];
  sites: Partial<Record<SiteId, SiteSettings>>;
}

export type Body = MemoryVersion | SettingsVersion;

export const memoryIdOf = (v: MemoryVersion): string => (v.t === 'memory' ? v.memory.id : v.id);

/** JSON with object keys sorted at every level: one text per value. */
export function canonical(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonical).join(',')}]`;
  if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(x);
}

const digest = (s: string): string => `${fnv1aHex(s)}${s.length.toString(36)}`;

/**
 * What the engine holds of a version (the memory, or that it is deleted): equal hashes mean
 * nothing to apply. History is left out: it only grows alongside a change of the memory.
 */
export function stateHash(v: MemoryVersion | undefined): string {
  if (!v) return '';
  return v.t === 'tomb' ? 'tomb' : digest(canonical(v.memory));
}

/** The whole body: equal hashes mean nothing to write. */
export const bodyHash = (v: Body): string => digest(canonical(v));

/** A history row without the local row number (and without text, for a tombstone). */
export function syncedRow(r: HistoryRow | SyncedHistory, withText = true): SyncedHistory {
  const { id: _id, before, after, ...rest } = r as HistoryRow;
  return withText
    ? {
        ...rest,
        ...(before !== undefined ? { before } : {}),
        ...(after !== undefined ? { after } : {}),
      }
    : rest;
}

/** `rows` deduplicated and in time order (a total order: ties by their JSON). */
export function historyUnion(rows: Iterable<SyncedHistory>, withText = true): SyncedHistory[] {
  const byKey = new Map<string, SyncedHistory>();
  for (const r of rows) {
    const s = syncedRow(r, withText);
    byKey.set(canonical(s), s);
  }
  return [...byKey.entries()]
    .sort(([ka, a], [kb, b]) => a.at - b.at || (ka < kb ? -1 : ka > kb ? 1 : 0))
    .map(([, r]) => r);
}

/**
 * A local memory as it replicates: page URLs in provenance are blanked unless the user
 * chose to sync them (the site and the conversation id stay).
 */
export function project(m: Memory, opts: { urls: boolean }): Memory {
  if (opts.urls) return m;
  return { ...m, provenance: m.provenance.map((p) => ({ ...p, url: '' })) };
}

export function liveVersion(
  m: Memory,
  history: readonly HistoryRow[],
  opts: { urls: boolean },
): LiveVersion {
  return { t: 'memory', memory: project(m, opts), history: historyUnion(history) };
}

export function tombVersion(
  id: string,
  deletedAt: number,
  history: readonly (HistoryRow | SyncedHistory)[],
): TombVersion {
  return { t: 'tomb', id, deletedAt, history: historyUnion(history, false) };
}

/**
 * A remote memory about to replace a local one: where provenance URLs do not replicate,
 * the local record's URLs for the same chat are kept.
 */
export function withLocalUrls(remote: Memory, local: Memory | undefined): Memory {
  if (!local) return remote;
  const urls = new Map(local.provenance.map((p) => [`${p.site}|${p.conversationId}`, p.url]));
  return {
    ...remote,
    provenance: remote.provenance.map((p) =>
      p.url ? p : { ...p, url: urls.get(`${p.site}|${p.conversationId}`) ?? '' },
    ),
  };
}
