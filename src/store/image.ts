/**
 * The start image: a packed copy of what the engine loads when the service worker starts.
 * Reading thousands of memories and vectors as one IndexedDB record each is slow in Chromium
 * (per-record overhead, not bytes); the image holds the same items in IMAGE_CHUNKS
 * records, each with the items' JSON, their fingerprint stamps, their heads (what the search
 * filter reads, src/memory/head.ts) and their vectors packed in one Float32Array, so a start
 * reads a few hundred records, fills the engine's item table from the heads
 * (src/memory/table.ts) and parses an item's JSON only when the item is first used
 * (src/store/lazy.ts).
 *
 * It is derived data. The per-item stores (memories, episodes, vectors) stay the truth: every
 * store transaction that writes them also applies the same change to the image's chunks and
 * bumps the store's write generation (`meta.gen`), and the image records the generation it
 * matches (`meta.image`). A start trusts the image only when the two agree and its version
 * and chunking are this code's; otherwise it reads the per-item stores and rebuilds it. A
 * forget removes the forgotten items from the image in its own transaction, so no forgotten
 * text or vector is left in it.
 *
 * An item's chunk is a hash of its id, so a change rewrites only the chunks of the items it
 * touches (an ingested turn: its episode's chunk and its facts'). The number of chunks
 * follows the number of items (up to PER_CHUNK a chunk, MIN_CHUNKS at least): a record costs
 * about the same to read whatever its size, so fewer, larger chunks start faster
 * (docs/benchmarks.md, History: figures moved out of code comments), while larger chunks
 * make each write larger.
 */
import { episodeHead, memoryHead, type ItemHead } from '../memory/head';
import type { Episode, Memory } from '../memory/types';
import {
  EPISODE,
  EPISODE_ITEM,
  HeadReader,
  headOfRec,
  MEMORY,
  packHeads,
  type Kind,
  type PackedHeads,
} from './heads';
import { encodeEpisode, encodeMemory, type VectorRecord } from './record';
import { fnv1a } from '../util/hash';

/**
 * 2: each item's head (src/memory/head.ts) beside its JSON. 3: the JSON is the item's field
 * values, without their names (./record.ts). 4: a memory's head holds `pinned` and
 * `updatedAt` too (the memory list sorts by heads). 5: a turn's head holds `agreed`. 6: a
 * memory's head holds its slot. 7: a turn states something only in a sentence that is no
 * request or hypothetical.
 */
export const IMAGE_VERSION = 7;
export const MIN_CHUNKS = 16;
export const MAX_CHUNKS = 4096;
const PER_CHUNK = 1024;

/** How many chunks an image of `items` items is built with (a power of two). */
export function chunksFor(items: number): number {
  let k = MIN_CHUNKS;
  while (k < MAX_CHUNKS && k * PER_CHUNK < items) k *= 2;
  return k;
}

/** Whether an image of `chunks` chunks holding `items` items is re-chunked. */
export function needsRechunk(chunks: number, items: number): boolean {
  return (
    (chunks < MAX_CHUNKS && items > chunks * PER_CHUNK * 2) ||
    (chunks > MIN_CHUNKS && items * 4 < chunks * PER_CHUNK)
  );
}
/** Meta key of the store's write generation (a number, bumped by every write). */
export const GEN_KEY = 'gen';
/** Meta key of the image's state. */
export const IMAGE_KEY = 'image';

export interface ImageState {
  version: number;
  /** The store generation the image matches. */
  gen: number;
  /** How many chunks items are hashed into. */
  chunks: number;
  /** How many items it holds. */
  items: number;
}

/**
 * One chunk. Items are sorted by id (a memory before an episode of the same id), so a chunk's
 * order does not depend on the order of the writes: a start from the image and a start from
 * the per-item stores (ordered the same way) load the engine identically.
 */
