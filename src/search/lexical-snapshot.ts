/**
 * A compact, lazily restored snapshot of a MiniSearch index (the lexical index's persisted
 * form). MiniSearch's own `loadJSON` parses the whole JSON and builds every term's posting
 * maps and its radix tree before the first search: ~50–100 ms at 10,000 memories in the
 * service worker, at every start. Here the postings stay packed in one Uint32Array (stored
 * as is in IndexedDB, no JSON) and a term's maps are built the first time it is looked up,
 * so a restored index answers its first query after decoding only the query's terms.
 *
 * It reads and writes MiniSearch's internal fields (minisearch is pinned to 7.2.0 in
 * package.json); `test/unit/search/lexical-snapshot.test.ts` checks that a restored index
 * scores, changes, vacuums and serialises exactly as MiniSearch's own does.
 */
import type MiniSearch from 'minisearch';
import type { Options } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';

/** A term's postings, decoded: field id → (short document id → term frequency). */
type FieldTermData = Map<number, Map<number, number>>;

/** MiniSearch 7.2's internal state, as read and written here. */
interface Internals {
  _index: TermIndex;
  _documentCount: number;
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<unknown, number>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _nextId: number;
  _storedFields: Map<number, Record<string, unknown>>;
  _dirtCount: number;
}

/** What MiniSearch calls on its term index. */
interface TermIndex extends Iterable<[string, FieldTermData]> {
  get(term: string): FieldTermData | undefined;
  has(term: string): boolean;
  set(term: string, value: FieldTermData): unknown;
  delete(term: string): unknown;
  fetch(term: string, initial: () => FieldTermData): FieldTermData;
  readonly size: number;
}

export const LEXICAL_IMAGE_FORMAT = 1;

/** The persisted form (structured-clone friendly: typed arrays and string arrays). */
export interface LexicalImage {
  format: typeof LEXICAL_IMAGE_FORMAT;
  documentCount: number;
  nextId: number;
  fieldIds: Record<string, number>;
  averageFieldLength: number[];
  dirtCount: number;
  /** Short ids of the indexed documents, and their ids, in the same order. */
  shortIds: Uint32Array;
  ids: (string | number)[];
  /** Per document (same order), `fields` lengths; HOLE where MiniSearch had none. */
  fieldLength: Uint32Array;
  fields: number;
  storedFields: [number, Record<string, unknown>][];
  terms: string[];
  /** Term i's postings are `postings[offsets[i] .. offsets[i + 1])`: see `encode`. */
  offsets: Uint32Array;
  postings: Uint32Array;
}

const HOLE = 0xffffffff;

function internals(ms: MiniSearch<never>): Internals {
  const i = ms as unknown as Internals;
  if (!(i._documentIds instanceof Map) || !(i._fieldLength instanceof Map) || !i._index)
    throw new Error('Unexpected MiniSearch internals: the lexical snapshot needs minisearch 7.2');
  return i;
}

/** Packs an index: what a vacuumed copy of it would hold, without vacuuming it. */
export function packIndex(ms: MiniSearch<never>): LexicalImage {
  const s = internals(ms);
  const fields = Object.keys(s._fieldIds).length;
  const n = s._documentIds.size;
  const shortIds = new Uint32Array(n);
  const ids: (string | number)[] = [];
  const fieldLength = new Uint32Array(n * fields).fill(HOLE);
  let d = 0;
  for (const [shortId, id] of s._documentIds) {
    shortIds[d] = shortId;
    ids.push(id as string | number);
    const fl = s._fieldLength.get(shortId) ?? [];
    fl.forEach((len, f) => {
      if (f < fields) fieldLength[d * fields + f] = len;
    });
    d++;
  }
  const terms: string[] = [];
  const offsets: number[] = [0];
  let postings = new Uint32Array(1024);
  let at = 0;
  const push = (x: number) => {
    if (at === postings.length) {
      const grown = new Uint32Array(postings.length * 2);
      grown.set(postings);
      postings = grown;
    }
    postings[at++] = x;
  };
  // Per term: the number of fields, then per field its id, its document count and
  // (short id, frequency) pairs. Postings of discarded documents (MiniSearch leaves them
  // until a vacuum) are left out, and so is a term only they had: no word of a removed
  // text is written.
  const live = s._documentIds;
  for (const [term, data] of s._index) {
    const start = at;
    push(0);
    let nFields = 0;
    for (const [fieldId, docs] of data) {
      const head = at;
      push(fieldId);
      push(0);
      let count = 0;
      for (const [shortId, freq] of docs) {
        if (!live.has(shortId)) continue;
        push(shortId);
        push(freq);
        count++;
      }
      if (count === 0) at = head;
      else {
        postings[head + 1] = count;
        nFields++;
      }
    }
    if (nFields === 0) {
      at = start;
      continue;
    }
    postings[start] = nFields;
    terms.push(term);
    offsets.push(at);
  }
  return {
    format: LEXICAL_IMAGE_FORMAT,
    documentCount: s._documentCount,
    nextId: s._nextId,
    fieldIds: { ...s._fieldIds },
    averageFieldLength: [...s._avgFieldLength],
    dirtCount: 0,
    shortIds,
    ids,
    fieldLength,
    fields,
    storedFields: [...s._storedFields],
    terms,
    offsets: Uint32Array.from(offsets),
    postings: postings.slice(0, at),
  };
}

