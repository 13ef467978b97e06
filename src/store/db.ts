/**
 * db.ts owns Mnemo's IndexedDB schema: one typed DBSchema, upgrades step by step from each
 * old version, and `blocked`/`blocking` handled so two extension pages never deadlock on a
 * version change. Everything else reads and writes through src/store/store.ts.
 *
 * @example
 * const db = await openMnemoDb();            // real IndexedDB in the extension
 * const db = await openMnemoDb('test-1');    // fake-indexeddb in unit tests
 */
import {
  openDB,
  type DBSchema,
  type IDBPDatabase,
  type IDBPTransaction,
  type StoreNames,
} from 'idb';
import type { CapturedTurn, Episode, HistoryRow, Memory } from '../memory/types';
import type { VectorRecord } from './record';
import {
  buildImage,
  GEN_KEY,
  IMAGE_KEY,
  IMAGE_VERSION,
  type ImageRecord,
  type ImageState,
} from './image';

export const DB_NAME = 'mnemo';
/**
 * 1: memories, vectors, episodes, history, queue, meta.
 * 2: `forgotten`: episode keys of forgotten turns, so a late or repeated capture of a turn
 *    the user deleted (still queued, or re-read when the chat page reloads) never brings
 *    its memories back.
 * 3: `image`: the start image (src/store/image.ts), a packed copy of the memories, episodes
 *    and vectors kept in step by every write; built here from the data of version 1 or 2.
 */
export const DB_VERSION = 3;

/** A memory as stored: the model plus derived keys for the indexes below. */
export interface MemoryRecord extends Memory {
  /** Episode keys of every turn in the provenance (`site|conversation|turn`). */
  sourceKeys: string[];
  /** `site|conversation` of every source conversation. */
  conversations: string[];
  sites: string[];
}

export interface QueueRecord {
  seq?: number;
  turn: CapturedTurn;
  bucket: string;
  enqueuedAt: number;
  attempts: number;
  /**
   * The turn's text was cleaned and redacted before it was queued (the service's capture).
   * A record without it was queued by an older version: it is cleaned when processed.
   */
  cleaned?: true;
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
  /** Tombstones of forgotten turns (v2). */
  forgotten: { key: string; value: ForgottenRecord };
  /** The start image (v3): its chunks by number, and its delta (key -1). */
  image: { key: number; value: ImageRecord };
}

export interface ForgottenRecord {
  /** The episode key (`site|conversation|turn`) of a forgotten turn. */
  key: string;
  at: number;
}

export type MnemoDatabase = IDBPDatabase<MnemoDB>;

export const STORE_NAMES = [
  'memories',
  'vectors',
  'episodes',
  'history',
  'queue',
  'meta',
  'forgotten',
  'image',
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
  /**
   * Called when this connection was closed: another context wants a newer version (we
   * close so it can proceed), or the browser closed it (storage cleared). Open again.
   */
  onVersionChange?: () => void;
  /**
   * How long to wait for an older connection elsewhere to close before giving up with
   * DatabaseBlockedError (default 10 s). The open carries on in the background and its
   * connection is closed when it finally arrives, so nothing is left half-open.
   */
  blockedTimeoutMs?: number;
}

export async function openMnemoDb(
  name = DB_NAME,
  options: OpenOptions = {},
): Promise<MnemoDatabase> {
  let gaveUp = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let rejectBlocked: ((err: Error) => void) | undefined;
  const blockedP = new Promise<never>((_, reject) => {
    rejectBlocked = reject;
  });
  const openP = openDB<MnemoDB>(name, DB_VERSION, {
    upgrade(database, oldVersion, _newVersion, transaction) {
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
      if (oldVersion < 2) {
        database.createObjectStore('forgotten', { keyPath: 'key' });
      }
      if (oldVersion < 3) {
        database.createObjectStore('image', { keyPath: 'n' });
        // The open resolves once this transaction is done, so the image is there (or,
        // should building it fail, absent: the first start builds it) before any use.
        void migrateImage(transaction);
      }
    },
    blocked() {
      // An older connection in another context has not closed yet. It gets `versionchange`
      // and closes (see `blocking`); one that never does would hang us, so we give up.
      timer ??= setTimeout(() => {
        gaveUp = true;
        rejectBlocked?.(new DatabaseBlockedError());
      }, options.blockedTimeoutMs ?? 10_000);
    },
    blocking() {
      void openP.then((db) => db.close());
      options.onVersionChange?.();
    },
    terminated() {
      options.onVersionChange?.();
    },
  });
  blockedP.catch(() => undefined);
  try {
    return await Promise.race([openP, blockedP]);
  } catch (err) {
    if (gaveUp) openP.then((db) => db.close()).catch(() => undefined);
    throw err;
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** Version 3's step for existing data: the start image of what is stored. */
async function migrateImage(
  tx: IDBPTransaction<MnemoDB, StoreNames<MnemoDB>[], 'versionchange'>,
): Promise<void> {
  const meta = tx.objectStore('meta');
  const image = tx.objectStore('image');
  try {
    const [memories, episodes, vectors, gen] = await Promise.all([
      tx.objectStore('memories').getAll(),
      tx.objectStore('episodes').getAll(),
      tx.objectStore('vectors').getAll(),
      meta.get(GEN_KEY),
    ]);
    const g = typeof gen?.value === 'number' ? gen.value : 0;
    const { chunks, count, items } = buildImage(memories.map(fromRecord), episodes, vectors);
    await Promise.all(chunks.map((c) => image.put(c)));
    const state: ImageState = { version: IMAGE_VERSION, gen: g, chunks: count, items };
    await Promise.all([
      meta.put({ key: GEN_KEY, value: g }),
      meta.put({ key: IMAGE_KEY, value: state }),
    ]);
  } catch {
    // No image rather than a partial one: the first start reads the per-item stores.
    await Promise.all([image.clear(), meta.delete(IMAGE_KEY)]).catch(() => undefined);
  }
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
