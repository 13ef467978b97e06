/**
 * Text preparation for the rule extractor: apostrophes and contractions normalised,
 * sentences split by compromise, sentences split into clauses.
 */
import nlp from 'compromise';

export const FIRST_PERSON =
  /\b(?:I|I'm|I've|I'll|I'd|me|my|mine|myself|we|we're|we've|we'll|our|ours|us)\b/i;

/**
 * Sentences of a text, split by compromise (which knows "Dr.", "e.g.", "Node.js"). Lines are
 * split first, so list items and chat lines without punctuation stay apart.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    const l = line.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '').trim();
    if (!l) continue;
    // Tokenizer only (no tagging): far cheaper than a full parse, same sentence boundaries.
    for (const s of nlp.tokenize(l).sentences().out('array') as string[]) {
      const st = s.trim();
      if (st) out.push(st);
    }
  }
  return out;
}

const CLAUSE_SPLIT =
  /\s*;\s*|\s+[-–—]\s+|,?\s+(?:and|but|so|because|since|plus|though|although|while)\s+(?=(?:\w+ly,?\s+)?(?:I|I'm|I've|I'll|I am|we|we're|we've|we'll|my|our|she|he|she's|he's)\b)|,?\s+and\s+(?=(?:drove|got|bought|went|took|made|started|sold|moved|switched|adopted|joined|quit|left|began|picked|had|finished)\b)/;

/** A clause split off at "and drove home…": its subject is the sentence's "I". */
const ELIDED_VERB =
  /^(?:drove|got|bought|went|took|made|started|sold|moved|switched|adopted|joined|quit|left|began|picked|had|finished)\b/;

export const FIRST_PERSON_START = /^(?:I|I'm|I've|I'll|I'd|I am)\b/;

/** "I'm vegetarian, I live in Lisbon": two comma-spliced statements, each its own clause. */
function splitCommaSplices(part: string): string[] {
  const pieces = part.split(/,\s+(?=(?:I|I'm|I've|I'll|I am|my)\b)/);
  if (pieces.length < 2) return [part];
  const out: string[] = [];
  for (const piece of pieces) {
    const prev = out[out.length - 1];
    // Only a left side that is itself a first-person statement stands alone ("Yesterday, I
    // went…" keeps its date).
    if (prev !== undefined && !FIRST_PERSON_START.test(prev))
      out[out.length - 1] = `${prev}, ${piece}`;
    else out.push(piece);
  }
  return out;
}

export function splitClauses(sentence: string): string[] {
  const parts = sentence
    .split(CLAUSE_SPLIT)
    .flatMap(splitCommaSplices)
    .map((c) => c.trim())
    .filter(Boolean)
    .map((c, i) => (i > 0 && ELIDED_VERB.test(c) ? `I ${c}` : c));
  // "My kids and I painted…" was split at "and I": glue the subject back.
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const next = parts[i + 1];
    if (
      next &&
      /^I\b/.test(next) &&
      /^(?:(?:yesterday|today|recently|last \w+|this \w+|\w+day),?\s+)?(?:(?:my|our) [\w' -]{1,30}|[A-Z][a-z]+(?: [A-Z][a-z]+)?|me and (?:my )?[\w' -]{1,30})$/i.test(
        p,
      ) &&
      p.split(' ').length <= 4
    ) {
      out.push(`${p} and ${next}`);
      i++;
    } else out.push(p);
  }
  return out;
}

export function normalizeApostrophes(s: string): string {
  return s.replace(/[‘’´`]/g, "'").replace(/[“”]/g, '"');
}

/** Contractions typed without their apostrophe ("im", "dont"), as chat often has them. */
const BARE_CONTRACTIONS: [RegExp, string][] = [
  [
    /\b[Ii]m\b(?=\s+(?:a|an|the|so|not|from|in|at|on|into|also|still|now|just|really|only|vegan|vegetarian|\d|\w+ing)\b)/g,
    "I'm",
  ],
  [
    /\b[Ii]ve\b(?=\s+(?:been|got|just|always|never|had|done|moved|started|decided|finally|recently|switched|gone|become|lived|worked|taken|joined|booked|\w+ed)\b)/g,
    "I've",
  ],
  [/\b(do|does|did|is|are|was|were|can|could|would|should|have|has|had|wo)nt\b/gi, "$1n't"],
  [/\bcant\b/gi, "can't"],
  [/\bshes\b/g, "she's"],
];

/** The pronoun as chat often types it ("i'm", "i think") made "I", so every rule sees it. */
export function capitalI(s: string): string {
  let t = s;
  for (const [re, rep] of BARE_CONTRACTIONS) t = t.replace(re, rep);
  return t.replace(/(^|[^\p{L}\p{N}'])i(?=(?:'(?:m|ve|d|ll))?(?:[^\p{L}\p{N}'.]|$))/gu, '$1I');
}

const CONTRACTIONS: [RegExp, string][] = [
  [/\bI'm\b/gi, 'I am'],
  [/\bIm\b(?=\s+(?:a|an|the|so|not|\w+ing|\d|from|in|at|on|vegan|vegetarian))/g, 'I am'],
  [/\bI've\b/gi, 'I have'],
  [/\bI'll\b/gi, 'I will'],
  [/\bwe're\b/gi, 'we are'],
  [/\bwe've\b/gi, 'we have'],
  [/\bwe'll\b/gi, 'we will'],
  [/\bgonna\b/gi, 'going to'],
  [/\bwanna\b/gi, 'want to'],
  [/\bi\b/g, 'I'],
];

export function expand(s: string): string {
  let t = s;
  for (const [re, rep] of CONTRACTIONS) t = t.replace(re, rep);
  return t;
}

/** compromise's verb analysis of a clause, computed once per parsed clause (it is the costly part). */
const VERBS = new WeakMap<object, unknown[]>();
export function verbsJson(doc: ReturnType<typeof nlp>): unknown[] {
  let v = VERBS.get(doc);
  if (!v) {
    v = doc.verbs().json() as unknown[];
    VERBS.set(doc, v);
  }
  return v;
}