/** Postings added to packed term `i` before it was first read. */
class Added {
  readonly data: FieldTermData = new Map();
  constructor(readonly i: number) {}

  /** `decoded` (term `i`'s packed postings) with these after them, as adding after a read. */
  into(decoded: FieldTermData): FieldTermData {
    for (const [fieldId, docs] of this.data) {
      const to = decoded.get(fieldId);
      if (!to) decoded.set(fieldId, docs);
      else for (const [doc, tf] of docs) to.set(doc, tf);
    }
    return decoded;
  }
}

/**
 * Runs `add` (a `MiniSearch.add` on `ms`) without decoding the packed terms the document
 * holds: their new postings are kept apart until the term is first read. Adding to a
 * restored index otherwise decodes each of the document's terms, ~0.5–1 ms a document at
 * 30,000 documents (the common terms' postings are long).
 */
export function addWithoutDecoding<T>(ms: MiniSearch<T>, add: () => void): void {
  const index = (ms as unknown as Internals)._index;
  if (!(index instanceof LazyTermIndex)) return add();
  index.adding = true;
  try {
    add();
  } finally {
    index.adding = false;
  }
}

/** How many packed terms of a restored index have been decoded (undefined: not restored). */
export function decodedTerms<T>(ms: MiniSearch<T>): number | undefined {
  const index = (ms as unknown as Internals)._index;
  return index instanceof LazyTermIndex ? index.decoded : undefined;
}

/**
 * The term index of a restored snapshot: a Map from term to its packed position until the
 * term is first read, then to its decoded maps (postings added before that wait beside the
 * packed ones: `addWithoutDecoding`). Prefix and fuzzy lookups (not used by the
 * lexical index's options, but part of MiniSearch's contract) turn it into MiniSearch's
 * own radix tree for good.
 */
class LazyTermIndex implements TermIndex {
  private readonly terms = new Map<string, FieldTermData | number | Added>();
  private tree: SearchableMap<FieldTermData> | undefined;
  /** Set by `addWithoutDecoding` while MiniSearch adds a document. */
  adding = false;
  /** How many packed terms were decoded (for tests). */
  decoded = 0;

  constructor(private readonly img: LexicalImage) {
    img.terms.forEach((t, i) => this.terms.set(t, i));
  }

  private decode(i: number): FieldTermData {
    this.decoded++;
    const p = this.img.postings;
    let at = this.img.offsets[i]!;
    const out: FieldTermData = new Map();
    const nFields = p[at++]!;
    for (let f = 0; f < nFields; f++) {
      const fieldId = p[at++]!;
      const count = p[at++]!;
      const docs = new Map<number, number>();
      for (let k = 0; k < count; k++, at += 2) docs.set(p[at]!, p[at + 1]!);
      out.set(fieldId, docs);
    }
    return out;
  }

  get(term: string): FieldTermData | undefined {
    if (this.tree) return this.tree.get(term);
    const v = this.terms.get(term);
    if (v === undefined || v instanceof Map) return v;
    const d = typeof v === 'number' ? this.decode(v) : v.into(this.decode(v.i));
    this.terms.set(term, d);
    return d;
  }

  has(term: string): boolean {
    return this.tree ? this.tree.has(term) : this.terms.has(term);
  }

  set(term: string, value: FieldTermData): this {
    if (this.tree) this.tree.set(term, value);
    else this.terms.set(term, value);
    return this;
  }

