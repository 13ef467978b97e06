/**
 * Vector indexes. The store keeps every vector (the source of truth); an index only proposes
 * candidates, and final scores are computed from the stored vectors.
 */

/** Which ids a search may return (asked only of the rows that could enter the top k). */
export type IdFilter = (id: string) => boolean;

export interface VectorHit {
  id: string;
  score: number;
}

export interface VectorIndex {
  readonly name: string;
  readonly size: number;
  upsert(id: string, v: Float32Array): void;
  remove(id: string): void;
  /** The k nearest ids; `filter` narrows the candidates (exact scan only). */
  search(q: Float32Array, k: number, filter?: IdFilter): VectorHit[];
  has(id: string): boolean;
  clear(): void;
  /**
   * Replaces the contents with `ids` and their vectors, packed row after row in `data` (a
   * start from the store's packed image). `data` is not kept unless `given` says the caller
   * gives it away (a fresh array nothing else refers to), which saves a copy.
   */
  load(ids: readonly string[], data: Float32Array, given?: boolean): void;
}

/**
 * An exact scan over a packed Float32 matrix, with no approximation and no padding. The
 * scoring loop is unrolled by four, which roughly halved a query's time against the plain
 * loop (docs/benchmarks.md, History: figures moved out of code comments).
 */
export class ExactIndex implements VectorIndex {
  readonly name = 'exact';
  private dims: number;
  private data: Float32Array;
  private ids: string[] = [];
  /** Row of each id, built on first need: a search does not use it, so a start skips it. */
  private rows: Map<string, number> | undefined = new Map();
  private scratch = new Float32Array(0);

  constructor(dims: number, capacity = 1024) {
    this.dims = dims;
    this.data = new Float32Array(dims * capacity);
  }

  get size(): number {
    return this.ids.length;
  }

  has(id: string): boolean {
    return this.pos.has(id);
  }

  upsert(id: string, v: Float32Array): void {
    if (v.length !== this.dims)
      throw new Error(`vector has ${v.length} dims, index has ${this.dims}`);
    let i = this.pos.get(id);
    if (i === undefined) {
      i = this.ids.length;
      if ((i + 1) * this.dims > this.data.length) {
        const grown = new Float32Array(this.data.length * 2);
        grown.set(this.data);
        this.data = grown;
      }
      this.ids.push(id);
      this.pos.set(id, i);
    }
    this.data.set(v, i * this.dims);
  }

  remove(id: string): void {
    const i = this.pos.get(id);
    if (i === undefined) return;
    const last = this.ids.length - 1;
    const lastId = this.ids[last]!;
    if (i !== last) {
      this.data.copyWithin(i * this.dims, last * this.dims, (last + 1) * this.dims);
      this.ids[i] = lastId;
      this.pos.set(lastId, i);
    }
    this.ids.pop();
    this.pos.delete(id);
  }

  search(q: Float32Array, k: number, filter?: IdFilter): VectorHit[] {
    const d = this.dims;
    const n = this.ids.length;
    const data = this.data;
    // One tight pass for the scores, then a selection of the best k that pass the filter.
    const scores =
      this.scratch.length >= n ? this.scratch : (this.scratch = new Float32Array(n * 2));
    const d4 = d - (d % 4);
    for (let i = 0, off = 0; i < n; i++, off += d) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let j = 0;
      for (; j < d4; j += 4) {
        s0 += data[off + j]! * q[j]!;
        s1 += data[off + j + 1]! * q[j + 1]!;
        s2 += data[off + j + 2]! * q[j + 2]!;
        s3 += data[off + j + 3]! * q[j + 3]!;
      }
      for (; j < d; j++) s0 += data[off + j]! * q[j]!;
      scores[i] = s0 + s1 + s2 + s3;
    }
    const top: VectorHit[] = [];
    let floor = -Infinity;
    for (let i = 0; i < n; i++) {
      const s = scores[i]!;
      if (top.length >= k && s <= floor) continue;
      const id = this.ids[i]!;
      if (filter && !filter(id)) continue;
      let at = top.length;
      while (at > 0 && top[at - 1]!.score < s) at--;
      top.splice(at, 0, { id, score: s });
      if (top.length > k) top.pop();
      if (top.length >= k) floor = top[top.length - 1]!.score;
    }
    return top;
  }

  clear(): void {
    this.ids = [];
    this.rows = new Map();
  }

  load(ids: readonly string[], data: Float32Array, given = false): void {
    const d = this.dims;
    if (data.length !== ids.length * d)
      throw new Error(`${data.length} floats for ${ids.length} vectors of ${d} dims`);
    if (given && data.length >= d) {
      // Kept as it is: the first upsert after the start grows it (doubling).
      this.data = data;
    } else {
      const capacity = Math.max(1024, ids.length + (ids.length >> 3));
      this.data = new Float32Array(capacity * d);
      this.data.set(data);
    }
    this.ids = [...ids];
    this.rows = undefined;
  }

  private get pos(): Map<string, number> {
    if (this.rows) return this.rows;
    const rows = new Map<string, number>();
    for (let i = 0; i < this.ids.length; i++) {
      const id = this.ids[i]!;
      if (rows.has(id)) throw new Error(`vector ${id} given twice`);
      rows.set(id, i);
    }
    return (this.rows = rows);
  }
}

