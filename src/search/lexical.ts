/**
 * The lexical index: BM25 (MiniSearch's BM25+) over memory texts, entities and dates. It is
 * derived data: rebuilt from the store, or restored from a versioned snapshot.
 */
import MiniSearch from 'minisearch';
import { stemmer } from 'stemmer';
import {
  addWithoutDecoding,
  decodedTerms,
  packIndex,
  unpackIndex,
  type LexicalImage,
} from './lexical-snapshot';
import type { IdFilter } from './vector';

/** Bumped when the index's terms change (2: Porter stems): older snapshots are rebuilt. */
export const LEXICAL_VERSION = 2;

const STOP = new Set(
  `a an and are as at be but by did do does for from had has have he her hers him his how i if in
  into is it its me my of on or our she so than that the their them then there these they this
  to was we were what when where which who whom why will with you your user users about just
  also been being would could should can may might much many any some very really`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * A term as the index keeps it: lower case, stop words dropped, English words reduced to
 * their Porter stem ("painting"/"painted"/"paints" → "paint", "celebrated"/"celebration" →
 * "celebr"). Tokens with digits or other scripts are kept as they are.
 */
export function foldTerm(term: string): string | null {
  const t = term.toLowerCase();
  if (STOP.has(t) || t.length < 2) return null;
  return /^[a-z]+$/.test(t) ? stemmer(t) : t;
}

/** A word as the memory modules read text: letters and digits, with an inner apostrophe. */
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** The words of a text, in order (`WORD`). */
export function wordsOf(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** The distinct folded terms of a text (`foldTerm`: stop words out, English words stemmed). */
export function termSet(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of wordsOf(text)) {
    const f = foldTerm(w);
    if (f) out.add(f);
  }
  return out;
}

export interface LexicalDoc {
  id: string;
  text: string;
  /** Entities, speaker names, ISO dates: indexed as an extra, boosted field. */
  extra: string;
}

export interface LexicalHit {
  id: string;
  score: number;
  /** The query's (folded) terms this document contains. */
  terms: string[];
}

/**
 * Words that ask for something rather than say what about ("suggest", "write", "please"):
 * left out when measuring how much of a prompt a memory covers.
 */
const REQUEST_WORDS = new Set(
  `suggest recommend help tell give write explain show find make please tonight today now
  idea ideas good best some need want know think get let like would could should can may
  tip tips way ways thing things something anything quick short simple new`.split(/\s+/),
);

/** The distinct folded content terms of a query, as the index sees them. */
export function queryTerms(query: string): string[] {
  const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];
  const out = new Set<string>();
  for (const tok of tokenize(query)) {
    if (REQUEST_WORDS.has(tok.toLowerCase())) continue;
    const t = foldTerm(tok);
    if (t) out.add(t);
  }
  return [...out];
}

const OPTIONS = {
  fields: ['text', 'extra'],
  storeFields: [] as string[],
  processTerm: foldTerm,
  searchOptions: { boost: { extra: 1.5 }, processTerm: foldTerm, bm25: { k: 1.2, b: 0.75, d: 0 } },
};

/** MiniSearch 7.2's internal state, as `search` reads it (the version is pinned). */
interface Internals {
  _index: { get(term: string): Map<number, Map<number, number>> | undefined };
  _documentCount: number;
  _documentIds: Map<number, unknown>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _nextId: number;
  _idToShortId: Map<unknown, number>;
  removeTerm(fieldId: number, docId: number, term: string): void;
}

export class LexicalIndex {
  private ms: MiniSearch<LexicalDoc>;

  constructor(ms?: MiniSearch<LexicalDoc>) {
    this.ms = ms ?? new MiniSearch<LexicalDoc>(OPTIONS);
  }

  static fromJSON(json: string): LexicalIndex {
    return new LexicalIndex(MiniSearch.loadJSON<LexicalDoc>(json, OPTIONS));
  }

  /**
   * A packed snapshot restored (./lexical-snapshot.ts): each term is decoded the first time
   * it is looked up, so the first search after a start does not wait for the whole index.
   */
  static fromImage(img: LexicalImage): LexicalIndex {
    return new LexicalIndex(unpackIndex(new MiniSearch<LexicalDoc>(OPTIONS), img, OPTIONS));
  }

  /** The index packed for a snapshot; no term of a removed document is written. */
  toImage(): LexicalImage {
    return packIndex(this.ms as never);
  }

  /**
   * Serialises the index. Discarded documents are first vacuumed out, so no term of a removed
   * (forgotten) text survives in the snapshot.
   */
  async toJSONClean(): Promise<string> {
    if (this.ms.dirtCount > 0) await this.ms.vacuum({ batchSize: 10_000, batchWait: 0 });
    return JSON.stringify(this.ms);
  }

  toJSON(): string {
    return JSON.stringify(this.ms);
  }

  get size(): number {
    return this.ms.documentCount;
  }

  has(id: string): boolean {
    return this.ms.has(id);
  }

  upsert(doc: LexicalDoc): void {
    if (this.ms.has(doc.id)) this.ms.discard(doc.id);
    addWithoutDecoding(this.ms, () => this.ms.add(doc));
  }

