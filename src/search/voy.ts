/**
 * Voy (voy-search 0.6.3, WASM k-d tree) behind the VectorIndex interface. Measured quirks
 * (see the guide): vectors are padded to 768 dims, search returns ids only, serialisation is
 * large JSON, removal goes by id. So Voy only proposes candidates; scores come from stored
 * vectors, and the index is rebuilt from the store rather than deserialised.
 */
import * as bg from 'voy-search/voy_search_bg.js';
import type { VectorHit, VectorIndex } from './vector';

let ready: Promise<void> | undefined;

/** Instantiate Voy's wasm once per context, from bytes the environment provides. */
export function initVoy(loadWasm: () => Promise<ArrayBuffer | Uint8Array>): Promise<void> {
  ready ??= (async () => {
    const bytes = await loadWasm();
    const module = await WebAssembly.compile(bytes as BufferSource);
    const instance = await WebAssembly.instantiate(module, {
      './voy_search_bg.js': bg as unknown as WebAssembly.ModuleImports,
    });
    (bg as unknown as { __wbg_set_wasm(e: WebAssembly.Exports): void }).__wbg_set_wasm(
      instance.exports,
    );
  })();
  return ready;
}

interface VoyInstance {
  add(r: { embeddings: { id: string; title: string; url: string; embeddings: number[] }[] }): void;
  remove(r: {
    embeddings: { id: string; title: string; url: string; embeddings: number[] }[];
  }): void;
  search(q: Float32Array, k: number): { neighbors: { id: string }[] };
  size(): number;
  clear(): void;
}

export class VoyIndex implements VectorIndex {
  readonly name = 'voy';
  private voy: VoyInstance;
  private vectors = new Map<string, Float32Array>();

  /** Call `initVoy` first. */
  constructor() {
    const Voy = (bg as unknown as { Voy: new () => VoyInstance }).Voy;
    this.voy = new Voy();
  }

  get size(): number {
    return this.vectors.size;
  }

  has(id: string): boolean {
    return this.vectors.has(id);
  }

  private resource(id: string, v: Float32Array) {
    return { embeddings: [{ id, title: '', url: '', embeddings: Array.from(v) }] };
  }

  upsert(id: string, v: Float32Array): void {
    if (this.vectors.has(id)) this.remove(id);
    this.voy.add(this.resource(id, v));
    this.vectors.set(id, v);
  }

  remove(id: string): void {
    const v = this.vectors.get(id);
    if (!v) return;
    this.voy.remove(this.resource(id, v));
    this.vectors.delete(id);
  }

  search(q: Float32Array, k: number, filter?: (id: string) => boolean): VectorHit[] {
    if (this.vectors.size === 0) return [];
    // Voy cannot filter: over-fetch, then filter and score from the stored vectors.
    const want = filter ? Math.min(this.vectors.size, k * 4) : Math.min(this.vectors.size, k);
    const { neighbors } = this.voy.search(q, want);
    const hits: VectorHit[] = [];
    for (const n of neighbors) {
      const v = this.vectors.get(n.id);
      if (!v || (filter && !filter(n.id))) continue;
      let s = 0;
      for (let j = 0; j < v.length; j++) s += v[j]! * q[j]!;
      hits.push({ id: n.id, score: s });
    }
    return hits.sort((a, b) => b.score - a.score).slice(0, k);
  }

  clear(): void {
    this.voy.clear();
    this.vectors.clear();
  }

  load(ids: readonly string[], data: Float32Array): void {
    const dims = ids.length ? data.length / ids.length : 0;
    this.clear();
    // One vector at a time: one `add` of 1,000 failed inside Voy in Chromium (its panic
    // path: "process is not defined"), where adding them one by one works.
    ids.forEach((id, i) => this.upsert(id, data.slice(i * dims, (i + 1) * dims)));
  }
}