export interface ImageChunk {
  n: number;
  /** Item ids as the engine's vector ids: a memory's id, or `e:` + an episode's key. */
  ids: string[];
  /** 0: a memory, 1: an episode. */
  kinds: Uint8Array;
  /** Each item (the Memory or the Episode) as ./record.ts writes it: JSON of its values. */
  recs: string[];
  /** Each item's fingerprint stamp (`memoryStamp` / `episodeStamp`). */
  stamps: Uint32Array;
  /** Each item's head: what the search filter reads of it, so a start need not parse it. */
  heads: PackedHeads;
  /** The embedding model of the vectors below ('' when none). */
  model: string;
  dims: number;
  /** 1 where the item has a vector of `model`. */
  has: Uint8Array;
  /** `dims` floats per item (zeros where `has` is 0). */
  vecs: Float32Array;
}

/** Key of the delta record in the image store (chunks are 0 … chunks − 1). */
export const DELTA = -1;
/**
 * Changes kept in the delta record before they are folded into the chunks: a write rewrites
 * the delta (small) instead of the chunks it touches (each holds hundreds of items).
 */
export const DELTA_MAX = 256;

/** One item's pending change, as stored in the delta. */
export interface DeltaOp {
  kind: number;
  id: string;
  removed?: boolean;
  rec?: string;
  stamp?: number;
  head?: ItemHead;
  model?: string;
  v?: Float32Array;
}

/** Changes not yet folded into the chunks, in the order they were made. */
export interface ImageDelta {
  n: typeof DELTA;
  ops: DeltaOp[];
}

export type ImageRecord = ImageChunk | ImageDelta;

export const isDelta = (r: ImageRecord): r is ImageDelta => r.n === DELTA;

/** The order of items in a chunk. */
export function itemOrder(aId: string, aKind: number, bId: string, bKind: number): number {
  return aId < bId ? -1 : aId > bId ? 1 : aKind - bKind;
}

/** What the lexical snapshot's fingerprint is made of, per item. */
export const memoryStamp = (m: Memory): number => fnv1a(`${m.id}|${m.updatedAt}`);
export const episodeStamp = (e: Episode): number => fnv1a(`${e.key}|${e.textHash}`);

export function chunkOf(id: string, chunks: number): number {
  return fnv1a(id) & (chunks - 1);
}

export function imageValid(state: ImageState | undefined, gen: number): state is ImageState {
  return (
    state?.version === IMAGE_VERSION &&
    state.gen === gen &&
    Number.isInteger(state.items) &&
    state.chunks >= MIN_CHUNKS &&
    state.chunks <= MAX_CHUNKS &&
    (state.chunks & (state.chunks - 1)) === 0
  );
}

/** One item's change: removed (first), then set, then given a vector. */
export interface ItemChange {
  kind: Kind;
  id: string;
  /** The item (and its vector) is removed before anything below is applied. */
  removed?: boolean;
  rec?: string;
  stamp?: number;
  /** The item's head, with `rec` (read from `rec` when not given). */
  head?: ItemHead;
  /** A vector for the item, if the item is there (after the above). */
  vec?: { model: string; v: Float32Array };
}

interface Item {
  kind: number;
  id: string;
  rec: string;
  stamp: number;
  head: ItemHead;
  vec: Float32Array | undefined;
}

/** A chunk unpacked for changes. */
class Working {
  private readonly items = new Map<string, Item>();
  model: string;
  dims: number;

  constructor(
    readonly n: number,
    c?: ImageChunk,
  ) {
    this.model = c?.model ?? '';
    this.dims = c?.dims ?? 0;
    const heads = c && new HeadReader(c.heads, c.kinds);
    c?.ids.forEach((id, i) => {
      const kind = c.kinds[i]!;
      this.items.set(kind + id, {
        kind,
        id,
        rec: c.recs[i]!,
        stamp: c.stamps[i]!,
        head: heads!.head(i),
        vec: c.has[i] ? c.vecs.slice(i * c.dims, (i + 1) * c.dims) : undefined,
      });
    });
  }

