/**
 * The rule-based extractor: always available, no model. It keeps statements about the user
 * from a user turn, rewrites each one self-contained and in the third person about the
 * user's name ("I'm vegetarian" → "User is vegetarian."), and says what each does to the
 * profile: the attribute (`slot`) and the operation (`op`: set, end, correct, forget, add).
 *
 * The turn arrives cleaned and redacted (the service does that once, where text enters it:
 * src/privacy/clean.ts); a candidate that still holds a redaction marker is dropped.
 *
 * Pipeline: strip Mnemo's injected block (a turn given directly, as the benchmarks do) → cap
 * the text (MAX_CHARS) → drop other people's words (others.ts) → split into sentences (compromise) → in-chat forget
 * requests and corrections (ops.ts) → a question's own statement ("Since I'm…, which…?"),
 * elided subjects → clauses (text.ts) → reject requests, hypotheticals, small talk and
 * statements not about the user (clause.ts) → classify kind and slot (tables.ts) → the
 * operation from the verb's lemma and object (changes.ts) or the relative it is about →
 * resolve dates (dates.ts) → rewrite pronouns and verb agreement (rewrite.ts) → entities.
 *
 * @example
 * const ex = new RuleExtractor();
 * const { candidates } = await ex.extract({ turn, context: [], similar: [] });
 * // turn.text "I moved to Berlin from Munich in May", said 2026-06-10 →
 * // [{ text: 'User moved from Munich to Berlin in May 2026.', kind: 'fact', slot: 'home', … }]
 */
import nlp from 'compromise';
import { BLOCK_HEADER, stripMemoryBlock } from '../inject/marker';
import { PLANNABLE } from '../memory/operations';
import type {
  Candidate,
  ExtractionInput,
  ExtractionResult,
  Extractor,
  MemoryKind,
} from '../memory/types';
import { fromAssistant } from './assistant';
import { classify } from './classify';
import {
  clauseTense,
  clean,
  habitChange,
  impliedStatement,
  mayStateSelf,
  moveLeadingTime,
  pastPartner,
  QUESTION_AFTER_LEAD,
  reject,
  statementInQuestion,
  topicLabel,
  TRAILING_CONTINUATION,
  withSubject,
} from './clause';
import { resolveDate, type Tense } from './dates';
import { entitiesOf } from './entities';
import {
  cancelledPlan,
  changeOf,
  correctedAway,
  forgetRequest,
  isCorrection,
  namedPet,
  ownerOf,
  relationChange,
  trimValue,
  type Change,
  type Owner,
} from './ops';
import { dropCodeAndQuotes, ownWords } from './others';
import { hasRedaction } from './redact';
import { repaired, selfRepair } from './repair';
import { PET_NOUNS, PHONE_WORDS, VEHICLE_WORDS } from './lexicon';
import { placeDate, rewrite, userAsSubject } from './rewrite';
import {
  capitalI,
  FIRST_PERSON_START,
  normalizeApostrophes,
  splitClauses,
  splitSentences,
  truecase,
} from './text';

export { splitSentences };

/** Only the first MAX_CHARS characters of a turn are read (a pasted document is not a fact). */
export const MAX_CHARS = 20_000;
/** At most this many candidates per turn. */
const MAX_CANDIDATES = 40;
/** At most this many first-person clauses are analysed per turn (each costs ~3 ms). */
export const MAX_CLAUSES = 150;
/** Words without which a clause holds no date: chrono is not consulted. */
const DATE_HINT =
  /\d|\b(?:yesterday|today|tonight|tomorrow|ago|last|next|this|day|week|weekend|month|year|morning|evening|afternoon|night|spring|summer|autumn|fall|winter|mon|tues|wednes|thurs|fri|satur|sun)(?:day)?s?\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\bthe \d/i;

export interface RuleExtractorOptions {
  /**
   * Also read assistant turns (default false). Only their second-person restatements of the
   * user ("You mentioned you're vegetarian") are used, with a lower confidence.
   */
  assistantTurns?: boolean;
}

