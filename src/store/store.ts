/**
 * The engine's persistence: typed operations over db.ts. Every change that must be atomic
 * (a processed turn's results and the removal of its queue entry; a forget and its
 * tombstones) is one IndexedDB transaction, so a crash leaves either all of it or none.
 */
import type { CapturedTurn, Episode, HistoryRow, Memory } from '../memory/types';
import {
  episodeKey,
  fromRecord,
  type MemoryRecord,
  type MnemoDatabase,
  type QueueRecord,
} from './db';
import type { VectorRecord } from './record';
import {
  buildImage,
  DELTA,
  GEN_KEY,
  IMAGE_KEY,
  IMAGE_VERSION,
  ImageChanges,
  imageValid,
  isDelta,
  type ImageChunk,
  type ImageDelta,
  type ImageState,
} from './image';
import { EPISODE_ITEM } from './heads';
import type { MetaKey, MetaPrefix, MetaRecords } from './meta';
import { commitImage, putMirrored, type WriteTx } from './mirror';

/** How many reads a start's image is read in (see `loadStart`). */
const START_BATCHES = 8;

export class StorageFullError extends Error {
  constructor(cause: unknown) {
    super(
      'Your browser refused to store more data (storage quota exceeded). Nothing was changed. Free some disk space, or delete old memories or conversations in Mnemo, then try again.',
      { cause },
    );
    this.name = 'StorageFullError';
  }
}

function wrapQuota(err: unknown): never {
  const e = err as { name?: string; inner?: { name?: string } } | null;
  if (e?.name === 'QuotaExceededError' || e?.inner?.name === 'QuotaExceededError')
    throw new StorageFullError(err);
  throw err;
}

/**
 * A request can fail synchronously (quota, a value that cannot be cloned) after earlier
 * requests of the same transaction were queued; left alone the transaction would commit
 * them. Abort it so a failed write leaves nothing behind.
 */
function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already finished or aborted.
  }
}

/**
 * Ends a write that threw: its pending requests are settled (no unhandled rejections), the
 * transaction aborted and waited for, and the error rethrown (a full disk as
 * StorageFullError).
 */
async function failWrite(
  tx: { abort(): void; done: Promise<unknown> },
  ops: readonly Promise<unknown>[],
  err: unknown,
): Promise<never> {
  for (const p of ops) p.catch(() => undefined);
  abortQuietly(tx);
  await tx.done.catch(() => undefined);
  return wrapQuota(err);
}

/** What a start of the engine reads, in one transaction (`MemoryStore.loadStart`). */
export interface StartData<K extends MetaKey = MetaKey> {
  /** The store's write generation. */
  gen: number;
  forgotten: string[];
  /** The meta records asked for, by key (absent where there is none). */
  meta: { [P in K]?: MetaRecords[P] };
  /**
   * The start image, when it is in step with the store: its records as they are read, in
   * order (the delta first, then chunk 0 … count − 1; undefined where there is none), so a
   * start can use each while the next is still being read.
   */
  image?: {
    delta: Promise<ImageDelta | undefined>;
    chunks: Promise<ImageChunk | undefined>[];
    count: number;
  };
  /** Otherwise, the per-item stores. */
  items?: { memories: Memory[]; episodes: Episode[]; vectors: VectorRecord[] };
}

/** Why commitIngest wrote nothing. */
export type IngestRefusal = 'dequeued' | 'forgotten';

/** Everything one processed turn writes, committed together. */
export interface IngestWrite {
  episode?: Episode;
  memories: Memory[];
  vectors: VectorRecord[];
  history: HistoryRow[];
  /** Memory ids to remove outright (an edited turn's stale facts). */
  removeMemories?: string[];
  /** The queue entry this turn came from, removed in the same transaction. */
  queueSeq?: number;
  /** Stored episodes rewritten with it (a flag changed, not a new capture). */
  touchEpisodes?: Episode[];
  /** Small records to remove with it (a derived-index snapshot that may hold removed words). */
  dropMeta?: MetaKey[];
}

