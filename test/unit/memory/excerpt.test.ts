/** Excerpts of long raw turns for the injected block. */
import { describe, expect, it } from 'vitest';
import { excerpt } from '../../../src/memory/excerpt';
import { queryTerms } from '../../../src/search/lexical';
import { realEmbedder } from '../../helpers/engine';

const words = (t: string) => t.split(/\s+/).filter(Boolean).length;
const LONG =
  'Hey, what a week it has been at work with all the deadlines piling up. ' +
  'We finally adopted a cat named Bailey from the shelter on Saturday. ' +
  'The kids are thrilled and keep taking pictures of her all day long. ' +
  'Anyway, how is your new flat coming along?';

describe('excerpt', () => {
  it('keeps the whole text when it fits', () => {
    expect(excerpt('I adopted a cat.', ['cat'], words, 10)).toBeUndefined();
  });

  it('keeps the sentence with the query words, marks what was left out', () => {
    const x = excerpt(LONG, queryTerms('What is the name of my cat?'), words, 14)!;
    expect(x).toContain('adopted a cat named Bailey');
    expect(x.startsWith('… ')).toBe(true);
    expect(x.endsWith(' …')).toBe(true);
    expect(words(x.replace(/…/g, ''))).toBeLessThanOrEqual(14);
  });

  it('grows to the neighbouring sentences while the budget allows', () => {
    const x = excerpt(LONG, queryTerms('my cat'), words, 26)!;
    expect(x).toContain('adopted a cat');
    expect(x).toContain('kids are thrilled');
    expect(x).not.toContain('new flat');
  });

  it('falls back to the sentence closest in meaning when none has a query word', async () => {
    const e = await realEmbedder();
    const q = 'Which pet animal lives with me?';
    const sim = (s: string) => {
      const [a, b] = [e.embedOne(q), e.embedOne(s)];
      return a.reduce((t, x, i) => t + x * b[i]!, 0);
    };
    const terms = queryTerms(q).filter((t) => !LONG.toLowerCase().includes(t));
    expect(excerpt(LONG, terms, words, 14, sim)).toContain('cat named Bailey');
  });

  it('cuts a single over-long sentence at a word boundary', () => {
    const s = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ') + ' cat.';
    const x = excerpt(s, ['cat'], words, 10)!;
    expect(x).toBe(`${Array.from({ length: 10 }, (_, i) => `w${i}`).join(' ')} …`);
  });
});