// ---------------------------------------------------------------------------------------

export class RuleExtractor implements Extractor {
  readonly id = 'rules-v1';
  private readonly assistantTurns: boolean;

  constructor(options: RuleExtractorOptions = {}) {
    this.assistantTurns = options.assistantTurns ?? false;
  }

  async extract(input: ExtractionInput, signal?: AbortSignal): Promise<ExtractionResult> {
    return { candidates: this.extractSync(input, signal) };
  }

  /** The same as `extract`, synchronously (for benchmarks and other extractors). */
  extractSync(input: ExtractionInput, signal?: AbortSignal): Candidate[] {
    const { turn } = input;
    const isAssistant = turn.role === 'assistant';
    if (isAssistant && !this.assistantTurns) return [];
    const name = input.userName?.trim() || 'User';

    // A block's header pasted without its markers is still Mnemo's words, not the user's.
    let text = stripMemoryBlock(turn.text ?? '')
      .split(BLOCK_HEADER)
      .join('\n');
    if (text.length > MAX_CHARS) {
      // Cut at the last sentence end before the cap, so no half-sentence is read.
      const cut = text.slice(0, MAX_CHARS);
      const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('\n'), cut.lastIndexOf('! '));
      text = end > MAX_CHARS / 2 ? cut.slice(0, end + 1) : cut;
    }
    // Other people's words (pastes, quotes, forwards, role-play) are not the user's facts.
    text = isAssistant
      ? dropCodeAndQuotes(normalizeApostrophes(text))
      : ownWords(capitalI(normalizeApostrophes(text)));