export interface ForgetWrite {
  memoryIds: string[];
  episodeKeys: string[];
  tombstones: HistoryRow[];
  /** Memories that lose some provenance but stay (written in the same transaction). */
  update?: Memory[];
  /**
   * Episodes rewritten with it (the sentences of a deleted memory cut out, or suppressed from
   * search), and their new vectors.
   */
  episodes?: Episode[];
  vectors?: VectorRecord[];
  /** Queued turns the forget covers: dropped, and their keys remembered as forgotten. */
  queued?: (rec: QueueRecord) => boolean;
  /** When the forget happened (the tombstones' time). */
  at?: number;
  /** Small records to remove with it (a derived-index snapshot that may hold the words). */
  dropMeta?: MetaKey[];
}

/** The text is gone everywhere: a removed memory's earlier history rows lose their text. */
async function scrubHistory(tx: WriteTx, id: string): Promise<void> {
  let cursor = await tx.objectStore('history').index('memoryId').openCursor(id);
  while (cursor) {
    const { before: _b, after: _a, ...rest } = cursor.value;
    await cursor.update(rest);
    cursor = await cursor.continue();
  }
}

export class MemoryStore {
  constructor(readonly db: MnemoDatabase) {}

  async allMemories(): Promise<Memory[]> {
    return (await this.db.getAll('memories')).map(fromRecord);
  }

  async allEpisodes(): Promise<Episode[]> {
    return this.db.getAll('episodes');
  }

  async allVectors(): Promise<VectorRecord[]> {
    return this.db.getAll('vectors');
  }

  async getMemory(id: string): Promise<Memory | undefined> {
    const r = await this.db.get('memories', id);
    return r && fromRecord(r);
  }

  async getEpisode(key: string): Promise<Episode | undefined> {
    return this.db.get('episodes', key);
  }

  async getVector(id: string): Promise<VectorRecord | undefined> {
    return this.db.get('vectors', id);
  }

  async memoriesFromSource(episodeKey: string): Promise<Memory[]> {
    return (await this.db.getAllFromIndex('memories', 'sourceKeys', episodeKey)).map(fromRecord);
  }

  async episodesOfConversation(site: string, conversationId: string): Promise<Episode[]> {
    return this.db.getAllFromIndex('episodes', 'conversation', [site, conversationId]);
  }

  async history(memoryId: string): Promise<HistoryRow[]> {
    return this.db.getAllFromIndex('history', 'memoryId', memoryId);
  }

  /**
   * Writes one processed turn. Refused (nothing written, `undefined` → the refusal) when
   * the turn's queue entry is gone (another run processed it, or a forget dropped it) or
   * the turn was forgotten: checked inside the transaction, so a late ingestion can never
   * bring back what a forget deleted.
   */
  async commitIngest(w: IngestWrite): Promise<IngestRefusal | undefined> {
    const tx = this.db.transaction(
      ['memories', 'vectors', 'episodes', 'history', 'queue', 'forgotten', 'meta', 'image'],
      'readwrite',
    );
    let refused: IngestRefusal | undefined;
    const ops: Promise<unknown>[] = [];
    try {
      const checks: Promise<unknown>[] = [];
      if (w.queueSeq !== undefined) {
        checks.push(
          tx
            .objectStore('queue')
            .count(w.queueSeq)
            .then((n) => {
              if (n === 0) refused ??= 'dequeued';
            }),
        );
      }
      if (w.episode) {
        checks.push(
          tx
            .objectStore('forgotten')
            .count(w.episode.key)
            .then((n) => {
              if (n > 0) refused ??= 'forgotten';
            }),
        );
      }
      await Promise.all(checks);
      if (refused) {
        // A forgotten turn still leaves the queue; a vanished entry has nothing to remove.
        if (refused === 'forgotten' && w.queueSeq !== undefined)
          await tx.objectStore('queue').delete(w.queueSeq);
        await tx.done;
        return refused;
      }
      const img = new ImageChanges();
      const wtx = tx as unknown as WriteTx;
      putMirrored(wtx, img, ops, {
        episodes: [...(w.episode ? [w.episode] : []), ...(w.touchEpisodes ?? [])],
      });
      for (const id of w.removeMemories ?? []) {
        ops.push(tx.objectStore('memories').delete(id));
        ops.push(tx.objectStore('vectors').delete(id));
        img.removeMemory(id);
        ops.push(scrubHistory(tx as unknown as WriteTx, id));
      }
      for (const key of w.dropMeta ?? []) ops.push(tx.objectStore('meta').delete(key));
      putMirrored(wtx, img, ops, { memories: w.memories, vectors: w.vectors });
      for (const h of w.history) ops.push(tx.objectStore('history').add(h));
      if (w.queueSeq !== undefined) ops.push(tx.objectStore('queue').delete(w.queueSeq));
      ops.push(commitImage(tx as unknown as WriteTx, img));
      await Promise.all([...ops, tx.done]);
      return undefined;
    } catch (err) {
      return failWrite(tx, ops, err);
    }
  }

