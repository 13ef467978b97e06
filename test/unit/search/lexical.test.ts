import { describe, expect, it } from 'vitest';
import { LexicalIndex } from '../../../src/search/lexical';

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
