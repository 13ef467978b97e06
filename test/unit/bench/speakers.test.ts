/** The benchmark's speaker-aware protocol: who a question is about, asked in the first person. */
import { describe, expect, it } from 'vitest';
import { askedAbout, asSpeaker, speakerAware } from '../../../src/bench/locomo';
import type { SearchHit } from '../../../src/memory/types';

const SP = ['Caroline', 'Melanie'];

describe('askedAbout', () => {
  it.each([
    ['What pets does Melanie have?', 1],
    ["What is Caroline's favourite book?", 0],
    ['What did Mel and her kids paint?', 1], // a short form of the name
    ['What book did Caroline recommend to Melanie?', 0],
    ["What does Melanie think about Caroline's decision to adopt?", 1],
    ['According to Melanie, what makes Caroline a good friend?', 1],
    ['How do Caroline and Melanie both like to relax?', undefined],
    ['What did the charity race raise awareness for?', undefined],
  ])('%s → %s', (q, who) => {
    expect(askedAbout(q, SP)).toBe(who);
  });
});

describe('asSpeaker', () => {
  it('puts the speaker’s own name in the first person, and leaves the other’s', () => {
    expect(asSpeaker("What is Caroline's favourite book?", 'Caroline')).toBe(
      'What is my favourite book?',
    );
    expect(asSpeaker('What book did Caroline recommend to Melanie?', 'Caroline')).toBe(
      'What book did I recommend to Melanie?',
    );
    expect(asSpeaker('What pets does Mel have?', 'Melanie Smith')).toBe('What pets does I have?');
  });
});

describe('speakerAware', () => {
  const hit = (id: string, role: 'user' | 'assistant', type: SearchHit['type'] = 'episode') =>
    ({
      type,
      id,
      text: id,
      score: 1,
      parts: { similarity: 0, keywords: 0, coverage: 0, recency: 0, pinned: 0, kind: 0 },
      provenance: [{ site: 'demo', conversationId: 'c', url: '', turnIds: [id], role }],
    }) as SearchHit;
  it('boosts what the asked-about speaker said, in either memory', () => {
    const lists = [
      [hit('a-own', 'user'), hit('b-in-a', 'assistant'), hit('fact-a', 'user', 'memory')],
      [hit('b-own', 'user'), hit('a-in-b', 'assistant'), hit('fact-b', 'user', 'memory')],
    ];
    const out = speakerAware(lists, 0, 1).flat();
    const score = (id: string) => out.find((h) => h.id === id)!.score;
    expect([score('a-own'), score('a-in-b'), score('fact-a')]).toEqual([2, 2, 2]);
    expect([score('b-own'), score('b-in-a'), score('fact-b')]).toEqual([1, 1, 1]);
    expect(speakerAware(lists, undefined, 1)).toBe(lists);
  });
});
