/**
 * ADD / UPDATE / SUPERSEDE / NOOP for one candidate against the similar active memories.
 *
 * Static embeddings are weak on whole sentences ("has a cat named Miso" and "has a dog named
 * Miso" sit at cosine 0.81), so the decision looks at the words the two statements do NOT
 * share: when those differ in meaning (cat/dog: -0.16; Munich/Berlin: 0.11) they are two
 * facts; when they are near-synonyms (allergic/allergy: 0.80; kids/children: 0.72) it is one
 * fact in other words. A shared slot ("home", "diet") or a flipped polarity (likes/dislikes)
 * makes a different value a change of the same fact: SUPERSEDE.
 */
import type { Candidate, DecisionKind, Memory } from './types';

export interface Neighbour {
  memory: Memory;
  cosine: number;
}

export interface DecideResult {
  kind: DecisionKind;
  targetId?: string;
  /** Why, in a few words (shown in history and used in tests). */
  reason: string;
}

/** Cosine of two short phrases (the words the statements don't share). */
export type PhraseSimilarity = (a: string, b: string) => Promise<number>;

const IGNORE = new Set(
  `user user's a an the is are was were am be been being has have had do does did to of in on at
  for with and or but as by from that this it its their them they he she his her my me i named
  called also really very just now currently still`.split(/\s+/),
);

const NEGATIVE = new Set([
  'dislike',
  'hate',
  'not',
  "doesn't",
  "isn't",
  'never',
  'no',
  'longer',
  'stopped',
  'quit',
  'avoid',
  "don't",
  "can't",
]);
const POSITIVE = new Set(['like', 'love', 'enjoy', 'prefer', 'adore']);