  delete(term: string): void {
    if (this.tree) this.tree.delete(term);
    else this.terms.delete(term);
  }

  fetch(term: string, initial: () => FieldTermData): FieldTermData {
    if (this.tree) return this.tree.fetch(term, initial);
    if (this.adding) {
      // MiniSearch's addTerm only adds to what it fetches: a packed term's new postings wait
      // beside it, and join it when it is first read.
      const v = this.terms.get(term);
      if (typeof v === 'number') {
        const a = new Added(v);
        this.terms.set(term, a);
        return a.data;
      }
      if (v instanceof Added) return v.data;
    }
    let v = this.get(term);
    if (v === undefined) this.terms.set(term, (v = initial()));
    return v;
  }

  update(term: string, fn: (v: FieldTermData | undefined) => FieldTermData): this {
    return this.set(term, fn(this.get(term)));
  }

  get size(): number {
    return this.tree ? this.tree.size : this.terms.size;
  }

  clear(): void {
    this.tree?.clear();
    this.terms.clear();
  }

  *entries(): IterableIterator<[string, FieldTermData]> {
    if (this.tree) {
      yield* this.tree.entries();
      return;
    }
    for (const term of this.terms.keys()) {
      const v = this.get(term);
      if (v !== undefined) yield [term, v];
    }
  }

  [Symbol.iterator](): IterableIterator<[string, FieldTermData]> {
    return this.entries();
  }

  *keys(): IterableIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): IterableIterator<FieldTermData> {
    for (const [, v] of this.entries()) yield v;
  }

  forEach(fn: (value: FieldTermData, key: string, map: this) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }

  private full(): SearchableMap<FieldTermData> {
    if (!this.tree) {
      const tree = new SearchableMap<FieldTermData>();
      for (const [k, v] of this.entries()) tree.set(k, v);
      this.tree = tree;
      this.terms.clear();
    }
    return this.tree;
  }

  atPrefix(prefix: string): SearchableMap<FieldTermData> {
    return this.full().atPrefix(prefix);
  }

  fuzzyGet(key: string, maxEditDistance: number): Map<string, [FieldTermData, number]> {
    return this.full().fuzzyGet(key, maxEditDistance);
  }
}

/**
 * Restores a packed index into `ms`, a new, empty MiniSearch made with the options the
 * packed one was made with. Throws on a malformed image (the caller rebuilds).
 */
export function unpackIndex<T>(
  ms: MiniSearch<T>,
  img: LexicalImage,
  options: Pick<Options<T>, 'fields'>,
): MiniSearch<T> {
  const s = internals(ms as unknown as MiniSearch<never>);
  const n = img.shortIds.length;
  if (
    img.format !== LEXICAL_IMAGE_FORMAT ||
    img.ids.length !== n ||
    img.fieldLength.length !== n * img.fields ||
    img.offsets.length !== img.terms.length + 1 ||
    img.offsets[img.terms.length] !== img.postings.length ||
    img.fields !== options.fields.length ||
    options.fields.some((f, i) => img.fieldIds[f] !== i)
  )
    throw new Error('The lexical snapshot is malformed.');
  s._documentCount = img.documentCount;
  s._nextId = img.nextId;
  s._fieldIds = { ...img.fieldIds };
  s._avgFieldLength = [...img.averageFieldLength];
  s._dirtCount = img.dirtCount;
  const documentIds = new Map<number, unknown>();
  const idToShortId = new Map<unknown, number>();
  const fieldLength = new Map<number, number[]>();
  const fields = img.fields;
  for (let d = 0; d < n; d++) {
    const shortId = img.shortIds[d]!;
    const id = img.ids[d]!;
    documentIds.set(shortId, id);
    idToShortId.set(id, shortId);
    // Holes stay holes (MiniSearch skips them with forEach when a document is discarded).
    const fl: number[] = new Array<number>(fields);
    for (let f = 0; f < fields; f++) {
      const len = img.fieldLength[d * fields + f]!;
      if (len !== HOLE) fl[f] = len;
    }
    fieldLength.set(shortId, fl);
  }
  s._documentIds = documentIds;
  s._idToShortId = idToShortId;
  s._fieldLength = fieldLength;
  s._storedFields = new Map(img.storedFields);
  s._index = new LazyTermIndex(img);
  return ms;
}