  apply(op: ItemChange): void {
    const key = op.kind + op.id;
    if (op.removed) this.items.delete(key);
    if (op.rec !== undefined) {
      const was = this.items.get(key);
      this.items.set(key, {
        kind: op.kind,
        id: op.id,
        rec: op.rec,
        stamp: op.stamp ?? 0,
        head: op.head ?? headOfRec(op.kind, op.id, op.rec),
        vec: was?.vec,
      });
    }
    const item = this.items.get(key);
    // A vector without its item (an orphan in the truth) has no place in the image.
    if (op.vec && item) {
      const { model, v } = op.vec;
      if (model !== this.model || v.length !== this.dims) {
        // One model per chunk: vectors of another model are dropped from the image (the
        // engine recomputes what is not of its model anyway).
        this.model = model;
        this.dims = v.length;
        for (const it of this.items.values()) it.vec = undefined;
      }
      item.vec = v;
    }
  }

  get size(): number {
    return this.items.size;
  }

  pack(): ImageChunk {
    const items = [...this.items.values()].sort((a, b) => itemOrder(a.id, a.kind, b.id, b.kind));
    const n = items.length;
    const withVec = items.some((it) => it.vec);
    const dims = withVec ? this.dims : 0;
    const has = new Uint8Array(n);
    const vecs = new Float32Array(n * dims);
    items.forEach((it, i) => {
      if (!it.vec) return;
      has[i] = 1;
      vecs.set(it.vec, i * dims);
    });
    const kinds = Uint8Array.from(items, (it) => it.kind);
    return {
      n: this.n,
      ids: items.map((it) => it.id),
      kinds,
      recs: items.map((it) => it.rec),
      stamps: Uint32Array.from(items, (it) => it.stamp),
      heads: packHeads(
        kinds,
        items.map((it) => it.head),
      ),
      model: withVec ? this.model : '',
      dims,
      has,
      vecs,
    };
  }
}

/**
 * The changes one transaction makes to the items, in order, grouped by chunk. The store
 * calls it beside each write to the per-item stores, then `apply` with the chunks read.
 */
export class ImageChanges {
  private readonly ops = new Map<string, ItemChange>();

  private op(kind: Kind, id: string): ItemChange {
    let o = this.ops.get(kind + id);
    if (!o) this.ops.set(kind + id, (o = { kind, id }));
    return o;
  }

  putMemory(m: Memory): void {
    const o = this.op(MEMORY, m.id);
    o.rec = encodeMemory(m);
    o.stamp = memoryStamp(m);
    o.head = memoryHead(m);
  }

  putEpisode(e: Episode): void {
    const o = this.op(EPISODE, EPISODE_ITEM + e.key);
    o.rec = encodeEpisode(e);
    o.stamp = episodeStamp(e);
    o.head = episodeHead(e);
  }

  /** A vector record: its id is a memory's, or `e:` + an episode key (as in the engine). */
  putVector(r: VectorRecord): void {
    const vec = { model: r.model, v: r.v };
    this.op(MEMORY, r.id).vec = vec;
    if (r.id.startsWith(EPISODE_ITEM)) this.op(EPISODE, r.id).vec = vec;
  }

  removeMemory(id: string): void {
    this.ops.set(MEMORY + id, { kind: MEMORY, id, removed: true });
  }

  removeEpisode(key: string): void {
    const id = EPISODE_ITEM + key;
    this.ops.set(EPISODE + id, { kind: EPISODE, id, removed: true });
  }

  get size(): number {
    return this.ops.size;
  }

  /** The changes kept in a delta record. */
  static from(delta: ImageDelta | undefined): ImageChanges {
    const c = new ImageChanges();
    for (const d of delta?.ops ?? []) {
      const kind: Kind = d.kind === EPISODE ? EPISODE : MEMORY;
      c.ops.set(kind + d.id, {
        kind,
        id: d.id,
        ...(d.removed ? { removed: true } : {}),
        ...(d.rec !== undefined
          ? { rec: d.rec, stamp: d.stamp ?? 0, ...(d.head ? { head: d.head } : {}) }
          : {}),
        ...(d.v ? { vec: { model: d.model ?? '', v: d.v } } : {}),
      });
    }
    return c;
  }