/** A light stemmer: enough for "hikes"/"hiking"/"hike" and "peanuts"/"peanut" to meet. */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(/'s$/, '');
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 4 && w.endsWith('es')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

export function contentTerms(text: string): Set<string> {
  return new Set(contentWords(text).keys());
}

/** Stem → the word as written (the embedding model knows words, not stems). */
function contentWords(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.toLowerCase().split(/[^\p{L}\p{N}']+/u)) {
    const w = raw.replace(/^'+|'+$/g, '');
    if (!w || IGNORE.has(w)) continue;
    out.set(stem(w), w.replace(/'s$/, ''));
  }
  return out;
}

export function overlap(a: Set<string>, b: Set<string>): { jaccard: number; coverOfB: number } {
  let inter = 0;
  for (const t of a) if (b.has(t)) inter++;
  const union = a.size + b.size - inter;
  return { jaccard: union ? inter / union : 0, coverOfB: b.size ? inter / b.size : 0 };
}

const polarity = (terms: Set<string>) => {
  let neg = false;
  let pos = false;
  for (const t of terms) {
    if (NEGATIVE.has(t) || t.startsWith('dislik') || t === 'hat') neg = true;
    if (POSITIVE.has(t) || t === 'lik' || t === 'lov' || t === 'enjoy') pos = true;
  }
  return neg ? -1 : pos ? 1 : 0;
};

const DAY_MS = 24 * 3600 * 1000;
const sameDay = (a: number | undefined, b: number | undefined) =>
  a !== undefined && b !== undefined && Math.floor(a / DAY_MS) === Math.floor(b / DAY_MS);
/** The words a written date is made of (stems): never what makes two events one. */
const DATE_WORD =
  /^(?:\d+(?:st|nd|rd|th)?|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun|june|jul|july|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|week|day|morning|evening|night)$/;

/** Words that say the statement replaces an earlier one. */
const SWITCH =
  /\b(?:switched|switching|swapped|swapping|chang(?:ed|ing)|replaced|off \w+(?: \w+)? onto|moved (?:on |over |(?:my|their|our|the) \w+ )?(?:to|into)|gone over to|went over to|instead|these days|nowadays|no longer|any ?more)\b|\bnew \w+(?: \w+)?:/i;
/** Stems too general to name what a statement is about. */
const GENERIC = new Set(
  `thing time good great lot much way make take get got going want need like love feel think know year month week day today work life people`.split(
    /\s+/,
  ),
);

export const DECIDE = {
  /** Below this sentence cosine two statements are not compared further. */
  minCosine: 0.45,
  /** The differing words mean the same when their phrases are at least this close. */
  synonymCosine: 0.5,
  /** A restated slot value: this much word overlap. */
  slotSameJaccard: 0.75,
};

/**
 * @example
 * await decide(cand('User lives in Berlin.', 'home'), [{ memory: munich, cosine: 0.49 }], sim)
 * // → { kind: 'SUPERSEDE', targetId: munich.id, reason: 'same slot "home", new value' }
 */
export async function decide(
  candidate: Candidate,
  neighbours: readonly Neighbour[],
  phraseSimilarity: PhraseSimilarity,
): Promise<DecideResult> {
  const cw = contentWords(candidate.text);
  const c = new Set(cw.keys());
  const ordered = [...neighbours]
    .filter((n) => n.memory.status === 'active')
    .sort((a, b) => b.cosine - a.cosine);
  for (const n of ordered) {
    const mw = contentWords(n.memory.text);
    const m = new Set(mw.keys());
    const onlyC = [...c].filter((t) => !m.has(t));
    const onlyM = [...m].filter((t) => !c.has(t));
    const { jaccard } = overlap(c, m);
    const target = n.memory.id;

    if (candidate.slot && n.memory.slot === candidate.slot) {
      if (onlyC.length === 0 && onlyM.length === 0)
        return { kind: 'NOOP', targetId: target, reason: 'same slot, same words' };
      if (onlyM.length === 0)
        return { kind: 'UPDATE', targetId: target, reason: 'same slot, richer' };
      if (jaccard >= DECIDE.slotSameJaccard)
        return { kind: 'NOOP', targetId: target, reason: 'same slot, restated' };
      return {
        kind: 'SUPERSEDE',
        targetId: target,
        reason: `same slot "${candidate.slot}", new value`,
      };
    }
    const pc = polarity(c);
    const pm = polarity(m);
    if (pc !== 0 && pm !== 0 && pc !== pm) {
      const rest = (s: Set<string>) =>
        [...s].filter(
          (t) => !NEGATIVE.has(t) && !POSITIVE.has(t) && !/^(dislik|lik|lov|hat|enjoy)$/.test(t),
        );
      const rc = new Set(rest(c));
      const rm = rest(m);
      if (rm.length > 0 && rm.every((t) => rc.has(t))) {
        return { kind: 'SUPERSEDE', targetId: target, reason: 'opposite preference' };
      }
    }

    // One event told twice ("my college roommate's wedding", "Emily's wedding", both on 13
    // June): the same day and a word for what happens that is not part of the date.
    if (
      sameDay(candidate.eventAt, n.memory.eventAt) &&
      [...c].some((t) => m.has(t) && !DATE_WORD.test(t))
    )
      return onlyC.length > onlyM.length
        ? { kind: 'UPDATE', targetId: target, reason: 'same event, richer words' }
        : { kind: 'NOOP', targetId: target, reason: 'same event' };

    // "switched notes apps again, Logseq just clicks" after "keeps notes in Obsidian": a
    // statement of change about the same thing replaces what was said of it before.
    if (
      SWITCH.test(candidate.text) &&
      !(candidate.slot && n.memory.slot) &&
      [...c].some(
        (t) => m.has(t) && (cw.get(t) ?? t).length >= 4 && !DATE_WORD.test(t) && !GENERIC.has(t),
      )
    )
      return { kind: 'SUPERSEDE', targetId: target, reason: 'a change of the same thing' };

    if (n.cosine < DECIDE.minCosine && jaccard < 0.5) continue;

    if (onlyC.length === 0 && onlyM.length === 0)
      return { kind: 'NOOP', targetId: target, reason: 'same words' };
    if (onlyC.length === 0)
      return { kind: 'NOOP', targetId: target, reason: 'says less than the memory' };
    if (onlyM.length === 0)
      return { kind: 'UPDATE', targetId: target, reason: 'says more than the memory' };
    if (jaccard < 0.25) continue;
    const sim = await phraseSimilarity(
      onlyC.map((t) => cw.get(t) ?? t).join(' '),
      onlyM.map((t) => mw.get(t) ?? t).join(' '),
    );
    if (sim >= DECIDE.synonymCosine) {
      return onlyC.length > onlyM.length
        ? { kind: 'UPDATE', targetId: target, reason: 'same fact, richer words' }
        : { kind: 'NOOP', targetId: target, reason: 'same fact in other words' };
    }
  }
  return { kind: 'ADD', reason: 'new fact' };
}
