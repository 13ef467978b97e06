/**
 * Everything a `MemoryEngine` holds between calls, declared in one place, and the upkeep
 * that keeps its indexes in step with its items. The engine's modules (ingest, search,
 * forget, load) are plain functions of this state; only the façade (./engine.ts) runs them,
 * one mutation at a time.
 *
 * @example
 * const s = new EngineState(env);
 * s.memories.set(m.id, m);
 * s.indexMemory(m); // vector and lexical index, and a snapshot scheduled
 */
import { LexicalIndex } from '../search/lexical';
import { ExactIndex, PartitionedIndex, type VectorIndex } from '../search/vector';
import { LazyMap } from '../store/lazy';
import type { MemoryStore } from '../store/store';
import { TurnOrder } from './conversations';
import { ItemTable, MEMORY_ROW, TURN_ROW } from './table';
import { DEFAULT_WEIGHTS, type RankWeights } from './rank';
import { fingerprintOf, vectorPartOf, type PreparedStart } from './start';
import type { Clock, Embedder, Episode, Extractor, Memory } from './types';
import { EPISODE_ID_PREFIX } from './types';
import type { Voice } from './voice';

export interface EngineEnv {
  store: MemoryStore;
  embedder: Embedder;
  extractor: Extractor;
  clock: Clock;
  /**
   * Cleaning for text that reaches the engine without passing the service's entry (a
   * benchmark feeding raw turns). The extension's service cleans and redacts every turn once,
   * before it is queued (src/privacy/clean.ts), so the background passes none.
   */
  redact?: (text: string) => string;
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

/** How the indexes name a raw turn: the prefix and its episode key. */
export const EPISODE_PREFIX = EPISODE_ID_PREFIX;

export const MAX_MEMORY_TEXT = 2000;

/** The longest the voice cache grows before it starts again (per turn text). */
const TEXT_CACHE_MAX = 50_000;

function isoDate(ms: number): string {
  // A time out of Date's range (an imported 1e300) must not stop indexing: it would fail
  // every start of the engine after the record is stored.
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10);
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export class EngineState {
  /** Loaded from the store's start image: an item is parsed when first read. */
  memories = new LazyMap<Memory>();
  episodes = new LazyMap<Episode>();
  /** What filters, the list and the counts read of every item, one row each (./table.ts). */
  table = new ItemTable();
  vectors = new Map<string, Float32Array>();
  /** Episode keys of forgotten turns: never ingested again (the store has the full list). */
  readonly forgotten = new Set<string>();
  vindex: PartitionedIndex;
  lexical = new LexicalIndex();
  /** See `slotIndex`; dropped whenever a memory changes. */
  private bySlot: Map<string, Memory[]> | undefined;

  /**
   * The memories that have a slot, by slot (not deleted): what the profile pass and the
   * operations of a turn read (./inject.ts, ./ingest.ts). Built on first use after a change.
   */
  slotIndex(): ReadonlyMap<string, readonly Memory[]> {
    if (this.bySlot) return this.bySlot;
    // From the table's slot column: only the memories that have a slot are parsed.
    const out = new Map<string, Memory[]>();
    for (const [id, slot] of this.table.slotted()) {
      const m = this.memories.get(id);
      if (!m) continue;
      const list = out.get(slot);
      if (list) list.push(m);
      else out.set(slot, [m]);
    }
    this.bySlot = out;
    return out;
  }
  /** How the lexical index was made at start-up (for tests and the benchmarks). */
  lexicalSource: 'snapshot' | 'caughtUp' | 'rebuilt' | undefined;
  /** Why the chosen vector index was replaced by the exact scan, if it was. */
  vectorIndexFallback: string | undefined;
  /** True once the store is loaded: index changes from then on schedule a snapshot. */
  initialised = false;
  snapshotTimer: ReturnType<typeof setTimeout> | undefined;
  /** How a turn speaks, per turn text (search only). */
  readonly voices = new Map<string, Voice>();
  /** Each conversation's turns in order (kept in step through the episode map's changes). */
  readonly turns = new TurnOrder(
    () => this.episodes,
    () => this.table,
  );

  readonly weights: RankWeights;
  readonly newId: () => string;

  constructor(readonly env: EngineEnv) {
    this.weights = env.weights ?? DEFAULT_WEIGHTS;
    this.newId = env.newId ?? (() => `m_${crypto.randomUUID()}`);
    this.vindex = this.newVectorIndex(env.vectorIndex ?? ((d) => new ExactIndex(d)));
  }

  /** Facts and raw turns in separate parts: fact-only searches scan the facts alone. */
  newVectorIndex(make: (dims: number) => VectorIndex): PartitionedIndex {
    const d = this.env.embedder.dims;
    return new PartitionedIndex(vectorPartOf, [make(d), make(d)]);
  }

  /**
   * Runs `op` on the vector index. Should a chosen index other than the exact scan fail (Voy
   * traps inside its WebAssembly at tens of thousands of vectors in Chromium), the exact scan
   * is built from the engine's vectors, `op` runs on it, and `vectorIndexFallback` says why:
   * one failed index costs the user neither a search nor a stored memory.
   */
  onVectorIndex<T>(op: (index: PartitionedIndex) => T): T {
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

  indexMemory(m: Memory, lexical = true, vector = true): void {
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

  indexEpisode(e: Episode, lexical = true, vector = true): void {
    const id = EPISODE_PREFIX + e.key;
    const v = vector ? this.vectors.get(id) : undefined;
    if (v) this.onVectorIndex((ix) => ix.upsert(id, v));
    if (this.initialised) this.scheduleSnapshot();
    if (!lexical) return;
    this.lexical.upsert({ id, text: e.text, extra: isoDate(e.observedAt) });
  }

  unindex(id: string): void {
    if (this.initialised) this.scheduleSnapshot();
    this.onVectorIndex((ix) => ix.remove(id));
    this.lexical.remove(id);
    this.vectors.delete(id);
  }

  /** What the lexical index was built from (see `fingerprintOf`). */
  fingerprint(): string {
    return fingerprintOf(this.memories, this.episodes);
  }

  /** Set by the façade: saves the lexical snapshot (as its own mutation). */
  saveSnapshot: () => Promise<void> = async () => undefined;

  scheduleSnapshot(): void {
    const delay = this.env.snapshotDelayMs;
    if (delay === undefined) return;
    if (this.snapshotTimer) clearTimeout(this.snapshotTimer);
    this.snapshotTimer = setTimeout(() => void this.saveSnapshot().catch(() => undefined), delay);
  }

  /**
   * Makes the item maps keep the table and the turn order in step (again after a start swaps
   * them): every change to an item goes through its map.
   */
  watchChanges(): void {
    const { memories, episodes } = this;
    this.bySlot = undefined;
    memories.onChange = (id) => {
      this.bySlot = undefined;
      if (id === undefined) return this.table.removeAll(MEMORY_ROW);
      const m = memories.get(id);
      if (m) this.table.putMemory(m);
      else this.table.remove(id, true);
    };
    episodes.onChange = (key) => {
      if (key === undefined) this.table.removeAll(TURN_ROW);
      else {
        const e = episodes.get(key);
        if (e) this.table.putTurn(e);
        else this.table.remove(EPISODE_PREFIX + key);
      }
      this.turns.changed(key);
    };
  }

  /** A per-text cache's value, computed once (the cache starts again past its bound). */
  static cached<T>(cache: Map<string, T>, hash: string, make: () => T): T {
    let v = cache.get(hash);
    if (v === undefined) {
      if (cache.size >= TEXT_CACHE_MAX) cache.clear();
      cache.set(hash, (v = make()));
    }
    return v;
  }
}
