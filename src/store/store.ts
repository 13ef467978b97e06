/**
 * The engine's persistence: typed operations over db.ts. Every change that must be atomic
 * (a processed turn's results and the removal of its queue entry; a forget and its
 * tombstones) is one IndexedDB transaction, so a crash leaves either all of it or none.
 */
import type { CapturedTurn, Episode, HistoryRow, Memory } from '../memory/types';
import {
  episodeKey,
  fromRecord,
  toRecord,
  type MemoryRecord,
  type MnemoDatabase,
  type QueueRecord,
  type VectorRecord,
} from './db';

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
}

export interface ForgetWrite {
  memoryIds: string[];
  episodeKeys: string[];
  tombstones: HistoryRow[];
  /** Memories that lose some provenance but stay (written in the same transaction). */
  update?: Memory[];
  /** Episodes rewritten with it (suppressed from search after their memory was deleted). */
  episodes?: Episode[];
  /** Queued turns the forget covers: dropped, and their keys remembered as forgotten. */
  queued?: (rec: QueueRecord) => boolean;
  /** When the forget happened (the tombstones' time). */
  at?: number;
  /** Small records to remove with it (a derived-index snapshot that may hold the words). */
  dropMeta?: string[];
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
      ['memories', 'vectors', 'episodes', 'history', 'queue', 'forgotten'],
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
      if (w.episode) ops.push(tx.objectStore('episodes').put(w.episode));
      for (const e of w.touchEpisodes ?? []) ops.push(tx.objectStore('episodes').put(e));
      for (const id of w.removeMemories ?? []) {
        ops.push(tx.objectStore('memories').delete(id));
        ops.push(tx.objectStore('vectors').delete(id));
      }
      for (const m of w.memories) ops.push(tx.objectStore('memories').put(toRecord(m)));
      for (const v of w.vectors) ops.push(tx.objectStore('vectors').put(v));
      for (const h of w.history) ops.push(tx.objectStore('history').add(h));
      if (w.queueSeq !== undefined) ops.push(tx.objectStore('queue').delete(w.queueSeq));
      await Promise.all([...ops, tx.done]);
      return undefined;
    } catch (err) {
      for (const p of ops) p.catch(() => undefined);
      abortQuietly(tx);
      await tx.done.catch(() => undefined);
      wrapQuota(err);
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
      ['memories', 'vectors', 'episodes', 'history', 'queue', 'forgotten', 'meta'],
      'readwrite',
    );
    const at = w.at ?? Date.now();
    const ops: Promise<unknown>[] = [];
    try {
      for (const id of w.memoryIds) {
        ops.push(tx.objectStore('memories').delete(id));
        ops.push(tx.objectStore('vectors').delete(id));
        // The text is gone everywhere: earlier history rows of this memory lose their text.
        const hist = tx.objectStore('history').index('memoryId');
        ops.push(
          (async () => {
            let cursor = await hist.openCursor(id);
            while (cursor) {
              const { before: _b, after: _a, ...rest } = cursor.value;
              await cursor.update(rest);
              cursor = await cursor.continue();
            }
          })(),
        );
      }
      for (const key of w.episodeKeys) {
        // One push per request: a request that throws must not strand the ones before it.
        ops.push(tx.objectStore('episodes').delete(key));
        ops.push(tx.objectStore('vectors').delete(`e:${key}`));
        ops.push(tx.objectStore('forgotten').put({ key, at }));
      }
      for (const m of w.update ?? []) ops.push(tx.objectStore('memories').put(toRecord(m)));
      for (const e of w.episodes ?? []) ops.push(tx.objectStore('episodes').put(e));
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
      await Promise.all([...ops, tx.done]);
    } catch (err) {
      for (const p of ops) p.catch(() => undefined);
      abortQuietly(tx);
      await tx.done.catch(() => undefined);
      wrapQuota(err);
    }
  }

  /** Forgets everything; every stored or queued turn is remembered as forgotten. */
  async clearAll(
    tombstones: HistoryRow[],
    at = Date.now(),
    dropMeta: string[] = [],
  ): Promise<void> {
    const tx = this.db.transaction(
      ['memories', 'vectors', 'episodes', 'history', 'queue', 'forgotten', 'meta'],
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
      await Promise.all([...ops, tx.done]);
    } catch (err) {
      for (const p of ops) p.catch(() => undefined);
      abortQuietly(tx);
      await tx.done.catch(() => undefined);
      wrapQuota(err);
    }
  }

  // --- the capture queue -------------------------------------------------------------

  async enqueue(turn: CapturedTurn, bucket: string, now: number): Promise<number> {
    try {
      return await this.db.add('queue', { turn, bucket, enqueuedAt: now, attempts: 0 });
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

  async getMeta<T>(key: string): Promise<T | undefined> {
    return (await this.db.get('meta', key))?.value as T | undefined;
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    await this.db.put('meta', { key, value });
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
    const tx = this.db.transaction(['memories', 'vectors', 'episodes', 'history'], 'readwrite');
    const ops: Promise<unknown>[] = [];
    try {
      for (const m of w.memories) ops.push(tx.objectStore('memories').put(toRecord(m)));
      for (const v of w.vectors) ops.push(tx.objectStore('vectors').put(v));
      for (const e of w.episodes ?? []) ops.push(tx.objectStore('episodes').put(e));
      for (const h of w.history) ops.push(tx.objectStore('history').add(h));
      await Promise.all([...ops, tx.done]);
    } catch (err) {
      for (const p of ops) p.catch(() => undefined);
      abortQuietly(tx);
      await tx.done.catch(() => undefined);
      wrapQuota(err);
    }
  }
}

export type { MemoryRecord };
