/**
 * The end of an engine start: a prepared start (./start.ts) taken into the engine's state,
 * the vectors of another model (or lost ones) computed again, and the lexical index restored,
 * caught up or rebuilt.
 *
 * @example
 * await loadState(state, await prepareStart(store));
 */
import type { VectorRecord } from '../store/record';
import { EngineState, EPISODE_PREFIX } from './state';
import type { PreparedStart } from './start';

export async function loadState(s: EngineState, start: PreparedStart): Promise<void> {
  const { store, embedder, mark } = s.env;
  for (const k of start.forgotten) s.forgotten.add(k);
  s.memories = start.memories;
  s.episodes = start.episodes;
  s.turns.reset();
  s.table = start.table;
  s.watchChanges();
  const model = embedder.id;
  const packed = start.vectors.get(model);
  if (packed && packed.dims === embedder.dims) {
    s.vectors = packed.byId;
    s.onVectorIndex((ix) => ix.loadParts(packed.parts));
  }
  const missing: { id: string; text: string }[] = [];
  // The packed vectors are items' own (a start leaves orphans out), one per id: as many as
  // there are items means none is missing, and 30,000 lookups are skipped.
  const complete =
    packed?.dims === embedder.dims && packed.byId.size === s.memories.size + s.episodes.size;
  if (!complete) {
    for (const id of s.memories.keys())
      if (!s.vectors.has(id)) missing.push({ id, text: s.memories.get(id)!.text });
    for (const key of s.episodes.keys())
      if (!s.vectors.has(EPISODE_PREFIX + key))
        missing.push({ id: EPISODE_PREFIX + key, text: s.episodes.get(key)!.text });
  }
  if (missing.length) {
    // Vectors of another model (or lost ones) are recomputed: the store stays the truth.
    const vs = await embedder.embed(missing.map((m) => m.text));
    const recs: VectorRecord[] = missing.map((m, i) => ({ id: m.id, model, v: vs[i]! }));
    for (const r of recs) {
      s.vectors.set(r.id, r.v);
      s.onVectorIndex((ix) => ix.upsert(r.id, r.v));
    }
    await store.commitIngest({ memories: [], vectors: recs, history: [] });
  }
  mark?.('vectorsLoaded');
  const restored = !!start.lexical;
  const stale = restored ? start.lexicalStale : undefined;
  if (start.lexical) {
    s.lexical = start.lexical;
    // A snapshot saved before the last writes: only what changed since is indexed again.
    for (const id of stale?.remove ?? []) s.lexical.remove(id);
    for (const id of stale?.upsert ?? []) {
      const e = id.startsWith(EPISODE_PREFIX)
        ? s.episodes.get(id.slice(EPISODE_PREFIX.length))
        : undefined;
      const m = e ? undefined : s.memories.get(id);
      if (e) s.indexEpisode(e, true, false);
      else if (m) s.indexMemory(m, true, false);
    }
  } else {
    for (const m of s.memories.values()) s.indexMemory(m, true, false);
    for (const e of s.episodes.values()) s.indexEpisode(e, true, false);
  }
  s.lexicalSource = !restored ? 'rebuilt' : stale ? 'caughtUp' : 'snapshot';
  mark?.('indexed');
  s.initialised = true;
  if ((!restored || stale) && s.env.snapshotDelayMs !== undefined) s.scheduleSnapshot();
  // The image was out of step (or missing): the next start reads it again.
  if (!start.fromImage) void store.rebuildImage().catch(() => undefined);
}
