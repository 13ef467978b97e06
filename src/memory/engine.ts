/**
 * The memory engine: ingest → extract → decide → embed → store → index; search → rank →
 * explain; edit, pin, forget, history. It does not know it lives in an extension: the store,
 * embedder, extractor, vector index, redaction and clock come in through `EngineEnv`, so the
 * same code runs under vitest, in the Node benchmarks and in the service worker.
 *
 * This class is the façade: it runs every mutation one at a time (`exclusive`) and hands the
 * work to plain modules over one declared state (./state.ts): ./ingest.ts (a turn → a write
 * set), ./search.ts (fusion, neighbour context, collapse), ./forget.ts (a scope → a write
 * set), ./load.ts (a start).
 *
 * @example
 * const engine = new MemoryEngine({ store, embedder, extractor, redact, clock: systemClock });
 * await engine.init();
 * await engine.ingest(turn, 'site:chatgpt');
 * const hits = await engine.search('what do I eat?', { buckets: ['site:chatgpt'] });
 */
import { stripMemoryBlock } from '../inject/marker';
import { planImport, type ImportSummary } from '../io/plan';
import type { VectorRecord } from '../store/record';
import { forget, MemoryNotFoundError } from './forget';
import {
  applyIngest,
  mergeProvenance,
  planIngest,
  provKeys,
  type IngestOptions,
  type IngestReport,
} from './ingest';
import { injectionHits, type InjectionOptions } from './inject';
import { loadState } from './load';
import { TURN_ROW } from './table';
import { relevance } from './rank';
import { applyRemote, type RemoteChanges } from './remote';
import { list, search, type SearchOptions } from './search';
import { dot, EngineState, EPISODE_PREFIX, MAX_MEMORY_TEXT, type EngineEnv } from './state';
import { LEXICAL_SNAPSHOT_KEY, prepareStart, stampsOf, type PreparedStart } from './start';
import type { LexicalSnapshot } from '../store/meta';
import { LEXICAL_VERSION } from '../search/lexical';
import type {
  Actor,
  CapturedTurn,
  Embedder,
  Episode,
  ForgetScope,
  HistoryRow,
  Memory,
  SearchFilters,
  SearchHit,
} from './types';

export type { EngineEnv } from './state';
export type { ForgetScope } from './types';
export type { IngestOptions, IngestReport } from './ingest';
export type { SearchOptions } from './search';
export { MemoryNotFoundError } from './forget';
export type { RemoteChanges } from './remote';
export { hashText, withoutQuotedMaterial } from './ingest';

export class InvalidInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

export class MemoryEngine {
  /** Everything the engine holds (./state.ts). */
  private readonly s: EngineState;
  private chain: Promise<unknown> = Promise.resolve();
  private initP: Promise<void> | undefined;
  /** `env.start`, until `init()` takes it. */
  private given: Promise<PreparedStart> | undefined;

  constructor(env: EngineEnv) {
    this.s = new EngineState(env);
    this.s.saveSnapshot = () => this.saveSnapshot();
    this.given = env.start;
    this.s.watchChanges();
  }

  /** How the lexical index was made at start-up (for tests and the benchmarks). */
  get lexicalSource(): EngineState['lexicalSource'] {
    return this.s.lexicalSource;
  }

  /** Why the chosen vector index was replaced by the exact scan, if it was. */
  get vectorIndexFallback(): string | undefined {
    return this.s.vectorIndexFallback;
  }

  /** The vector index in use ('exact', 'voy'). */
  get vectorIndexName(): string {
    return this.s.vindex.name;
  }

  get embedder(): Embedder {
    return this.s.env.embedder;
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
    const given = this.given;
    this.given = undefined; // used once: a failed start reads the store again
    await loadState(this.s, await (given ?? prepareStart(this.s.env.store, this.s.env.mark)));
  }

  /** Runs mutations one at a time, in order, so concurrent callers never interleave. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Removes the saved snapshot: it holds words of text that was just edited away. */
  private async dropSnapshot(): Promise<void> {
    await this.s.env.store.setMeta(LEXICAL_SNAPSHOT_KEY, null);
  }

  /**
   * Persists the lexical index, packed (no word of a removed text in it), with its version
   * and the fingerprint of what it indexes.
   */
  saveSnapshot(): Promise<void> {
    return this.exclusive(async () => {
      const s = this.s;
      if (s.snapshotTimer) clearTimeout(s.snapshotTimer);
      s.snapshotTimer = undefined;
      const image = s.lexical.toImage();
      const snap: LexicalSnapshot = {
        version: LEXICAL_VERSION,
        fingerprint: s.fingerprint(),
        image,
        stamps: stampsOf(image.ids, s.memories, s.episodes),
      };
      await s.env.store.setMeta(LEXICAL_SNAPSHOT_KEY, snap);
    });
  }

