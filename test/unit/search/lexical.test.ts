import { describe, expect, it } from 'vitest';
import { LexicalIndex } from '../../../src/search/lexical';
import { rng } from '../../../src/bench/synthetic';

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

describe('LexicalIndex.search ranks as MiniSearch.search does', () => {
  const words =
    'cat dog piano hike Paris pasta garden book novel run marathon sister brother camping guitar paint beach coffee tea work'.split(
      ' ',
    );
  /** Two indexes built alike: ours to search, one for MiniSearch's own search to read. */
  function pair(seed: number) {
    const r = rng(seed);
    const pick = () => words[Math.floor(r() * words.length)]!;
    const a = new LexicalIndex();
    const b = new LexicalIndex();
    for (let i = 0; i < 300; i++) {
      const len = 3 + Math.floor(r() * 12);
      const doc = {
        id: i % 3 ? `e:t${i}` : `m${i}`,
        text: Array.from({ length: len }, pick).join(' '),
        extra: r() < 0.3 ? pick() : '',
      };
      a.upsert(doc);
      b.upsert(doc);
    }
    // Discarded documents (an edit, a forget) leave postings MiniSearch drops on sight.
    for (let i = 0; i < 300; i += 7) {
      const id = i % 3 ? `e:t${i}` : `m${i}`;
      a.remove(id);
      b.remove(id);
    }
    return { a, b, pick, r };
  }
  const reference = (ix: LexicalIndex, q: string, filter?: (id: string) => boolean) =>
    (
      ix as unknown as {
        ms: {
          search(q: string, o: object): { id: string; score: number; terms: string[] }[];
        };
      }
    ).ms
      .search(q, {
        combineWith: 'OR',
        ...(filter ? { filter: (x: { id: string }) => filter(x.id) } : {}),
      })
      .map((h) => ({ id: h.id, score: h.score, terms: h.terms }));

  for (const seed of [1, 2, 3]) {
    it(`same ids, order, scores and terms (corpus ${seed})`, () => {
      const { a, b, pick, r } = pair(seed);
      for (let n = 0; n < 40; n++) {
        const q = Array.from({ length: 1 + Math.floor(r() * 5) }, pick).join(' ');
        // every third query repeats a word, as prompts do
        const query = n % 3 ? q : `${q} ${q.split(' ')[0]}`;
        const filter = n % 2 ? (id: string) => !id.startsWith('e:') : undefined;
        const got = a.search(query, 1000, filter);
        const want = reference(b, query, filter);
        expect(got.map((h) => h.id)).toEqual(want.map((h) => h.id));
        got.forEach((h, i) => {
          expect(h.score).toBeCloseTo(want[i]!.score, 9);
          expect([...h.terms].sort()).toEqual([...want[i]!.terms].sort());
        });
      }
    });
  }
});
