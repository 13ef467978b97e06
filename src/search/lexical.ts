/**
 * The lexical index: BM25+ over memory texts, entities and dates, an inverted index of our
 * own (term → per field, the (document, frequency) pairs in the order the documents came).
 * It scores as MiniSearch 7.2 does with our options (its tokenizer, BM25 k 1.2, b 0.75,
 * d 0, `extra` boosted 1.5, a document's score times the number of query terms it holds):
 * test/unit/search/lexical.test.ts checks ranks and scores against MiniSearch itself. It is
 * derived data: rebuilt from the store, or restored from a versioned snapshot (`toImage`).
 */
import { stemmer } from 'stemmer';
import type { IdFilter } from './vector';

/**
 * Bumped when the index's terms or its packed form change: older snapshots are rebuilt.
 * (2: Porter stems; 3: our own packed form, no longer MiniSearch's state.)
 */
export const LEXICAL_VERSION = 3;

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

/** The index's tokens: MiniSearch's default tokenizer (empty tokens included, as it counts). */
const tokens = (text: string): string[] => text.split(/[\n\r\p{Z}\p{P}]+/u);

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
  const out = new Set<string>();
  for (const tok of tokens(query)) {
    if (REQUEST_WORDS.has(tok.toLowerCase())) continue;
    const t = foldTerm(tok);
    if (t) out.add(t);
  }
  return [...out];
}

/** The fields, in scoring order, and their boosts; BM25+ parameters. */
const FIELDS = ['text', 'extra'] as const;
const BOOST = [1, 1.5];
const F = FIELDS.length;
const K = 1.2;
const B = 0.75;
const D = 0;

/**
 * One term's postings in one field: `n / 2` (document, frequency) pairs in `a`, by rising
 * document number. `clean`: the index's removal count when dead documents were last dropped.
 */
interface Postings {
  a: Uint32Array;
  n: number;
  clean: number;
}

/** A term's postings per field (null: not in that field). */
type Term = (Postings | null)[];

/** The persisted form (structured-clone friendly: typed arrays and string arrays). */
export interface LexicalImage {
  format: typeof LEXICAL_IMAGE_FORMAT;
  /** The documents' ids by document number (live documents only, numbered 0…n-1). */
  ids: string[];
  /** Their document numbers: 0…n-1 (the start's catch-up reads them). */
  shortIds: Uint32Array;
  /** Per document, its `F` field lengths (MiniSearch's: distinct tokens). */
  lengths: Uint32Array;
  terms: string[];
  /** Term i's postings in field f are `postings[offsets[i * F + f] .. offsets[i * F + f + 1])`. */
  offsets: Uint32Array;
  postings: Uint32Array;
}

export const LEXICAL_IMAGE_FORMAT = 2;

/** Drop dead postings everywhere once this many removals, more than the live documents, wait. */
const SWEEP_MIN = 1_000;

export class LexicalIndex {
  /** Ids by document number; undefined once removed. Numbers are never reused. */
  private ids: (string | undefined)[] = [];
  private byId = new Map<string, number>();
  /** Field lengths by document number, `F` each. */
  private lengths: Uint32Array = new Uint32Array(64);
  /** Per field, the sum of the live documents' lengths. */
  private total = new Array<number>(F).fill(0);
  private count = 0;
  /** Removals so far: a posting list that saw fewer may hold dead documents. */
  private removed = 0;
  /** Removals since the last sweep (`sweep`). */
  private unswept = 0;
  /** A term restored from an image (its index there) until first read, then its postings. */
  private terms = new Map<string, Term | number>();
  private img?: LexicalImage;

  /**
   * A packed snapshot restored: a term's postings stay views on the image's array until a
   * document is added to them, so a start costs a map of its terms. Throws on a malformed
   * image (the caller rebuilds). The index owns `img` from then on.
   */
  static fromImage(img: LexicalImage): LexicalIndex {
    const n = img.ids.length;
    const t = img.terms.length;
    if (
      img.format !== LEXICAL_IMAGE_FORMAT ||
      img.shortIds.length !== n ||
      img.lengths.length !== n * F ||
      img.offsets.length !== t * F + 1 ||
      img.offsets[t * F] !== img.postings.length
    )
      throw new Error('The lexical snapshot is malformed.');
    const ix = new LexicalIndex();
    ix.img = img;
    ix.ids = img.ids;
    img.ids.forEach((id, d) => ix.byId.set(id, d));
    ix.lengths = img.lengths;
    for (let d = 0; d < n; d++) for (let f = 0; f < F; f++) ix.total[f]! += img.lengths[d * F + f]!;
    ix.count = n;
    img.terms.forEach((term, i) => ix.terms.set(term, i));
    return ix;
  }

