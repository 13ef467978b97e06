import { describe, expect, it } from 'vitest';
import { repaired, selfRepair, spellingLikeness } from '../../../src/extract/repair';

describe('a self-repair ("I meant X")', () => {
  it.each([
    ['sorry, autocorrect again 🙄 I meant Bad Homburg, the spa town', 'Bad Homburg'],
    ['oops I mean nine, she turned nine in January', 'nine'],
    ['sorry I meant Danish lol', 'Danish'],
    ['*Leeds', 'Leeds'],
    ['ugh, typo. I meant 43', '43'],
  ])('%s → %s', (turn, value) => {
    expect(selfRepair(turn)?.value).toBe(value);
  });

  it.each([
    "I mean, it's fine really",
    'I mean it works but it is slow',
    'What I meant was unclear',
    'I live in Leeds.',
  ])('%s is no repair', (turn) => {
    expect(selfRepair(turn)).toBeNull();
  });

  it('keeps the rest of the turn, without the repair', () => {
    expect(selfRepair("sorry I meant Danish lol, we're in Copenhagen.")?.rest).toBe(
      "we're in Copenhagen.",
    );
  });
});

describe('the slipped word of the previous turn', () => {
  it('a name for a name: the one spelled most alike', () => {
    expect(repaired('Flying from Paris to Hamburg on Friday.', 'Homburg')).toEqual({
      text: 'Flying from Paris to Homburg on Friday.',
      wrong: 'Hamburg',
    });
  });
  it('a number for a number, in digits or words', () => {
    expect(repaired("I'm 34 and training for a 10k.", '43')?.wrong).toBe('34');
    expect(repaired('she is seven already', 'nine')?.text).toBe('she is nine already');
  });
  it('a plain word only when spelled alike; a capital after a full stop is no name', () => {
    expect(repaired("I'm vegan now.", 'vegetarian')?.wrong).toBe('vegan');
    expect(repaired('Loving the new job.', 'Berlin')).toBeNull();
    expect(repaired('the weather is lovely', 'bicycle')).toBeNull();
  });
  it('spelling likeness is 1 for the same word and 0 for nothing shared', () => {
    expect(spellingLikeness('Hamburg', 'hamburg')).toBe(1);
    expect(spellingLikeness('abc', 'xyz')).toBe(0);
  });
});
