/**
 * The memory engine: ingest → extract → decide → embed → store → index; search → rank →
 * explain; edit, pin, forget, history. It does not know it lives in an extension: the store,
 * embedder, extractor, vector index, redaction and clock come in through `EngineEnv`, so the
 * same code runs under vitest, in the Node benchmarks and in the service worker.
 *
 * @example
 * const engine = new MemoryEngine({ store, embedder, extractor, redact, clock: systemClock });
 * await engine.init();
 * await engine.ingest(turn, 'site:chatgpt');
 * const hits = await engine.search('what do I eat?', { buckets: ['site:chatgpt'] });
 */
import { stripMemoryBlock } from '../inject/marker';
import { LEXICAL_VERSION, LexicalIndex, queryTerms } from '../search/lexical';
import { ExactIndex, PartitionedIndex, type IdFilter, type VectorIndex } from '../search/vector';
import { dateMatch, queryDates, type DateRange } from '../search/when';
import { episodeKey, type QueueRecord, type VectorRecord } from '../store/db';
import { LazyMap } from '../store/lazy';
import type { MemoryStore } from '../store/store';
import {
  FACTS_PART,
  fingerprintOf,
  LEXICAL_SNAPSHOT_KEY,
  prepareStart,
  stampsOf,
  vectorPartOf,
  type LexicalSnapshot,
  type PreparedStart,
} from './start';
import { decide, type Neighbour } from './decide';
import { planImport, type ImportSummary } from '../io/plan';
import {
  DEFAULT_WEIGHTS,
  fuse,
  relevance,
  scoreParts,
  voiceFactor,
  type RankWeights,
} from './rank';
import { voiceOf, type Voice } from './voice';
import { statesSomething, type EpisodeHead, type MemoryHead } from './head';
import type {
  Actor,
  CapturedTurn,
  Candidate,
  Clock,
  DecisionKind,
  Embedder,
  Episode,
  Extractor,
  HistoryRow,
  Memory,
  Provenance,
  SearchFilters,
  ScoreParts,
  SearchHit,
} from './types';
import { EPISODE_ID_PREFIX } from './types';

export interface EngineEnv {
  store: MemoryStore;
  embedder: Embedder;
  extractor: Extractor;
  clock: Clock;
  /** Secret redaction applied to every turn before anything is stored. */
  redact: (text: string) => string;
  /** Builds an empty vector index (exact scan by default; Voy where chosen). */
  vectorIndex?: (dims: number) => VectorIndex;
  weights?: RankWeights;
  newId?: () => string;
  /**
   * Save a snapshot of the lexical index this long after the last change (off when absent).
   * At start-up a snapshot whose version and fingerprint match the store is loaded instead
   * of re-indexing every text; any disagreement rebuilds from the store.
   */
  snapshotDelayMs?: number;
  /** Called at each step of `init()` (the service worker's start-up timings). */
  mark?: (step: string) => void;
  /**
   * The store already read for this engine's start (`prepareStart`, begun while the
   * embedder loads); read by `init()` when absent.
   */
  start?: Promise<PreparedStart>;
}

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
  /** What happened to each candidate. */
  changes: { kind: DecisionKind; memoryId: string; text: string }[];
}

export type ForgetScope =
  | { type: 'memory'; id: string }
  | { type: 'conversation'; site: string; conversationId: string }
  | { type: 'site'; site: string }
  | { type: 'bucket'; bucket: string }
  | { type: 'all' };

export interface SearchOptions extends SearchFilters {
  limit?: number;
  /** Drop hits whose query relevance (similarity and keywords only) is below this. */
  minRelevance?: number;
}

export class MemoryNotFoundError extends Error {
  constructor(id: string) {
    super(`No memory with id ${id}: it may have been deleted. Refresh the list.`);
    this.name = 'MemoryNotFoundError';
  }
}

export class InvalidInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

const EPISODE_PREFIX = EPISODE_ID_PREFIX;
/**
 * How many of the best lexical matches that may not be returned themselves (turns of a role
 * the search leaves out) still bring their neighbours in as candidates.
 */
const CONTEXT_SEEDS = 20;

/**
 * The most item changes the log keeps for remembered filter verdicts; past it the log starts
 * again, and an index that last searched before then asks about every item again.
 */
const CHANGE_LOG_MAX = 4096;

const MAX_MEMORY_TEXT = 2000;

/** FNV-1a, 32-bit: tells an edited turn from a re-capture of the same text. */
export function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function isoDate(ms: number): string {
  // A time out of Date's range (an imported 1e300) must not stop indexing: it would fail
  // every start of the engine after the record is stored.
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10);
}

export class MemoryEngine {
  /** Loaded from the store's start image: an item is parsed when first read. */
  private memories = new LazyMap<Memory, MemoryHead>();
  private episodes = new LazyMap<Episode, EpisodeHead>();
  private vectors = new Map<string, Float32Array>();
  /** Episode keys of forgotten turns: never ingested again (the store has the full list). */
  private readonly forgotten = new Set<string>();
  private vindex: PartitionedIndex;
  private lexical = new LexicalIndex();
  private snapshotTimer: ReturnType<typeof setTimeout> | undefined;
  /** How the lexical index was made at start-up (for tests and the benchmarks). */
  lexicalSource: 'snapshot' | 'caughtUp' | 'rebuilt' | undefined;
  private readonly weights: RankWeights;
  private readonly newId: () => string;
  private chain: Promise<unknown> = Promise.resolve();
  private initialised = false;
  private initP: Promise<void> | undefined;
  /** `env.start`, until `init()` takes it. */
  private given: Promise<PreparedStart> | undefined;

  constructor(private readonly env: EngineEnv) {
    this.weights = env.weights ?? DEFAULT_WEIGHTS;
    this.newId = env.newId ?? (() => `m_${crypto.randomUUID()}`);
    this.vindex = this.newVectorIndex(env.vectorIndex ?? ((d) => new ExactIndex(d)));
    this.given = env.start;
    this.watchChanges();
  }

  /** Facts and raw turns in separate parts: fact-only searches scan the facts alone. */
  private newVectorIndex(make: (dims: number) => VectorIndex): PartitionedIndex {
    const d = this.env.embedder.dims;
    return new PartitionedIndex(vectorPartOf, [make(d), make(d)]);
  }

  /** Why the chosen vector index was replaced by the exact scan, if it was. */
  vectorIndexFallback: string | undefined;

  /** The vector index in use ('exact', 'voy'). */
  get vectorIndexName(): string {
    return this.vindex.name;
  }