    const ctx: TurnContext = {
      name,
      input,
      correction: !isAssistant && isCorrection(text),
      lastAssistant: [...input.context].reverse().find((t) => t.role === 'assistant')?.text ?? '',
      owner: null,
    };
    const candidates: Candidate[] = [];
    const seen = new Set<string>();
    const push = (cand: Candidate | null) => {
      if (!cand) return;
      if (isAssistant) cand.confidence = Math.round(cand.confidence * 0.6 * 100) / 100;
      const key = cand.text.toLowerCase();
      if (seen.has(key)) return;
      seen.add(key);
      candidates.push(cand);
    };
    if (!isAssistant) {
      const fixed = this.repair(text, input, signal);
      if (fixed) {
        for (const c of fixed.candidates) push(c);
        text = fixed.rest;
        ctx.correction = isCorrection(text);
      }
    }
    // Only lines that can hold a statement about the user are parsed; skipping the rest keeps
    // compromise's work proportional to what matters.
    const lines = text
      .split('\n')
      .filter((l) =>
        isAssistant
          ? /\byou\b/i.test(l)
          : mayStateSelf(l) ||
            NAMED.test(l) ||
            FORGET_WORD.test(l) ||
            OWNED_LABEL.test(topicLabel(l)?.label ?? '') ||
            pastPartner(l) !== null ||
            statedAside(clean(l)),
      );
    const budget = { clauses: MAX_CLAUSES };
    /** The event the previous sentence stated, which a following sentence may describe. */
    let lastEvent: Candidate | null = null;
    /** A statement with no fact of its own, which the next sentence's event may need. */
    let pendingContext: string | null = null;
    const kept = lines.join('\n');
    for (const sentence of splitSentences(isAssistant ? kept : truecase(kept))) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      if (candidates.length >= MAX_CANDIDATES || budget.clauses <= 0) break;
      const prevEvent: Candidate | null = lastEvent;
      lastEvent = null;
      let source = sentence;
      if (isAssistant) {
        const converted = fromAssistant(sentence);
        if (!converted) continue;
        source = converted;
      } else {
        const cleaned = clean(sentence);
        const forget = forgetRequest(cleaned);
        if (forget) {
          push(forgetCandidate(forget, name));
          continue;
        }
        const off = cancelledPlan(cleaned);
        if (off?.statement) {
          // "the marathon got postponed to October": the new date, resolved, is the plan's.
          const date = DATE_HINT.test(off.statement)
            ? resolveDate(off.statement, turn.observedAt, { tense: 'future' })
            : null;
          const said = (date && placeDate(off.statement, date)?.text) ?? off.statement;
          push({
            text: `${name}'s ${said}.`,
            kind: 'plan',
            entities: [],
            confidence: 0.75,
            op: 'end',
            target: off.target,
            ...(date ? { eventAt: date.at } : {}),
          });
          continue;
        }
        const pet = namedPet(cleaned);
        if (pet) {
          push(petCandidate(pet, ctx));
          continue;
        }
        const past = pastPartner(sentence);
        if (past) push(this.clauseToCandidate(past, past, ctx, budget));
        // A leading "now that…" clause is cleaned away, and may be the statement itself.
        const implied = impliedStatement(cleaned) ?? habitChange(sentence);
        if (implied)
          for (const rawClause of splitClauses(implied))
            push(this.clauseToCandidate(rawClause, implied, ctx, budget));
        if (/\?\s*$/.test(sentence) || QUESTION_AFTER_LEAD.test(sentence)) {
          // A question states nothing, except the fact it is built on ("Since I'm…, which…?").
          // "working remote from Nairobi, what's a good slot…?": the subject left out.
          const stated = statementInQuestion(cleaned) ?? statementInQuestion(withSubject(cleaned));
          if (!stated) continue;
          source = stated;
        }
        source = withSubject(source);
      }
      const before = candidates.length;
      if (isAssistant || mayStateSelf(source))
        for (const rawClause of splitClauses(source)) {
          push(this.clauseToCandidate(rawClause, source, ctx, budget));
        }
      if (!isAssistant) {
        const prefs = codePreferences(sentence, name);
        if (prefs) {
          push(prefs);
          continue;
        }
        push(labelled(sentence, candidates.slice(before), name));
      }
      if (candidates.length > before) {
        const last = candidates[candidates.length - 1]!;
        if (!last.slot && !last.op && DESCRIBABLE.has(last.kind)) {
          lastEvent = last;
          // "These are for running. Been running longer…": the sentence before, said of it.
          if (pendingContext && describe(last, pendingContext, name)) pendingContext = null;
        }
        pendingContext = null;
      } else if (!prevEvent && !isAssistant && !/\?\s*$/.test(sentence)) {
        pendingContext = sentence;
      } else if (prevEvent && !isAssistant) {
        // "I went to a counseling workshop last Friday. They talked about therapeutic
        // methods…": the next sentence describes the event; it goes with it, not alone.
        if (describe(prevEvent, sentence, name)) lastEvent = prevEvent;
      }
    }
    return candidates;
  }

  /**
   * "sorry, I meant Bad Homburg": the user's previous turn read again with the slipped word
   * replaced (./repair.ts); its statements that hold the new word correct those that held
   * the old. Null when the turn opens with no repair, or the previous turn has no such word.
   */
  private repair(
    text: string,
    input: ExtractionInput,
    signal?: AbortSignal,
  ): { candidates: Candidate[]; rest: string } | null {
    const found = selfRepair(text);
    if (!found) return null;
    const i = input.context.map((t) => t.role).lastIndexOf('user');
    const previous = input.context[i];
    const fixed = previous && repaired(previous.text, found.value);
    if (!previous || !fixed) return null;
    const value = found.value.toLowerCase();
    const candidates = this.extractSync(
      { ...input, turn: { ...input.turn, text: fixed.text }, context: input.context.slice(0, i) },
      signal,
    )
      .filter((c) => c.text.toLowerCase().includes(value) && c.op !== 'forget' && c.op !== 'end')
      .map((c): Candidate => ({ ...c, op: 'correct', target: fixed.wrong }));
    return { candidates, rest: found.rest };
  }

  private clauseToCandidate(
    rawClause: string,
    sentence: string,
    ctx: TurnContext,
    budget: { clauses: number },
  ): Candidate | null {
    const { name, input } = ctx;
    let c = clean(rawClause);
    c = moveLeadingTime(c);
    c = c.replace(TRAILING_CONTINUATION, '').trim();
    c = clean(c);
    // "… and she is allergic to peanuts": the relative named just before.
    if (ctx.owner && /^(?:she|he)(?:'s)? (?=\w)/i.test(c))
      c = `${ctx.owner.subject} ${c.replace(
        /^\w+('s)? (?=(\w+))/i,
        (_, s?: string, next?: string) =>
          !s ? '' : /^(?:got|been)$/i.test(next ?? '') ? 'has ' : 'is ',
      )}`;
    if (reject(c, sentence.endsWith('?') ? sentence : rawClause)) return null;
    if (c.includes('"…"')) return null; // reports someone else's words
    if (budget.clauses-- <= 0) return null;
    const owner = ownerOf(c);
    ctx.owner = owner ?? (FIRST_PERSON_START.test(c) ? null : ctx.owner);
    const subj = userAsSubject(c);
    c = subj.clause;
    const doc = nlp(c);
    const tense = clauseTense(c, doc);
    const date = DATE_HINT.test(c) ? resolveDate(c, input.turn.observedAt, { tense }) : null;
    const dateAhead =
      date !== null && date.at > Math.floor(input.turn.observedAt / 86_400_000) * 86_400_000;
    const { kind, slot, confidence } = classify(c, tense, date !== null, dateAhead);
    const negative = /\b(?:not|never|n't|no longer)\b/i.test(c);
    let conf = confidence;
    if (negative && kind !== 'health' && kind !== 'preference') conf -= 0.15;
    const out = rewrite(c, name, date, subj.companion, tense);
    if (hasRedaction(out.text) || out.text.length < 8) return null;
    // A statement with only a subject and a verb ("User is.") is not a fact.
    if (out.text.split(/\s+/).length < (slot ? 2 : 3)) return null;
    const cand: Candidate = {
      text: out.text,
      kind,
      entities: entitiesOf(c, doc, name === 'User' ? undefined : name),
      confidence: Math.max(0.1, Math.min(1, Math.round(conf * 100) / 100)),
    };
    // A plan is not yet a change: "we're moving to Denver next month" leaves home as it is
    // until its date, when it becomes the current value (a `plan` op, when it has a date).
    const planned = kind === 'plan' && tense === 'future';
    const change = planned
      ? plannedChange(c, doc, tense, dateAhead)
      : owner
        ? // "my husband is Ahmed" names the partner; other statements of a relative's are theirs.
          (relationChange(owner) ??
          (slot === 'partner' ? slotChange(c, slot, subj.companion) : null))
        : (changeOf(c, doc, tense) ?? slotChange(c, slot, subj.companion));
    if (change?.slot) cand.slot = change.slot;
    if (change) {
      cand.op = change.op;
      if (change.value) cand.value = change.value;
      const target =
        change.target ?? (change.op === 'end' ? companionName(subj.companion) : undefined);
      if (target) cand.target = target;
    }
    // "we called off the move to Perth": the plans it names end.
    const off = cancelledPlan(c);
    if (off && !planned) {
      cand.kind = 'plan';
      cand.op = 'end';
      cand.target = off.target;
      delete cand.slot;
      delete cand.value;
    }
    if (ctx.correction && cand.slot && (cand.op === 'set' || cand.op === undefined)) {
      cand.op = 'correct';
      const wrong = correctedAway(rawClause);
      if (wrong) cand.target = wrong;
    }
    if (
      date &&
      (kind === 'plan' ||
        kind === 'event' ||
        kind === 'fact' ||
        kind === 'work' ||
        kind === 'health' ||
        kind === 'relationship')
    )
      cand.eventAt = date.at;
    return cand;
  }
}

/** Kinds of statement a following sentence may describe. */
const DESCRIBABLE = new Set<MemoryKind>(['event', 'fact', 'plan', 'preference', 'work']);
/** A sentence that is no description: a reaction, a question, an address to the assistant. */
const NOT_DESCRIPTION =
  /^(?:thanks|thank|you|your|what|how|why|who|when|where|which|do|does|did|can|could|would|should|is|are|will|hope|wow|lol|haha|omg|yes|yeah|no|ok|okay|sure|congrats|glad|anyway|btw|here's|here is|check|look|see)\b/i;

/** Appends a describing sentence to an event, in the third person, within a length cap. */
function describe(event: Candidate, sentence: string, name: string): boolean {
  const s = clean(sentence);
  if (s.length < 12 || s.length > 220 || NOT_DESCRIPTION.test(s) || /\?/.test(sentence))
    return false;
  if (event.text.length + s.length > 420 || event.text.split(' · ').length > 2) return false;
  const said = rewrite(s, name, null, '', 'present').text;
  event.text = `${event.text.replace(/\.$/, '')} · ${said.charAt(0).toUpperCase()}${said.slice(1)}`;
  return true;
}

interface TurnContext {
  name: string;
  input: ExtractionInput;
  /** The turn corrects something: its slot statements are corrections. */
  correction: boolean;
  /** The assistant's last words before this turn (what a correction may answer). */
  lastAssistant: string;
  /** The relative the last clause was about ("my daughter Mia"), for a following "she". */
  owner: Owner | null;
}

/** A line that states something of the user's without the user as its subject. */
const statedAside = (cleaned: string): boolean =>
  impliedStatement(cleaned) !== null || cancelledPlan(cleaned) !== null;

/** A line that may ask to forget something (ops.ts reads the request itself). */
const FORGET_WORD =
  /\b(?:forget|delete|erase|remove|wipe|unlearn|ignore|(?:don'?t|do not|not|didn'?t|did not) (?:save|store|keep|remember|hold on ?to|hang on to)|out of (?:your |ur )?memory|(?:drop|scratch|scrap) (?:it|that|this|what)\b)\b/i;

/** "For anything I ask you to code: TypeScript, strict mode": a standing instruction for code. */
const CODE_PREFS =
  /^(?:for|when(?:ever)?|in|with) (?:anything|everything|all|any|the) (?:code|coding|programming|scripts?|I ask you to (?:code|write|build)|you (?:write|code) for me)[^:]{0,40}:\s*(.{5,200})$/i;

/** A standing instruction for code, as the user's coding preferences (one current value). */
function codePreferences(sentence: string, name: string): Candidate | null {
  const m = CODE_PREFS.exec(sentence);
  if (!m?.[1]) return null;
  return {
    text: `${name}'s coding preferences: ${m[1].replace(/[.!\s]+$/, '')}.`,
    kind: 'preference',
    entities: [],
    confidence: 0.8,
    slot: 'code_style',
    op: 'set',
  };
}

/**
 * A sentence's label says what its statements are about: they keep it ("Kitchen reno
 * update: User is going with terracotta tiles."), changed in place; a bare value after a
 * label the user owns is a statement of its own, returned ("new thesis: flood-risk mapping"
 * → "User's new thesis: flood-risk mapping.").
 */
function labelled(sentence: string, fresh: Candidate[], name: string): Candidate | null {
  const topic = topicLabel(sentence);
  if (!topic) return null;
  const label = topic.label.charAt(0).toUpperCase() + topic.label.slice(1);
  for (const c of fresh)
    if (!c.op || c.op === 'set' || c.op === 'add') c.text = `${label}: ${c.text}`;
  if (fresh.length > 0 || !OWNED_LABEL.test(topic.label) || /\?\s*$/.test(sentence)) return null;
  const rest = clean(topic.rest);
  if (rest.split(/\s+/).length < 2 || hasRedaction(rest)) return null;
  return {
    text: `${name}'s ${topic.label.toLowerCase()}: ${rest}.`,
    kind: 'fact',
    entities: [],
    confidence: 0.6,
  };
}

/** A label naming something of the user's that may be given a value ("new thesis: …"). */
const OWNED_LABEL =
  /^(?:(?:new|current|latest|updated|final|the|my|our|revised)\s+)+[\w' -]{2,30}$|^[\w' -]{2,30}\s+(?:plan|plans|update|status|progress|decision|choice|pick|setup|stack|budget|date|venue|topic|title|idea)$/i;

/** A line opening with a name and "is a" ("Otis is a beagle lol"). */
const NAMED = /^\s*[A-Z][a-z]+ is (?:a|an) /;

/** "My 2014 Corolla…", "my iPhone 12…", "my hamster Peanut…": the user's one such thing. */
const POSSESSIONS: [RegExp, string][] = [
  [
    new RegExp(
      `^(?:my|our) (?:old |new |current )?((?:\\d{4} )?(?:[\\w-]+ )?(?:${VEHICLE_WORDS})(?: [A-Z0-9][\\w-]*)?)\\b`,
      'i',
    ),
    'vehicle',
  ],
  [
    new RegExp(
      `^(?:my|our) (?:old |new |current )?((?:${PHONE_WORDS})(?: [A-Z0-9][\\w-]*)?)\\b`,
      'i',
    ),
    'phone',
  ],
  [
    new RegExp(`^(?:[Mm]y|[Oo]ur) (?:old |new |little |\\w+ )?((?:${PET_NOUNS}) [A-Z][\\w-]*)`),
    'pet',
  ],
];

/**
 * "first week in my new job with the city council's housing team done": a new employer
 * named in passing, anywhere in the clause, capitalised or not.
 */
const NEW_JOB =
  /\b(?:[Mm]y|[Oo]ur) new (?:job|role|position|post|workplace) (?:is )?(?:at|with) (?:the )?((?:[A-Z][\w&'.-]*(?: (?:of |& )?[A-Z][\w&'.-]*)*)|[a-z][\w'&-]*(?: [a-z][\w'&-]*){0,4}?)(?= (?:done|is|was|has|have|starts?|started|went|so|and|but|which|where|because)\b|\s*[,.!?;)]|$)/;

