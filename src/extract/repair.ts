/**
 * A self-repair: a turn that opens by fixing a word of the user's previous turn ("sorry,
 * autocorrect 🙄 I meant Bad Homburg", "oops I mean nine", "*Danish"). The previous turn,
 * with the slipped word replaced, is what the user meant; the extractor reads it again and
 * its statements that hold the new word correct the ones that held the old.
 *
 * The slipped word is the one of the previous turn most like the new one in shape: a number
 * for a number, a name for a name (closest in spelling, Hamburg → Homburg), a plain word only
 * when the two are spelled alike (vegan → vegetarian). Nothing is repaired when no word of
 * the previous turn qualifies.
 */

const NUMBER_WORDS =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety';
const NUMBER = new RegExp(
  `^(?:\\d+(?:[.,]\\d+)?|(?:${NUMBER_WORDS})(?:[- ](?:${NUMBER_WORDS}))?)$`,
  'i',
);

/** What may come before "I meant": apologies, laughter, blaming the keyboard. */
const LEAD =
  /^[^\p{L}\p{N}*]*(?:(?:sorry|sry|soz|oops|oopsie|whoops|ugh|argh|haha|lol|lmao|ha|wait|no|nope|typo|my bad|correction|autocorrect|auto-correct|again|scratch that|damn|dammit|phone|keyboard|fat fingers?|i'm an idiot|brain fart)\b[\s,!.:;~-]*|\p{Extended_Pictographic}\s*)*/iu;
/** "I meant X" / "I mean X" / "*X": X up to four words, to the end of its phrase. */
const MEANT =
  /^(?:I meant(?: to say| to type| to write)?|I mean|meant|\*)\s*:?\s*([\p{L}\p{N}][\p{L}\p{N}'’-]*(?: [\p{L}\p{N}][\p{L}\p{N}'’-]*){0,3}?)(?=\s*(?:[,.!?;:()]|\p{Extended_Pictographic}|\s(?:lol|haha|not|sorry|obviously|of course|oops|and|but|we|I|she|he|they|it|my)\b|$))/u;
/** Values "I mean" is filler before, not a repair ("I mean it's fine"). */
const FILLER =
  /^(?:I|it|it's|its|that|that's|this|the|a|an|like|yeah|yes|no|you|we|they|he|she|there|so|just|really|honestly|seriously|what|how|why|when|if)\b/i;

export interface Repair {
  /** The word or words the user meant. */
  value: string;
  /** The rest of the turn, read as usual. */
  rest: string;
}

/** The repair a turn opens with, or null. */
export function selfRepair(turn: string): Repair | null {
  const lead = LEAD.exec(turn)?.[0] ?? '';
  const after = turn.slice(lead.length);
  const m = MEANT.exec(after);
  if (!m?.[1] || FILLER.test(m[1])) return null;
  const rest = after
    .slice(m[0].length)
    .replace(/^[\s,.!?;:]*(?:(?:lol|haha|sorry|obviously|of course|oops)\b[\s,.!?;:]*)*/i, '')
    .replace(/^not \S+\b[\s,.!?;:]*/i, '');
  return { value: m[1], rest };
}

/** Letter pairs of a word, for a spelling likeness. */
function pairs(w: string): string[] {
  const s = w.toLowerCase();
  const out: string[] = [];
  for (let i = 0; i < s.length - 1; i++) out.push(s.slice(i, i + 2));
  return out;
}

/** Dice coefficient of two words' letter pairs (1: same spelling). */
export function spellingLikeness(a: string, b: string): number {
  const pa = pairs(a);
  const pb = pairs(b);
  if (!pa.length || !pb.length) return a.toLowerCase() === b.toLowerCase() ? 1 : 0;
  const rest = [...pb];
  let common = 0;
  for (const p of pa) {
    const i = rest.indexOf(p);
    if (i >= 0) {
      common++;
      rest.splice(i, 1);
    }
  }
  return (2 * common) / (pa.length + pb.length);
}

/** A plain word is repaired only when spelled this much like the new one. */
const PLAIN_LIKENESS = 0.4;

/**
 * `previous` with its slipped word replaced by `value`, and that word; null when no word of
 * it has the shape of `value`.
 *
 * @example
 * repaired('I live in Hamburg, any tips?', 'Bad Homburg')
 * // → { text: 'I live in Bad Homburg, any tips?', wrong: 'Hamburg' }
 */
export function repaired(previous: string, value: string): { text: string; wrong: string } | null {
  const words = [...previous.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)].map((m) => ({
    word: m[0].replace(/['’]s$/, ''),
    at: m.index,
    // A capital after a sentence's end is the sentence's, not a name's.
    start: m.index === 0 || /[.!?]\s*$/.test(previous.slice(0, m.index)),
  }));
  const last = value.split(' ').pop() ?? value;
  const lower = value.toLowerCase();
  let pick: { word: string; at: number } | null = null;
  if (NUMBER.test(value)) {
    pick = words.find((w) => NUMBER.test(w.word) && w.word.toLowerCase() !== lower) ?? null;
  } else {
    const named = /^\p{Lu}/u.test(last);
    let best = named ? 0 : PLAIN_LIKENESS;
    for (const w of words) {
      if (w.word.toLowerCase() === last.toLowerCase() || w.word === 'I') continue;
      if (named && (!/^\p{Lu}/u.test(w.word) || w.start)) continue;
      const like = spellingLikeness(w.word, last);
      if (like > best || (named && !pick)) {
        best = Math.max(like, best);
        pick = w;
      }
    }
  }
  if (!pick) return null;
  return {
    text: previous.slice(0, pick.at) + value + previous.slice(pick.at + pick.word.length),
    wrong: pick.word,
  };
}