  // --- ingestion and search ----------------------------------------------------------

  ingest(turn: CapturedTurn, bucket: string, opts: IngestOptions = {}): Promise<IngestReport> {
    return this.exclusive(async () => {
      await this.init();
      return applyIngest(this.s, await planIngest(this.s, turn, bucket, opts), opts);
    });
  }

  async search(query: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
    await this.init();
    return search(this.s, query, opts);
  }

  /**
   * What injection considers for a prompt (./inject.ts): the profile's current values the
   * prompt needs first, then the latest state of the work it continues (./thread.ts), then
   * the prompt's search; turns cut to what no fact covers, none of the current chat's.
   */
  async injectionSearch(prompt: string, opts: InjectionOptions = {}): Promise<SearchHit[]> {
    await this.init();
    return injectionHits(this.s, prompt, opts);
  }

  /** Cosine of texts to `query` under the engine's embedder (for choosing excerpts). */
  similarityTo(query: string): (text: string) => number {
    const embed = (t: string) => this.s.env.embedder.embedOne?.(t);
    const qv = embed(query);
    return (t) => {
      const v = qv && embed(t);
      return v ? dot(qv, v) : 0;
    };
  }

  /** Relevance of a hit to its query alone (0..1), for deciding whether to inject. */
  relevance(hit: SearchHit): number {
    // A profile hit is relevant for what the prompt needs, not for the words it shares.
    return Math.max(hit.needWeight ?? 0, relevance(hit.parts, this.s.weights));
  }

  // --- reading -----------------------------------------------------------------------

  async list(
    f: SearchFilters & { offset?: number; limit?: number } = {},
  ): Promise<{ total: number; items: Memory[] }> {
    await this.init();
    return list(this.s, f);
  }

  async get(id: string): Promise<Memory | undefined> {
    await this.init();
    return this.s.memories.get(id);
  }

  async history(id: string): Promise<HistoryRow[]> {
    return this.s.env.store.history(id);
  }

  /**
   * The user's stored turns that injection may still use (their own words, not suppressed,
   * with something left to say), newest first; `query` keeps those containing it
   * (case-insensitive). What the popup lists as chat turns.
   */
  async listTurns(
    p: { query?: string; buckets?: readonly string[]; offset?: number; limit?: number } = {},
  ): Promise<{ total: number; items: Episode[] }> {
    await this.init();
    const q = p.query?.trim().toLowerCase();
    const { table } = this.s;
    // The table's column scan: the user's own turns and the answers the user agreed to (what
    // injection may bring in), not suppressed, in the buckets asked.
    const allowed = table.mask({
      includeEpisodes: true,
      episodeRoles: ['user'],
      agreedAnswers: true,
      ...(p.buckets ? { buckets: p.buckets } : {}),
    });
    const rows: Episode[] = [];
    for (let row = 0; row < allowed.length; row++) {
      if (!allowed[row] || table.typeAt(row) !== TURN_ROW) continue;
      const e = this.s.episodes.get(table.idAt(row).slice(EPISODE_PREFIX.length));
      if (!e || !e.text.trim() || (q && !e.text.toLowerCase().includes(q))) continue;
      rows.push(e);
    }
    rows.sort((a, b) => b.observedAt - a.observedAt || (a.key < b.key ? -1 : 1));
    const offset = p.offset ?? 0;
    return { total: rows.length, items: rows.slice(offset, offset + (p.limit ?? 100)) };
  }

  episode(key: string): Episode | undefined {
    return this.s.episodes.get(key);
  }

  stats(): { memories: number; active: number; episodes: number; buckets: Record<string, number> } {
    // No prototype: a bucket named "constructor" or "toString" counts like any other.
    const buckets: Record<string, number> = Object.create(null) as Record<string, number>;
    let active = 0;
    // From the item table: the options page's first status request parses no memory.
    const { table, memories } = this.s;
    for (const id of memories.keys()) {
      const r = table.rowOf(id);
      const m = r === undefined ? memories.get(id)! : undefined;
      if ((m ? m.status : table.statusAt(r!)) !== 'active') continue;
      active++;
      const bucket = m ? m.bucket : table.bucketAt(r!);
      buckets[bucket] = (buckets[bucket] ?? 0) + 1;
    }
    return { memories: this.s.memories.size, active, episodes: this.s.episodes.size, buckets };
  }

  // --- user edits --------------------------------------------------------------------