/** Not drinking alcohol, said any of the usual ways. */
const NO_ALCOHOL =
  /^(?:I|we) (?:do not|don't|never) drink\b(?! (?:coffee|tea|milk|soda|pop|water|juice|caffeine|enough|energy drinks))|\bnon-?drinkers?\b|\bteetotal(?:ler|er)?\b|^(?:I|we) (?:am|are) (?:\w+ )?sober\b/i;

/** A value that only names the kind of thing it is ("the job", "a new position"). */
const GENERIC_VALUE =
  /^(?:(?:new|the|a|an|my|our|this|that)\s+)*(?:job|jobs|position|role|gig|offer|work|place|one|it)\b[\s!.]*$/i;

/** A companion "with their girlfriend Dana" → "Dana". */
function companionName(companion: string): string | undefined {
  return /\b([A-Z][\w-]+)\s*$/.exec(companion)?.[1];
}

/** A dated plan that gives a slot a new value on its date ("moving to Tallinn in June"). */
function plannedChange(
  c: string,
  doc: ReturnType<typeof nlp>,
  tense: Tense,
  dated: boolean,
): Change | null {
  if (!dated || !/^(?:I|we)\b/i.test(c)) return null;
  const change = changeOf(c, doc, tense);
  return change?.op === 'set' && change.slot && PLANNABLE.has(change.slot)
    ? { ...change, op: 'plan' }
    : null;
}

/**
 * The slot the classification table gave (home, employer, age…) as a `set`, with the value
 * read off the clause; or the partner a companion names ("my girlfriend Dana and I…").
 */
function slotChange(c: string, slot: string | undefined, companion: string): Change | null {
  if (slot) {
    const value =
      slot === 'age'
        ? /\b(\d{1,3})\b/.exec(c)?.[1]
        : slot === 'partner'
          ? /\b(\p{Lu}[\p{L}'-]+)\s*$/u.exec(c)?.[1]
          : slot === 'employer' && /\b(?:at|for|with|by) /.test(c)
            ? trimValue(/\b(?:at|for|with|by) (?:the )?([^,.;!?]+)/.exec(c)?.[1])
            : trimValue(
                c
                  .replace(
                    /^(?:I|we) (?:am|are|have|was|were|\w+)\s+(?:been\s+|gone\s+)?(?:\w+ly\s+)?/i,
                    '',
                  )
                  .replace(
                    slot === 'home'
                      ? /^(?:still |now )?(?:(?:working|living|based|studying|freelancing) (?:remotely |remote |full[- ]time )?(?:from|in|out of)|staying put (?:in|at)|in|based out of)\s+/i
                      : /^$/,
                    '',
                  ),
              );
    // "I got the job!": a change of employer that does not yet say which.
    const named = value && !GENERIC_VALUE.test(value) ? value : undefined;
    return { slot, op: 'set', ...(named ? { value: named } : {}) };
  }
  const job = NEW_JOB.exec(c);
  if (job?.[1]) return { slot: 'employer', op: 'set', value: job[1] };
  // "I don't drink alcohol", "as a non-drinker…": one current value, however it is said.
  if (NO_ALCOHOL.test(c)) return { slot: 'alcohol', op: 'set', value: 'does not drink' };
  for (const [re, possessed] of POSSESSIONS) {
    const m = re.exec(c);
    // Only a named or specific thing ("my 2014 Corolla", "my hamster Peanut"): "my car"
    // alone says nothing new about which car.
    if (m?.[1] && /[A-Z0-9]/.test(m[1]))
      return { slot: possessed, op: possessed === 'pet' ? 'add' : 'set', value: m[1] };
  }
  // "allergic to peanuts", "a severe tree nut allergy": one more allergy.
  const noun =
    /\b(?:have|has|with) (?:a |an )?(?:severe |bad |mild |serious |life-threatening )?((?:[\w-]+ ){0,2}?[\w-]+) allerg(?:y|ies)\b/i.exec(
      c,
    );
  if (noun?.[1] && !/^(?:an?|the|my|some|no|food|seasonal|bad|severe)$/i.test(noun[1]))
    return { slot: 'allergies', op: 'add', value: noun[1] };
  if (/\ballergic to\b|\ballerg(?:y|ies) to\b/i.test(c)) {
    const value = trimValue(/\ballerg\w* to (.+)$/i.exec(c)?.[1]);
    // One more allergy is not a change of the others: `add` with the slot.
    return { slot: 'allergies', op: 'add', ...(value ? { value } : {}) };
  }
  const partner =
    /\b(?:girlfriend|boyfriend|wife|husband|partner|fianc[eé]e?|spouse) ([A-Z][\w-]+)/.exec(
      companion,
    );
  if (partner?.[1]) return { slot: 'partner', op: 'set', value: partner[1] };
  return null;
}

function forgetCandidate(f: { target: string; slot?: string }, name: string): Candidate {
  return {
    text: `${name} asked to forget: ${f.target}.`,
    kind: 'fact',
    entities: [],
    confidence: 0.9,
    op: 'forget',
    target: f.target,
    ...(f.slot ? { slot: f.slot } : {}),
  };
}

function petCandidate(pet: { name: string; kind: string }, ctx: TurnContext): Candidate {
  // The assistant just named the animal: the user is setting it right.
  const correcting = ctx.correction || new RegExp(`\\b${pet.name}\\b`).test(ctx.lastAssistant);
  return {
    text: `${ctx.name}'s pet ${pet.name} is a ${pet.kind}.`,
    kind: 'fact',
    entities: [pet.name],
    confidence: 0.75,
    slot: 'pet',
    op: correcting ? 'correct' : 'set',
    value: `${pet.name}, a ${pet.kind}`,
  };
}
