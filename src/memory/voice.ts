/**
 * How a raw turn speaks: how much of it asks, and whether it talks about the speaker or to
 * the other party. A memory is what the user says about themselves ("I adopted a cat last
 * week"); a turn that mostly asks ("How was the trip?") or answers the other party's news
 * ("Congrats on your promotion, you earned it!") matches the same words and tells less.
 * Search uses this as a mild prior on raw turns (`RankWeights.asks` and `.self`).
 *
 * English pronouns only: a turn in another language counts as neutral (self 0.5), and its
 * question marks still count.
 *
 * @example
 * voiceOf('Wow, congrats! How did you celebrate?'); // { asks: 0.5, self: 0 }
 * voiceOf('I took my dogs hiking. Loved it.');     // { asks: 0, self: 1 }
 */
export interface Voice {
  /** Share of the turn's sentences that are questions, 0..1. */
  asks: number;
  /** First-person share of its personal pronouns (I, my, we …; you, your …), 0..1; 0.5 with none. */
  self: number;
}

const SENTENCE = /(?<=[.!?…？])\s+|\n+/u;
/** An attached image's caption is not the speaker's words. */
const CAPTION = /\[shares an image:[^\]]*\]/giu;
const FIRST = /\b(?:i|me|my|mine|myself|we|us|our|ours|ourselves)\b/giu;
const SECOND = /\b(?:you|your|yours|yourself|yourselves)\b/giu;

export function voiceOf(text: string): Voice {
  const body = text.replace(CAPTION, ' ').replace(/[’]/g, "'");
  const sentences = body
    .split(SENTENCE)
    .map((s) => s.trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
  const asking = sentences.filter((s) => /[?？]\W*$/u.test(s)).length;
  const first = body.match(FIRST)?.length ?? 0;
  const second = body.match(SECOND)?.length ?? 0;
  return {
    asks: sentences.length ? asking / sentences.length : 0,
    self: first + second ? first / (first + second) : 0.5,
  };
}