  /** Episode keys of every forgotten turn. */
  async forgottenKeys(): Promise<string[]> {
    return this.db.getAllKeys('forgotten');
  }

  async putMemory(
    m: Memory,
    history: HistoryRow[],
    vector?: VectorRecord,
    episodes: Episode[] = [],
  ): Promise<void> {
    await this.commitIngest({
      memories: [m],
      vectors: vector ? [vector] : [],
      history,
      touchEpisodes: episodes,
    });
  }

  async commitForget(w: ForgetWrite): Promise<void> {
    const tx = this.db.transaction(
      ['memories', 'vectors', 'episodes', 'history', 'queue', 'forgotten', 'meta', 'image'],
      'readwrite',
    );
    const at = w.at ?? Date.now();
    const ops: Promise<unknown>[] = [];
    const img = new ImageChanges();
    try {
      for (const id of w.memoryIds) {
        ops.push(tx.objectStore('memories').delete(id));
        ops.push(tx.objectStore('vectors').delete(id));
        img.removeMemory(id);
        ops.push(scrubHistory(tx as unknown as WriteTx, id));
      }
      for (const key of w.episodeKeys) {
        // One push per request: a request that throws must not strand the ones before it.
        ops.push(tx.objectStore('episodes').delete(key));
        ops.push(tx.objectStore('vectors').delete(`${EPISODE_ITEM}${key}`));
        ops.push(tx.objectStore('forgotten').put({ key, at }));
        img.removeEpisode(key);
      }
      putMirrored(tx as unknown as WriteTx, img, ops, {
        memories: w.update ?? [],
        episodes: w.episodes ?? [],
        vectors: w.vectors ?? [],
      });
      for (const t of w.tombstones) ops.push(tx.objectStore('history').add(t));
      for (const key of w.dropMeta ?? []) ops.push(tx.objectStore('meta').delete(key));
      const queued = w.queued;
      if (queued) {
        ops.push(
          (async () => {
            let cursor = await tx.objectStore('queue').openCursor();
            while (cursor) {
              const rec = cursor.value;
              if (queued(rec)) {
                const { site, conversationId, turnId } = rec.turn;
                await tx
                  .objectStore('forgotten')
                  .put({ key: episodeKey(site, conversationId, turnId), at });
                await cursor.delete();
              }
              cursor = await cursor.continue();
            }
          })(),
        );
      }
      // The forgotten items leave the start image in this same transaction.
      ops.push(commitImage(tx as unknown as WriteTx, img, 'forget'));
      await Promise.all([...ops, tx.done]);
    } catch (err) {
      return failWrite(tx, ops, err);
    }
  }

