/**
 * The voice of a raw turn: what the user says about themselves outranks a turn that asks the
 * other party about the same thing, and the prior only scales a turn's own rank.
 */
import { describe, expect, it } from 'vitest';
import { INJECTION_SEARCH } from '../../../src/inject/plan';
import { DEFAULT_WEIGHTS, voiceFactor } from '../../../src/memory/rank';
import { voiceOf } from '../../../src/memory/voice';
import { ScriptedExtractor, makeEngine, turn } from '../../helpers/engine';

describe('voiceOf', () => {
  it('counts the sentences that ask', () => {
    expect(voiceOf('Wow, congrats! How did you celebrate?').asks).toBe(0.5);
    expect(voiceOf('I took my dogs hiking. Loved it.').asks).toBe(0);
    expect(voiceOf('Where? When? Why?').asks).toBe(1);
    expect(voiceOf('今日は何をしましたか？').asks).toBe(1);
  });

  it('leans to the first person over the second', () => {
    expect(voiceOf('I took my dogs hiking.').self).toBe(1);
    expect(voiceOf('Your trip sounds fun, you earned it!').self).toBe(0);
    expect(voiceOf('I loved your photo.').self).toBe(0.5);
    expect(voiceOf('I’m glad you’re here, my friend.').self).toBeCloseTo(2 / 3);
  });

  it('is neutral for text with no English pronouns, and ignores image captions', () => {
    expect(voiceOf('Heute war ein schöner Tag.')).toEqual({ asks: 0, self: 0.5 });
    expect(voiceOf('Look! [shares an image: you and your dog?]').asks).toBe(0);
    expect(voiceOf('Look! [shares an image: you and your dog?]').self).toBe(0.5);
  });

  it('scales a raw turn, never a fact (no voice parts)', () => {
    const base = { similarity: 1, keywords: 1, coverage: 1, recency: 1, pinned: 0, kind: 0 };
    expect(voiceFactor(base)).toBe(1);
    const asking = voiceFactor({ ...base, asks: 1, self: 0 });
    const telling = voiceFactor({ ...base, asks: 0, self: 1 });
    expect(asking).toBeCloseTo(1 - DEFAULT_WEIGHTS.asks - DEFAULT_WEIGHTS.self);
    expect(telling).toBeCloseTo(1 + DEFAULT_WEIGHTS.self);
  });
});

async function twoTurns(weights = DEFAULT_WEIGHTS) {
  const env = await makeEngine(new ScriptedExtractor(), { weights });
  const B = 'site:demo';
  // Both are the user's own turns and both state something (the injection search keeps
  // them); the short one matches the query words more densely, so BM25 alone prefers it.
  await env.engine.ingest(
    turn('Hiking with your dogs last weekend? How was it? Your photos look great.', {
      conversationId: 'c1',
    }),
    B,
  );
  await env.engine.ingest(
    turn(
      'I went hiking with my two dogs last weekend along the lake trail past the old mill, ' +
        'and we stopped for lunch at the top of the ridge before heading back down.',
      { conversationId: 'c2' },
    ),
    B,
  );
  return env.engine.search('hiking with dogs last weekend', {
    ...INJECTION_SEARCH,
    buckets: [B],
  });
}

describe('the voice prior in search', () => {
  it("ranks the user's own statement above their question about the same thing", async () => {
    const hits = await twoTurns();
    expect(hits[0]!.text).toMatch(/^I went hiking/);
    expect(hits[0]!.parts.self).toBe(1);
    expect(hits[1]!.parts.asks).toBeCloseTo(2 / 3);
  });

  it('without it, the denser question wins (the control)', async () => {
    const hits = await twoTurns({ ...DEFAULT_WEIGHTS, asks: 0, self: 0 });
    expect(hits[0]!.text).toMatch(/^Hiking with your dogs/);
  });
});
