/**
 * Baselines for the LoCoMo benchmark, over the raw turns ("speaker: text"): plain BM25
 * (MiniSearch, k1 1.2, b 0.75, classic BM25 without the "+" term, English stop words
 * removed, no stemming) and potion-base-2M dense retrieval (cosine, exact).
 */
import MiniSearch from 'minisearch';
import type { Embedder } from '../memory/types';
import { cos } from './stats';

export interface RawDoc {
  id: string;
  text: string;
  at: number;
}

/** A common English stop-word list (the classic Lucene/NLTK core). */
export const ENGLISH_STOP = new Set(
  `a about above after again against all am an and any are as at be because been before being below between both but by
  can could did do does doing down during each few for from further had has have having he her here hers herself him
  himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other
  our ours ourselves out over own same she should so some such than that the their theirs them themselves then there
  these they this those through to too under until up very was we were what when where which while who whom why will
  with would you your yours yourself yourselves`
    .split(/\s+/)
    .filter(Boolean),
);

export class Bm25Baseline {
  private ms: MiniSearch<RawDoc>;

  constructor(docs: readonly RawDoc[]) {
    const processTerm = (t: string) => {
      const w = t.toLowerCase();
      return ENGLISH_STOP.has(w) ? null : w;
    };
    this.ms = new MiniSearch<RawDoc>({
      fields: ['text'],
      storeFields: [],
      processTerm,
      searchOptions: { processTerm, bm25: { k: 1.2, b: 0.75, d: 0 } },
    });
    this.ms.addAll(docs as RawDoc[]);
  }

  search(query: string, k: number): string[] {
    return this.ms
      .search(query, { combineWith: 'OR' })
      .slice(0, k)
      .map((r) => String(r.id));
  }
}

export class DenseBaseline {
  private constructor(
    private readonly ids: string[],
    private readonly vs: Float32Array[],
    private readonly embedder: Embedder,
  ) {}

  static async build(docs: readonly RawDoc[], embedder: Embedder): Promise<DenseBaseline> {
    return new DenseBaseline(
      docs.map((d) => d.id),
      await embedder.embed(docs.map((d) => d.text)),
      embedder,
    );
  }

  async searchAsync(query: string, k: number): Promise<string[]> {
    const [q] = await this.embedder.embed([query]);
    return this.rank(q!, k);
  }

  /** Synchronous when the embedder is (the static one is): `embedOne`. */
  search(query: string, k: number): string[] {
    const e = this.embedder as Embedder & { embedOne?: (t: string) => Float32Array };
    if (!e.embedOne)
      throw new Error('DenseBaseline.search needs a synchronous embedder; use searchAsync.');
    return this.rank(e.embedOne(query), k);
  }

  private rank(q: Float32Array, k: number): string[] {
    return this.ids
      .map((id, i) => ({ id, s: cos(q, this.vs[i]!) }))
      .sort((a, b) => b.s - a.s)
      .slice(0, k)
      .map((x) => x.id);
  }
}
