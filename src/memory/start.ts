/**
 * What an engine start reads and prepares, apart from the engine: the store's start image
 * (or its per-item stores when the image is out of step), the memories and episodes as
 * lazily parsed maps, the vectors packed per model, the lexical snapshot's fingerprint check
 * and its restore. None of it needs the embedder, so the service worker runs it while the
 * embedding model loads (src/background/boot.ts) and `MemoryEngine.init` only finishes it.
 * It works while the store is still reading: the lexical snapshot, read first, is unpacked
 * while the image's chunks are on their way, and each chunk is taken in (its items, its
 * vectors' views and runs per index part) as it arrives: this work would otherwise wait for
 * the last of them.
 *
 * @example
 * const start = prepareStart(store);               // begins reading at once
 * const engine = new MemoryEngine({ store, embedder: await loadEmbedder(), start, … });
 * await engine.init();
 */
import { LEXICAL_VERSION, LexicalIndex } from '../search/lexical';
import { EPISODE, EPISODE_ITEM, MEMORY } from '../store/heads';
import {
  ImageChanges,
  chunkOf,
  chunksFor,
  episodeStamp,
  itemOrder,
  memoryStamp,
  withChanges,
  type ImageChunk,
  type ReadChunk,
} from '../store/image';
import { LazyMap } from '../store/lazy';
import { decodeEpisode, decodeMemory } from '../store/record';
import type { LexicalSnapshot } from '../store/meta';
import type { MemoryStore } from '../store/store';
import type { EpisodeHead, MemoryHead } from './head';
import { ItemTable } from './table';
import type { Episode, Memory } from './types';

export const LEXICAL_SNAPSHOT_KEY = 'snapshot:lexical';

/** What an out-of-step snapshot lacks: ids to index again, and ids no longer in the store. */
export interface LexicalCatchUp {
  upsert: string[];
  remove: string[];
}

/**
 * A start rebuilds the lexical index instead of catching its snapshot up when more items
 * changed than the larger of CATCH_UP_MIN and CATCH_UP_SHARE of the store. Catching up costs
 * what a rebuild costs per changed item (the item parsed and its text indexed), plus the
 * removal of its old document.
 */
const CATCH_UP_MIN = 2_000;
const CATCH_UP_SHARE = 0.25;

/**
 * The items whose stamps differ from the snapshot's (added or changed since it was saved)
 * and the snapshot's ids that are no longer items: what the snapshot must be told to match
 * the store. Undefined when it has no stamps, or when so much changed that a rebuild is as
 * cheap. Parses nothing.
 */
export function lexicalCatchUp(
  snap: LexicalSnapshot,
  lexical: LexicalIndex,
  memories: LazyMap<Memory>,
  episodes: LazyMap<Episode>,
): LexicalCatchUp | undefined {
  const { image, stamps } = snap;
  if (!image || !(stamps instanceof Uint32Array) || stamps.length !== image.ids.length)
    return undefined;
  // By document number (the index restored from this image numbers its documents so).
  let top = 0;
  for (const n of image.shortIds) if (n > top) top = n;
  const stampOf = new Uint32Array(top + 1);
  const seen = new Uint8Array(top + 1);
  image.shortIds.forEach((n, d) => (stampOf[n] = stamps[d]!));
  const upsert: string[] = [];
  const check = (id: string, stamp: number) => {
    const n = lexical.docNumber(id);
    if (n === undefined || n > top) return void upsert.push(id);
    if (stampOf[n] !== stamp) upsert.push(id);
    seen[n] = 1;
  };
  memories.eachStamp(memoryStamp, (stamp, id) => check(id, stamp));
  episodes.eachStamp(episodeStamp, (stamp, key) => check(EPISODE_ITEM + key, stamp));
  const remove: string[] = [];
  image.shortIds.forEach((n, d) => {
    if (!seen[n]) remove.push(String(image.ids[d]));
  });
  const limit = Math.max(CATCH_UP_MIN, (memories.size + episodes.size) * CATCH_UP_SHARE);
  return upsert.length + remove.length > limit ? undefined : { upsert, remove };
}

/** The stamps to save with a snapshot whose image indexes `ids` (see `LexicalSnapshot`). */
export function stampsOf(
  ids: readonly (string | number)[],
  memories: LazyMap<Memory>,
  episodes: LazyMap<Episode>,
): Uint32Array {
  const out = new Uint32Array(ids.length);
  ids.forEach((raw, i) => {
    const id = String(raw);
    const s = id.startsWith(EPISODE_ITEM)
      ? episodes.stamp(id.slice(EPISODE_ITEM.length), episodeStamp)
      : undefined;
    // (a memory whose id looks like an episode item's shares its lexical document)
    out[i] = s ?? memories.stamp(id, memoryStamp) ?? 0;
  });
  return out;
}

