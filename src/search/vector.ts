/**
 * Vector indexes. The store keeps every vector (the source of truth); an index only proposes
 * candidates, and final scores are computed from the stored vectors.
 */

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
  search(q: Float32Array, k: number, filter?: (id: string) => boolean): VectorHit[];
  has(id: string): boolean;
  clear(): void;
  /**
   * Replaces the contents with `ids` and their vectors, packed row after row in `data` (a
   * start from the store's packed image); `data` is not kept.
   */
  load(ids: readonly string[], data: Float32Array): void;
}

/**
 * An exact scan over a packed Float32 matrix: for 64-dimension vectors it costs about a
 * millisecond per 100k vectors per query, with no approximation and no padding.
 */
export class ExactIndex implements VectorIndex {
  readonly name = 'exact';
  private dims: number;
  private data: Float32Array;
  private ids: string[] = [];
  private pos = new Map<string, number>();
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

  search(q: Float32Array, k: number, filter?: (id: string) => boolean): VectorHit[] {
    const d = this.dims;
    const n = this.ids.length;
    const data = this.data;
    // One tight pass for the scores, then a selection of the best k that pass the filter.
    const scores =
      this.scratch.length >= n ? this.scratch : (this.scratch = new Float32Array(n * 2));
    for (let i = 0, off = 0; i < n; i++, off += d) {
      let s = 0;
      for (let j = 0; j < d; j++) s += data[off + j]! * q[j]!;
      scores[i] = s;
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
    this.pos.clear();
  }

  load(ids: readonly string[], data: Float32Array): void {
    const d = this.dims;
    if (data.length !== ids.length * d)
      throw new Error(`${data.length} floats for ${ids.length} vectors of ${d} dims`);
    const capacity = Math.max(1024, ids.length + (ids.length >> 3));
    this.data = new Float32Array(capacity * d);
    this.data.set(data);
    this.ids = [...ids];
    this.pos = new Map();
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const was = this.pos.get(id);
      if (was === undefined) this.pos.set(id, i);
      else throw new Error(`vector ${id} given twice`);
    }
  }
}
