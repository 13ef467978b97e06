/**
 * The lexical index: BM25 (MiniSearch's BM25+) over memory texts, entities and dates. It is
 * derived data: rebuilt from the store, or restored from a versioned snapshot.
 */
import MiniSearch from 'minisearch';
import { stemmer } from 'stemmer';
import { packIndex, unpackIndex, type LexicalImage } from './lexical-snapshot';

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
    this.ms.add(doc);
  }

  remove(id: string): void {
    if (this.ms.has(id)) this.ms.discard(id);
  }

  ids(): string[] {
    // MiniSearch keeps no public id list; the snapshot check uses the store's ids instead.
    return [];
  }

  search(query: string, limit: number, filter?: (id: string) => boolean): LexicalHit[] {
    // The filter runs as a document boost of 0 or 1: a document it refuses is skipped while
    // the terms are scored, before MiniSearch builds a result object for it (as its `filter`
    // option would, for every match). Scores of the documents kept are the same.
    const res = this.ms.search(query, {
      combineWith: 'OR',
      ...(filter ? { boostDocument: (id: string) => (filter(id) ? 1 : 0) } : {}),
    });
    return res.slice(0, limit).map((r) => ({ id: String(r.id), score: r.score, terms: r.terms }));
  }

  clear(): void {
    this.ms.removeAll();
  }
}
