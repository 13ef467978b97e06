/**
 * The rule-based extractor: always available, no model. It keeps first-person statements
 * about the user from a user turn and rewrites each one, self-contained and in the third
 * person, about the user's name ("I'm vegetarian" → "User is vegetarian.").
 *
 * Pipeline: strip Mnemo's injected block → redact secrets → cap the text (MAX_CHARS) → drop
 * quotes and code → split into sentences (compromise) and clauses → reject questions,
 * requests, hypotheticals, small talk and statements not about the user → classify (kind,
 * slot) → resolve dates (dates.ts) → rewrite pronouns and verb agreement (compromise) →
 * collect entities (compromise).
 *
 * @example
 * const ex = new RuleExtractor();
 * const { candidates } = await ex.extract({ turn, context: [], similar: [] });
 * // turn.text "I moved to Berlin from Munich in May", said 2026-06-10 →
 * // [{ text: 'User moved from Munich to Berlin in May 2026.', kind: 'fact', slot: 'home', … }]
 */
import nlp from 'compromise';
import { stripMemoryBlock } from '../inject/marker';
import type { Candidate, ExtractionInput, ExtractionResult, Extractor } from '../memory/types';
import { fromAssistant } from './assistant';
import { classify } from './classify';
import { clauseTense, clean, moveLeadingTime, reject, TRAILING_CONTINUATION } from './clause';
import { resolveDate } from './dates';
import { entitiesOf } from './entities';
import { dropCodeAndQuotes } from './others';
import { hasRedaction, redactSecrets } from './redact';
import { rewrite, userAsSubject } from './rewrite';
import { FIRST_PERSON, normalizeApostrophes, splitClauses, splitSentences } from './text';

export { splitSentences };

/** Only the first MAX_CHARS characters of a turn are read (a pasted document is not a fact). */
export const MAX_CHARS = 20_000;
/** At most this many candidates per turn. */
const MAX_CANDIDATES = 40;
/** At most this many first-person clauses are analysed per turn (each costs ~3 ms). */
export const MAX_CLAUSES = 150;
/** Words without which a clause holds no date: chrono is not consulted. */
const DATE_HINT =
  /\d|\b(?:yesterday|today|tonight|tomorrow|ago|last|next|this|week|weekend|month|year|morning|evening|afternoon|night|spring|summer|autumn|fall|winter|mon|tues|wednes|thurs|fri|satur|sun)(?:day)?\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\bthe \d/i;

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

    let text = stripMemoryBlock(turn.text ?? '');
    if (text.length > MAX_CHARS) {
      // Cut at the last sentence end before the cap, so no half-sentence is read.
      const cut = text.slice(0, MAX_CHARS);
      const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('\n'), cut.lastIndexOf('! '));
      text = end > MAX_CHARS / 2 ? cut.slice(0, end + 1) : cut;
    }
    text = redactSecrets(text).text;
    text = dropCodeAndQuotes(normalizeApostrophes(text));

    const candidates: Candidate[] = [];
    const seen = new Set<string>();
    // Only lines with a first-person word can hold a statement about the user; skipping the
    // rest keeps compromise's work proportional to what matters.
    const lines = text.split('\n').filter((l) => (isAssistant ? /\byou\b/i : FIRST_PERSON).test(l));
    const budget = { clauses: MAX_CLAUSES };
    for (const sentence of splitSentences(lines.join('\n'))) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      if (candidates.length >= MAX_CANDIDATES || budget.clauses <= 0) break;
      let source = sentence;
      if (isAssistant) {
        const converted = fromAssistant(sentence);
        if (!converted) continue;
        source = converted;
      } else if (!FIRST_PERSON.test(sentence)) continue;
      for (const rawClause of splitClauses(source)) {
        const cand = this.clauseToCandidate(rawClause, sentence, name, input, budget);
        if (!cand) continue;
        if (isAssistant) cand.confidence = Math.round(cand.confidence * 0.6 * 100) / 100;
        const key = cand.text.toLowerCase();
        if (seen.has(key)) continue;
        seen.add(key);
        candidates.push(cand);
      }
    }
    return candidates;
  }

  private clauseToCandidate(
    rawClause: string,
    sentence: string,
    name: string,
    input: ExtractionInput,
    budget: { clauses: number },
  ): Candidate | null {
    let c = clean(rawClause);
    c = moveLeadingTime(c);
    c = c.replace(TRAILING_CONTINUATION, '').trim();
    c = clean(c);
    if (reject(c, sentence.endsWith('?') ? sentence : rawClause)) return null;
    if (c.includes('"…"')) return null; // reports someone else's words
    if (budget.clauses-- <= 0) return null;
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
    if (out.text.split(/\s+/).length < 3) return null;
    const cand: Candidate = {
      text: out.text,
      kind,
      entities: entitiesOf(c, doc, name === 'User' ? undefined : name),
      confidence: Math.max(0.1, Math.min(1, Math.round(conf * 100) / 100)),
    };
    if (slot) cand.slot = slot;
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
