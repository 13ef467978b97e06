/**
 * The lexical index (src/search/lexical.ts) against MiniSearch 7.2, its oracle: the same
 * documents in both, the same ids in the same order and the same scores (1e-9 relative),
 * with and without a filter, after removals and replacements, and after a snapshot round
 * trip. MiniSearch drops a removed document's postings as a search meets them, lowering the
 * term's document count mid-loop; ours drops them first, so the oracle is vacuumed before it
 * is compared (then both count only live documents).
 */
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import {
  LexicalIndex,
  foldTerm,
  type LexicalDoc,
  type LexicalImage,
} from '../../../src/search/lexical';
import { rng, syntheticTurns } from '../../../src/bench/synthetic';

describe('LexicalIndex.search with a filter', () => {
  const index = new LexicalIndex();
  const texts = [
    'I adopted a cat named Bailey last spring',
    'The cat sleeps on the piano all day',
    'We took the dog and the cat camping',
    'My sister has a cat and two dogs',
    'Dinner was pasta with a cat-shaped cookie',
  ];
  texts.forEach((text, i) => index.upsert({ id: i % 2 ? `e:t${i}` : `m${i}`, text, extra: '' }));

  it('leaves out what the filter refuses, and scores the rest as without it', () => {
    const all = index.search('cat dog', 10);
    expect(all).toHaveLength(5);
    const facts = index.search('cat dog', 10, (id) => !id.startsWith('e:'));
    expect(facts.map((h) => h.id)).toEqual(
      all.filter((h) => !h.id.startsWith('e:')).map((h) => h.id),
    );
    for (const h of facts) {
      const same = all.find((a) => a.id === h.id)!;
      expect(h.score).toBeCloseTo(same.score, 10);
      expect(h.terms).toEqual(same.terms);
    }
  });

  it('asks the filter only about documents that match a query term', () => {
    const asked = new Set<string>();
    index.search('piano', 10, (id) => {
      asked.add(id);
      return true;
    });
    expect([...asked]).toEqual(['e:t1']);
  });
});

/** MiniSearch made with the options our index reproduces. */
const oracle = () =>
  new MiniSearch<LexicalDoc>({
    fields: ['text', 'extra'],
    storeFields: [],
    processTerm: foldTerm,
    searchOptions: {
      boost: { extra: 1.5 },
      processTerm: foldTerm,
      bm25: { k: 1.2, b: 0.75, d: 0 },
    },
  });

/** Texts a real store holds, and what tokenizers trip on. */
const EDGES: Omit<LexicalDoc, 'id'>[] = [
  { text: '', extra: '' },
  { text: 'the and of to', extra: '' },
  { text: '...!!! — ;', extra: '' },
  { text: 'cello cello cello cello cello', extra: 'cello' },
  { text: 'Zürich, 日本語 and naïve café', extra: 'Zürich' },
  { text: "My sister's dog isn't here; it's at Anna’s", extra: 'Anna 2024-03-05' },
  { text: 'e-mail co-op state-of-the-art 3.14 v2.0 #tag @user', extra: '' },
  { text: 'Berlin\nMunich\r\nLisbon\ttabs', extra: '2025-01-01' },
  { text: Array.from({ length: 400 }, (_, i) => `word${i % 57} cello`).join(' '), extra: '' },
];

/** `n` synthetic facts and turns (facts `m…`, turns `e:…`), then the edge cases. */
function corpus(n: number, seed: number): LexicalDoc[] {
  const docs = syntheticTurns(n, seed).flatMap((t, i) => [
    { id: `m${i}`, text: t.fact, extra: i % 4 ? `2025-0${1 + (i % 9)}-1${i % 10}` : '' },
    { id: `e:${i}`, text: t.turn, extra: `2025-0${1 + (i % 9)}-1${i % 10}` },
  ]);
  return [...docs, ...EDGES.map((d, i) => ({ ...d, id: `edge${i}` }))];
}

function queries(seed: number): string[] {
  const r = rng(seed);
  const turns = syntheticTurns(60, seed + 1);
  const words = turns.flatMap((t) => t.fact.split(' '));
  return [
    ...turns.map((t, i) => (i % 3 ? t.query : `${t.query} ${t.query.split(' ')[0]}`)),
    ...Array.from({ length: 30 }, () =>
      Array.from(
        { length: 1 + Math.floor(r() * 8) },
        () => words[Math.floor(r() * words.length)],
      ).join(' '),
    ),
    'cello',
    'cello cello sister',
    '2025-03-13 sister',
    'Zürich café',
    "sister's dog",
    'state-of-the-art',
    'word3 word5',
    'the and of',
    '',
    'nothing matches zzzqqq',
  ];
}

type Filter = ((id: string) => boolean) | undefined;
const FILTERS: [string, Filter][] = [
  ['none', undefined],
  ['facts', (id) => !id.startsWith('e:')],
  ['some', (id) => id.length % 3 !== 0],
];

