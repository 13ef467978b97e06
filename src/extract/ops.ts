/**
 * What a clause does to the profile: the attribute (slot) it acts on, the operation
 * (set, end, correct, forget, add), the value and the target. The verb's lemma, negation and
 * the words after the verb come from compromise; the mapping is data (changes.ts,
 * lexicon.ts); this file only reads the tables.
 *
 * @example
 * changeOf('I finally moved to Berlin last week', nlp(…)) // { slot: 'home', op: 'set', value: 'Berlin' }
 * forgetRequest('Please forget what I told you about my salary.') // { target: 'salary', slot: 'salary' }
 */
import { MONTH_NAMES } from '../search/when';
import type nlp from 'compromise';
import type { CandidateOp } from '../memory/types';
import type { Tense } from './dates';
import { CHANGES, VALUE_TAIL } from './changes';
import { BREEDS, HABIT_TOPICS, RELATIONS, RELATION_WORDS } from './lexicon';
import { JOBS } from './tables';
import { verbsJson } from './text';

export interface Change {
  slot?: string;
  op: CandidateOp;
  value?: string;
  target?: string;
}

export interface VerbPhrase {
  /** The first verb's lemma, with its particle ("move", "break up", "start eating"). */
  lemma: string;
  /** The words after the verb. */
  rest: string;
  /** Any negation ("don't", "never", "no longer"). */
  negative: boolean;
  /** A negation that says something stopped: "no longer", "not … anymore". */
  ending: boolean;
}

type Doc = ReturnType<typeof nlp>;

interface VerbJson {
  text: string;
  verb?: { infinitive?: string; negative?: boolean };
}

const ENDING = /\bno longer\b|\bany ?more\b|\bnot \w+ing (?:anything|any) ?more\b/i;