  /**
   * Runs `op` on the vector index. Should a chosen index other than the exact scan fail (Voy
   * traps inside its WebAssembly at ~30k vectors in Chromium), the exact scan is built from
   * the engine's vectors, `op` runs on it, and `vectorIndexFallback` says why: one failed
   * index costs the user neither a search nor a stored memory.
   */
  private onVectorIndex<T>(op: (index: PartitionedIndex) => T): T {
    try {
      return op(this.vindex);
    } catch (err) {
      if (this.vindex.name === 'exact') throw err;
      const why = err instanceof Error ? err.message : String(err);
      this.vectorIndexFallback = `The ${this.vindex.name} index failed (${why}); the exact scan is used instead.`;
      this.vindex = this.newVectorIndex((d) => new ExactIndex(d));
      for (const [id, v] of this.vectors) this.vindex.upsert(id, v);
      return op(this.vindex);
    }
  }

  get embedder(): Embedder {
    return this.env.embedder;
  }

  /** Loads the store into the in-memory indexes. Idempotent; concurrent calls share it. */
  init(): Promise<void> {
    this.initP ??= this.load().catch((err: unknown) => {
      this.initP = undefined;
      throw err;
    });
    return this.initP;
  }

  private async load(): Promise<void> {
    const { store, embedder, mark } = this.env;
    const given = this.given;
    this.given = undefined; // used once: a failed start reads the store again
    const start = await (given ?? prepareStart(store, mark));
    for (const k of start.forgotten) this.forgotten.add(k);
    this.memories = start.memories;
    this.episodes = start.episodes;
    this.convCache = undefined;
    this.watchChanges();
    const model = embedder.id;
    const packed = start.vectors.get(model);
    if (packed && packed.dims === embedder.dims) {
      this.vectors = packed.byId;
      this.onVectorIndex((ix) => ix.loadParts(packed.parts));
    }
    const missing: { id: string; text: string }[] = [];
    // The packed vectors are items' own (a start leaves orphans out), one per id: as many as
    // there are items means none is missing, and 30,000 lookups are skipped.
    const complete =
      packed?.dims === embedder.dims &&
      packed.byId.size === this.memories.size + this.episodes.size;
    if (!complete) {
      for (const id of this.memories.keys())
        if (!this.vectors.has(id)) missing.push({ id, text: this.memories.get(id)!.text });
      for (const key of this.episodes.keys())
        if (!this.vectors.has(EPISODE_PREFIX + key))
          missing.push({ id: EPISODE_PREFIX + key, text: this.episodes.get(key)!.text });
    }
    if (missing.length) {
      // Vectors of another model (or lost ones) are recomputed: the store stays the truth.
      const vs = await embedder.embed(missing.map((m) => m.text));
      const recs: VectorRecord[] = missing.map((m, i) => ({ id: m.id, model, v: vs[i]! }));
      for (const r of recs) {
        this.vectors.set(r.id, r.v);
        this.onVectorIndex((ix) => ix.upsert(r.id, r.v));
      }
      await store.commitIngest({ memories: [], vectors: recs, history: [] });
    }
    mark?.('vectorsLoaded');
    const restored = !!start.lexical;
    const stale = restored ? start.lexicalStale : undefined;
    if (start.lexical) {
      this.lexical = start.lexical;
      // A snapshot saved before the last writes: only what changed since is indexed again.
      for (const id of stale?.remove ?? []) this.lexical.remove(id);
      for (const id of stale?.upsert ?? []) {
        const e = id.startsWith(EPISODE_PREFIX)
          ? this.episodes.get(id.slice(EPISODE_PREFIX.length))
          : undefined;
        const m = e ? undefined : this.memories.get(id);
        if (e) this.indexEpisode(e, true, false);
        else if (m) this.indexMemory(m, true, false);
      }
    } else {
      for (const m of this.memories.values()) this.indexMemory(m, true, false);
      for (const e of this.episodes.values()) this.indexEpisode(e, true, false);
    }
    this.lexicalSource = !restored ? 'rebuilt' : stale ? 'caughtUp' : 'snapshot';
    mark?.('indexed');
    this.initialised = true;
    if ((!restored || stale) && this.env.snapshotDelayMs !== undefined) this.scheduleSnapshot();
    // The image was out of step (or missing): the next start reads it again.
    if (!start.fromImage) void store.rebuildImage().catch(() => undefined);
  }

