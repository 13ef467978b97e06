/**
 * The merge rules, on top of CouchDB's revision tree (which keeps every concurrent version
 * of a document and names one winner the same way on every replica). When a document has
 * more than one version, Mnemo merges them into one with rules a user can predict:
 *
 * 1. The newest edit of a memory wins (its `updatedAt`; equal times: the larger record in
 *    canonical JSON, so every device picks the same).
 * 2. A deletion wins over an edit that is not newer than it (`deletedAt ≥ updatedAt`); an
 *    edit made after the deletion brings the memory back, as an undo does.
 * 3. A supersession carries: a memory superseded on one device stays superseded when an
 *    older-or-newer edit of its text wins elsewhere (a newer value was stated; an edit of
 *    the old value does not make it current again). It keeps the latest supersession.
 * 4. History is the union of both histories; a deleted memory's history has no text.
 * 5. Settings (buckets, sites): the newest wins.
 *
 * Pure functions, the same result whatever the order of the versions.
 *
 * @example
 * mergeMemory(editedOnA, deletedOnB); // the tombstone when B deleted after A's edit
 */
import {
  canonical,
  historyUnion,
  tombVersion,
  type LiveVersion,
  type MemoryVersion,
  type SettingsVersion,
  type TombVersion,
} from './model';

/** The fields a merge carries between versions: not part of "which edit is newer". */
function core(v: LiveVersion): string {
  const { status: _s, supersededBy: _b, supersededAt: _a, supersedes: _p, ...rest } = v.memory;
  return canonical(rest);
}

/** −1, 0, 1: which live version is the newer edit. */
function compareLive(a: LiveVersion, b: LiveVersion): number {
  const d = a.memory.updatedAt - b.memory.updatedAt;
  if (d) return Math.sign(d);
  const ka = core(a) + canonical(a.memory);
  const kb = core(b) + canonical(b.memory);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function mergeLive(a: LiveVersion, b: LiveVersion): LiveVersion {
  const [win, lose] = compareLive(a, b) >= 0 ? [a, b] : [b, a];
  const m = { ...win.memory };
  // Rule 3: the later of the supersessions either version holds.
  const sup = [a.memory, b.memory]
    .filter((x) => x.status === 'superseded')
    .sort(
      (x, y) =>
        (x.supersededAt ?? 0) - (y.supersededAt ?? 0) ||
        ((x.supersededBy ?? '') < (y.supersededBy ?? '') ? -1 : 1),
    )
    .pop();
  if (sup && m.status !== 'deleted') {
    m.status = 'superseded';
    delete m.supersededBy;
    delete m.supersededAt;
    if (sup.supersededBy !== undefined) m.supersededBy = sup.supersededBy;
    if (sup.supersededAt !== undefined) m.supersededAt = sup.supersededAt;
  }
  const supersedes = win.memory.supersedes ?? lose.memory.supersedes;
  if (supersedes !== undefined) m.supersedes = supersedes;
  return { t: 'memory', memory: m, history: historyUnion([...a.history, ...b.history]) };
}

/** Rules 1–4 for two versions of one memory. */
export function mergeMemory(a: MemoryVersion, b: MemoryVersion): MemoryVersion {
  if (a.t === 'memory' && b.t === 'memory') return mergeLive(a, b);
  const history = [...a.history, ...b.history];
  if (a.t === 'tomb' && b.t === 'tomb')
    return tombVersion(a.id, Math.max(a.deletedAt, b.deletedAt), history);
  const [tomb, live] = (a.t === 'tomb' ? [a, b] : [b, a]) as [TombVersion, LiveVersion];
  if (tomb.deletedAt >= live.memory.updatedAt) return tombVersion(tomb.id, tomb.deletedAt, history);
  return { ...live, history: historyUnion(history) };
}

/** Every version of one memory merged into one (at least one version). */
export function mergeMemories(vs: readonly MemoryVersion[]): MemoryVersion {
  if (vs.length === 0) throw new RangeError('nothing to merge');
  return vs.slice(1).reduce(mergeMemory, vs[0]!);
}

/** Rule 5: the newest settings (equal times: the larger in canonical JSON). */
export function mergeSettings(a: SettingsVersion, b: SettingsVersion): SettingsVersion {
  const d = a.updatedAt - b.updatedAt;
  if (d) return d > 0 ? a : b;
  return canonical(a) >= canonical(b) ? a : b;
}