/** The first verb of a clause (after its subject) as lemma + the rest. */
export function verbPhrase(c: string, doc: Doc): VerbPhrase | null {
  const v = (verbsJson(doc) as VerbJson[])[0];
  if (!v?.verb?.infinitive) return null;
  const at = c.toLowerCase().indexOf(v.text.toLowerCase().replace(/[.,!?]+$/, ''));
  if (at < 0) return null;
  const rest = c
    .slice(at + v.text.replace(/[.,!?]+$/, '').length)
    .replace(/^[\s,]+/, '')
    .replace(/[.!?]+$/, '');
  const ending = ENDING.test(c);
  return {
    lemma: v.verb.infinitive.toLowerCase(),
    rest,
    negative: ending || !!v.verb.negative || /\b(?:not|never|n't)\b/i.test(v.text),
    ending,
  };
}

/** A captured value without its trailing time phrase or clause ("coffee at all" → "coffee"). */
export function trimValue(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const t = s
    .replace(VALUE_TAIL, '')
    .replace(/^as\s+(?=(?:a|an|the)\s)/i, '')
    .replace(/^(?:a|an|the|my|our|some)\s+/i, '')
    .trim();
  return t && t.length <= 60 ? t : undefined;
}

const HABIT_RE = Object.entries(HABIT_TOPICS).map(
  ([slot, words]) => [slot, new RegExp(`\\b(?:${words})\\b`, 'i')] as const,
);
/** Verbs of a habit or a switch between habits ("I drink", "switched to", "I'm into"). */
const HABIT_VERBS =
  /^(?:drink|have|order|get|take|drive|walk|ride|commute|read|run|go|do|play|practice|practise|train|swim|climb|cycle|bike|lift|box|row|switch|move on|move|change|go back|get into|take up|be into|be obsessed with|be hooked on|stick to|start|be|try|use|be trying|be using)$/;
const OPINION_VERBS =
  /^(?:love|like|enjoy|adore|hate|dislike|detest|loathe|despise|can't stand|cannot stand|prefer)$/;

/** The slot and operation a clause about the user implies, from the change table. */
export function changeOf(c: string, doc: Doc, tense: Tense = 'present'): Change | null {
  const vp = verbPhrase(c, doc);
  if (!vp) return null;
  const phrase = `${vp.lemma} ${vp.rest}`.trim();
  for (const row of CHANGES) {
    if (row.negated ? !vp.ending : vp.negative) continue;
    const m = row.re.exec(phrase);
    if (!m) continue;
    // Rows with alternatives hold the same thing in later groups: the first one filled.
    const group = (i: number | undefined) =>
      i === undefined ? undefined : (m[i] ?? m.slice(i + 1).find((x) => x !== undefined));
    const value = trimValue(group(row.value));
    if (row.valueMust && !(value && row.valueMust.test(value))) continue;
    if (row.valueNot && value && row.valueNot.test(value)) continue;
    const target = trimValue(group(row.target));
    if (!row.slot && !target) continue;
    return {
      op: row.op,
      ...(row.slot ? { slot: row.slot } : {}),
      ...(value ? { value } : {}),
      ...(target ? { target } : {}),
    };
  }
  if (vp.negative) return null;
  // One current habit per topic ("I've switched to cortados", "now I run in the evenings").
  const lemmaHead = vp.lemma.split(' ')[0] ?? '';
  // A past event ("I ran a marathon in April") is no habit; a past switch ("switched to
  // lunchtime runs") is the new one.
  const habitVerb =
    HABIT_VERBS.test(vp.lemma) || HABIT_VERBS.test(lemmaHead) || /^run|^swim/.test(vp.lemma);
  const switched =
    /^(?:switch|move|change|go back|go over|start|take up|get into)\b/.test(vp.lemma) ||
    /^(?:over )?to\b/i.test(vp.rest) ||
    (/^(?:take|pick|get)$/.test(vp.lemma) && /^(?:up|into)\b/i.test(vp.rest));
  // "I've taken up bouldering": compromise may keep the object inside the verb's own words,
  // so the taken-up thing is read from the clause.
  const takenUp = /^(?:take up|get into|pick up)$/.test(vp.lemma)
    ? /\b(?:taken|took|take|taking|got|get|getting|picked|pick) (?:up|into) ([^,.;]+)/i.exec(c)?.[1]
    : undefined;
  // The habit is the verb's own object: "I'm asthmatic and cold air wrecks me on runs" says
  // nothing about which exercise the user does.
  const own = (takenUp ? `${vp.lemma} ${takenUp}` : phrase).split(
    /,|\s+(?:and|but|because|so|when|while|though|although|if)\s+/,
  )[0]!;
  if (habitVerb && (tense !== 'past' || switched))
    for (const [slot, re] of HABIT_RE) {
      if (re.test(own)) {
        const value = trimValue((takenUp ?? vp.rest).replace(/^(?:over )?(?:on )?to /i, ''));
        // A habit taken up is one more, not a switch: "taken up bouldering" keeps the runs.
        return { slot, op: takenUp ? 'add' : 'set', ...(value ? { value } : {}) };
      }
    }
  // An opinion about one thing ("since my knee injury I hate running" replaces "loves running").
  if (OPINION_VERBS.test(vp.lemma.split(' ')[0] ?? '')) {
    const gerund = /^(?:love|like|enjoy|hate|dislike|adore|detest|loathe) (\w+ing)\b/.exec(
      vp.lemma,
    );
    const head = (gerund?.[1] ?? vp.rest)
      .toLowerCase()
      .replace(/^(?:to |the |a |an |my |our |all |most |some )+/, '')
      .split(/\s+/)[0]
      ?.replace(/[^a-z-]/g, '');
    if (head && head.length > 2 && !/^(?:it|that|this|them|you|how|when|what|being)$/.test(head))
      return {
        slot: `opinion_${head}`,
        op: 'set',
        value: `${vp.lemma.split(' ')[0]} ${gerund?.[1] ?? trimValue(vp.rest) ?? head}`,
      };
  }
  return null;
}

// --- someone close to the user -------------------------------------------------------------

/** Predicate shapes about a relative → the attribute (the relation's own slot). */
const RELATION_ATTRS: [RegExp, string][] = [
  [
    /^(?:is|turned|just turned|turns|will be|will turn) \d{1,3}\b(?! ?(?:%|percent|minutes|hours|days|weeks|kg|lbs|pounds|cm|miles))/i,
    'age',
  ],
  [/\ballergic to\b|\ballerg(?:y|ies)\b|\bintoleran(?:t|ce)\b|\bceliac\b/i, 'allergies'],
  [
    /^(?:lives|is living|is based|has moved|moved|is moving|just moved) (?:in|to|near|back to)\b/i,
    'home',
  ],
  [
    /^(?:works|is working|has worked) (?:at|for)\b|^(?:got a job|started a new job|joined|got hired) (?:at|by)?\s*[A-Z]/,
    'employer',
  ],
  [
    new RegExp(
      `^(?:is|works as|became|got promoted to|just got promoted to|was promoted to|is now|is training to be) (?:a |an |the )?(?:[\\w-]+ ){0,3}(?:${JOBS})s?\\b`,
      'i',
    ),
    'job',
  ],
  [
    /^is (?:a )?(?:strict )?(?:vegan|vegetarian|pescatarian|keto|gluten[- ]free|plant[- ]based)\b/i,
    'diet',
  ],
  [
    /^(?:goes to|attends|studies at|is at|started at|is starting at) (?:the )?[A-Z][\w-]*(?: [A-Z][\w-]*)*/,
    'school',
  ],
  [/^(?:is called|is named|'s name is)\b/i, 'name'],
  [/^(?:is|was|got) (?:pregnant|expecting)\b/i, 'pregnancy'],
  [
    /^(?:has|was diagnosed with|got diagnosed with|is diagnosed with) (?:\w+ ){0,2}(?:diabetes|asthma|adhd|autism|cancer|epilepsy|arthritis|depression|anxiety|dyslexia)\b/i,
    'health_condition',
  ],
];

// Case-sensitive on purpose: the relative's name must be capitalised ("my sister lives…" has none).
const RELATION_SUBJECT = new RegExp(
  `^(?:[Mm]y|[Oo]ur) (?:(?:new|little|big|older|younger|eldest|oldest|youngest|baby|best|lovely|dear) )?((?:${RELATION_WORDS}))(?:'s)?(?:,?\\s+([A-Z][\\w-]+))?,?\\s+(?=\\S)`,
);

export interface Owner {
  /** The relation part of the slot ("daughter", "partner"). */
  relation: string;
  /** The relative's name, when given ("Mia"). */
  name?: string;
  /** The words the clause opened with ("my daughter Mia"). */
  subject: string;
  /** The predicate after the subject ("is 6"). */
  predicate: string;
}

/** "My daughter Mia is 6" → the daughter, named Mia, and what is said about her. */
export function ownerOf(c: string): Owner | null {
  const m = RELATION_SUBJECT.exec(c);
  if (!m?.[1]) return null;
  const relation = RELATIONS[m[1].toLowerCase()];
  if (!relation) return null;
  const name = m[2] && !/^(?:And|But|So|Is|Was|Has|Just)$/.test(m[2]) ? m[2] : undefined;
  const subject = name ? m[0] : m[0].replace(/\s+[A-Z][\w-]+,?\s+$/, ' ');
  // "my husband and I separated": the user is the subject, with the relative beside them.
  if (/^(?:and|&) (?:I|me|myself)\b/i.test(c.slice(subject.length).trim())) return null;
  return {
    relation,
    ...(name ? { name } : {}),
    subject: subject.trim().replace(/,$/, ''),
    predicate: c.slice(name ? m[0].length : subject.length).trim(),
  };
}

/** The relative's attribute a predicate sets, and its value. */
export function relationChange(owner: Owner): Change | null {
  for (const [re, attr] of RELATION_ATTRS) {
    const m = re.exec(owner.predicate);
    if (!m) continue;
    const value =
      attr === 'age'
        ? /\d{1,3}/.exec(m[0])?.[0]
        : (trimValue(owner.predicate.slice(m.index + m[0].length)) ?? trimValue(m[0]));
    return {
      slot: `${owner.relation}.${attr}`,
      // An allergy is one more value of the attribute, not a change of it.
      op: attr === 'allergies' ? 'add' : 'set',
      ...(value ? { value } : {}),
    };
  }
  // A partner named in any statement: who the partner is.
  if (owner.relation === 'partner' && owner.name)
    return { slot: 'partner', op: 'set', value: owner.name };
  return null;
}

// --- in-chat requests and corrections --------------------------------------------------------

const FORGET =
  /^(?:(?:ok|okay|actually|wait|also|and|oh|hey|so|hmm|um|scratch that|on second thoughts?|one more thing|btw)[,!.:]?\s+)*(?:(?:please|pls|plz|can you|can u|could you|could u|would you|would u|will you|i want you to|i'd like you to|i need you to|i would like you to|you should|you can|you may|feel free to|go ahead and|just)\s+)*(?:please\s+)?(?:forget|delete|erase|remove|wipe|unlearn|ignore|don'?t remember|do not remember|not remember|not save|not store|not keep|don'?t save|do not save|don'?t store|do not store|don'?t keep|do not keep|stop remembering|no need to remember|never mention|don't bring up|do not bring up|(?:i'?d|i would) (?:rather|prefer(?: it if)?) you (?:didn'?t|did not|don'?t|do not|not) (?:keep|remember|store|save|hold on ?to|hang on to)|(?:don'?t|do not) (?:hold on ?to|hang on to)|(?:scratch|scrap|drop|bin|ditch|purge|clear|strike)(?= (?:what|everything|anything|all|the (?:stuff|bit|part|thing|info|details?)|that bit|that part)\b))\b\s*(.*)$/i;
/**
 * The request after what it names: "the migraine stuff, keep that out of your memory",
 * "that bit about my dad's drinking — please drop it".
 */
const FORGET_AFTER =
  /^(.+?)\s*(?:[,;:—–-]|\.\.\.)\s*(?:(?:please|pls|plz|so|just|and|can you|could you)\s+)*(?:keep (?:that|it|this) out of (?:your |ur )?memory|(?:don'?t|do not) (?:save|keep|store|remember) (?:that|it|this)|(?:drop|forget|delete|wipe|scratch|erase|bin|remove) (?:that|it|this)(?: from (?:your |ur )?memory)?|(?:i|I) don'?t want (?:that|it|this) (?:saved|stored|kept|remembered))\b[\s.!]*$/;

const FORGET_LEAD =
  /^(?:about\s+)?(?:what|everything|anything|all(?: of)?(?: that)?|the (?:stuff|things?|part|bit)(?: where)?|that)?\s*(?:I(?:'ve| have)?(?: ever)?\s+(?:told|said to|mentioned to|shared with|gave)\s+you|I(?:'ve| have)?(?: ever)?\s+(?:said|mentioned|told you|shared|wrote|brought up))?\s*(?:anything|everything|something|stuff|things)?\s*(?:about|regarding|re|on|that|of)?\s*/i;

/** Attribute synonyms a forget target may use ("my salary", "how much I make"). */
const TARGET_SLOTS: [RegExp, string][] = [
  [/\b(?:salary|income|pay|paycheck|wage|earn|make|compensation)\b/i, 'salary'],
  [/\b(?:age|how old)\b/i, 'age'],
  [/\b(?:address|where I live|home|city)\b/i, 'home'],
  [/\b(?:job|employer|work|company)\b/i, 'employer'],
  [/\b(?:diet)\b/i, 'diet'],
  [/\b(?:allerg\w*)\b/i, 'allergies'],
  [/\b(?:pregnan\w*)\b/i, 'pregnancy'],
  [/\b(?:medication|meds)\b/i, 'medication'],
  [/\b(?:phone number|phone)\b/i, 'phone'],
];

/**
 * An in-chat request to forget ("please forget what I told you about my salary", "forget
 * that I mentioned the ADHD thing", "don't remember my address"): the words naming what goes,
 * and the attribute they name, if any.
 */
export function forgetRequest(sentence: string): { target: string; slot?: string } | null {
  const after = FORGET_AFTER.exec(sentence.trim());
  const m = FORGET.exec(sentence.trim()) ?? (after ? [after[0], afterTarget(after[1]!)] : null);
  if (!m) return null;
  // "Don't forget to…" is not a request to forget; "forget it" alone says nothing.
  if (/^(?:to\b|it\b\s*[.!]?$|about it\b\s*[.!]?$)/i.test(m[1] ?? '')) return null;
  const words = (m[1] ?? '')
    .replace(/[?!.]+.*$/, '')
    // "…my divorce, I don't want that stored": the reason after the comma is not the target.
    .replace(
      /\s*[,;(—–]\s*(?:I|I'd|I'm|it|it's|that|this|so|and|but|because|as|since|thanks?|cheers|ta|its|don'?t|do not|just)\b.*$/i,
      '',
    )
    .replace(
      /\b(?:please|pls|plz|anywhere|(?:from|in) (?:your|the|ur) memory|from memory|for me|thanks?|ok|okay)\b/gi,
      '',
    )
    .replace(FORGET_LEAD, '')
    .replace(/^(?:I|I'm|I am|I have|I've|I had|I was|my|the|a|an|our|me)\s+/i, '')
    // "the psychiatrist stuff from yesterday": when it was said names no memory's words.
    .replace(
      /\s+(?:from|of|on) (?:yesterday|earlier|today|before|the other day|this morning|last (?:night|week|time|chat))\b.*$/i,
      '',
    )
    .replace(/\b(?:thing|stuff|part|bit|info|information|details?|situation)\s*$/i, '')
    .replace(/^(?:the|my|a|an|our)\s+/i, '')
    .replace(/[\s,;:]+$/, '')
    .trim();
  if (!words) return null;
  const slot = TARGET_SLOTS.find(([re]) => re.test(words))?.[1];
  return { target: words, ...(slot ? { slot } : {}) };
}

/** What a request said after its target names: the target without the lead-in. */
function afterTarget(chunk: string): string {
  return chunk
    .replace(
      /^(?:(?:ok|okay|actually|also|oh|hmm|um|and)[,!.]?\s+)*(?:never ?mind|nvm|re|about|regarding|as for)\b[\s,]*/i,
      '',
    )
    .replace(/^(?:that|the) (?:bit|part|stuff|thing) (?:about|with|re)\s+/i, '');
}

const CORRECTION =
  /\btypo\b|\btyped (?:\w+ ){0,3}wrong\b|\bmistyped\b|\bI meant\b|\bcorrection\b|,\s*not \d+\b|\bnot \d+,|(?:that's|that is|you're|you are|that was) (?:wrong|not right|incorrect|a mistake|mistaken)|\bwhere did you get\b|\bI never said\b|\bno,? I said\b|\bI didn't say\b|\bactually,? (?:it's|it is|I'm|I am|my|I)\b|\boops\b|\bwhoops\b|\bmy bad\b|\bI misspoke\b|\bgot (?:that|it) wrong\b|^\W*(?:(?:haha|lol|lmao|hah|um|uh)[,!.]?\s+)?(?:no+|nope|nah)\b[,!.]?\s+/i;

/** Whether a user turn corrects something ("typo, I'm 43", "haha no, I live in Ottawa"). */
export function isCorrection(turn: string): boolean {
  return CORRECTION.test(turn);
}

/** The wrong value a correction names ("I'm 43, not 34" → "34"). */
export function correctedAway(clause: string): string | undefined {
  const m = /\bnot (\d+|[A-Z][\w-]*(?: [A-Z][\w-]*)*)\b/.exec(clause);
  return m?.[1];
}

const NAMED_PET = new RegExp(`^([A-Z][a-z]+) is (?:a|an|my|our) (?:\\w+ )?(${BREEDS})\\b`, 'i');

/** "he's a cockapoo called Biscuit": the animal just mentioned, named. */
const PRONOUN_PET = new RegExp(
  `^(?:he|she|it) is (?:a|an) (?:[\\w-]+ ){0,2}?(${BREEDS}) (?:called|named) ([A-Z][a-z]+)\\b`,
  'i',
);

/** "Otis is a beagle": a named animal's kind, read as the user's pet. */
export function namedPet(clause: string): { name: string; kind: string } | null {
  const p = PRONOUN_PET.exec(clause.replace(/^(he|she|it)'s\b/i, '$1 is'));
  if (p?.[1] && p[2] && /^[A-Z]/.test(p[2])) return { name: p[2], kind: p[1].toLowerCase() };
  const m = NAMED_PET.exec(clause);
  if (!m?.[1] || !m[2] || !/^[A-Z]/.test(m[1])) return null;
  return { name: m[1], kind: m[2].toLowerCase() };
}

// --- a plan called off ---------------------------------------------------------------------

const CANCEL_STATE =
  "(?:is|'s|are|'re) (?:now |officially |definitely |sadly )?(?:off|cancelled|canceled|called off|not happening|scrapped|dead|on hold|postponed|pushed back)\\b|(?:fell|has fallen) through|(?:got|was|were|has been|have been) (?:\\w+ )?(?:cancelled|canceled|called off|scrapped|postponed|pushed back|moved)\\b";
/** What a plan is about: the nouns a called-off plan is named by. */
const PLAN_NOUNS =
  'trip|holiday|vacation|move|wedding|party|visit|conference|marathon|race|concert|plan|plans|surgery|operation|appointment|interview|course|exam|camp|retreat|tour|reunion|launch|renovation|reno|purchase|flight|cruise|honeymoon|sabbatical|internship|job offer|offer';
/** "the Lisbon trip is off", "our Japan trip fell through": the plan as the subject. */
const PLAN_SUBJECT = new RegExp(
  `^(?:the|our|my) ((?:[\\w'-]+ ){0,4}?(?:${PLAN_NOUNS})(?: (?:to|in|for|with) (?:[\\w'-]+ ){0,3}?[\\w'-]+)?) (${CANCEL_STATE})(.*)$`,
  'i',
);
/** "we called off the move to Perth", "scrapped the plan to buy a house": the user's act. */
const CANCEL_ACT = new RegExp(
  `^(?:I|we) (?:\\w+ly )?(?:have |had |just )?(?:cancelled|canceled|called off|scrapped|ditched|shelved|abandoned|postponed|put off|pushed back|pulled out of|backed out of|bailed on|pulled the plug on) (?:the |our |my |that )?((?:plans? (?:to|for) |(?:[\\w'-]+ ){0,4}?(?:${PLAN_NOUNS})\\b).*)$`,
  'i',
);

/** A month's or a day's name: capitalised, but no name of a plan. */
const CALENDAR_WORD = new RegExp(
  `^(?:${MONTH_NAMES.join('|')}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|monday|tuesday|wednesday|thursday|friday|saturday|sunday|easter|christmas)$`,
  'i',
);

/** The words a called-off plan is named by: its names, else its words. */
function planTarget(phrase: string): string | undefined {
  const cut = phrase
    .replace(/[,;.!?].*$/, '')
    .replace(/\s+(?:because|since|as|so|until|till|after|due to)\b.*$/i, '');
  const names = cut
    .match(/\b[A-Z][\p{L}'-]+(?: [A-Z][\p{L}'-]+)*/gu)
    ?.filter((n) => n !== 'I' && !CALENDAR_WORD.test(n));
  if (names?.length) return names.join(' ');
  const words = cut
    .toLowerCase()
    .replace(/\b(?:the|a|an|our|my|to|in|for|with|of|this|that|next|year|month|week)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return words || undefined;
}

/**
 * A plan the user called off or put off: what names it (for `end`, which retires the plans
 * and events it names), and, when the plan is the subject, the statement to keep.
 *
 * @example
 * cancelledPlan('the Lisbon trip is off, work got crazy')
 * // → { target: 'Lisbon', statement: 'Lisbon trip is off' }
 */
export function cancelledPlan(clause: string): { target: string; statement?: string } | null {
  const s = PLAN_SUBJECT.exec(clause);
  if (s?.[1] && s[2]) {
    const target = planTarget(s[1]);
    if (!target) return null;
    const rest = (s[3] ?? '').replace(/[,;].*$/, '').trim();
    return {
      target,
      statement: `${s[1]} ${s[2]}${rest ? ` ${rest}` : ''}`.replace(/[.!\s]+$/, ''),
    };
  }
  const a = CANCEL_ACT.exec(clause);
  if (!a?.[1]) return null;
  const target = planTarget(a[1].replace(/^plans? (?:to|for) /i, ''));
  return target ? { target } : null;
}
