/**
 * Ingestion: a captured turn becomes a write set (its episode, the memories it adds, updates
 * or supersedes, their vectors and history) planned against the engine's state, then
 * committed in one transaction and mirrored in the in-memory indexes.
 *
 * @example
 * const plan = await planIngest(state, turn, 'site:chatgpt', {});
 * const report = await applyIngest(state, plan, {});
 */
import { agreesWith } from '../extract/agree';
import { stripMemoryBlock } from '../inject/marker';
import { episodeKey } from '../store/db';
import type { VectorRecord } from '../store/record';
import type { IngestWrite } from '../store/store';
import { fnv1aHex } from '../util/hash';
import { decide, type Neighbour } from './decide';
import { exciseStatements } from './excise';
import { foldTerm, wordsOf } from '../search/lexical';
import {
  effectOf,
  ENDS_WITH,
  named,
  opOf,
  pending,
  PLANNABLE,
  plannedValue,
  valuesAt,
  withPlanOp,
} from './operations';
import { dot, EngineState, EPISODE_PREFIX, MAX_MEMORY_TEXT } from './state';
import { FACTS_PART, LEXICAL_SNAPSHOT_KEY } from './start';
import type {
  CapturedTurn,
  Candidate,
  DecisionKind,
  Episode,
  HistoryRow,
  Memory,
  Provenance,
} from './types';

export interface IngestOptions {
  /** The queue entry the turn came from: removed in the same transaction as the results. */
  queueSeq?: number;
  /** Name to write facts about instead of "User" (benchmarks). */
  userName?: string;
}

export interface IngestReport {
  /**
   * `forgotten`: the user forgot this turn (or its conversation, site, bucket) before it was
   * processed; nothing was stored. `dequeued`: its queue entry was already gone (processed
   * by another run, or dropped by a forget); nothing was stored.
   */
  status: 'stored' | 'duplicate' | 'empty' | 'forgotten' | 'dequeued';
  episodeKey: string;
  /**
   * What happened to each candidate, and to the memories its operation acted on (`END`: no
   * longer current, kept as history; `DELETE`: removed by a correction or an in-chat forget).
   */
  changes: { kind: DecisionKind | 'END' | 'DELETE'; memoryId: string; text: string }[];
}

/** What a turn would change: nothing (`write` absent: its report says why), or a write set. */
export interface IngestPlan {
  report: IngestReport;
  write?: IngestWrite & { episode: Episode };
}

/** Tells an edited turn from a re-capture of the same text (stored as the episode's `textHash`). */
export const hashText = fnv1aHex;

/**
 * What a user pastes or quotes is not a statement about the user (memory poisoning rides on
 * it): fenced code, block quotes and the material after a task prefix ("Translate to
 * French: …") are left out of extraction. The episode keeps the full text.
 */