/**
 * Vectors kept in separate indexes by a part of their id (facts apart from raw chat turns),
 * so that a search which cannot return a part does not scan it: a store holds about four
 * captured turns per fact, and the memory list, duplicate checks and popup search only ever
 * return facts. A search over several parts returns the best k of their union, as one index
 * over all of them would.
 */
export class PartitionedIndex implements VectorIndex {
  constructor(
    private readonly partOf: (id: string) => number,
    private readonly parts: readonly VectorIndex[],
  ) {
    if (!parts.length) throw new Error('a partitioned index needs at least one part');
  }

  get name(): string {
    return this.parts[0]!.name;
  }

  get size(): number {
    return this.parts.reduce((n, p) => n + p.size, 0);
  }

  private part(id: string): VectorIndex {
    const p = this.parts[this.partOf(id)];
    if (!p) throw new Error(`no vector index part for ${id}`);
    return p;
  }

  upsert(id: string, v: Float32Array): void {
    this.part(id).upsert(id, v);
  }

  remove(id: string): void {
    this.part(id).remove(id);
  }

  has(id: string): boolean {
    return this.part(id).has(id);
  }

  /** The best k over the parts named in `only` (every part when it is left out). */
  search(q: Float32Array, k: number, filter?: IdFilter, only?: readonly number[]): VectorHit[] {
    const hits: VectorHit[] = [];
    this.parts.forEach((p, i) => {
      if (!only || only.includes(i)) for (const h of p.search(q, k, filter)) hits.push(h);
    });
    return hits.sort((a, b) => b.score - a.score).slice(0, k);
  }

  clear(): void {
    for (const p of this.parts) p.clear();
  }

  /**
   * Loads each part from rows already split by part (`parts[i]` for part i), which the parts
   * may keep as they are: a start packs them so (src/memory/start.ts).
   */
  loadParts(parts: readonly { ids: readonly string[]; data: Float32Array }[]): void {
    this.parts.forEach((p, i) => {
      const x = parts[i];
      p.load(x?.ids ?? [], x?.data ?? new Float32Array(0), true);
    });
  }

  load(ids: readonly string[], data: Float32Array, given = false): void {
    const n = ids.length;
    const d = n ? data.length / n : 0;
    if (!Number.isInteger(d)) throw new Error(`${data.length} floats for ${n} vectors`);
    const which = new Uint8Array(n);
    const counts = this.parts.map(() => 0);
    for (let i = 0; i < n; i++) {
      const part = this.partOf(ids[i]!);
      if (!this.parts[part]) throw new Error(`no vector index part for ${ids[i]}`);
      which[i] = part;
      counts[part]!++;
    }
    this.parts.forEach((p, part) => {
      if (counts[part] === n) return p.load(ids, data, given);
      // Each part's rows copied into a fresh array the part may keep, a run of consecutive
      // rows at a time (the image keeps a chunk's items sorted by id, so runs are long).
      const packed = new Float32Array(counts[part]! * d);
      const partIds: string[] = [];
      for (let i = 0, at = 0; i < n;) {
        if (which[i] !== part) {
          i++;
          continue;
        }
        let end = i;
        while (end < n && which[end] === part) partIds.push(ids[end++]!);
        packed.set(data.subarray(i * d, end * d), at);
        at += (end - i) * d;
        i = end;
      }
      p.load(partIds, packed, true);
    });
  }
}
