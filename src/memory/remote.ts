/**
 * Versions of memories merged from another device (src/sync/), applied so every index
 * follows, as a local edit would be: upserted memories are embedded (when their text is
 * new here), written in one transaction with the history rows this store lacks, then put in
 * the in-memory maps and both indexes; removed memories go through the same path as a
 * user's deletion (./forget.ts: tombstone, vectors, indexes, and their sentences cut from
 * the turns stored here), with `sync` as the actor.
 *
 * @example
 * await applyRemote(state, { upsert: [{ memory, history }], remove: ['m_2'] });
 */
import type { VectorRecord } from '../store/record';
import { forget } from './forget';
import { LEXICAL_SNAPSHOT_KEY } from './start';
import type { EngineState } from './state';
import type { HistoryRow, RemoteChanges } from './types';

export type { RemoteChanges };

/** One text per row, whatever its key order or row number. */
function rowKey(r: Omit<HistoryRow, 'id'> & { id?: number }): string {
  return JSON.stringify([r.memoryId, r.at, r.action, r.actor, r.before, r.after, r.relatedId]);
}

export async function applyRemote(s: EngineState, changes: RemoteChanges): Promise<void> {
  const { embedder, store } = s.env;
  const upserts = changes.upsert.map((u) => u.memory);
  const embed = upserts.filter((m) => {
    const had = s.memories.get(m.id);
    return !had || had.text !== m.text || !s.vectors.has(m.id);
  });
  const vectors: VectorRecord[] = [];
  for (let i = 0; i < embed.length; i += 256) {
    const chunk = embed.slice(i, i + 256);
    const vs = await embedder.embed(chunk.map((m) => m.text));
    chunk.forEach((m, j) => vectors.push({ id: m.id, model: embedder.id, v: vs[j]! }));
  }
  const history: HistoryRow[] = [];
  for (const u of changes.upsert) {
    const have = s.memories.has(u.memory.id) ? await store.history(u.memory.id) : [];
    const known = new Set(have.map(rowKey));
    for (const r of u.history) if (!known.has(rowKey(r))) history.push({ ...r });
  }
  const reworded = upserts.some((m) => {
    const had = s.memories.get(m.id);
    return had !== undefined && had.text !== m.text;
  });
  if (upserts.length) {
    await store.commitBatch({ memories: upserts, vectors, history });
    // The snapshot may hold words of a text replaced here (as after an edit).
    if (reworded) await store.setMeta(LEXICAL_SNAPSHOT_KEY, null);
    for (const r of vectors) s.vectors.set(r.id, r.v);
    for (const m of upserts) {
      s.memories.set(m.id, m);
      s.indexMemory(m);
    }
  }
  for (const id of changes.remove)
    if (s.memories.has(id)) await forget(s, { type: 'memory', id }, 'sync');
}