  /**
   * The index packed for a snapshot: live documents only, numbered again from 0 (in the
   * same order), so no term of a removed document is written.
   */
  toImage(): LexicalImage {
    const renum = new Int32Array(this.ids.length).fill(-1);
    const ids: string[] = [];
    const lengths = new Uint32Array(this.count * F);
    this.ids.forEach((id, d) => {
      if (id === undefined) return;
      renum[d] = ids.length;
      lengths.set(this.lengths.subarray(d * F, d * F + F), ids.length * F);
      ids.push(id);
    });
    const terms: string[] = [];
    const offsets = [0];
    let size = 0;
    for (const v of this.terms.values()) for (const p of this.view(v)) size += p?.n ?? 0;
    const postings = new Uint32Array(size);
    let at = 0;
    for (const [term, v] of this.terms) {
      const start = at;
      for (const p of this.view(v)) {
        for (let j = 0; p && j < p.n; j += 2) {
          const d = renum[p.a[j]!]!;
          if (d < 0) continue;
          postings[at++] = d;
          postings[at++] = p.a[j + 1]!;
        }
        offsets.push(at);
      }
      if (at === start) offsets.length -= F;
      else terms.push(term);
    }
    return {
      format: LEXICAL_IMAGE_FORMAT,
      ids,
      shortIds: Uint32Array.from(ids, (_, d) => d),
      lengths,
      terms,
      offsets: Uint32Array.from(offsets),
      postings: postings.slice(0, at),
    };
  }