/** Every query, with every filter: the same ranks, scores within 1e-9, the same terms. */
function expectSame(ours: LexicalIndex, ms: MiniSearch<LexicalDoc>, qs: string[]) {
  for (const [name, filter] of FILTERS)
    for (const q of qs) {
      const want = ms
        .search(q, { combineWith: 'OR', ...(filter ? { filter: (h) => filter(h.id) } : {}) })
        .map((h) => ({ id: h.id as string, score: h.score, terms: h.terms }));
      const got = ours.search(q, 1e9, filter);
      const at = `${q} (filter ${name})`;
      const ids = (hs: { id: string }[]) => hs.map((h) => h.id).join(' ');
      expect(ids(got), at).toBe(ids(want));
      const terms = (t: string[]) => [...t].sort().join(' ');
      const off = got.filter((h, i) => {
        const w = want[i]!;
        return (
          Math.abs(h.score - w.score) > 1e-9 * Math.abs(w.score) ||
          terms(h.terms) !== terms(w.terms)
        );
      });
      expect(off, at).toEqual([]);
      expect(
        ours.search(q, 10, filter).map((h) => h.id),
        at,
      ).toEqual(want.slice(0, 10).map((h) => h.id));
    }
}

/** Removes every 7th document and replaces every 5th with other words, in both. */
async function change(
  ours: LexicalIndex,
  ms: MiniSearch<LexicalDoc>,
  docs: LexicalDoc[],
  n: number,
) {
  const other = syntheticTurns(docs.length, n);
  docs.forEach((d, i) => {
    if (i % 7 === 3) {
      ours.remove(d.id);
      if (ms.has(d.id)) ms.discard(d.id);
    } else if (i % 5 === 1) {
      const next = { ...d, text: other[i]!.turn };
      ours.upsert(next);
      ms.replace(next);
    }
  });
  for (const d of corpus(40, n + 100).map((d) => ({ ...d, id: `new${n}:${d.id}` }))) {
    ours.upsert(d);
    ms.add(d);
  }
  await ms.vacuum();
}

const roundTrip = (ix: LexicalIndex) => LexicalIndex.fromImage(structuredClone(ix.toImage()));

describe('LexicalIndex ranks and scores as MiniSearch 7.2 (the oracle)', () => {
  for (const seed of [1, 2]) {
    it(`built, changed, packed and restored, changed again (corpus ${seed})`, async () => {
      const docs = corpus(1500, seed);
      const qs = queries(seed);
      const ours = new LexicalIndex();
      const ms = oracle();
      for (const d of docs) {
        ours.upsert(d);
        ms.add(d);
      }
      expect(ours.size).toBe(ms.documentCount);
      expectSame(ours, ms, qs);
      await change(ours, ms, docs, seed);
      expect(ours.size).toBe(ms.documentCount);
      expectSame(ours, ms, qs);
      // Restored from its snapshot, it answers alike, and takes changes alike.
      const back = roundTrip(ours);
      expect(back.size).toBe(ms.documentCount);
      expectSame(back, ms, qs);
      await change(back, ms, docs, seed + 10);
      expectSame(back, ms, qs);
      expectSame(roundTrip(back), ms, qs);
    });
  }

  it('matches after most documents are removed (a sweep of the dead postings)', async () => {
    const docs = corpus(1200, 3);
    const ours = new LexicalIndex();
    const ms = oracle();
    for (const d of docs) {
      ours.upsert(d);
      ms.add(d);
    }
    for (const d of docs.slice(0, 2000)) {
      ours.remove(d.id);
      ms.discard(d.id);
    }
    await ms.vacuum();
    expectSame(ours, ms, queries(3));
    expectSame(roundTrip(ours), ms, queries(3));
  });
});

describe('the lexical snapshot', () => {
  it('writes no term, id or length of a removed document', () => {
    const ix = new LexicalIndex();
    ix.upsert({ id: 'x', text: 'User sees Dr Okonkwo about insomnia', extra: '' });
    ix.upsert({ id: 'y', text: 'User grows tomatoes', extra: '' });
    ix.upsert({ id: 'z', text: 'User grows basil', extra: '' });
    ix.remove('x');
    ix.upsert({ id: 'z', text: 'User grows basil and Okonkwo', extra: '' });
    ix.remove('z');
    const img = ix.toImage();
    expect(JSON.stringify({ ...img, postings: [...img.postings] })).not.toMatch(
      /okonkwo|insomnia|basil|"x"|"z"/,
    );
    expect(img.ids).toEqual(['y']);
    expect([...img.shortIds]).toEqual([0]);
    const back = LexicalIndex.fromImage(img);
    expect(back.docNumber('y')).toBe(0);
    expect(back.search('okonkwo tomatoes', 5).map((h) => h.id)).toEqual(['y']);
  });

  it('refuses a malformed or older image (the engine then rebuilds)', () => {
    const ix = new LexicalIndex();
    ix.upsert({ id: 'y', text: 'User grows tomatoes', extra: '2024-01-01' });
    const img = ix.toImage();
    const bad: LexicalImage[] = [
      { ...img, offsets: img.offsets.slice(1) },
      { ...img, lengths: img.lengths.slice(1) },
      { ...img, format: 1 as never },
    ];
    for (const b of bad) expect(() => LexicalIndex.fromImage(b)).toThrow(/malformed/);
  });
});