  /** These changes, then `later`'s: what applying both in turn does. */
  then(later: ImageChanges): this {
    for (const [key, b] of later.ops) {
      const a = this.ops.get(key);
      if (!a || b.removed) {
        this.ops.set(key, { ...b });
        continue;
      }
      if (b.rec !== undefined) {
        a.rec = b.rec;
        a.stamp = b.stamp;
        a.head = b.head;
      }
      if (b.vec) a.vec = b.vec;
    }
    return this;
  }

  toDelta(): ImageDelta {
    return {
      n: DELTA,
      ops: [...this.ops.values()].map((o) => ({
        kind: o.kind,
        id: o.id,
        ...(o.removed ? { removed: true } : {}),
        ...(o.rec !== undefined
          ? { rec: o.rec, stamp: o.stamp ?? 0, head: o.head ?? headOfRec(o.kind, o.id, o.rec) }
          : {}),
        ...(o.vec ? { model: o.vec.model, v: o.vec.v } : {}),
      })),
    };
  }

  /** The changes per chunk (of `chunks`), each list in item order. */
  byChunk(chunks: number): Map<number, ItemChange[]> {
    const out = new Map<number, ItemChange[]>();
    for (const op of this.ops.values()) {
      const n = chunkOf(op.id, chunks);
      const l = out.get(n);
      if (l) l.push(op);
      else out.set(n, [op]);
    }
    for (const l of out.values()) l.sort((a, b) => itemOrder(a.id, a.kind, b.id, b.kind));
    return out;
  }

  /** The chunks (of `chunks`) these changes touch. */
  touched(chunks: number): number[] {
    return [...new Set([...this.ops.values()].map((o) => chunkOf(o.id, chunks)))];
  }

  /**
   * The touched chunks after the changes, given their current contents (undefined: none
   * yet). An empty chunk comes back with no ids (the store deletes it).
   */
  apply(current: Map<number, ImageChunk | undefined>, chunks: number): ImageChunk[] {
    const work = new Map<number, Working>();
    for (const op of this.ops.values()) {
      const n = chunkOf(op.id, chunks);
      let w = work.get(n);
      if (!w) work.set(n, (w = new Working(n, current.get(n))));
      w.apply(op);
    }
    return [...work.values()].map((w) => w.pack());
  }
}

/** A chunk as read, with pending changes applied. */
export interface ReadChunk {
  ids: string[];
  kinds: ArrayLike<number>;
  recs: string[];
  stamps: ArrayLike<number>;
  /** Each item's head. */
  head(i: number): ItemHead;
  model: string;
  dims: number;
  /** Each item's vector (a view), or undefined. */
  vec(i: number): Float32Array | undefined;
}

/**
 * Chunk `n` (`c`, absent if it has no items yet) as folding `ops` (in item order) into it
 * would write it, for reading at a start: a merge of two sorted lists, the unchanged
 * vectors left as views on the chunk's buffer.
 */
