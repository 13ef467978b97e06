/**
 * The packed, lazily restored lexical snapshot (src/search/lexical-snapshot.ts) against
 * MiniSearch's own serialisation: same scores, same behaviour after changes, no word of a
 * discarded document written.
 */
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { packIndex, unpackIndex } from '../../../src/search/lexical-snapshot';
import { LexicalIndex } from '../../../src/search/lexical';

interface Doc {
  id: string;
  text: string;
  extra: string;
}

const OPTS = {
  fields: ['text', 'extra'],
  storeFields: [] as string[],
  searchOptions: { boost: { extra: 1.5 }, bm25: { k: 1.2, b: 0.75, d: 0 } },
};
const WORDS =
  'cello garden tomatoes Berlin Lisbon ramen sushi hiking pottery chess sister brother vinyl records jazz yoga bread tea coffee dog cat Kyoto Oslo sailing running piano'.split(
    ' ',
  );

let seed = 11;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = () => WORDS[Math.floor(rnd() * WORDS.length)]!;
const doc = (i: number): Doc => ({
  id: `d${i}`,
  text: Array.from({ length: 3 + Math.floor(rnd() * 8) }, pick).join(' '),
  extra: i % 3 ? `${pick()} 2026-0${1 + (i % 9)}-1${i % 10}` : '',
});
const QUERIES = [
  'cello garden',
  'Berlin ramen sushi',
  'sister jazz records',
  'tea',
  '2026-03-13 coffee',
  'nothing matches this',
  'piano piano sailing Oslo',
];

const results = (ms: MiniSearch<Doc>, q: string, extra: object = {}) =>
  ms.search(q, { combineWith: 'OR', ...extra }).map((r) => [r.id, r.score, r.terms]);

function pair() {
  const a = new MiniSearch<Doc>(OPTS);
  for (let i = 0; i < 300; i++) a.add(doc(i));
  for (let i = 0; i < 300; i += 7) a.discard(`d${i}`);
  for (let i = 0; i < 300; i += 14) a.add(doc(i)); // re-added with new words
  return a;
}