  /**
   * Runs mutations one at a time, in order, so concurrent callers never interleave. While one
   * runs, no filter verdict is remembered (see `filterFn`). A mutation that is not `tracked`
   * also moves the epoch on at its start and end, so every remembered verdict is forgotten;
   * a tracked one (a captured turn, a snapshot) changes items only through the maps, whose
   * changes the log lists, so only the verdicts of the items it changed are asked again.
   */
  private exclusive<T>(fn: () => Promise<T>, tracked = false): Promise<T> {
    const guarded = async () => {
      this.mutating++;
      if (!tracked) this.epoch++;
      try {
        return await fn();
      } finally {
        this.mutating--;
        if (!tracked) this.epoch++;
      }
    };
    const run = this.chain.then(guarded, guarded);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private indexMemory(m: Memory, lexical = true, vector = true): void {
    const v = vector ? this.vectors.get(m.id) : undefined;
    if (v) this.onVectorIndex((ix) => ix.upsert(m.id, v));
    if (this.initialised) this.scheduleSnapshot();
    if (!lexical) return;
    this.lexical.upsert({
      id: m.id,
      text: m.text,
      extra: [...m.entities, isoDate(m.observedAt), m.eventAt ? isoDate(m.eventAt) : ''].join(' '),
    });
  }

  private indexEpisode(e: Episode, lexical = true, vector = true): void {
    const id = EPISODE_PREFIX + e.key;
    const v = vector ? this.vectors.get(id) : undefined;
    if (v) this.onVectorIndex((ix) => ix.upsert(id, v));
    if (this.initialised) this.scheduleSnapshot();
    if (!lexical) return;
    this.lexical.upsert({ id, text: e.text, extra: isoDate(e.observedAt) });
  }

  /** What the lexical index was built from (see `fingerprintOf`). */
  private fingerprint(): string {
    return fingerprintOf(this.memories, this.episodes);
  }

  private scheduleSnapshot(): void {
    const delay = this.env.snapshotDelayMs;
    if (delay === undefined) return;
    if (this.snapshotTimer) clearTimeout(this.snapshotTimer);
    this.snapshotTimer = setTimeout(() => void this.saveSnapshot().catch(() => undefined), delay);
  }

  /** Removes the saved snapshot: it holds words of text that was just edited away. */
  private async dropSnapshot(): Promise<void> {
    await this.env.store.setMeta(LEXICAL_SNAPSHOT_KEY, null);
  }

  /**
   * Persists the lexical index, packed (no word of a removed text in it), with its version
   * and the fingerprint of what it indexes.
   */
  saveSnapshot(): Promise<void> {
    return this.exclusive(async () => {
      if (this.snapshotTimer) clearTimeout(this.snapshotTimer);
      this.snapshotTimer = undefined;
      const image = this.lexical.toImage();
      const snap: LexicalSnapshot = {
        version: LEXICAL_VERSION,
        fingerprint: this.fingerprint(),
        image,
        stamps: stampsOf(image.ids, this.memories, this.episodes),
      };
      await this.env.store.setMeta(LEXICAL_SNAPSHOT_KEY, snap);
    }, true);
  }

  private unindex(id: string): void {
    if (this.initialised) this.scheduleSnapshot();
    this.onVectorIndex((ix) => ix.remove(id));
    this.lexical.remove(id);
    this.vectors.delete(id);
  }

  // --- ingestion ---------------------------------------------------------------------

  ingest(turn: CapturedTurn, bucket: string, opts: IngestOptions = {}): Promise<IngestReport> {
    return this.exclusive(() => this.ingestNow(turn, bucket, opts), true);
  }

  private async ingestNow(
    turn: CapturedTurn,
    bucket: string,
    opts: IngestOptions,
  ): Promise<IngestReport> {
    await this.init();
    const { store, embedder, clock } = this.env;
    const key = episodeKey(turn.site, turn.conversationId, turn.turnId);
    const text = this.env.redact(stripMemoryBlock(turn.text)).trim();
    const report: IngestReport = { status: 'stored', episodeKey: key, changes: [] };
    if (this.forgotten.has(key)) {
      if (opts.queueSeq !== undefined) await store.dropQueued(opts.queueSeq);
      return { ...report, status: 'forgotten' };
    }
    if (!text) {
      if (opts.queueSeq !== undefined) await store.dropQueued(opts.queueSeq);
      return { ...report, status: 'empty' };
    }
    const textHash = hashText(text);
    const prev = this.episodes.get(key);
    if (prev && prev.textHash === textHash) {
      if (opts.queueSeq !== undefined) await store.dropQueued(opts.queueSeq);
      return { ...report, status: 'duplicate' };
    }
    const now = clock.now();
    const model = embedder.id;
    const history: HistoryRow[] = [];
    const changed = new Map<string, Memory>();
    const removed: string[] = [];

    // An edited turn: what came only from its old text goes; shared facts lose this source.
    if (prev) {
      for (const m of this.memories.values()) {
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

    // The conversation's earlier turns from the store's index (not a scan of every turn).
    const context = (await store.episodesOfConversation(turn.site, turn.conversationId))
      .filter((e) => e.observedAt <= turn.observedAt && e.key !== key)
      .sort((a, b) => a.observedAt - b.observedAt)
      .slice(-4);
    const similar = this.nearestActive(ev!, bucket, 5).map((n) => n.memory);
    const result = await this.env.extractor.extract({
      turn: { ...turn, text: withoutQuotedMaterial(text) },
      context,
      similar,
      ...(opts.userName ? { userName: opts.userName } : {}),
    });

    const candidates = result.candidates.filter(
      (c) => c.text.trim() && !c.text.includes('[redacted'),
    );
    const cvs = await embedder.embed(candidates.map((c) => c.text));
    const provenance: Provenance = {
      site: turn.site,
      conversationId: turn.conversationId,
      url: turn.url,
      turnIds: [turn.turnId],
      role: turn.role,
    };
    const fresh: { memory: Memory; v: Float32Array }[] = [];

    const phraseSimilarity = async (a: string, b: string) => {
      const [va, vb] = await embedder.embed([a, b]);
      return dot(va!, vb!);
    };
    for (const [i, cand] of candidates.entries()) {
      const cv = cvs[i]!;
      const given = result.decisions?.find((d) => d.candidate === cand);
      const neighbours = [
        ...this.nearestActive(cv, bucket, 8, cand.text),
        ...fresh.map((f) => ({ memory: f.memory, cosine: dot(cv, f.v) })),
      ]
        .filter((n) => !removed.includes(n.memory.id))
        .map((n) => ({ ...n, memory: changed.get(n.memory.id) ?? n.memory }));
      const d = given
        ? { kind: given.kind, targetId: given.targetId }
        : await decide(cand, neighbours, phraseSimilarity);
      const target = d.targetId
        ? (changed.get(d.targetId) ??
          fresh.find((f) => f.memory.id === d.targetId)?.memory ??
          this.memories.get(d.targetId))
        : undefined;
      const kind: DecisionKind = target || d.kind === 'ADD' ? d.kind : 'ADD';

      if (kind === 'ADD' || kind === 'SUPERSEDE') {
        const m = this.newMemory(cand, bucket, turn.observedAt, now, provenance);
        if (kind === 'SUPERSEDE' && target) {
          m.supersedes = target.id;
          const old: Memory = {
            ...target,
            status: 'superseded',
            supersededBy: m.id,
            supersededAt: turn.observedAt,
            updatedAt: now,
          };
          changed.set(old.id, old);
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
        report.changes.push({ kind, memoryId: target.id, text: updated.text });
      }
    }

    const written = [...changed.values(), ...fresh.map((f) => f.memory)];
    const refused = await store.commitIngest({
      episode,
      memories: written,
      vectors: vectorRecs,
      history,
      removeMemories: removed,
      ...(opts.queueSeq !== undefined ? { queueSeq: opts.queueSeq } : {}),
    });
    // A forget got there first (the turn was still queued, or is re-read after a reload).
    if (refused) {
      if (refused === 'forgotten') this.forgotten.add(key);
      return { ...report, status: refused, changes: [] };
    }

    // Only after the commit: the in-memory indexes mirror what is stored.
    for (const id of removed) {
      this.memories.delete(id);
      this.unindex(id);
    }
    for (const r of vectorRecs) this.vectors.set(r.id, r.v);
    this.episodes.set(key, episode);
    this.indexEpisode(episode);
    // Superseded memories stay indexed: history and "as of" searches still find them.
    for (const m of written) {
      this.memories.set(m.id, m);
      this.indexMemory(m);
    }
    return report;
  }

  private newMemory(
    cand: Candidate,
    bucket: string,
    observedAt: number,
    now: number,
    provenance: Provenance,
  ): Memory {
    return {
      id: this.newId(),
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
  private nearestActive(v: Float32Array, bucket: string, k: number, text?: string): Neighbour[] {
    const allow = (id: string) => {
      const m = this.memories.get(id);
      return !!m && m.status === 'active' && m.bucket === bucket;
    };
    const out = new Map<string, Neighbour>();
    for (const h of this.onVectorIndex((ix) => ix.search(v, k, allow, [FACTS_PART])))
      out.set(h.id, { memory: this.memories.get(h.id)!, cosine: h.score });
    if (text) {
      for (const h of this.lexical.search(text, k, allow)) {
        if (out.has(h.id)) continue;
        const mv = this.vectors.get(h.id);
        out.set(h.id, { memory: this.memories.get(h.id)!, cosine: mv ? dot(v, mv) : 0 });
      }
    }
    return [...out.values()];
  }

  // --- search ------------------------------------------------------------------------

  async search(query: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
    await this.init();
    const q = query.trim();
    if (!q) return [];
    const limit = Math.max(1, Math.min(opts.limit ?? 10, 200));
    const minRelevance = opts.minRelevance ?? 0.01;
    const [qv] = await this.env.embedder.embed([q]);
    const allow = this.filterFn(opts);
    // Turns that may not be returned (the assistant's, when only the user's are asked for)
    // still count as context for their neighbours: an answer ranks with its question.
    const allowContext =
      opts.episodeRoles || opts.statementsOnly
        ? this.filterFn({ ...opts, episodeRoles: undefined, statementsOnly: false })
        : allow;
    const k = Math.max(50, limit * 5);
    const vh = this.onVectorIndex((ix) =>
      ix.search(qv!, k, allow, opts.includeEpisodes ? undefined : [FACTS_PART]),
    );
    const lh = this.lexical.search(q, k * 2, allowContext);
    const bm25 = new Map(lh.map((h) => [h.id, h.score]));
    const qTerms = queryTerms(q);
    const coverage = new Map(
      lh.map((h) => [
        h.id,
        qTerms.length ? h.terms.filter((t) => qTerms.includes(t)).length / qTerms.length : 0,
      ]),
    );
    const ids = new Set([
      ...vh.map((h) => h.id),
      ...lh.filter((h) => allow(h.id)).map((h) => h.id),
    ]);
    const now = opts.asOf ?? this.env.clock.now();
    // A date the query names: items of that day join the candidates, and every item's time
    // is matched against it.
    const dates = queryDates(q, this.env.clock.now());
    if (dates.some((d) => d.grain === 'day'))
      for (const id of this.onDates(dates, allow)) ids.add(id);
    const when = dates.length
      ? (id: string) => dateMatch(this.timesOf(id), dates)
      : () => undefined;
    const cosineOf = (id: string) => {
      const v = this.vectors.get(id);
      return v ? dot(qv!, v) : 0;
    };
    /** A raw turn's score parts (the same for a candidate and for a neighbour as context). */
    const episodeParts = (id: string, e: Episode): ScoreParts => {
      const parts = scoreParts(
        {
          cosine: cosineOf(id),
          bm25: bm25.get(id) ?? 0,
          coverage: coverage.get(id) ?? 0,
          observedAt: e.observedAt,
          pinned: false,
          when: when(id),
        },
        now,
        this.weights,
      );
      const v = this.voice(e);
      parts.asks = v.asks;
      parts.self = v.self;
      return parts;
    };
    const hits: SearchHit[] = [];
    for (const id of ids) {
      if (id.startsWith(EPISODE_PREFIX)) {
        const e = this.episodes.get(id.slice(EPISODE_PREFIX.length));
        if (!e) continue;
        const parts = episodeParts(id, e);
        const score = fuse(parts, this.weights) * this.weights.episodeFactor;
        hits.push(episodeHit(id, e, parts, score * voiceFactor(parts, this.weights)));
      } else {
        const m = this.memories.get(id);
        if (!m) continue;
        const parts = scoreParts(
          {
            cosine: cosineOf(id),
            bm25: bm25.get(id) ?? 0,
            coverage: coverage.get(id) ?? 0,
            observedAt: m.observedAt,
            pinned: m.pinned,
            kind: m.kind,
            when: when(id),
          },
          now,
          this.weights,
        );
        hits.push({
          type: 'memory',
          id,
          text: m.text,
          score: fuse(parts, this.weights),
          parts,
          memory: m,
          provenance: m.provenance,
        });
      }
    }
    // Turns kept out of the results but matching the query's words (the assistant's "how
    // long have you had them?") still bring their neighbours in as candidates: the user's
    // answer right after them ("three years now") shares no word with the query.
    const contextOnly =
      opts.includeEpisodes && allowContext !== allow
        ? lh
            // (`ids` holds every lexical match the search may return: asked once, above)
            .filter((h) => h.id.startsWith(EPISODE_PREFIX) && !ids.has(h.id))
            .slice(0, CONTEXT_SEEDS)
            .map((h) => h.id)
        : [];
    const lifted = opts.includeEpisodes
      ? this.withNeighbourContext(hits, episodeParts, allow, allowContext, contextOnly)
      : new Set<string>();
    const ranked = hits
      .filter((h) => lifted.has(h.id) || relevance(h.parts, this.weights) >= minRelevance)
      .sort((a, b) => b.score - a.score);
    return (opts.includeEpisodes ? this.collapseBySource(ranked) : ranked).slice(0, limit);
  }

  /** When an item was said, and when what it tells happened (facts with a date). */
  private timesOf(id: string): number[] {
    if (id.startsWith(EPISODE_PREFIX)) {
      const e = this.episodes.get(id.slice(EPISODE_PREFIX.length));
      return e ? [e.observedAt] : [];
    }
    const m = this.memories.get(id);
    if (!m) return [];
    return m.eventAt !== undefined ? [m.observedAt, m.eventAt] : [m.observedAt];
  }

  /** Ids of the allowed items said (or, for facts, dated) within the named days. */
  private onDates(dates: readonly DateRange[], allow: (id: string) => boolean): string[] {
    const days = dates.filter((d) => d.grain === 'day');
    const out: string[] = [];
    for (const m of this.memories.values())
      if (dateMatch(this.timesOf(m.id), days) === 1 && allow(m.id)) out.push(m.id);
    for (const e of this.episodes.values()) {
      const id = EPISODE_PREFIX + e.key;
      if (dateMatch([e.observedAt], days) === 1 && allow(id)) out.push(id);
    }
    return out;
  }

  /**
   * One slot per piece of evidence (searches with episodes): a fact whose source turns are
   * all behind better-ranked hits already (the raw turn it came from, or another fact from
   * that turn) adds nothing new to the block, so it is dropped. Raw turns are never dropped
   * (they hold the user's own words, facts only a part of them); facts-only searches (the
   * memory list) keep every fact.
   */
  private collapseBySource(ranked: SearchHit[]): SearchHit[] {
    const seen = new Set<string>();
    const out: SearchHit[] = [];
    for (const h of ranked) {
      const keys = h.provenance.flatMap((p) =>
        p.turnIds.map((t) => `${p.site}|${p.conversationId}|${t}`),
      );
      if (h.type === 'memory' && keys.length && keys.every((k) => seen.has(k))) continue;
      for (const k of keys) seen.add(k);
      out.push(h);
    }
    return out;
  }

  /**
   * Neighbour turns as context (search only): an episode's score gains a share of the
   * scores of the turns just before and after it in its conversation (and a smaller share of
   * those two away), so the answer to a
   * question ranks with the question's words. Neighbours not among the candidates join
   * them, both the neighbours of the candidates and those of `contextOnly` (matching turns
   * the search may not return, such as the assistant's question before the user's answer).
   * Returns the ids whose rank comes from a relevant neighbour (kept by the filter).
   */
  private withNeighbourContext(
    hits: SearchHit[],
    episodeParts: (id: string, e: Episode) => ScoreParts,
    allow: (id: string) => boolean,
    allowContext: (id: string) => boolean = allow,
    contextOnly: readonly string[] = [],
  ): Set<string> {
    const lifted = new Set<string>();
    const { contextBefore, contextAfter, contextFar, episodeFactor } = this.weights;
    if (!contextBefore && !contextAfter) return lifted;
    const own = new Map<string, { score: number; rel: number }>();
    const byId = new Map(hits.map((h) => [h.id, h]));
    const ownOf = (id: string) => {
      let o = own.get(id);
      if (!o) {
        const h = byId.get(id);
        const e = h ? undefined : this.episodes.get(id.slice(EPISODE_PREFIX.length));
        const parts = h?.parts ?? (e ? episodeParts(id, e) : undefined);
        o = parts
          ? { score: fuse(parts, this.weights), rel: relevance(parts, this.weights) }
          : { score: 0, rel: 0 };
        own.set(id, o);
      }
      return o;
    };
    const seeds = [...hits.filter((h) => h.type === 'episode').map((h) => h.id), ...contextOnly];
    for (const sid of seeds) {
      const at = this.positionOf(sid);
      if (!at) continue;
      for (const nid of [at.list[at.i - 1], at.list[at.i + 1]]) {
        if (!nid || byId.has(nid) || !allow(nid)) continue;
        const e = this.episodes.get(nid.slice(EPISODE_PREFIX.length));
        if (!e) continue;
        const nh = episodeHit(nid, e, episodeParts(nid, e), 0);
        hits.push(nh);
        byId.set(nid, nh);
      }
    }
    for (const h of hits) {
      if (h.type !== 'episode') continue;
      const at = this.positionOf(h.id);
      const ctx = (d: number) => {
        const nid = at?.list[at.i + d];
        return nid && (byId.has(nid) || allowContext(nid)) ? ownOf(nid) : undefined;
      };
      const b = ctx(-1);
      const a = ctx(1);
      const self = ownOf(h.id);
      const far = contextFar
        ? contextFar * (contextBefore * (ctx(-2)?.score ?? 0) + contextAfter * (ctx(2)?.score ?? 0))
        : 0;
      // The voice prior scales the turn's own rank, not what it lends its neighbours: a
      // question is poor memory but good context for the answer after it.
      h.score =
        (self.score + contextBefore * (b?.score ?? 0) + contextAfter * (a?.score ?? 0) + far) *
        episodeFactor *
        voiceFactor(h.parts, this.weights);
      if (Math.max(b?.rel ?? 0, a?.rel ?? 0) > self.rel) lifted.add(h.id);
    }
    return lifted;
  }

  /**
   * Episode order per conversation, built for a conversation when a search first needs it.
   * `groups` are the episode keys by their first two parts (`site|conversation`), read from
   * the keys alone, so a start parses no other episode. Both follow the episode map's
   * changes (`convChanged`): a captured turn rebuilds its own conversation's order only.
   */
  private convCache?: ConversationCache;

  /** An episode was set or deleted (`key`), or every one was (undefined). */
  private convChanged(key: string | undefined): void {
    const cache = this.convCache;
    if (!cache) return;
    const first = key?.indexOf('|') ?? -1;
    const cut = key && first >= 0 ? key.indexOf('|', first + 1) : -1;
    // A key whose conversation cannot be read from it alone: start again.
    if (key === undefined || cut < 0 || key.indexOf('|', cut + 1) >= 0) {
      this.convCache = undefined;
      return;
    }
    const g = key.slice(0, cut);
    cache.lists.delete(g);
    if (!cache.groups) return;
    const list = cache.groups.get(g);
    if (this.episodes.has(key)) {
      if (!list) cache.groups.set(g, [key]);
      else if (!list.includes(key)) list.push(key);
    } else if (list) {
      const i = list.indexOf(key);
      if (i >= 0) list.splice(i, 1);
      if (!list.length) cache.groups.delete(g);
    }
  }

  /** Where an episode sits in its conversation: time order, turn order for equal times. */
  private positionOf(id: string, retry = true): { list: string[]; i: number } | undefined {
    const e = this.episodes.get(id.slice(EPISODE_PREFIX.length));
    if (!e) return undefined;
    const cache: ConversationCache = (this.convCache ??= { lists: new Map() });
    const conv = `${e.site}|${e.conversationId}`;
    let list = cache.lists.get(conv);
    if (!list) {
      cache.groups ??= groupByConversation(this.episodes.keys());
      const keys = cache.groups.get(conv);
      let same: string[];
      if (keys?.every(isPlainKey)) {
        // Every key is `site|conversation|turn` with no other "|": the group is exactly the
        // conversation, and each turn's time is read from its head, the turn left unparsed.
        const at = (k: string) => this.episodes.peek(k)?.observedAt ?? 0;
        same = keys
          .map((k) => ({ k, t: at(k) }))
          .sort((x, y) => x.t - y.t)
          .map((x) => EPISODE_PREFIX + x.k);
      } else {
        // A "|" in a conversation or turn id makes the key ambiguous: read the turns (every
        // one when the conversation is not among the groups).
        same = (keys ? keys.map((k) => this.episodes.get(k)) : [...this.episodes.values()])
          .filter(
            (x): x is Episode => !!x && x.site === e.site && x.conversationId === e.conversationId,
          )
          .sort((x, y) => x.observedAt - y.observedAt)
          .map((x) => EPISODE_PREFIX + x.key);
      }
      list = { ids: same, at: new Map(same.map((x, i) => [x, i])) };
      cache.lists.set(conv, list);
    }
    const i = list.at.get(id);
    if (i !== undefined) return { list: list.ids, i };
    // Not where the cache says (it missed a change): rebuild once.
    if (retry) {
      this.convCache = undefined;
      return this.positionOf(id, false);
    }
    return undefined;
  }

  private voices = new Map<string, Voice>();

  /** How a turn speaks (cached per turn text): see `voiceOf`. */
  private voice(e: Episode): Voice {
    let v = this.voices.get(e.textHash);
    if (!v) {
      v = voiceOf(e.text);
      this.voices.set(e.textHash, v);
    }
    return v;
  }

  private statements = new Map<string, boolean>();

  /** Whether a turn has a sentence that is not a question (cached per turn text). */
  private statesSomething(e: Episode): boolean {
    let v = this.statements.get(e.textHash);
    if (v === undefined) this.statements.set(e.textHash, (v = statesSomething(e.text)));
    return v;
  }

  /** Cosine of texts to `query` under the engine's embedder (for choosing excerpts). */
  similarityTo(query: string): (text: string) => number {
    const embed = (t: string) => this.env.embedder.embedOne?.(t);
    const qv = embed(query);
    return (t) => {
      const v = qv && embed(t);
      return v ? dot(qv, v) : 0;
    };
  }

  /** Relevance of a hit to its query alone (0..1), for deciding whether to inject. */
  relevance(hit: SearchHit): number {
    return relevance(hit.parts, this.weights);
  }

  /** Mutations running now (`exclusive`). */
  private mutating = 0;
  /** Moved on by every change the log cannot list (an untracked mutation, a cleared map). */
  private epoch = 0;
  /** Index ids of the items changed through the maps, oldest first (see `filterFn`). */
  private changeLog: string[] = [];
  /** How many changes have been dropped from the front of the log. */
  private changeBase = 0;

  /** Makes the item maps report their changes to the log (again after a start swaps them). */
  private watchChanges(): void {
    const note = (id: string | undefined) => {
      if (id === undefined) {
        this.epoch++;
        return;
      }
      this.changeLog.push(id);
      if (this.changeLog.length > CHANGE_LOG_MAX) {
        this.changeBase += this.changeLog.length;
        this.changeLog = [];
      }
    };
    this.memories.onChange = note;
    this.episodes.onChange = (key) => {
      note(key === undefined ? key : EPISODE_PREFIX + key);
      this.convChanged(key);
    };
  }

  /**
   * Whether an item passes the filters. The function carries a key naming the filters and
   * the epoch, and the change log's length as its version: an index that meets the same key
   * again reuses the verdicts it remembered (by row or document number) and asks again only
   * about the items changed since (`changedSince`), instead of reading tens of thousands of
   * items after every captured turn. While a mutation runs no key is given, so a verdict is
   * never remembered from a state half-way through one.
   */
  private filterFn(f: SearchFilters): IdFilter {
    const check = this.checkFn(f);
    if (this.mutating) return check;
    const version = this.changeBase + this.changeLog.length;
    const changedSince = (v: number): readonly string[] | undefined =>
      v < this.changeBase || v > this.changeBase + this.changeLog.length
        ? undefined
        : this.changeLog.slice(v - this.changeBase);
    const key = JSON.stringify([
      this.epoch,
      f.buckets,
      f.kinds,
      f.sites,
      f.status,
      f.from,
      f.to,
      f.asOf,
      f.includeEpisodes,
      f.episodeRoles,
      f.statementsOnly,
    ]);
    return Object.assign(check, { key, version, changedSince });
  }

  private checkFn(f: SearchFilters): (id: string) => boolean {
    const buckets = f.buckets ? new Set(f.buckets) : undefined;
    const kinds = f.kinds ? new Set(f.kinds) : undefined;
    const sites = f.sites ? new Set<string>(f.sites) : undefined;
    return (id) => {
      // An item still in JSON is judged by its head (the same fields, read without parsing).
      if (id.startsWith(EPISODE_PREFIX)) {
        if (!f.includeEpisodes || kinds) return false;
        const key = id.slice(EPISODE_PREFIX.length);
        const head = this.episodes.head(key);
        const e = head ?? this.episodes.get(key);
        if (!e) return false;
        if (f.episodeRoles && !f.episodeRoles.includes(e.role)) return false;
        if (e.suppressed) return false;
        if (f.statementsOnly && !(head ? head.states : this.statesSomething(e as Episode)))
          return false;
        if (buckets && !buckets.has(e.bucket)) return false;
        if (sites && !sites.has(e.site)) return false;
        if (f.from !== undefined && e.observedAt < f.from) return false;
        if (f.to !== undefined && e.observedAt > f.to) return false;
        if (f.asOf !== undefined && e.observedAt > f.asOf) return false;
        return true;
      }
      const head = this.memories.head(id);
      const m = head ?? this.memories.get(id);
      if (!m || m.status === 'deleted') return false;
      if (buckets && !buckets.has(m.bucket)) return false;
      if (kinds && !kinds.has(m.kind)) return false;
      if (
        sites &&
        !(head
          ? head.sites.some((s) => sites.has(s))
          : (m as Memory).provenance.some((p) => sites.has(p.site)))
      )
        return false;
      if (f.from !== undefined && m.observedAt < f.from) return false;
      if (f.to !== undefined && m.observedAt > f.to) return false;
      if (f.asOf !== undefined) {
        if (m.observedAt > f.asOf) return false;
        return m.status === 'active' || (m.supersededAt !== undefined && m.supersededAt > f.asOf);
      }
      return m.status === 'active' || f.status === 'all';
    };
  }

  // --- reading -----------------------------------------------------------------------

  async list(
    f: SearchFilters & { offset?: number; limit?: number } = {},
  ): Promise<{ total: number; items: Memory[] }> {
    await this.init();
    const allow = this.filterFn({ ...f, includeEpisodes: false });
    // Sorted by what the heads hold: only the page's memories are parsed after a start.
    const rows: { id: string; pinned: boolean; observedAt: number; updatedAt: number }[] = [];
    for (const id of this.memories.keys()) {
      if (!allow(id)) continue;
      const { pinned, observedAt, updatedAt } = this.memories.peek(id)!;
      rows.push({ id, pinned, observedAt, updatedAt });
    }
    rows.sort(
      (a, b) =>
        Number(b.pinned) - Number(a.pinned) ||
        b.observedAt - a.observedAt ||
        b.updatedAt - a.updatedAt ||
        // (the same order whichever way the items were loaded)
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    const offset = f.offset ?? 0;
    return {
      total: rows.length,
      items: rows.slice(offset, offset + (f.limit ?? 100)).map((r) => this.memories.get(r.id)!),
    };
  }

  async get(id: string): Promise<Memory | undefined> {
    await this.init();
    return this.memories.get(id);
  }

  async history(id: string): Promise<HistoryRow[]> {
    return this.env.store.history(id);
  }

  episode(key: string): Episode | undefined {
    return this.episodes.get(key);
  }

  stats(): { memories: number; active: number; episodes: number; buckets: Record<string, number> } {
    const buckets: Record<string, number> = {};
    let active = 0;
    // From the heads of items still unparsed after a start: the options page's first status
    // request parses no memory for its counts.
    for (const id of this.memories.keys()) {
      const m = this.memories.peek(id)!;
      if (m.status !== 'active') continue;
      active++;
      buckets[m.bucket] = (buckets[m.bucket] ?? 0) + 1;
    }
    return { memories: this.memories.size, active, episodes: this.episodes.size, buckets };
  }

  // --- user edits --------------------------------------------------------------------

  edit(id: string, text: string, actor: Actor = 'user'): Promise<Memory> {
    return this.exclusive(async () => {
      await this.init();
      const m = this.memories.get(id);
      if (!m) throw new MemoryNotFoundError(id);
      const clean = this.env.redact(stripMemoryBlock(text)).trim();
      if (!clean) throw new InvalidInputError('A memory cannot be empty. Delete it instead.');
      if (clean.length > MAX_MEMORY_TEXT)
        throw new InvalidInputError(`A memory can be at most ${MAX_MEMORY_TEXT} characters.`);
      const now = this.env.clock.now();
      const updated: Memory = { ...m, text: clean, updatedAt: now };
      const [v] = await this.env.embedder.embed([clean]);
      await this.env.store.putMemory(
        updated,
        [{ memoryId: id, at: now, action: 'edited', actor, before: m.text, after: clean }],
        { id, model: this.env.embedder.id, v: v! },
      );
      // The snapshot holds the old wording: drop it (rewritten later from the new index).
      await this.dropSnapshot();
      this.memories.set(id, updated);
      this.vectors.set(id, v!);
      this.indexMemory(updated);
      return updated;
    });
  }

  setPinned(id: string, pinned: boolean): Promise<Memory> {
    return this.exclusive(async () => {
      await this.init();
      const m = this.memories.get(id);
      if (!m) throw new MemoryNotFoundError(id);
      const updated: Memory = { ...m, pinned, updatedAt: this.env.clock.now() };
      await this.env.store.putMemory(updated, []);
      this.memories.set(id, updated);
      return updated;
    });
  }

  /**
   * Put back a memory the user deleted moments ago (undo). The caller holds the memory it
   * got from `forget`; its text was removed from the store and comes back from there.
   */
  restore(memory: Memory): Promise<Memory> {
    return this.exclusive(async () => {
      await this.init();
      const now = this.env.clock.now();
      const m: Memory = {
        ...memory,
        status: memory.status === 'deleted' ? 'active' : memory.status,
        updatedAt: now,
      };
      const [v] = await this.env.embedder.embed([m.text]);
      const unsuppressed = m.provenance.flatMap(provKeys).flatMap((k) => {
        const e = this.episodes.get(k);
        if (!e?.suppressed) return [];
        const { suppressed: _s, ...rest } = e;
        return [rest];
      });
      await this.env.store.putMemory(
        m,
        [{ memoryId: m.id, at: now, action: 'restored', actor: 'user', after: m.text }],
        { id: m.id, model: this.env.embedder.id, v: v! },
        unsuppressed,
      );
      for (const e of unsuppressed) this.episodes.set(e.key, e);
      this.memories.set(m.id, m);
      this.vectors.set(m.id, v!);
      this.indexMemory(m);
      return m;
    });
  }

  // --- forgetting --------------------------------------------------------------------

  /**
   * Deletes what the scope names from the store, the vectors, both indexes and the
   * episodes, with the memories derived only from deleted turns. History keeps a
   * content-free tombstone per memory. Returns the deleted memories (for undo).
   */
  forget(scope: ForgetScope, actor: Actor = 'user'): Promise<Memory[]> {
    return this.exclusive(async () => {
      await this.init();
      const now = this.env.clock.now();
      if (scope.type === 'all') {
        const gone = [...this.memories.values()];
        await this.env.store.clearAll(
          gone.map((m) => ({ memoryId: m.id, at: now, action: 'deleted' as const, actor })),
          now,
          [LEXICAL_SNAPSHOT_KEY],
        );
        for (const k of this.episodes.keys()) this.forgotten.add(k);
        this.memories.clear();
        this.episodes.clear();
        this.vectors.clear();
        this.onVectorIndex((ix) => ix.clear());
        this.lexical.clear();
        return gone;
      }
      const episodeKeys = [...this.episodes.values()]
        .filter((e) => {
          if (scope.type === 'conversation')
            return e.site === scope.site && e.conversationId === scope.conversationId;
          if (scope.type === 'site') return e.site === scope.site;
          if (scope.type === 'bucket') return e.bucket === scope.bucket;
          return false;
        })
        .map((e) => e.key);
      const goneKeys = new Set(episodeKeys);
      const deleted: Memory[] = [];
      const trimmed: Memory[] = [];
      for (const m of this.memories.values()) {
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
            turnIds: p.turnIds.filter(
              (t) => !goneKeys.has(episodeKey(p.site, p.conversationId, t)),
            ),
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
      // A memory the user deleted must not come back through the turn it came from: its
      // source turns stay (as provenance of other facts) but are no longer searched.
      const suppressed: Episode[] =
        scope.type === 'memory'
          ? deleted
              .flatMap((m) => m.provenance.flatMap(provKeys))
              .flatMap((k) => {
                const e = this.episodes.get(k);
                return e && !e.suppressed ? [{ ...e, suppressed: true }] : [];
              })
          : [];
      // One transaction: the deletions, the trimmed provenance, and the queued turns of what
      // is forgotten (dropped and remembered as forgotten, so they never come back).
      await this.env.store.commitForget({
        memoryIds: deleted.map((m) => m.id),
        episodeKeys,
        tombstones: deleted.map((m) => ({ memoryId: m.id, at: now, action: 'deleted', actor })),
        update: trimmed,
        episodes: suppressed,
        at: now,
        // The lexical snapshot holds the forgotten words: it goes in the same transaction.
        dropMeta: [LEXICAL_SNAPSHOT_KEY],
        ...(scope.type === 'memory' ? {} : { queued: (r: QueueRecord) => coveredBy(scope, r) }),
      });
      for (const k of episodeKeys) this.forgotten.add(k);
      for (const m of deleted) {
        this.memories.delete(m.id);
        this.unindex(m.id);
      }
      for (const m of trimmed) this.memories.set(m.id, m);
      for (const e of suppressed) this.episodes.set(e.key, e);
      for (const k of episodeKeys) {
        this.episodes.delete(k);
        this.unindex(EPISODE_PREFIX + k);
      }
      return deleted;
    });
  }

  /** For tests and the consistency check: what the in-memory indexes hold. */
  indexState(): { memories: string[]; episodes: string[]; vectorIds: number; lexicalDocs: number } {
    return {
      memories: [...this.memories.keys()],
      episodes: [...this.episodes.keys()],
      vectorIds: this.vindex.size,
      lexicalDocs: this.lexical.size,
    };
  }

  hasIndexed(id: string): { vector: boolean; lexical: boolean } {
    return { vector: this.vindex.has(id), lexical: this.lexical.has(id) };
  }

  // --- import, export and buckets (the memory editor) ----------------------------------

  /** Every memory that is not deleted, optionally of one bucket: what an export holds. */
  async exportable(bucket?: string): Promise<Memory[]> {
    await this.init();
    return [...this.memories.values()].filter(
      (m) => m.status !== 'deleted' && (bucket === undefined || m.bucket === bucket),
    );
  }

  /**
   * Imports memories (an export file's, or a pasted list's): planned against what is
   * stored (added, merged into a duplicate, skipped with a reason), embedded, then written
   * in ONE transaction, so a failure leaves nothing of the import behind.
   */
  importMemories(
    incoming: readonly Memory[],
    opts: { onProgress?: (done: number, total: number) => void } = {},
  ): Promise<ImportSummary> {
    return this.exclusive(async () => {
      await this.init();
      const { embedder, clock, store } = this.env;
      const plan = planImport(this.memories.values(), incoming, this.newId);
      const now = clock.now();
      const model = embedder.id;
      const vectors: VectorRecord[] = [];
      const total = plan.add.length;
      opts.onProgress?.(0, total);
      for (let i = 0; i < total; i += 256) {
        const chunk = plan.add.slice(i, i + 256);
        const vs = await embedder.embed(chunk.map((m) => m.text));
        chunk.forEach((m, j) => vectors.push({ id: m.id, model, v: vs[j]! }));
        opts.onProgress?.(Math.min(i + 256, total), total);
      }
      const merged = plan.merge.map(({ into, from }) => ({
        ...into,
        provenance: from.provenance.reduce(mergeProvenance, into.provenance),
        pinned: into.pinned || from.pinned,
        updatedAt: now,
      }));
      const history: HistoryRow[] = [
        ...plan.add.map((m) => ({
          memoryId: m.id,
          at: now,
          action: 'imported' as const,
          actor: 'import' as const,
          after: m.text,
        })),
        ...merged.map((m) => ({
          memoryId: m.id,
          at: now,
          action: 'merged' as const,
          actor: 'import' as const,
        })),
      ];
      await store.commitBatch({ memories: [...plan.add, ...merged], vectors, history });
      for (const r of vectors) this.vectors.set(r.id, r.v);
      for (const m of [...plan.add, ...merged]) {
        this.memories.set(m.id, m);
        this.indexMemory(m);
      }
      return { added: plan.add.length, merged: merged.length, skipped: plan.skipped };
    });
  }

  /** Moves every memory and episode of bucket `from` into `into` (a bucket merge). */
  moveBucket(from: string, into: string): Promise<number> {
    return this.exclusive(async () => {
      await this.init();
      const now = this.env.clock.now();
      const memories = [...this.memories.values()]
        .filter((m) => m.bucket === from)
        .map((m) => ({ ...m, bucket: into, updatedAt: now }));
      const episodes = [...this.episodes.values()]
        .filter((e) => e.bucket === from)
        .map((e) => ({ ...e, bucket: into }));
      await this.env.store.commitBatch({ memories, episodes, vectors: [], history: [] });
      for (const m of memories) this.memories.set(m.id, m);
      for (const e of episodes) this.episodes.set(e.key, e);
      return memories.length;
    });
  }
}

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

/** Whether a forget's scope covers a queued turn. */
function coveredBy(
  scope: Exclude<ForgetScope, { type: 'memory' } | { type: 'all' }>,
  r: QueueRecord,
): boolean {
  if (scope.type === 'conversation')
    return r.turn.site === scope.site && r.turn.conversationId === scope.conversationId;
  if (scope.type === 'site') return r.turn.site === scope.site;
  return r.bucket === scope.bucket;
}

/** A search hit for a raw turn; its provenance is the turn itself. */
function episodeHit(id: string, e: Episode, parts: ScoreParts, score: number): SearchHit {
  const { site, conversationId, url, turnId, role } = e;
  return {
    type: 'episode',
    id,
    text: e.text,
    score,
    parts,
    episode: e,
    provenance: [{ site, conversationId, url, turnIds: [turnId], role }],
  };
}

function provKeys(p: Provenance): string[] {
  return p.turnIds.map((t) => episodeKey(p.site, p.conversationId, t));
}

function mergeProvenance(list: readonly Provenance[], add: Provenance): Provenance[] {
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

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Episode keys by conversation, and each conversation's episodes in order (see `positionOf`). */
interface ConversationCache {
  groups?: Map<string, string[]>;
  lists: Map<string, { ids: string[]; at: Map<string, number> }>;
}

/** Whether an episode key has exactly the two "|" of `site|conversation|turn`. */
function isPlainKey(k: string): boolean {
  const a = k.indexOf('|');
  const b = k.indexOf('|', a + 1);
  return a > 0 && b > a && k.indexOf('|', b + 1) < 0;
}

/** Episode keys (`site|conversation|turn`) grouped by their first two parts. */
function groupByConversation(keys: Iterable<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const k of keys) {
    const cut = k.indexOf('|', k.indexOf('|') + 1);
    if (cut < 0) continue;
    const g = k.slice(0, cut);
    const l = out.get(g);
    if (l) l.push(k);
    else out.set(g, [k]);
  }
  return out;
}