  /** The document number MiniSearch gave `id` (a restored index: the snapshot's). */
  docNumber(id: string): number | undefined {
    return (this.ms as unknown as Internals)._idToShortId.get(id);
  }

  /** How many of a restored snapshot's terms have been decoded (undefined: not restored). */
  decodedTerms(): number | undefined {
    return decodedTerms(this.ms);
  }

  remove(id: string): void {
    if (this.ms.has(id)) this.ms.discard(id);
  }

  ids(): string[] {
    // MiniSearch keeps no public id list; the snapshot check uses the store's ids instead.
    return [];
  }

  /**
   * The documents holding any of the query's terms, best first: MiniSearch 7.2's BM25+ scores
   * (OR over the terms, each document's score times the number of query terms it holds, as
   * `MiniSearch.search` ranks), computed over its index without the result object, match map
   * and stored-fields copy it builds for every matching document (most of a 30k-document
   * search). `filter` is asked once per matching document; one it refuses is not scored.
   * Ranks and scores equal `MiniSearch.search`'s (test/unit/search/lexical.test.ts).
   */
  search(query: string, limit: number, filter?: IdFilter): LexicalHit[] {
    const ms = this.ms as unknown as Internals;
    const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];
    const occurrences: string[] = [];
    for (const tok of tokenize(query)) {
      const t = foldTerm(tok);
      if (t) occurrences.push(t);
    }
    const n = Math.max(ms._nextId, 1);
    const sc = this.scratch(n);
    const { score, hits } = sc;
    // This search's verdicts by document number (1 allowed, 2 refused), reset at its end.
    const verdict = sc.verdict;
    const asked: number[] = [];
    const order: number[] = [];
    const distinct: string[] = [];
    const fields = OPTIONS.fields.map((f) => ({
      id: ms._fieldIds[f]!,
      boost: (OPTIONS.searchOptions.boost as Record<string, number>)[f] ?? 1,
    }));
    const { k, b, d } = OPTIONS.searchOptions.bm25;
    const total = ms._documentCount;
    for (const term of occurrences) {
      const first = !distinct.includes(term);
      if (first) distinct.push(term);
      const data = ms._index.get(term);
      if (!data) continue;
      // This occurrence's score per document, fields summed first, then added to the total:
      // the order MiniSearch adds in, so that scores (and ties) come out the same.
      const touched: number[] = [];
      for (const field of fields) {
        const freqs = data.get(field.id);
        if (!freqs) continue;
        let matching = freqs.size;
        const avg = ms._avgFieldLength[field.id]!;
        for (const [docId, tf] of freqs) {
          if (!ms._documentIds.has(docId)) {
            // As MiniSearch does: a discarded document's posting is dropped on sight.
            ms.removeTerm(field.id, docId, term);
            matching -= 1;
            continue;
          }
          let v = verdict[docId]!;
          if (v === 0) {
            v = !filter || filter(String(ms._documentIds.get(docId))) ? 1 : 2;
            verdict[docId] = v;
            asked.push(docId);
          }
          if (v === 2) continue;
          const len = ms._fieldLength.get(docId)![field.id]!;
          const idf = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
          const raw = idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * len) / avg)));
          if (hits[docId] === 0) order.push(docId);
          if (first && sc.lastTerm[docId] !== distinct.length) {
            sc.lastTerm[docId] = distinct.length;
            hits[docId]!++;
          }
          if (sc.term[docId] === 0) touched.push(docId);
          sc.term[docId]! += field.boost * raw;
        }
      }
      for (const docId of touched) {
        score[docId]! += sc.term[docId]!;
        sc.term[docId] = 0;
      }
    }
    const ranked = order
      .map((docId) => ({ docId, score: score[docId]! * hits[docId]! }))
      .sort((x, y) => y.score - x.score);
    for (const docId of asked) verdict[docId] = 0;
    for (const docId of order) {
      score[docId] = 0;
      hits[docId] = 0;
      sc.lastTerm[docId] = 0;
    }
    return ranked.slice(0, limit).map(({ docId, score: s }) => ({
      id: String(ms._documentIds.get(docId)),
      score: s,
      terms: distinct.filter((t) => {
        const data = ms._index.get(t);
        return !!data && fields.some((f) => data.get(f.id)?.has(docId));
      }),
    }));
  }

  private sc?: {
    score: Float64Array;
    term: Float64Array;
    hits: Uint16Array;
    lastTerm: Uint16Array;
    verdict: Uint8Array;
  };

  /** Per-document scratch arrays, zeroed, for ids below `n`; kept between searches. */
  private scratch(n: number) {
    if (!this.sc || this.sc.score.length < n) {
      const size = Math.max(n, 1024) * 2;
      this.sc = {
        score: new Float64Array(size),
        term: new Float64Array(size),
        hits: new Uint16Array(size),
        lastTerm: new Uint16Array(size),
        verdict: new Uint8Array(size),
      };
    }
    return this.sc;
  }

  clear(): void {
    this.ms.removeAll();
  }
}