  /** Forgets everything; every stored or queued turn is remembered as forgotten. */
  async clearAll(
    tombstones: HistoryRow[],
    at = Date.now(),
    dropMeta: MetaKey[] = [],
  ): Promise<void> {
    const tx = this.db.transaction(
      ['memories', 'vectors', 'episodes', 'history', 'queue', 'forgotten', 'meta', 'image'],
      'readwrite',
    );
    const ops: Promise<unknown>[] = [];
    try {
      const keys = [
        ...(await tx.objectStore('episodes').getAllKeys()),
        ...(await tx.objectStore('queue').getAll()).map((r) =>
          episodeKey(r.turn.site, r.turn.conversationId, r.turn.turnId),
        ),
      ];
      for (const name of ['memories', 'vectors', 'episodes', 'history', 'queue'] as const)
        ops.push(tx.objectStore(name).clear());
      for (const key of keys) ops.push(tx.objectStore('forgotten').put({ key, at }));
      for (const t of tombstones) ops.push(tx.objectStore('history').add(t));
      for (const key of dropMeta) ops.push(tx.objectStore('meta').delete(key));
      ops.push(commitImage(tx as unknown as WriteTx, new ImageChanges(), 'clear'));
      await Promise.all([...ops, tx.done]);
    } catch (err) {
      return failWrite(tx, ops, err);
    }
  }

  // --- start-up ------------------------------------------------------------------------

  /**
   * Everything an engine start reads, in one read transaction (a consistent view): the
   * start image when it is in step with the store, else the per-item stores; the forgotten
   * keys; the meta records named.
   */
  async loadStart<K extends MetaKey = never>(metaKeys: readonly K[] = []): Promise<StartData<K>> {
    const tx = this.db.transaction(
      ['meta', 'image', 'forgotten', 'memories', 'episodes', 'vectors'],
      'readonly',
    );
    const meta = tx.objectStore('meta');
    const [genRec, stateRec] = await Promise.all([meta.get(GEN_KEY), meta.get(IMAGE_KEY)]);
    // Requests are answered in the order they are made: the meta records asked for (the
    // lexical snapshot) come before the image's chunks, and a start unpacks them while the
    // chunks are still being read (the worker would otherwise wait on them).
    const restP = Promise.all([
      tx.objectStore('forgotten').getAllKeys(),
      ...metaKeys.map((k) => meta.get(k)),
    ]);
    const gen = typeof genRec?.value === 'number' ? genRec.value : 0;
    const state = stateRec?.value as ImageState | undefined;
    let image: StartData['image'];
    if (imageValid(state, gen)) {
      const records = tx.objectStore('image');
      const delta = records.get(DELTA).then((r) => (r && isDelta(r) ? r : undefined));
      // In START_BATCHES reads of consecutive chunks: a start takes each batch in while the
      // next is read; each request has a cost of its own in Chromium (at 100,000 items, 128
      // chunks read one by one took longer than one read of all).
      const size = Math.ceil(state.chunks / START_BATCHES);
      const batches = Array.from({ length: Math.ceil(state.chunks / size) }, (_, b) =>
        records.getAll(IDBKeyRange.bound(b * size, Math.min(state.chunks, (b + 1) * size) - 1)),
      );
      const chunks = Array.from({ length: state.chunks }, (_, n) =>
        batches[Math.floor(n / size)]!.then((rs) =>
          rs.find((r): r is ImageChunk => !isDelta(r) && r.n === n),
        ),
      );
      // A failure reaches the start through the records it awaits, not as unhandled.
      for (const p of [delta, ...batches, ...chunks]) p.catch(() => undefined);
      void tx.done.catch(() => undefined);
      image = { delta, chunks, count: state.chunks };
    }
    const [forgotten, ...extra] = await restP;
    const out: StartData<K> = {
      gen,
      forgotten,
      // Each record as its key's type, as getMeta reads it.
      meta: Object.fromEntries(
        metaKeys.map((k, i) => [k, extra[i]?.value]),
      ) as StartData<K>['meta'],
    };
    if (image) {
      out.image = image; // returned before its chunks arrive
      return out;
    }
    const [memories, episodes, vectors] = await Promise.all([
      tx.objectStore('memories').getAll(),
      tx.objectStore('episodes').getAll(),
      tx.objectStore('vectors').getAll(),
    ]);
    out.items = { memories: memories.map(fromRecord), episodes, vectors };
    await tx.done;
    return out;
  }

