/**
 * Forgetting: a scope (a memory, a conversation, a site, a bucket, everything) becomes a
 * write set (the memories deleted, those that only lose provenance, the turns deleted or
 * suppressed, the queued turns dropped), committed in one transaction and then mirrored in
 * every in-memory index. History keeps a content-free tombstone per deleted memory.
 *
 * @example
 * const deleted = await forget(state, { type: 'conversation', site: 'chatgpt', conversationId: 'c1' });
 */
import { episodeKey, type QueueRecord } from '../store/db';
import type { ForgetWrite } from '../store/store';
import { exciseStatements } from './excise';
import { provKeys } from './ingest';
import { EngineState, EPISODE_PREFIX } from './state';
import { LEXICAL_SNAPSHOT_KEY } from './start';
import type { Actor, Episode, ForgetScope, Memory } from './types';

export class TurnNotFoundError extends Error {
  constructor(key: string) {
    super(`No stored chat turn ${key}: it may have been deleted. Refresh the list.`);
    this.name = 'TurnNotFoundError';
  }
}

export class MemoryNotFoundError extends Error {
  constructor(id: string) {
    super(`No memory with id ${id}: it may have been deleted. Refresh the list.`);
    this.name = 'MemoryNotFoundError';
  }
}

/** What a scope (other than `all`) deletes, as the store writes it, and what it keeps. */
export interface ForgetPlan {
  write: ForgetWrite & { episodes: Episode[]; update: Memory[] };
  deleted: Memory[];
}

export function planForget(
  s: EngineState,
  scope: Exclude<ForgetScope, { type: 'all' }>,
  actor: Actor,
  now: number,
): ForgetPlan {
  const episodeKeys = [...s.episodes.values()]
    .filter((e) => {
      if (scope.type === 'conversation')
        return e.site === scope.site && e.conversationId === scope.conversationId;
      if (scope.type === 'site') return e.site === scope.site;
      if (scope.type === 'bucket') return e.bucket === scope.bucket;
      if (scope.type === 'turn') return e.key === scope.key;
      return false;
    })
    .map((e) => e.key);
  const goneKeys = new Set(episodeKeys);
  const deleted: Memory[] = [];
  const trimmed: Memory[] = [];
  for (const m of s.memories.values()) {
    if (scope.type === 'memory') {
      if (m.id === scope.id) deleted.push(m);
      continue;
    }
    if (scope.type === 'bucket' && m.bucket === scope.bucket) {
      deleted.push(m);
      continue;
    }
    const rest = m.provenance
      .map((p) => ({
        ...p,
        turnIds: p.turnIds.filter((t) => !goneKeys.has(episodeKey(p.site, p.conversationId, t))),
      }))
      .filter((p) => p.turnIds.length > 0 && !(scope.type === 'site' && p.site === scope.site));
    if (
      rest.length === m.provenance.length &&
      rest.every((p, i) => p.turnIds.length === m.provenance[i]!.turnIds.length)
    )
      continue;
    if (rest.length === 0) deleted.push(m);
    else trimmed.push({ ...m, provenance: rest, updatedAt: now });
  }
  if (scope.type === 'memory' && deleted.length === 0) throw new MemoryNotFoundError(scope.id);
  if (scope.type === 'turn' && episodeKeys.length === 0) throw new TurnNotFoundError(scope.key);
  // A memory the user deleted must not come back through the turn it came from: the
  // sentences that stated it are cut out of its source turns (./excise.ts), which stay as the
  // source of other facts. A turn with no such sentence found is no longer searched at all.
  const rewritten = new Map<string, Episode>();
  if (scope.type === 'memory') {
    for (const m of deleted) {
      for (const k of m.provenance.flatMap(provKeys)) {
        const e = rewritten.get(k) ?? s.episodes.get(k);
        if (!e) continue;
        const cut = exciseStatements(e.text, [m.text]);
        const memoryIds = e.memoryIds?.filter((id) => id !== m.id);
        const next: Episode = cut.removed ? { ...e, text: cut.text } : { ...e, suppressed: true };
        if (memoryIds) next.memoryIds = memoryIds;
        rewritten.set(k, next);
      }
    }
  }
  const suppressed = [...rewritten.values()];
  return {
    deleted,
    // One transaction: the deletions, the trimmed provenance, and the queued turns of what
    // is forgotten (dropped and remembered as forgotten, so they never come back).
    write: {
      memoryIds: deleted.map((m) => m.id),
      episodeKeys,
      tombstones: deleted.map((m) => ({ memoryId: m.id, at: now, action: 'deleted', actor })),
      update: trimmed,
      episodes: suppressed,
      at: now,
      // The lexical snapshot holds the forgotten words: it goes in the same transaction.
      dropMeta: [LEXICAL_SNAPSHOT_KEY],
      ...(scope.type === 'memory' || scope.type === 'turn'
        ? {}
        : { queued: (r: QueueRecord) => coveredBy(scope, r) }),
    },
  };
}

/**
 * Deletes what the scope names from the store, the vectors, both indexes and the
 * episodes, with the memories derived only from deleted turns. Returns the deleted memories
 * (for undo).
 */
export async function forget(
  s: EngineState,
  scope: ForgetScope,
  actor: Actor = 'user',
): Promise<Memory[]> {
  const now = s.env.clock.now();
  if (scope.type === 'all') {
    const gone = [...s.memories.values()];
    await s.env.store.clearAll(
      gone.map((m) => ({ memoryId: m.id, at: now, action: 'deleted' as const, actor })),
      now,
      [LEXICAL_SNAPSHOT_KEY],
    );
    for (const k of s.episodes.keys()) s.forgotten.add(k);
    s.memories.clear();
    s.episodes.clear();
    s.vectors.clear();
    s.onVectorIndex((ix) => ix.clear());
    s.lexical.clear();
    return gone;
  }
  const { write, deleted } = planForget(s, scope, actor, now);
  const cut = write.episodes.filter((e) => !e.suppressed);
  if (cut.length) {
    const vs = await s.env.embedder.embed(cut.map((e) => e.text || ' '));
    write.vectors = cut.map((e, i) => ({
      id: EPISODE_PREFIX + e.key,
      model: s.env.embedder.id,
      v: vs[i]!,
    }));
  }
  await s.env.store.commitForget(write);
  for (const r of write.vectors ?? []) s.vectors.set(r.id, r.v);
  for (const k of write.episodeKeys) s.forgotten.add(k);
  for (const m of deleted) {
    s.memories.delete(m.id);
    s.unindex(m.id);
  }
  for (const m of write.update) s.memories.set(m.id, m);
  for (const e of write.episodes) {
    s.episodes.set(e.key, e);
    s.indexEpisode(e);
  }
  for (const k of write.episodeKeys) {
    s.episodes.delete(k);
    s.unindex(EPISODE_PREFIX + k);
  }
  return deleted;
}

/** Whether a forget's scope covers a queued turn. */
function coveredBy(
  scope: Exclude<ForgetScope, { type: 'memory' } | { type: 'turn' } | { type: 'all' }>,
  r: QueueRecord,
): boolean {
  if (scope.type === 'conversation')
    return r.turn.site === scope.site && r.turn.conversationId === scope.conversationId;
  if (scope.type === 'site') return r.turn.site === scope.site;
  return r.bucket === scope.bucket;
}
