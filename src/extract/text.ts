/**
 * Text preparation for the rule extractor: apostrophes and contractions normalised,
 * sentences split by compromise, sentences split into clauses.
 */
import nlp from 'compromise';

export const FIRST_PERSON =
  /\b(?:I|I'm|I've|I'll|I'd|me|my|mine|myself|we|we're|we've|we'll|our|ours|us)\b/i;

/** A run of emoji (with joiners and variation selectors). */
const EMOJI_RUN = '\\p{Extended_Pictographic}(?:\\p{Extended_Pictographic}|\\u200d|\\ufe0f)*';
/** Emoji between two statements, unless what follows continues the sentence ("😢 but…"). */
const EMOJI_BOUNDARY = new RegExp(
  `\\s*${EMOJI_RUN}\\s*(?=\\S)(?!(?:but|and|so|because|though|although|or|which|since|then|as|while)\\b)`,
  'giu',
);
const EMOJI = new RegExp(`\\s*${EMOJI_RUN}\\s*`, 'gu');

/**
 * Sentences of a text, split by compromise (which knows "Dr.", "e.g.", "Node.js"). Lines are
 * split first, so list items and chat lines without punctuation stay apart.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    // An emoji ends what was said before it, as a full stop would ("…last weekend 🙌 how do I…").
    const l = line
      .replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '')
      .replace(EMOJI_BOUNDARY, '. ')
      .replace(EMOJI, ' ')
      .trim();
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
/** "oh", "well", "haha" before a first-person statement ("oh I'm not american lol, I'm in…"). */
const INTERJECTION =
  /^(?:(?:oh|ah|ok|okay|well|so|haha|lol|no|nope|yeah|yes|um|uh|hmm|ha)[,!.]?\s+)+/i;

function splitCommaSplices(part: string): string[] {
  const pieces = part.split(/,\s+(?=(?:I|I'm|I've|I'll|I am|my)\b)/);
  if (pieces.length < 2) return [part];
  const out: string[] = [];
  for (const piece of pieces) {
    const prev = out[out.length - 1];
    // Only a left side that is itself a first-person statement stands alone ("Yesterday, I
    // went…" keeps its date).
    if (prev !== undefined && !FIRST_PERSON_START.test(prev.replace(INTERJECTION, '')))
      out[out.length - 1] = `${prev}, ${piece}`;
    else out.push(piece);
  }
  return out;
}

/**
 * "Since I started at Siemens in April my commute's down…": the leading clause states a fact
 * of its own; it is split off before the main clause, which begins at "my"/"our".
 */
const LEADING_SINCE =
  /^(?:since|ever since|now that|after|once) ((?:I|we)\b(?:'ve|'m| have| am| are)? [^,]{3,80}?)(?:,\s*|\s+)(?=(?:my|our)\s)/i;

/**
 * A subject left before a split "and I" ("My kids and I…", "Sam and I…"): a possessive
 * phrase, or a capitalised name (case-sensitive: "Gave up and I got…" is no subject).
 */
const GLUED_SUBJECT =
  /^(?:(?:[Yy]esterday|[Tt]oday|[Rr]ecently|[Ll]ast \w+|[Tt]his \w+|\w+day),?\s+)?(?:(?:[Mm]y|[Oo]ur|MY|OUR) [\w' -]{1,30}|[A-Z][a-z]+(?: [A-Z][a-z]+)?|[Mm]e and (?:my )?[\w' -]{1,30})$/;

export function splitClauses(sentence: string): string[] {
  const lead = LEADING_SINCE.exec(sentence);
  const pieces = lead ? [lead[1]!, sentence.slice(lead[0].length)] : [sentence];
  const parts = pieces
    .flatMap((p) => p.split(CLAUSE_SPLIT))
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
      GLUED_SUBJECT.test(p) &&
      p.split(' ').length <= 4 &&
      !/\b(?:is|are|was|were|has|have|had|does|do|did|am)\b/i.test(p)
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
    // Any lower-case word after it: in English chat a bare "im" is the pronoun ("im asthmatic").
    /\b[Ii]m\b(?=\s+(?:[a-z]|\d))/g,
    "I'm",
  ],
  [
    /\b[Ii]ve\b(?=\s+(?:been|got|just|always|never|had|done|moved|started|decided|finally|recently|switched|gone|become|lived|worked|taken|joined|booked|\w+ed)\b)/g,
    "I've",
  ],
  [/\b(do|does|did|is|are|was|were|can|could|would|should|have|has|had|wo)nt\b/gi, "$1n't"],
  [/\bcant\b/gi, "can't"],
  [
    /\b(what|how|where|who|that|there|it)s\b(?=\s+(?:a|an|the|my|your|up|going|it|this|that|best|good|\w+ing)\b)/gi,
    "$1's",
  ],
  [/\b(they|you|we)re\b/gi, "$1're"],
  [/\blets\b(?=\s+say\b)/gi, "let's"],
  [/\b([Ss]h|[Hh])es\b(?=\s+(?:a|an|the|so|really|called|named|\d|\w+ing)\b)/g, "$1e's"],
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

/** Words after which a lower-case word is a person's name ("seeing odile", "my bf henrik"). */
const PERSON_BEFORE =
  /^(?:seeing|dating|marrying|married|engaged|wife|husband|partner|boyfriend|girlfriend|bf|gf|hubby|fiance|fiancé|fiancee|fiancée|son|daughter|sister|brother|mum|mom|dad|cousin|niece|nephew|aunt|uncle|friend|flatmate|roommate|boss|manager|colleague)$/i;

/** Words after which "at"/"for" names an employer ("started at …", "my job at …"). */
const EMPLOYED =
  /^(?:started|start|starting|work|works|working|worked|job|hired|interning|employed|contract|placement|internship)$/;

/** A term of compromise's parse. */
interface Term {
  text: string;
  tags: string[];
}

/** A lower-case word that can be a person's name (not a verb, an adjective, a date…). */
function personLike(t: Term | undefined): boolean {
  return (
    !!t &&
    /^[a-z][a-z'-]{1,20}$/.test(t.text) &&
    !NOT_A_NAME.test(t.text) &&
    t.tags.some((tag) => tag === 'Noun' || tag === 'FirstName' || tag === 'Person') &&
    !t.tags.some((tag) => /^(?:Pronoun|Verb|Adverb|Adjective|Date|Value|Plural)$/.test(tag))
  );
}

/** A lower-case word that can be part of an employer's name ("marlow", "biotech"). */
function orgLike(t: Term | undefined): boolean {
  return (
    !!t &&
    /^[a-z][a-z&'-]{1,20}$/.test(t.text) &&
    !NOT_A_NAME.test(t.text) &&
    !/^(?:home|work|office|school|uni|college|night|nights|weekend|weekends|lunch|remote|remotely|part|full|last|next|this)$/.test(
      t.text,
    ) &&
    t.tags.includes('Noun') &&
    !t.tags.some((tag) => /^(?:Pronoun|Date|Value|Determiner|Preposition|Conjunction)$/.test(tag))
  );
}

/** Kinds of name compromise knows from its lexicon, lower-cased or not. */
const KNOWN_NAME = /^(?:Place|City|Country|Region|Organization)$/;
/** Words after "called"/"named" that are no name ("called it quits", "named after"). */
const NOT_A_NAME =
  /^(?:a|an|the|it|that|this|me|him|her|them|us|you|my|our|his|their|something|anything|after|off|out|in|up|back|for|to|and|but|so|because|when|just|like)$/;

/**
 * A text typed without capitals ("moved to dresden, a lurcher called tuppence") with its
 * names capitalised, so the rules that read a value off a capitalised name see one: the
 * places and organisations compromise's lexicon knows, the word after "called" or "named",
 * a person named after a relation or "seeing" ("my bf henrik"), and an employer after
 * "started at", "my job at", "joined". A text whose writer capitalises names (any capital
 * past a sentence's first word, "I" and words in capitals aside) is returned as it is.
 */
export function truecase(text: string): string {
  // Capitals that say nothing of how names are typed: a sentence's first letter, "I", and
  // words in capitals (acronyms, shouting: "QA", "SO many").
  const inner = text
    .replace(/\b[A-Z]{2,}s?\b/g, '')
    .replace(/(^|[.!?]\s+|\n\s*)[A-Z]/g, '$1')
    .replace(/\bI(?:'\w+)?\b/g, '');
  if (/[A-Z]/.test(inner)) return text;
  // One parse: the names compromise knows, a person after a relation word or "seeing" ("my
  // bf henrik", "been seeing odile"), an employer after "started at" or "joined".
  const names = new Set<string>();
  for (const sentence of nlp(text).json() as { terms: Term[] }[])
    sentence.terms.forEach((t, i) => {
      if (t.text.length > 2 && t.tags.some((tag) => KNOWN_NAME.test(tag)))
        names.add(t.text.toLowerCase());
      const next = sentence.terms[i + 1];
      if (PERSON_BEFORE.test(t.text) && personLike(next)) names.add(next!.text);
      const prev = sentence.terms[i - 1]?.text.toLowerCase() ?? '';
      if ((/^(?:at|for|with)$/i.test(t.text) && EMPLOYED.test(prev)) || /^joined$/i.test(t.text))
        for (const word of sentence.terms.slice(i + 1, i + 3)) {
          if (!orgLike(word)) break;
          names.add(word.text);
        }
    });
  const up = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  let out = text.replace(/\b(called|named) ([a-z][a-z'-]{1,20})\b/g, (m, v: string, w: string) =>
    NOT_A_NAME.test(w) ? m : `${v} ${up(w)}`,
  );
  for (const n of names)
    out = out.replace(new RegExp(`\\b${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'g'), up(n));
  return out;
}