describe('packed lexical snapshot', () => {
  it('scores exactly as the vacuumed index, and as MiniSearch.loadJSON of it', async () => {
    const a = pair();
    const img = packIndex(a as never);
    const b = unpackIndex(new MiniSearch<Doc>(OPTS), img, OPTS);
    await a.vacuum();
    const c = MiniSearch.loadJSON<Doc>(JSON.stringify(a), OPTS);
    for (const q of QUERIES) {
      expect(results(b, q), q).toEqual(results(a, q));
      expect(results(b, q), q).toEqual(results(c, q));
    }
    expect(b.documentCount).toBe(a.documentCount);
    expect(b.termCount).toBe(a.termCount);
  });

  it('stays identical through adds, discards, replacements and a vacuum', async () => {
    const a = pair();
    await a.vacuum();
    const b = unpackIndex(new MiniSearch<Doc>(OPTS), packIndex(a as never), OPTS);
    const more = Array.from({ length: 40 }, (_, k) => doc(300 + k));
    for (const ms of [a, b]) for (const d of more) ms.add(d);
    const changes = Array.from({ length: 60 }, (_, k) => ({ i: (k * 37) % 340, d: doc(1000 + k) }));
    for (const ms of [a, b])
      for (const { i, d } of changes) {
        if (ms.has(`d${i}`)) ms.discard(`d${i}`);
        if (i % 2) ms.add({ ...d, id: `d${i}` });
      }
    for (const q of QUERIES) expect(results(b, q), q).toEqual(results(a, q));
    await Promise.all([a.vacuum(), b.vacuum()]);
    for (const q of QUERIES) expect(results(b, q), q).toEqual(results(a, q));
    // Prefix and fuzzy lookups switch the lazy index to MiniSearch's own tree.
    for (const q of ['gard', 'sush ber', 'cheess'])
      expect(results(b, q, { prefix: true, fuzzy: 0.2 }), q).toEqual(
        results(a, q, { prefix: true, fuzzy: 0.2 }),
      );
    const last = doc(2000);
    b.add(last);
    a.add(last);
    for (const q of QUERIES) expect(results(b, q), q).toEqual(results(a, q));
    const sorted = (ms: MiniSearch<Doc>) => {
      const j = JSON.parse(JSON.stringify(ms)) as { index: [string, unknown][] };
      j.index.sort((x, y) => x[0].localeCompare(y[0]));
      return j;
    };
    expect(sorted(b)).toEqual(sorted(a));
  });

  it('writes no term of a discarded document, vacuumed or not', () => {
    const a = new MiniSearch<Doc>(OPTS);
    a.add({ id: 'x', text: 'User sees Dr Okonkwo about insomnia', extra: '' });
    a.add({ id: 'y', text: 'User grows tomatoes', extra: '' });
    a.discard('x');
    const img = packIndex(a as never);
    expect(img.terms.join(' ')).not.toMatch(/okonkwo|insomnia/);
    expect(img.ids).toEqual(['y']);
    expect(img.dirtCount).toBe(0);
    const b = unpackIndex(new MiniSearch<Doc>(OPTS), img, OPTS);
    expect(results(b, 'okonkwo tomatoes').map((r) => r[0])).toEqual(['y']);
  });

  it('refuses a malformed image (the engine then rebuilds)', () => {
    const img = packIndex(pair() as never);
    expect(() =>
      unpackIndex(new MiniSearch<Doc>(OPTS), { ...img, offsets: img.offsets.slice(1) }, OPTS),
    ).toThrow(/malformed/);
    expect(() =>
      unpackIndex(new MiniSearch<Doc>({ ...OPTS, fields: ['text'] }), img, { fields: ['text'] }),
    ).toThrow(/malformed/);
  });

  it('takes documents in without decoding the terms they hold, and answers as if it had', async () => {
    const before = new LexicalIndex();
    for (let i = 0; i < 200; i++) before.upsert(doc(i));
    for (let i = 0; i < 200; i += 5) before.remove(`d${i}`);
    // `a`: MiniSearch's own index of the same documents (vacuumed, as a packed one is).
    const a = LexicalIndex.fromJSON(await before.toJSONClean());
    const b = LexicalIndex.fromImage(before.toImage());
    const changes = [
      ...Array.from({ length: 40 }, (_, k) => doc(200 + k)), // new documents
      ...Array.from({ length: 20 }, (_, k) => ({ ...doc(500 + k), id: `d${k * 9 + 1}` })), // replaced
    ];
    for (const d of changes) {
      a.upsert(d);
      b.upsert(d);
    }
    expect(b.decodedTerms()).toBe(0);
    for (const q of QUERIES) expect(b.search(q, 80), q).toEqual(a.search(q, 80));
    expect(b.decodedTerms()).toBeGreaterThan(0);
    // Added to again once read, and packed again: still the same index.
    const last = doc(900);
    a.upsert(last);
    b.upsert(last);
    for (const q of QUERIES) expect(b.search(q, 80), q).toEqual(a.search(q, 80));
    // Packed again, it holds what a vacuumed copy of MiniSearch's own index holds.
    const c = LexicalIndex.fromImage(b.toImage());
    const vacuumed = LexicalIndex.fromJSON(await a.toJSONClean());
    for (const q of QUERIES) expect(c.search(q, 80), q).toEqual(vacuumed.search(q, 80));
    expect(b.size).toBe(a.size);
  });

  it('LexicalIndex.fromImage answers as the index it was taken from', async () => {
    const a = new LexicalIndex();
    for (let i = 0; i < 200; i++) a.upsert(doc(i));
    for (let i = 0; i < 200; i += 5) a.remove(`d${i}`);
    const b = LexicalIndex.fromImage(a.toImage());
    const c = LexicalIndex.fromJSON(await a.toJSONClean());
    for (const q of QUERIES) {
      expect(b.search(q, 50)).toEqual(c.search(q, 50));
      expect(b.search(q, 50, (id) => id < 'd5')).toEqual(c.search(q, 50, (id) => id < 'd5'));
    }
    expect(b.size).toBe(c.size);
  });
});
