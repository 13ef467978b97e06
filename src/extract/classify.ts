/** A cleaned clause's kind and slot, from the table in tables.ts. */
import nlp from 'compromise';
import type { MemoryKind } from '../memory/types';
import type { Tense } from './dates';
import { RULES } from './tables';

export function classify(
  c: string,
  tense: Tense,
  hasDate: boolean,
  dateAhead = false,
): { kind: MemoryKind; slot?: string; confidence: number } {
  const base = classifyRules(c, tense, hasDate);
  // "My exam is next Tuesday": a generic statement about a coming date is a plan.
  if (
    dateAhead &&
    !base.slot &&
    (base.kind === 'fact' || base.kind === 'event' || base.kind === 'work')
  )
    return { kind: 'plan', confidence: Math.max(base.confidence, 0.75) };
  return base;
}

function classifyRules(
  c: string,
  tense: Tense,
  hasDate: boolean,
): { kind: MemoryKind; slot?: string; confidence: number } {
  if (
    /^I am (?:a |an )?(?:proud )?[A-Z][a-z]+(?:[- ][A-Z][a-z]+)?(?: citizen| national)?$/.test(c) &&
    nlp(c).has('#Demonym')
  )
    return { kind: 'identity', slot: 'nationality', confidence: 0.85 };
  if (/^I am [A-Z][a-z]+(?: [A-Z][a-z]+)?$/.test(c) && nlp(c).has('^i am #Person+$'))
    return { kind: 'identity', slot: 'name', confidence: 0.8 };
  // "due in October" is a plan's date, but a pregnancy's due date is still the pregnancy.
  if (hasDate && /\b(?:due|deadline)\b/i.test(c) && !/\bpregnan/i.test(c))
    return { kind: 'plan', confidence: 0.8 };
  for (const r of RULES) {
    if (!r.re.test(c)) continue;
    let slot = r.slot;
    if (r.kind === 'preference') {
      const fav =
        /^my (?:absolute |all-time )?favou?rite ([\w-]+(?: [\w-]+)?) (?:is|are|was|has to be|would be)\b/i.exec(
          c,
        );
      if (fav?.[1]) slot = `favorite_${fav[1].toLowerCase().replace(/\s+/g, '_')}`;
    }
    // "I have a dog" is a fact; "we are adopting a puppy next Friday" is a plan.
    if ((r.kind === 'fact' || r.kind === 'relationship') && !slot && tense === 'future' && hasDate)
      return { kind: 'plan', confidence: 0.75 };
    return slot
      ? { kind: r.kind, slot, confidence: r.confidence }
      : { kind: r.kind, confidence: r.confidence };
  }
  if (tense === 'future') return { kind: 'plan', confidence: hasDate ? 0.75 : 0.6 };
  if (tense === 'past') return { kind: 'event', confidence: hasDate ? 0.75 : 0.65 };
  return { kind: 'fact', confidence: 0.55 };
}