/** The engine's vector index parts: facts, and raw turns (ids `e:` + the episode key). */
export const FACTS_PART = 0;
export const TURNS_PART = 1;
export const vectorPartOf = (id: string): number =>
  id.startsWith(EPISODE_ITEM) ? TURNS_PART : FACTS_PART;

/** One model's stored vectors, as the engine loads them. */
export interface PackedVectors {
  dims: number;
  /** Each item's vector: a view on the chunk it was read with (made as the chunk arrived). */
  byId: Map<string, Float32Array>;
  /** The same vectors packed per vector index part (`vectorPartOf`), row after row. */
  parts: { ids: string[]; data: Float32Array }[];
}

export interface PreparedStart {
  forgotten: string[];
  memories: LazyMap<Memory>;
  episodes: LazyMap<Episode>;
  /** Their columns, filled from the image's heads (or the items when read one by one). */
  table: ItemTable;
  /** Stored vectors of the items above, by model. */
  vectors: Map<string, PackedVectors>;
  /**
   * The lexical index restored from a snapshot that matches the store, if there was one, or
   * one that will once `lexicalStale` is applied to it.
   */
  lexical?: LexicalIndex;
  /** What the restored snapshot lacks (it was saved before the store's last writes). */
  lexicalStale?: LexicalCatchUp;
  /** False when the image was out of step: the per-item stores were read (and it is rebuilt). */
  fromImage: boolean;
}

/**
 * What the lexical index was built from: every memory (id, last update) and episode (key,
 * text hash), order-independent. A snapshot is trusted only when this matches. Parses
 * nothing: items still in JSON give their stored stamps.
 */
export function fingerprintOf(memories: LazyMap<Memory>, episodes: LazyMap<Episode>): string {
  let sum = 0;
  let xor = 0;
  const add = (h: number) => {
    sum = (sum + h) >>> 0;
    xor = (xor ^ Math.imul(h, 0x9e3779b1)) >>> 0;
  };
  memories.eachStamp(memoryStamp, add);
  episodes.eachStamp(episodeStamp, add);
  return `${memories.size}.${episodes.size}.${sum.toString(36)}.${xor.toString(36)}`;
}

function chunkVec(c: ImageChunk, i: number): Float32Array | undefined {
  return c.has[i] ? c.vecs.subarray(i * c.dims, (i + 1) * c.dims) : undefined;
}

/**
 * Collects the vectors chunk by chunk, as each arrives (while the next is still being read):
 * each id's view, and the rows of each index part as runs of the chunks' buffers, copied
 * once, into one array per part, at the end. The engine then keeps those arrays as they are.
 */
class VectorPacker {
  private readonly models = new Map<
    string,
    {
      dims: number;
      byId: Map<string, Float32Array>;
      parts: { ids: string[]; rows: Float32Array[]; n: number }[];
    }
  >();

  /** `rows`: `ids.length` vectors of `dims` floats, row after row; one per id. */
  add(model: string, dims: number, ids: string[], rows: Float32Array): void {
    if (!ids.length || !dims) return;
    let p = this.models.get(model);
    if (!p) {
      const part = () => ({ ids: [] as string[], rows: [] as Float32Array[], n: 0 });
      this.models.set(model, (p = { dims, byId: new Map(), parts: [part(), part()] }));
    }
    if (p.dims !== dims) return; // a model's vectors all have its dims; anything else is junk
    // A chunk keeps its items sorted by id, so each part's rows come in a run or two.
    for (let i = 0; i < ids.length;) {
      const part = p.parts[vectorPartOf(ids[i]!)]!;
      let end = i;
      for (; end < ids.length && vectorPartOf(ids[end]!) === vectorPartOf(ids[i]!); end++) {
        part.ids.push(ids[end]!);
        p.byId.set(ids[end]!, rows.subarray(end * dims, (end + 1) * dims));
      }
      part.rows.push(rows.subarray(i * dims, end * dims));
      part.n += end - i;
      i = end;
    }
  }

  done(): Map<string, PackedVectors> {
    const out = new Map<string, PackedVectors>();
    for (const [model, p] of this.models) {
      const parts = p.parts.map((part) => {
        const data = new Float32Array(part.n * p.dims);
        let at = 0;
        for (const r of part.rows) {
          data.set(r, at);
          at += r.length;
        }
        return { ids: part.ids, data };
      });
      out.set(model, { dims: p.dims, byId: p.byId, parts });
    }
    return out;
  }
}