  edit(id: string, text: string, actor: Actor = 'user'): Promise<Memory> {
    return this.exclusive(async () => {
      await this.init();
      const m = this.s.memories.get(id);
      if (!m) throw new MemoryNotFoundError(id);
      const stripped = stripMemoryBlock(text);
      const clean = (this.s.env.redact ? this.s.env.redact(stripped) : stripped).trim();
      if (!clean) throw new InvalidInputError('A memory cannot be empty. Delete it instead.');
      if (clean.length > MAX_MEMORY_TEXT)
        throw new InvalidInputError(`A memory can be at most ${MAX_MEMORY_TEXT} characters.`);
      const now = this.s.env.clock.now();
      const updated: Memory = { ...m, text: clean, updatedAt: now };
      const [v] = await this.s.env.embedder.embed([clean]);
      await this.s.env.store.putMemory(
        updated,
        [{ memoryId: id, at: now, action: 'edited', actor, before: m.text, after: clean }],
        { id, model: this.s.env.embedder.id, v: v! },
      );
      // The snapshot holds the old wording: drop it (rewritten later from the new index).
      await this.dropSnapshot();
      this.s.memories.set(id, updated);
      this.s.vectors.set(id, v!);
      this.s.indexMemory(updated);
      return updated;
    });
  }

  setPinned(id: string, pinned: boolean): Promise<Memory> {
    return this.exclusive(async () => {
      await this.init();
      const m = this.s.memories.get(id);
      if (!m) throw new MemoryNotFoundError(id);
      const updated: Memory = { ...m, pinned, updatedAt: this.s.env.clock.now() };
      await this.s.env.store.putMemory(updated, []);
      this.s.memories.set(id, updated);
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
      const now = this.s.env.clock.now();
      const m: Memory = {
        ...memory,
        status: memory.status === 'deleted' ? 'active' : memory.status,
        updatedAt: now,
      };
      const [v] = await this.s.env.embedder.embed([m.text]);
      const unsuppressed = m.provenance.flatMap(provKeys).flatMap((k) => {
        const e = this.s.episodes.get(k);
        if (!e?.suppressed) return [];
        const { suppressed: _s, ...rest } = e;
        return [rest];
      });
      await this.s.env.store.putMemory(
        m,
        [{ memoryId: m.id, at: now, action: 'restored', actor: 'user', after: m.text }],
        { id: m.id, model: this.s.env.embedder.id, v: v! },
        unsuppressed,
      );
      for (const e of unsuppressed) this.s.episodes.set(e.key, e);
      this.s.memories.set(m.id, m);
      this.s.vectors.set(m.id, v!);
      this.s.indexMemory(m);
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
      return forget(this.s, scope, actor);
    });
  }

  /** For tests and the consistency check: what the in-memory indexes hold. */
  indexState(): { memories: string[]; episodes: string[]; vectorIds: number; lexicalDocs: number } {
    return {
      memories: [...this.s.memories.keys()],
      episodes: [...this.s.episodes.keys()],
      vectorIds: this.s.vindex.size,
      lexicalDocs: this.s.lexical.size,
    };
  }

  hasIndexed(id: string): { vector: boolean; lexical: boolean } {
    return { vector: this.s.vindex.has(id), lexical: this.s.lexical.has(id) };
  }

  // --- import, export and buckets (the memory editor) ----------------------------------

  /** Every memory that is not deleted, optionally of one bucket: what an export holds. */
  async exportable(bucket?: string): Promise<Memory[]> {
    await this.init();
    return [...this.s.memories.values()].filter(
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
      const { embedder, clock, store } = this.s.env;
      const plan = planImport(this.s.memories.values(), incoming, this.s.newId);
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
      for (const r of vectors) this.s.vectors.set(r.id, r.v);
      for (const m of [...plan.add, ...merged]) {
        this.s.memories.set(m.id, m);
        this.s.indexMemory(m);
      }
      return { added: plan.add.length, merged: merged.length, skipped: plan.skipped };
    });
  }

  /**
   * Versions merged from another device (src/sync/): memories upserted with their ids,
   * times and history, and memories removed, each through the same path as a local change
   * so every index follows (./remote.ts).
   */
  applyRemote(changes: RemoteChanges): Promise<void> {
    return this.exclusive(async () => {
      await this.init();
      await applyRemote(this.s, changes);
    });
  }

  /** Moves every memory and episode of bucket `from` into `into` (a bucket merge). */
  moveBucket(from: string, into: string): Promise<number> {
    return this.exclusive(async () => {
      await this.init();
      const now = this.s.env.clock.now();
      const memories = [...this.s.memories.values()]
        .filter((m) => m.bucket === from)
        .map((m) => ({ ...m, bucket: into, updatedAt: now }));
      const episodes = [...this.s.episodes.values()]
        .filter((e) => e.bucket === from)
        .map((e) => ({ ...e, bucket: into }));
      await this.s.env.store.commitBatch({ memories, episodes, vectors: [], history: [] });
      for (const m of memories) this.s.memories.set(m.id, m);
      for (const e of episodes) this.s.episodes.set(e.key, e);
      return memories.length;
    });
  }
}