export function withChanges(
  n: number,
  c: ImageChunk | undefined,
  ops: readonly ItemChange[],
): ReadChunk {
  const model = c?.model || ops.find((o) => o.vec)?.vec?.model || '';
  const dims = c?.model ? c.dims : (ops.find((o) => o.vec)?.vec?.v.length ?? 0);
  if (ops.some((o) => o.vec && (o.vec.model !== model || o.vec.v.length !== dims))) {
    // Another model: the fold drops the chunk's other vectors. Rare (the embedder changed).
    const w = new Working(n, c);
    for (const op of ops) w.apply(op);
    const p = w.pack();
    const heads = new HeadReader(p.heads, p.kinds);
    return {
      ...p,
      head: (i) => heads.head(i),
      vec: (i) => (p.has[i] ? p.vecs.subarray(i * p.dims, (i + 1) * p.dims) : undefined),
    };
  }
  const ids: string[] = [];
  const kinds: number[] = [];
  const recs: string[] = [];
  const stamps: number[] = [];
  // An item's head: given with its change, or (a number) its row in `c`, read when asked.
  const heads: (ItemHead | number)[] = [];
  const vecs: (Float32Array | undefined)[] = [];
  const push = (
    kind: number,
    id: string,
    rec: string,
    stamp: number,
    head: ItemHead | number,
    v?: Float32Array,
  ) => {
    ids.push(id);
    kinds.push(kind);
    recs.push(rec);
    stamps.push(stamp);
    heads.push(head);
    vecs.push(v);
  };
  const was = c && new HeadReader(c.heads, c.kinds);
  const old = (i: number) =>
    c!.has[i] ? c!.vecs.subarray(i * c!.dims, (i + 1) * c!.dims) : undefined;
  const len = c?.ids.length ?? 0;
  let i = 0;
  let j = 0;
  while (i < len || j < ops.length) {
    const op = ops[j];
    const order = i >= len ? 1 : !op ? -1 : itemOrder(c!.ids[i]!, c!.kinds[i]!, op.id, op.kind);
    if (order < 0) {
      push(c!.kinds[i]!, c!.ids[i]!, c!.recs[i]!, c!.stamps[i]!, i, old(i));
      i++;
      continue;
    }
    const here = order === 0;
    const op_ = op!;
    j++;
    if (here) i++;
    const kept = here && !op_.removed;
    const rec = op_.rec ?? (kept ? c!.recs[i - 1] : undefined);
    if (rec === undefined) continue; // removed, or a vector for an item that is not there
    const stamp = op_.rec !== undefined ? (op_.stamp ?? 0) : c!.stamps[i - 1]!;
    const head = op_.rec !== undefined ? (op_.head ?? headOfRec(op_.kind, op_.id, op_.rec)) : i - 1;
    const v = op_.vec?.v ?? (kept ? old(i - 1) : undefined);
    push(op_.kind, op_.id, rec, stamp, head, v);
  }
  return {
    ids,
    kinds,
    recs,
    stamps,
    head: (k) => {
      const h = heads[k]!;
      return typeof h === 'number' ? was!.head(h) : h;
    },
    model: vecs.some(Boolean) ? model : '',
    dims: vecs.some(Boolean) ? dims : 0,
    vec: (k) => vecs[k],
  };
}

/**
 * The image of a whole store (a rebuild, the schema migration). Of several models, the
 * vectors of the most common one are kept.
 */
export function buildImage(
  memories: readonly Memory[],
  episodes: readonly Episode[],
  vectors: readonly VectorRecord[],
): { chunks: ImageChunk[]; count: number; items: number } {
  const counts = new Map<string, number>();
  for (const v of vectors) counts.set(v.model, (counts.get(v.model) ?? 0) + 1);
  const model = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  const c = new ImageChanges();
  for (const m of memories) c.putMemory(m);
  for (const e of episodes) c.putEpisode(e);
  for (const v of vectors) if (v.model === model) c.putVector(v);
  const items = memories.length + episodes.length;
  const count = chunksFor(items);
  return { chunks: c.apply(new Map(), count), count, items };
}

/** The same items in `chunks` chunks. */
export function rechunk(from: readonly ImageChunk[], chunks: number): ImageChunk[] {
  const work = new Map<number, Working>();
  for (const c of from) {
    const heads = new HeadReader(c.heads, c.kinds);
    c.ids.forEach((id, i) => {
      const n = chunkOf(id, chunks);
      let w = work.get(n);
      if (!w) work.set(n, (w = new Working(n)));
      const kind = c.kinds[i] as Kind;
      w.apply({ kind, id, rec: c.recs[i]!, stamp: c.stamps[i]!, head: heads.head(i) });
      if (c.has[i])
        w.apply({
          kind,
          id,
          vec: { model: c.model, v: c.vecs.slice(i * c.dims, (i + 1) * c.dims) },
        });
    });
  }
  return [...work.values()].map((w) => w.pack());
}
