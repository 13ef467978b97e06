/** How the lexical index folds words: Porter stems, stop words out, other tokens as they are. */
import { describe, expect, it } from 'vitest';
import { LexicalIndex, foldTerm, queryTerms } from '../../../src/search/lexical';

describe('foldTerm', () => {
  it('brings the forms of a word together', () => {
    expect(new Set(['painting', 'painted', 'paints', 'paint'].map(foldTerm))).toEqual(
      new Set(['paint']),
    );
    expect(foldTerm('celebration')).toBe(foldTerm('celebrated'));
    expect(foldTerm('hobbies')).toBe(foldTerm('hobby'));
  });
  it('drops stop words and one-letter tokens; keeps numbers and other scripts', () => {
    expect(['the', 'does', 'I', 'a', 'x'].map(foldTerm)).toEqual([null, null, null, null, null]);
    expect(foldTerm('2023')).toBe('2023');
    expect(foldTerm('Zürich')).toBe('zürich');
  });
  it('matches a question to a statement in another form of its words', () => {
    const ix = new LexicalIndex();
    ix.upsert({ id: 'a', text: 'We celebrated her promotion with a picnic.', extra: '' });
    ix.upsert({ id: 'b', text: 'The picnic basket is in the car.', extra: '' });
    const [top] = ix.search('How did they celebrate the promotions?', 5);
    expect(top!.id).toBe('a');
    expect(top!.terms.sort()).toEqual(queryTerms('celebrate promotions').sort());
  });
});
