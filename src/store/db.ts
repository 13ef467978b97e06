/**
 * db.ts owns Mnemo's IndexedDB schema: one typed DBSchema, upgrades step by step from each
 * old version, and `blocked`/`blocking` handled so two extension pages never deadlock on a
 * version change. Everything else reads and writes through src/store/store.ts.
 *
 * @example
 * const db = await openMnemoDb();            // real IndexedDB in the extension
 * const db = await openMnemoDb('test-1');    // fake-indexeddb in unit tests
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { CapturedTurn, Episode, HistoryRow, Memory } from '../memory/types';

export const DB_NAME = 'mnemo';
export const DB_VERSION = 1;

/** A memory as stored: the model plus derived keys for the indexes below. */
export interface MemoryRecord extends Memory {
  /** Episode keys of every turn in the provenance (`site|conversation|turn`). */
  sourceKeys: string[];
  /** `site|conversation` of every source conversation. */
  conversations: string[];
  sites: string[];
}

export interface VectorRecord {
  /** A memory id, or `e:` + an episode key. */
  id: string;
  model: string;
  v: Float32Array;
}

export interface QueueRecord {
  seq?: number;
  turn: CapturedTurn;
  bucket: string;
  enqueuedAt: number;
  attempts: number;
}

export interface MetaRecord {
  key: string;
  value: unknown;
}

export interface MnemoDB extends DBSchema {
  memories: {
    key: string;
    value: MemoryRecord;
    indexes: {
      bucket: string;
      status: string;
      sourceKeys: string;
      conversations: string;
      sites: string;
    };
  };
  vectors: { key: string; value: VectorRecord };
  episodes: {
    key: string;
    value: Episode;
    indexes: { conversation: [string, string]; bucket: string; site: string };
  };
  history: {
    key: number;
    value: HistoryRow;
    indexes: { memoryId: string };
  };
  /** Captured turns waiting to be processed: written before any processing. */
  queue: { key: number; value: QueueRecord };
  /** Settings, index snapshot versions and other small records. */
  meta: { key: string; value: MetaRecord };
}

export type MnemoDatabase = IDBPDatabase<MnemoDB>;

export const STORE_NAMES = [
  'memories',
  'vectors',
  'episodes',
  'history',
  'queue',
  'meta',
] as const satisfies readonly (keyof MnemoDB)[];

export class DatabaseBlockedError extends Error {
  constructor() {
    super(
      'Mnemo is being updated in another tab or window. Close other Mnemo pages (popup, options) and try again.',
    );
    this.name = 'DatabaseBlockedError';
  }
}

export interface OpenOptions {
  /** Called when another context wants a newer version: we close so it can proceed. */
  onVersionChange?: () => void;
}

export async function openMnemoDb(
  name = DB_NAME,
  options: OpenOptions = {},
): Promise<MnemoDatabase> {
  const db: MnemoDatabase = await openDB<MnemoDB>(name, DB_VERSION, {
    upgrade(database, oldVersion) {
      // One step per version; a database made by any earlier version walks every step.
      if (oldVersion < 1) {
        const m = database.createObjectStore('memories', { keyPath: 'id' });
        m.createIndex('bucket', 'bucket');
        m.createIndex('status', 'status');
        m.createIndex('sourceKeys', 'sourceKeys', { multiEntry: true });
        m.createIndex('conversations', 'conversations', { multiEntry: true });
        m.createIndex('sites', 'sites', { multiEntry: true });
        database.createObjectStore('vectors', { keyPath: 'id' });
        const e = database.createObjectStore('episodes', { keyPath: 'key' });
        e.createIndex('conversation', ['site', 'conversationId']);
        e.createIndex('bucket', 'bucket');
        e.createIndex('site', 'site');
        const h = database.createObjectStore('history', { keyPath: 'id', autoIncrement: true });
        h.createIndex('memoryId', 'memoryId');
        database.createObjectStore('queue', { keyPath: 'seq', autoIncrement: true });
        database.createObjectStore('meta', { keyPath: 'key' });
      }
    },
    blocked() {
      // An older connection in another context has not closed yet; it gets `versionchange`
      // (below) and closes, after which this open proceeds on its own.
    },
    blocking() {
      db.close();
      options.onVersionChange?.();
    },
  });
  return db;
}

export function episodeKey(site: string, conversationId: string, turnId: string): string {
  return `${site}|${conversationId}|${turnId}`;
}

export function toRecord(m: Memory): MemoryRecord {
  const sourceKeys = new Set<string>();
  const conversations = new Set<string>();
  const sites = new Set<string>();
  for (const p of m.provenance) {
    conversations.add(`${p.site}|${p.conversationId}`);
    sites.add(p.site);
    for (const t of p.turnIds) sourceKeys.add(episodeKey(p.site, p.conversationId, t));
  }
  return {
    ...m,
    sourceKeys: [...sourceKeys],
    conversations: [...conversations],
    sites: [...sites],
  };
}

export function fromRecord(r: MemoryRecord): Memory {
  const { sourceKeys: _s, conversations: _c, sites: _t, ...m } = r;
  return m;
}