  /** Builds the start image afresh from the per-item stores (one transaction). */
  async rebuildImage(): Promise<void> {
    const tx = this.db.transaction(
      ['memories', 'episodes', 'vectors', 'meta', 'image'],
      'readwrite',
    );
    const ops: Promise<unknown>[] = [];
    try {
      const meta = tx.objectStore('meta');
      const [memories, episodes, vectors, genRec] = await Promise.all([
        tx.objectStore('memories').getAll(),
        tx.objectStore('episodes').getAll(),
        tx.objectStore('vectors').getAll(),
        meta.get(GEN_KEY),
      ]);
      const gen = typeof genRec?.value === 'number' ? genRec.value : 0;
      const image = tx.objectStore('image');
      const built = buildImage(memories.map(fromRecord), episodes, vectors);
      ops.push(image.clear());
      for (const c of built.chunks) ops.push(image.put(c));
      const state: ImageState = {
        version: IMAGE_VERSION,
        gen,
        chunks: built.count,
        items: built.items,
      };
      ops.push(meta.put({ key: GEN_KEY, value: gen }), meta.put({ key: IMAGE_KEY, value: state }));
      await Promise.all([...ops, tx.done]);
    } catch (err) {
      return failWrite(tx, ops, err);
    }
  }

  // --- the capture queue -------------------------------------------------------------

  async enqueue(turn: CapturedTurn, bucket: string, now: number): Promise<number> {
    try {
      return await this.db.add('queue', {
        turn,
        bucket,
        enqueuedAt: now,
        attempts: 0,
        cleaned: true,
      });
    } catch (err) {
      wrapQuota(err);
    }
  }

  async pendingQueue(): Promise<QueueRecord[]> {
    return this.db.getAll('queue');
  }

  async markAttempt(rec: QueueRecord): Promise<void> {
    if (rec.seq === undefined) return;
    await this.db.put('queue', { ...rec, attempts: rec.attempts + 1 });
  }

  async dropQueued(seq: number): Promise<void> {
    await this.db.delete('queue', seq);
  }

  // --- small records -------------------------------------------------------------------

  async getMeta<K extends MetaKey>(key: K): Promise<MetaRecords[K] | undefined> {
    // Only setMeta writes these keys, with the type MetaRecords gives them.
    return (await this.db.get('meta', key))?.value as MetaRecords[K] | undefined;
  }

  async setMeta<K extends MetaKey>(key: K, value: MetaRecords[K]): Promise<void> {
    await this.db.put('meta', { key, value });
  }

  /** Removes every small record whose key starts with `prefix`. */
  async dropMetaPrefix(prefix: MetaPrefix): Promise<void> {
    await this.db.delete('meta', IDBKeyRange.bound(prefix, `${prefix}\uffff`));
  }

  async counts(): Promise<{ memories: number; episodes: number; queue: number }> {
    const [memories, episodes, queue] = await Promise.all([
      this.db.count('memories'),
      this.db.count('episodes'),
      this.db.count('queue'),
    ]);
    return { memories, episodes, queue };
  }

  /** An import or a bucket move: every record in one transaction (all or nothing). */
  async commitBatch(w: {
    memories: Memory[];
    vectors: VectorRecord[];
    history: HistoryRow[];
    episodes?: Episode[];
  }): Promise<void> {
    const tx = this.db.transaction(
      ['memories', 'vectors', 'episodes', 'history', 'meta', 'image'],
      'readwrite',
    );
    const ops: Promise<unknown>[] = [];
    const img = new ImageChanges();
    try {
      putMirrored(tx as unknown as WriteTx, img, ops, w);
      for (const h of w.history) ops.push(tx.objectStore('history').add(h));
      ops.push(commitImage(tx as unknown as WriteTx, img));
      await Promise.all([...ops, tx.done]);
    } catch (err) {
      return failWrite(tx, ops, err);
    }
  }
}

export type { MemoryRecord };