/** Reads the store and prepares an engine start (see the module comment). */
export async function prepareStart(
  store: MemoryStore,
  mark?: (step: string) => void,
): Promise<PreparedStart> {
  const data = await store.loadStart([LEXICAL_SNAPSHOT_KEY]);
  mark?.('metaRead');
  // The lexical snapshot is unpacked now, while the image's chunks are still being read (they
  // come after it); it is used only if it was made from exactly these items (checked below).
  const snap = data.meta[LEXICAL_SNAPSHOT_KEY];
  let lexical: LexicalIndex | undefined;
  if (snap?.version === LEXICAL_VERSION) {
    try {
      if (snap.image) lexical = LexicalIndex.fromImage(snap.image);
    } catch {
      lexical = undefined; // a damaged snapshot: the engine rebuilds the index
    }
    mark?.('lexicalUnpacked');
  }
  const memories = new LazyMap<Memory>(decodeMemory);
  const episodes = new LazyMap<Episode>(decodeEpisode);
  const table = new ItemTable();
  const packer = new VectorPacker();
  if (data.image) {
    // Chunk by chunk as each arrives, in order (the LazyMaps' order is the image's).
    const { count } = data.image;
    const delta = await data.image.delta;
    const changes = delta ? ImageChanges.from(delta).byChunk(count) : new Map();
    for (let n = 0; n < count; n++) {
      const c = await data.image.chunks[n]!;
      const ops = changes.get(n);
      const r: ReadChunk | ImageChunk | undefined = ops ? withChanges(n, c, ops) : c;
      if (!r) continue;
      // Each item's head goes into the table's columns (copied as columns from a chunk
      // read as it is); the item stays JSON until read.
      if (!ops) table.putPacked(c!.ids, c!.kinds, c!.heads);
      let whole = !ops && !!c?.model;
      for (let i = 0; i < r.ids.length; i++) {
        const id = r.ids[i]!;
        if (r.kinds[i] === EPISODE) {
          const key = id.slice(EPISODE_ITEM.length);
          episodes.setRaw(key, r.recs[i]!, r.stamps[i]!);
          if (ops) table.putTurnHead(key, (r as ReadChunk).head(i) as EpisodeHead);
        } else {
          memories.setRaw(id, r.recs[i]!, r.stamps[i]!);
          if (ops) table.putMemoryHead(id, (r as ReadChunk).head(i) as MemoryHead);
        }
        // A memory whose id looks like an episode's vector id shares its vector slot.
        if (c && !ops && (!c.has[i] || (i > 0 && c.ids[i - 1] === id))) whole = false;
      }
      if (whole && c) packer.add(c.model, c.dims, c.ids, c.vecs);
      else if (r.model) {
        const vec = ops ? (r as ReadChunk).vec : (i: number) => chunkVec(c!, i);
        r.ids.forEach((id, i) => {
          const v = vec(i);
          if (v && !(i > 0 && r.ids[i - 1] === id)) packer.add(r.model, r.dims, [id], v);
        });
      }
    }
    mark?.('storeRead');
  } else {
    mark?.('storeRead');
    // In the order the image keeps (chunk by chunk, by id), so both paths start alike.
    const { memories: ms, episodes: es, vectors: vs } = data.items!;
    const count = chunksFor(ms.length + es.length);
    const all = [
      ...ms.map((m) => ({ kind: MEMORY, id: m.id, m, e: undefined })),
      ...es.map((e) => ({ kind: EPISODE, id: EPISODE_ITEM + e.key, m: undefined, e })),
    ]
      .map((x) => ({ ...x, c: chunkOf(x.id, count) }))
      .sort((a, b) => a.c - b.c || itemOrder(a.id, a.kind, b.id, b.kind));
    const byId = new Map(vs.map((v) => [v.id, v]));
    let last: string | undefined;
    for (const x of all) {
      if (x.m) {
        memories.set(x.id, x.m);
        table.putMemory(x.m);
      }
      if (x.e) {
        episodes.set(x.e.key, x.e);
        table.putTurn(x.e);
      }
      // Orphans (a vector whose item is gone) are left out.
      const v = x.id === last ? undefined : byId.get(x.id);
      if (v) packer.add(v.model, v.v.length, [v.id], v.v);
      last = x.id;
    }
  }
  const vectors = packer.done();
  let lexicalStale: LexicalCatchUp | undefined;
  if (lexical && snap!.fingerprint !== fingerprintOf(memories, episodes)) {
    // Saved before the last writes (the worker stopped within the snapshot's delay).
    lexicalStale = lexicalCatchUp(snap!, lexical, memories, episodes);
    if (!lexicalStale) lexical = undefined;
    mark?.('lexicalCompared');
  }
  mark?.('prepared');
  return {
    forgotten: data.forgotten,
    memories,
    episodes,
    table,
    vectors,
    ...(lexical ? { lexical } : {}),
    ...(lexical && lexicalStale ? { lexicalStale } : {}),
    fromImage: !!data.image,
  };
}