export function withoutQuotedMaterial(text: string): string {
  return text
    .replace(/(```|~~~)[\s\S]*?(?:\1|$)/g, ' ')
    .replace(/^[ \t]*>.*$/gm, ' ')
    .replace(TASK_PREFIX_RE, ' ');
}

const TASK_PREFIX_RE =
  /\b(?:translate|summari[sz]e|paraphrase|proofread|rewrite|rephrase|reword|(?:fix|correct|check) the (?:grammar|spelling))\b[^:\n]{0,60}:[\s\S]*$/i;

/** How many earlier turns of its conversation an extractor sees with a turn. */
const CONTEXT_TURNS = 4;

export function provKeys(p: Provenance): string[] {
  return p.turnIds.map((t) => episodeKey(p.site, p.conversationId, t));
}

export function mergeProvenance(list: readonly Provenance[], add: Provenance): Provenance[] {
  const out = list.map((p) => ({ ...p, turnIds: [...p.turnIds] }));
  const same = out.find(
    (p) => p.site === add.site && p.conversationId === add.conversationId && p.role === add.role,
  );
  if (same) {
    for (const t of add.turnIds) if (!same.turnIds.includes(t)) same.turnIds.push(t);
  } else {
    out.push({ ...add, turnIds: [...add.turnIds] });
  }
  return out;
}

export async function planIngest(
  s: EngineState,
  turn: CapturedTurn,
  bucket: string,
  opts: IngestOptions,
): Promise<IngestPlan> {
  const { embedder, clock } = s.env;
  const key = episodeKey(turn.site, turn.conversationId, turn.turnId);
  const raw = stripMemoryBlock(turn.text);
  const text = (s.env.redact ? s.env.redact(raw) : raw).trim();
  const report: IngestReport = { status: 'stored', episodeKey: key, changes: [] };
  if (s.forgotten.has(key)) {
    return { report: { ...report, status: 'forgotten' } };
  }
  if (!text) {
    return { report: { ...report, status: 'empty' } };
  }
  const textHash = hashText(text);
  const prev = s.episodes.get(key);
  if (prev && prev.textHash === textHash) {
    return { report: { ...report, status: 'duplicate' } };
  }
  const now = clock.now();
  const model = embedder.id;
  const history: HistoryRow[] = [];
  const changed = new Map<string, Memory>();
  const removed: string[] = [];

  // An edited turn: what came only from its old text goes; shared facts lose this source.
  if (prev) {
    for (const m of s.memories.values()) {
      if (!m.provenance.some((p) => provKeys(p).includes(key))) continue;
      const rest = m.provenance
        .map((p) => ({
          ...p,
          turnIds: p.turnIds.filter((t) => episodeKey(p.site, p.conversationId, t) !== key),
        }))
        .filter((p) => p.turnIds.length > 0);
      if (rest.length === 0) {
        removed.push(m.id);
        history.push({ memoryId: m.id, at: now, action: 'deleted', actor: 'extraction' });
      } else {
        changed.set(m.id, { ...m, provenance: rest, updatedAt: now });
      }
    }
  }

  const episode: Episode = { ...turn, text, key, bucket, textHash };
  const [ev] = await embedder.embed([text]);
  const vectorRecs: VectorRecord[] = [{ id: EPISODE_PREFIX + key, model, v: ev! }];

  // The conversation's last turns before this one, from its kept order: reading every
  // earlier turn (the store's index, as before) made a turn's cost grow with its
  // conversation (docs/benchmarks.md, long conversations).
  const context = s.turns.recent(
    turn.site,
    turn.conversationId,
    turn.observedAt,
    CONTEXT_TURNS,
    EPISODE_PREFIX + key,
  );
  const similar = nearestActive(s, ev!, bucket, 5).map((n) => n.memory);
  const result = await s.env.extractor.extract({
    turn: { ...turn, text: withoutQuotedMaterial(text) },
    context,
    similar,
    ...(opts.userName ? { userName: opts.userName } : {}),
  });

  const extracted = result.candidates.filter(
    // A forget request stores nothing: it may come without text of its own.
    (c) => (c.text.trim() || opOf(c) === 'forget') && !c.text.includes('[redacted'),
  );
  const candidates = extracted.map((c) => withPlanOp(c, turn.observedAt));
  // The request to forget names what goes: its own sentence is not kept in the turn either.
  const forgetWords = candidates.flatMap((c) =>
    opOf(c) === 'forget' && c.target ? wordsOf(c.target).filter((w) => foldTerm(w)) : [],
  );
  if (forgetWords.length) {
    const cut = exciseStatements(episode.text, [], forgetWords);
    if (cut.removed) {
      episode.text = cut.text;
      const [v] = await embedder.embed([cut.text || ' ']);
      vectorRecs[0] = { id: EPISODE_PREFIX + key, model, v: v! };
    }
  }
  const cvs = await embedder.embed(candidates.map((c) => c.text || ' '));
  const provenance: Provenance = {
    site: turn.site,
    conversationId: turn.conversationId,
    url: turn.url,
    turnIds: [turn.turnId],
    role: turn.role,
  };
  const fresh: { memory: Memory; v: Float32Array }[] = [];
  const skip = applyOperations(s, candidates, bucket, turn.observedAt, now, {
    changed,
    removed,
    history,
    report,
  });
  dueChanges(s, bucket, turn.observedAt, now, { changed, history, report });
  const retexted = [...skip.touched.values()];
  if (retexted.length) {
    const tv = await embedder.embed(retexted.map((e) => e.text || ' '));
    retexted.forEach((e, i) => vectorRecs.push({ id: EPISODE_PREFIX + e.key, model, v: tv[i]! }));
  }
  // The answer this turn agrees to becomes the user's decision (its text unchanged).
  const answer = context.at(-1);
  const agreed =
    turn.role === 'user' &&
    answer?.role === 'assistant' &&
    !answer.agreed &&
    !skip.touched.has(answer.key) &&
    agreesWith(text)
      ? [{ ...answer, agreed: true }]
      : [];
  const touched = [...retexted, ...agreed];
  /** The memories this turn stated: recorded on its episode (`Episode.memoryIds`). */
  const stated = new Set<string>();

  const phraseSimilarity = async (a: string, b: string) => {
    const [va, vb] = await embedder.embed([a, b]);
    return dot(va!, vb!);
  };
  for (const [i, cand] of candidates.entries()) {
    if (skip.candidates.has(i)) continue;
    const cv = cvs[i]!;
    const given = result.decisions?.find((d) => d.candidate === extracted[i]);
    const neighbours = [
      ...nearestActive(s, cv, bucket, 8, cand.text),
      ...fresh.map((f) => ({ memory: f.memory, cosine: dot(cv, f.v) })),
    ]
      .filter((n) => !removed.includes(n.memory.id))
      .map((n) => ({ ...n, memory: changed.get(n.memory.id) ?? n.memory }))
      // A memory this turn's operations just ended is no longer a value to decide against.
      .filter((n) => n.memory.status === 'active')
      // A plan changes a slot's planned value, not its current one; a value stated now leaves
      // a plan still ahead as it is.
      .filter(
        (n) =>
          n.memory.slot !== cand.slot ||
          (opOf(cand) === 'plan' ? plannedValue(n.memory) : !pending(n.memory, turn.observedAt)),
      );
    const d = given
      ? { kind: given.kind, targetId: given.targetId }
      : // `add` with a slot is one more value of it (a second allergy), never a change.
        await decide(
          opOf(cand) === 'add' && cand.slot ? { ...cand, slot: undefined } : cand,
          neighbours,
          phraseSimilarity,
        );
    const target = d.targetId
      ? (changed.get(d.targetId) ??
        fresh.find((f) => f.memory.id === d.targetId)?.memory ??
        s.memories.get(d.targetId))
      : undefined;
    const kind: DecisionKind = target || d.kind === 'ADD' ? d.kind : 'ADD';

    if (kind === 'ADD' || kind === 'SUPERSEDE') {
      const m = newMemory(s, cand, bucket, turn.observedAt, now, provenance);
      if (kind === 'SUPERSEDE' && target) {
        m.supersedes = target.id;
        const old: Memory = {
          ...target,
          status: 'superseded',
          supersededBy: m.id,
          supersededAt: turn.observedAt,
          updatedAt: now,
        };
        // A value stated earlier in this same turn is superseded where it is held (fresh).
        const freshIdx = fresh.findIndex((f) => f.memory.id === old.id);
        if (freshIdx >= 0) fresh[freshIdx] = { memory: old, v: fresh[freshIdx]!.v };
        else changed.set(old.id, old);
        history.push({
          memoryId: old.id,
          at: now,
          action: 'superseded',
          actor: 'extraction',
          relatedId: m.id,
          before: target.text,
          after: m.text,
        });
      }
      history.push({
        memoryId: m.id,
        at: now,
        action: 'added',
        actor: 'extraction',
        after: m.text,
        ...(target && kind === 'SUPERSEDE' ? { relatedId: target.id } : {}),
      });
      fresh.push({ memory: m, v: cv });
      vectorRecs.push({ id: m.id, model, v: cv });
      stated.add(m.id);
      report.changes.push({ kind, memoryId: m.id, text: m.text });
    } else if (target) {
      const merged = mergeProvenance(target.provenance, provenance);
      const updated: Memory =
        kind === 'UPDATE'
          ? {
              ...target,
              text: cand.text,
              entities: [...new Set([...target.entities, ...cand.entities])],
              ...(cand.eventAt ? { eventAt: cand.eventAt } : {}),
              provenance: merged,
              observedAt: Math.max(target.observedAt, turn.observedAt),
              updatedAt: now,
            }
          : { ...target, provenance: merged, updatedAt: now };
      const freshIdx = fresh.findIndex((f) => f.memory.id === target.id);
      if (freshIdx >= 0) {
        fresh[freshIdx] = { memory: updated, v: kind === 'UPDATE' ? cv : fresh[freshIdx]!.v };
      } else {
        changed.set(updated.id, updated);
      }
      if (kind === 'UPDATE') {
        history.push({
          memoryId: target.id,
          at: now,
          action: 'updated',
          actor: 'extraction',
          before: target.text,
          after: cand.text,
        });
        const vi = vectorRecs.findIndex((r) => r.id === target.id);
        if (vi >= 0) vectorRecs.splice(vi, 1);
        vectorRecs.push({ id: target.id, model, v: cv });
      } else {
        history.push({ memoryId: target.id, at: now, action: 'merged', actor: 'extraction' });
      }
      stated.add(target.id);
      report.changes.push({ kind, memoryId: target.id, text: updated.text });
    }
  }
  if (stated.size) episode.memoryIds = [...stated];
  const written = [...changed.values(), ...fresh.map((f) => f.memory)];
  return {
    report,
    write: {
      episode,
      memories: written,
      vectors: vectorRecs,
      history,
      removeMemories: removed,
      ...(touched.length ? { touchEpisodes: touched } : {}),
      // Removed or cut words may be in the saved lexical snapshot: it goes with them.
      ...(removed.length || retexted.length ? { dropMeta: [LEXICAL_SNAPSHOT_KEY] } : {}),
      ...(opts.queueSeq !== undefined ? { queueSeq: opts.queueSeq } : {}),
    },
  };
}

/**
 * The planned values whose date has come by `at` (./operations.ts `valuesAt`) end, as
 * history, the values of their slot (and the slots it makes stale) stated before the plan.
 */
function dueChanges(
  s: EngineState,
  bucket: string,
  at: number,
  now: number,
  out: { changed: Map<string, Memory>; history: HistoryRow[]; report: IngestReport },
): void {
  const index = s.slotIndex();
  const current = (m: Memory) => out.changed.get(m.id) ?? m;
  const active = (k: string) =>
    (index.get(k) ?? []).map(current).filter((m) => m.bucket === bucket && m.status === 'active');
  for (const slot of PLANNABLE) {
    const { plan, replaced } = valuesAt(active(slot), at);
    if (!plan) continue;
    // A new employer from its date on ends the job held at the old one too.
    const alsoStale = (ENDS_WITH[slot] ?? []).flatMap((k) =>
      active(k).filter((m) => m.observedAt <= plan.observedAt),
    );
    for (const m of [...replaced, ...alsoStale])
      endAsHistory(out, m, { at: plan.eventAt!, now, by: plan });
  }
}

/** Ends `m` as history (superseded, kept): by a statement's text, or by a memory. */
function endAsHistory(
  out: { changed: Map<string, Memory>; history: HistoryRow[]; report: IngestReport },
  m: Memory,
  why: { at: number; now: number; by: Memory | { text: string } },
): void {
  const by = 'id' in why.by ? why.by : undefined;
  out.changed.set(m.id, {
    ...m,
    status: 'superseded',
    ...(by ? { supersededBy: by.id } : {}),
    supersededAt: why.at,
    updatedAt: why.now,
  });
  out.history.push({
    memoryId: m.id,
    at: why.now,
    action: 'superseded',
    actor: 'extraction',
    ...(by ? { relatedId: by.id } : {}),
    before: m.text,
    after: why.by.text,
  });
  out.report.changes.push({ kind: 'END', memoryId: m.id, text: m.text });
}

/** How many memories the words of an operation's target may bring (./operations.ts `named`). */
const TARGET_CANDIDATES = 50;

/**
 * The bucket's memories an operation may act on: those of its slot and of the slots it makes
 * stale (the slot index), and those its target's words find in the lexical index.
 */
function operands(s: EngineState, c: Candidate, bucket: string): Memory[] {
  const out = new Map<string, Memory>();
  const index = s.slotIndex();
  for (const slot of c.slot ? [c.slot, ...(ENDS_WITH[c.slot] ?? [])] : [])
    for (const m of index.get(slot) ?? []) if (m.bucket === bucket) out.set(m.id, m);
  if (c.target) {
    const inBucket = (id: string) => {
      const m = id.startsWith(EPISODE_PREFIX) ? undefined : s.memories.get(id);
      return m?.bucket === bucket;
    };
    // Each word's shorter roots too ("weight" finds "weighs"): `named` decides after.
    const roots = wordsOf(c.target).flatMap((w) =>
      w.length >= 6 ? [w, w.slice(0, -1), w.slice(0, -2)] : [w],
    );
    for (const h of s.lexical.search(roots.join(' '), TARGET_CANDIDATES, inBucket)) {
      const m = s.memories.get(h.id);
      if (m) out.set(m.id, m);
    }
    // A request to forget may name its fact by another form of the word ("the pregnancy
    // thing" for "User is pregnant"), which the index keeps under another stem: the bucket's
    // active memories that hold the word's first letters are read too. Such requests are rare.
    if (opOf(c) === 'forget' && !named(c.target, [...out.values()]).length) {
      const starts = wordsOf(c.target)
        .filter((w) => w.length >= 6 && foldTerm(w))
        .map((w) => w.slice(0, 5).toLowerCase());
      if (starts.length) {
        // The current memories of the bucket (the mask leaves turns out by default).
        const mask = s.table.mask({ buckets: [bucket] });
        for (let row = 0; row < mask.length; row++) {
          if (mask[row] !== 1) continue;
          const m = s.memories.get(s.table.idAt(row));
          const text = m?.text.toLowerCase();
          if (m && text && starts.some((p) => text.includes(p))) out.set(m.id, m);
        }
      }
    }
  }
  return [...out.values()];
}

/**
 * Applies the operations the candidates imply (./operations.ts) to the bucket's active
 * memories: `end` retires them (kept as history), `correct` and `forget` remove them, and a
 * forget also cuts what they said out of their source turns. Returns the candidates that are
 * not stored themselves and the turns whose text was cut.
 */
function applyOperations(
  s: EngineState,
  candidates: readonly Candidate[],
  bucket: string,
  observedAt: number,
  now: number,
  out: {
    changed: Map<string, Memory>;
    removed: string[];
    history: HistoryRow[];
    report: IngestReport;
  },
): { candidates: Set<number>; touched: Map<string, Episode> } {
  const skip = new Set<number>();
  const touched = new Map<string, Episode>();
  for (const [i, c] of candidates.entries()) {
    const op = opOf(c);
    if (op === 'add' || op === 'plan' || (op === 'set' && !(c.slot && ENDS_WITH[c.slot]))) continue;
    const current = operands(s, c, bucket)
      .filter((m) => !out.removed.includes(m.id))
      .map((m) => out.changed.get(m.id) ?? m)
      .filter((m) => m.status === 'active');
    const effect = effectOf(c, current);
    for (const m of effect.end) endAsHistory(out, m, { at: observedAt, now, by: c });
    for (const m of effect.remove) {
      out.removed.push(m.id);
      out.changed.delete(m.id);
      out.history.push({ memoryId: m.id, at: now, action: 'deleted', actor: 'extraction' });
      out.report.changes.push({ kind: 'DELETE', memoryId: m.id, text: m.text });
      // What was forgotten or said wrongly leaves its source turns too.
      if (op !== 'forget' && op !== 'correct') continue;
      for (const key of m.provenance.flatMap(provKeys)) {
        const e = touched.get(key) ?? s.episodes.get(key);
        if (!e) continue;
        const cut = exciseStatements(e.text, [m.text], effect.words);
        if (cut.removed) touched.set(key, { ...e, text: cut.text });
      }
    }
    // "forget what I told you about my credit card debt": the user's turns that said it go
    // too, where no memory was made of it.
    if (op === 'forget' && c.target) forgetInTurns(s, c.target, bucket, touched);
    if (!effect.store) skip.add(i);
  }
  return { candidates: skip, touched };
}

/**
 * Cuts what an in-chat forget names out of the bucket's stored user turns: each sentence that
 * holds at least half of the target's content words (exciseStatements with the target as the
 * statement).
 */
function forgetInTurns(
  s: EngineState,
  target: string,
  bucket: string,
  touched: Map<string, Episode>,
): void {
  const userTurn = (id: string) => {
    if (!id.startsWith(EPISODE_PREFIX)) return false;
    const e = s.episodes.get(id.slice(EPISODE_PREFIX.length));
    return e?.bucket === bucket && e.role === 'user';
  };
  for (const h of s.lexical.search(target, TARGET_CANDIDATES, userTurn)) {
    const key = h.id.slice(EPISODE_PREFIX.length);
    const e = touched.get(key) ?? s.episodes.get(key);
    if (!e) continue;
    const cut = exciseStatements(e.text, [target]);
    if (cut.removed) touched.set(key, { ...e, text: cut.text });
  }
}

/**
 * Commits a plan and mirrors it in the in-memory indexes (only after the commit, so they
 * never hold what the store refused).
 */
export async function applyIngest(
  s: EngineState,
  plan: IngestPlan,
  opts: IngestOptions,
): Promise<IngestReport> {
  const { report, write } = plan;
  const { store } = s.env;
  if (!write) {
    if (opts.queueSeq !== undefined) await store.dropQueued(opts.queueSeq);
    return report;
  }
  const refused = await store.commitIngest(write);
  // A forget got there first (the turn was still queued, or is re-read after a reload).
  if (refused) {
    if (refused === 'forgotten') s.forgotten.add(report.episodeKey);
    return { ...report, status: refused, changes: [] };
  }
  for (const id of write.removeMemories ?? []) {
    s.memories.delete(id);
    s.unindex(id);
  }
  for (const r of write.vectors) s.vectors.set(r.id, r.v);
  const episode = write.episode!;
  s.episodes.set(episode.key, episode);
  s.indexEpisode(episode);
  for (const e of write.touchEpisodes ?? []) {
    const before = s.episodes.get(e.key);
    s.episodes.set(e.key, e);
    // An answer marked agreed keeps its words: its index entries stay as they are.
    if (before?.text !== e.text) s.indexEpisode(e);
  }
  // Superseded memories stay indexed: history and "as of" searches still find them.
  for (const m of write.memories) {
    s.memories.set(m.id, m);
    s.indexMemory(m);
  }
  return report;
}

function newMemory(
  s: EngineState,
  cand: Candidate,
  bucket: string,
  observedAt: number,
  now: number,
  provenance: Provenance,
): Memory {
  return {
    id: s.newId(),
    text: cand.text.slice(0, MAX_MEMORY_TEXT),
    kind: cand.kind,
    bucket,
    observedAt,
    ...(cand.eventAt ? { eventAt: cand.eventAt } : {}),
    createdAt: now,
    updatedAt: now,
    status: 'active',
    pinned: false,
    entities: cand.entities,
    ...(cand.slot ? { slot: cand.slot } : {}),
    provenance: [provenance],
  };
}

/** Active memories of a bucket near a vector, plus lexical matches of `text` when given. */
export function nearestActive(
  s: EngineState,
  v: Float32Array,
  bucket: string,
  k: number,
  text?: string,
): Neighbour[] {
  const allow = (id: string) => {
    const m = s.memories.get(id);
    return !!m && m.status === 'active' && m.bucket === bucket;
  };
  const out = new Map<string, Neighbour>();
  for (const h of s.onVectorIndex((ix) => ix.search(v, k, allow, [FACTS_PART])))
    out.set(h.id, { memory: s.memories.get(h.id)!, cosine: h.score });
  if (text) {
    for (const h of s.lexical.search(text, k, allow)) {
      if (out.has(h.id)) continue;
      const mv = s.vectors.get(h.id);
      out.set(h.id, { memory: s.memories.get(h.id)!, cosine: mv ? dot(v, mv) : 0 });
    }
  }
  return [...out.values()];
}