  get size(): number {
    return this.count;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The number `id` has in the index (a restored index: its place in the image). */
  docNumber(id: string): number | undefined {
    return this.byId.get(id);
  }

  /** Indexes `doc`, in place of the document of the same id if there is one. */
  upsert(doc: LexicalDoc): void {
    this.remove(doc.id);
    const d = this.ids.length;
    this.ids.push(doc.id);
    this.byId.set(doc.id, d);
    this.count++;
    if (this.lengths.length < (d + 1) * F) {
      const grown = new Uint32Array(this.lengths.length * 2);
      grown.set(this.lengths);
      this.lengths = grown;
    }
    FIELDS.forEach((field, f) => {
      const toks = tokens(doc[field]);
      const len = new Set(toks).size;
      this.lengths[d * F + f] = len;
      this.total[f]! += len;
      const tf = new Map<string, number>();
      for (const tok of toks) {
        const t = foldTerm(tok);
        if (t) tf.set(t, (tf.get(t) ?? 0) + 1);
      }
      for (const [t, n] of tf) {
        const term = this.term(t, true)!;
        const p = (term[f] ??= { a: new Uint32Array(4), n: 0, clean: this.removed });
        if (p.n + 2 > p.a.length) {
          const grown = new Uint32Array(Math.max(4, p.a.length * 2));
          grown.set(p.a.subarray(0, p.n));
          p.a = grown;
        }
        p.a[p.n++] = d;
        p.a[p.n++] = n;
      }
    });
  }

  /**
   * Removes `id`'s document. Its postings stay until a search reads them, or a sweep of the
   * whole index once removed documents outnumber the live ones; no snapshot writes them.
   */
  remove(id: string): void {
    const d = this.byId.get(id);
    if (d === undefined) return;
    this.byId.delete(id);
    this.ids[d] = undefined;
    this.count--;
    for (let f = 0; f < F; f++) this.total[f]! -= this.lengths[d * F + f]!;
    this.removed++;
    if (++this.unswept >= SWEEP_MIN && this.unswept > this.count) this.sweep();
  }

  clear(): void {
    this.ids = [];
    this.byId.clear();
    this.total.fill(0);
    this.count = 0;
    this.terms.clear();
    this.img = undefined;
  }

  /** Term `t`'s postings (decoded from the image on first read; made when `create`). */
  private term(t: string, create: boolean): Term | undefined {
    const v = this.terms.get(t);
    if (v === undefined && !create) return undefined;
    const term = v === undefined ? new Array<Postings | null>(F).fill(null) : this.view(v);
    if (term !== v) this.terms.set(t, term);
    return term;
  }

  /** A term's postings; a restored one's as views on the image (copied when added to). */
  private view(v: Term | number): Term {
    if (typeof v !== 'number') return v;
    const { offsets, postings } = this.img!;
    const term: Term = [];
    for (let f = 0; f < F; f++) {
      const [from, to] = [offsets[v * F + f]!, offsets[v * F + f + 1]!];
      // (`clean` -1: read through `drop` once, which also leaves out numbers not in the image)
      term.push(to > from ? { a: postings.subarray(from, to), n: to - from, clean: -1 } : null);
    }
    return term;
  }

  /** Drops the postings of removed documents from `p` (in place, order kept). */
  private drop(p: Postings): void {
    if (p.clean === this.removed) return;
    let w = 0;
    for (let j = 0; j < p.n; j += 2)
      if (this.ids[p.a[j]!] !== undefined) {
        p.a[w++] = p.a[j]!;
        p.a[w++] = p.a[j + 1]!;
      }
    p.n = w;
    p.clean = this.removed;
  }

  /** Drops every dead posting, and the terms only removed documents had. */
  private sweep(): void {
    this.unswept = 0;
    for (const t of [...this.terms.keys()]) {
      const term = this.term(t, false)!;
      term.forEach((p, f) => {
        if (p) this.drop(p);
        if (p && p.n === 0) term[f] = null;
      });
      if (term.every((p) => !p)) this.terms.delete(t);
    }
  }

  /**
   * The documents holding any of the query's terms, best first, by MiniSearch 7.2's BM25+
   * (OR over the query's terms, a term said twice counted twice, each document's score times
   * the number of distinct query terms it holds; ties in the order the documents were first
   * met). `filter` is asked once per matching document; one it refuses is not scored.
   */
  search(query: string, limit: number, filter?: IdFilter): LexicalHit[] {
    const occurrences: string[] = [];
    for (const tok of tokens(query)) {
      const t = foldTerm(tok);
      if (t) occurrences.push(t);
    }
    const sc = this.scratch(this.ids.length);
    const { score, sum, hits, lastTerm, verdict } = sc;
    const asked: number[] = [];
    const order: number[] = [];
    const distinct: string[] = [];
    const n = this.count;
    for (const t of occurrences) {
      const first = !distinct.includes(t);
      if (first) distinct.push(t);
      const term = this.term(t, false);
      if (!term) continue;
      // This occurrence's score per document, fields summed first, then added to the total:
      // MiniSearch's order of additions, so that scores (and ties) come out the same.
      const touched: number[] = [];
      for (let f = 0; f < F; f++) {
        const p = term[f];
        if (!p) continue;
        this.drop(p);
        const matching = p.n / 2;
        const idf = Math.log(1 + (n - matching + 0.5) / (matching + 0.5));
        const avg = this.total[f]! / n;
        const { a } = p;
        for (let j = 0; j < p.n; j += 2) {
          const d = a[j]!;
          let v = verdict[d]!;
          if (v === 0) {
            v = !filter || filter(this.ids[d]!) ? 1 : 2;
            verdict[d] = v;
            asked.push(d);
          }
          if (v === 2) continue;
          const tf = a[j + 1]!;
          const len = this.lengths[d * F + f]!;
          const raw = idf * (D + (tf * (K + 1)) / (tf + K * (1 - B + (B * len) / avg)));
          if (hits[d] === 0) order.push(d);
          if (first && lastTerm[d] !== distinct.length) {
            lastTerm[d] = distinct.length;
            hits[d]!++;
          }
          if (sum[d] === 0) touched.push(d);
          sum[d]! += BOOST[f]! * raw;
        }
      }
      for (const d of touched) {
        score[d]! += sum[d]!;
        sum[d] = 0;
      }
    }
    const ranked = order
      .map((d) => ({ d, score: score[d]! * hits[d]! }))
      .sort((x, y) => y.score - x.score);
    for (const d of asked) verdict[d] = 0;
    for (const d of order) score[d] = hits[d] = lastTerm[d] = 0;
    return ranked.slice(0, limit).map(({ d, score: s }) => ({
      id: this.ids[d]!,
      score: s,
      terms: distinct.filter((t) => this.term(t, false)?.some((p) => p && holds(p, d))),
    }));
  }

  private sc?: {
    score: Float64Array;
    sum: Float64Array;
    hits: Uint16Array;
    lastTerm: Uint16Array;
    /** This search's verdicts by document number (1 allowed, 2 refused), reset at its end. */
    verdict: Uint8Array;
  };

  /** Per-document scratch arrays, zeroed, for numbers below `n`; kept between searches. */
  private scratch(n: number) {
    if (!this.sc || this.sc.score.length < n) {
      const size = Math.max(n, 1024) * 2;
      this.sc = {
        score: new Float64Array(size),
        sum: new Float64Array(size),
        hits: new Uint16Array(size),
        lastTerm: new Uint16Array(size),
        verdict: new Uint8Array(size),
      };
    }
    return this.sc;
  }
}

/** Whether postings `p` (by rising document number) hold document `d`. */
function holds(p: Postings, d: number): boolean {
  let lo = 0;
  let hi = p.n / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = p.a[mid * 2]!;
    if (x === d) return true;
    if (x < d) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
