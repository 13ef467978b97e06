/**
 * What an extracted statement's operation (`Candidate.op`) does to the memories already
 * stored in its bucket, before the usual ADD / UPDATE / SUPERSEDE / NOOP decision:
 *
 * - `end` ("I no longer work at Acme", "we sold the car"): the slot's current value, or the
 *   memories that name `target`, stop being current (kept as history); the ending statement
 *   itself is stored, and takes the slot, as the slot's current state. A plan called off
 *   (an `end` of kind `plan`: "the Lisbon trip is off") ends only the plans and events its
 *   target names.
 * - `correct` ("typo, I'm 43, not 34"): the wrong value is removed, not kept as history,
 *   and cut with its sentences from its source turns; the corrected statement is stored.
 * - `forget` ("please forget what I told you about my salary"): the memories that name
 *   `target` are deleted, and the words of `target` are cut from their source turns; the
 *   request itself is not a memory.
 * - `set` and `add`: nothing here (the decision step supersedes within a slot).
 * - `plan` ("we're moving to Tallinn on 10 June"): nothing yet. The memory is a **planned
 *   value** of its slot; from its date on it is the slot's current value, and the values
 *   stated before it stop being current (`inEffect`, `dueChanges` at the next ingest).
 *
 * @example
 * effectOf({ op: 'end', slot: 'employer', text: 'User no longer works at Acme.', … }, active)
 * // { end: [<User works at Acme.>], remove: [], store: true, words: [] }
 */
import { foldTerm, termSet, wordsOf } from '../search/lexical';
import { DAY_MS } from '../search/when';
import type { Candidate, CandidateOp, Memory } from './types';

export interface OpEffect {
  /** Memories that stop being current and stay as history. */
  end: Memory[];
  /** Memories deleted outright (their text goes everywhere). */
  remove: Memory[];
  /** Whether the candidate itself is stored. */
  store: boolean;
  /** Words to cut, with their sentences, from the removed memories' source turns. */
  words: string[];
}

/** The operation a candidate implies when its extractor named none. */
export function opOf(c: Candidate): CandidateOp {
  return c.op ?? (c.slot ? 'set' : 'add');
}

/**
 * The memories `target` names: every folded content word of the target is in the memory
 * (a one-word target, "salary", must be there; "the party" needs "party").
 */
export function named(target: string, memories: readonly Memory[]): Memory[] {
  const want = ownerless(target);
  if (want.size === 0) return [];
  return memories.filter((m) => {
    const have = ownerless(`${m.text} ${m.entities.join(' ')}`);
    for (const t of want) if (!have.has(t) && !sameRoot(t, have)) return false;
    return true;
  });
}

/**
 * A new value of one slot that makes another slot's value stale: a new employer means the
 * job held at the old one is over too (a promotion, a new `job`, leaves the employer alone).
 */
export const ENDS_WITH: Readonly<Record<string, readonly string[]>> = {
  employer: ['job'],
};

/**
 * Stems the stemmer leaves apart though one word grew from the other ("weight" and
 * "weigh", "pregnancy" and "pregnant"): they share a start of five letters or more that
 * leaves at most two letters of either.
 */
function sameRoot(t: string, have: ReadonlySet<string>): boolean {
  for (const h of have) {
    let n = 0;
    while (n < t.length && n < h.length && t[n] === h[n]) n++;
    if (n >= 5 && t.length - n <= 2 && h.length - n <= 2) return true;
  }
  return false;
}

/**
 * A text's terms with possessives dropped ("dad's dementia" names "User's dad … dementia")
 * and the filler a spoken target carries ("the vegetarian thing" names "User is vegetarian.").
 */
const ownerless = (text: string): Set<string> =>
  termSet(
    text
      .replace(/['’]s\b/g, '')
      .replace(/\b(?:thing|things|stuff|bit|part|whole|business|situation|lol)\b/gi, ' ')
      // "the pregnancy thing I mentioned": how it was said is no part of what it names.
      .replace(
        /\b(?:that |which )?(?:I|i) (?:just |already )?(?:mentioned|said|told you|shared|brought up|talked about|wrote)(?: (?:earlier|before|about))?\b/g,
        ' ',
      ),
  );

/** `active`: the active memories of the candidate's bucket. */
export function effectOf(c: Candidate, active: readonly Memory[]): OpEffect {
  const op = opOf(c);
  const none: OpEffect = { end: [], remove: [], store: true, words: [] };
  if (op === 'add' || op === 'plan') return none;
  if (op === 'set') {
    const stale = c.slot ? ENDS_WITH[c.slot] : undefined;
    if (!stale) return none;
    return { ...none, end: active.filter((m) => m.slot !== undefined && stale.includes(m.slot)) };
  }
  // Ending a slot ends what hangs on it: retiring from the Post Office ends "is a postman".
  // Forgetting where the user works forgets the job held there too.
  const slots = c.slot
    ? [c.slot, ...(op === 'end' || op === 'forget' ? (ENDS_WITH[c.slot] ?? []) : [])]
    : [];
  const bySlot = active.filter((m) => m.slot !== undefined && slots.includes(m.slot));
  // A plan called off ends plans and events only: "the Lisbon trip is off" leaves "User's
  // sister lives in Lisbon" as it is.
  const operand =
    op === 'end' && c.kind === 'plan' && !c.slot
      ? active.filter((m) => m.kind === 'plan' || m.kind === 'event')
      : active;
  const byTarget = c.target ? named(c.target, operand) : [];
  const targets = [...new Set([...bySlot, ...byTarget])];
  switch (op) {
    case 'end':
      return { end: targets, remove: [], store: true, words: [] };
    case 'correct':
      return {
        end: [],
        remove: targets,
        store: true,
        words: c.target ? wordsOf(c.target).filter((w) => foldTerm(w)) : [],
      };
    case 'forget':
      return {
        end: [],
        remove: targets,
        store: false,
        words: c.target ? wordsOf(c.target).filter((w) => foldTerm(w)) : [],
      };
  }
}

/** Slots a dated plan can give a value to ahead of time. */
export const PLANNABLE: ReadonlySet<string> = new Set([
  'home',
  'employer',
  'job',
  'school',
  'diet',
  'vehicle',
  'phone',
  'age',
]);

type Dated = Pick<Memory, 'kind' | 'slot' | 'eventAt' | 'observedAt'>;

/**
 * A memory that gives its slot a value from a later day on ("User is moving to Tallinn on 10
 * June 2026.", said in May): a plan of a plannable slot, dated after the day it was said.
 */
export const plannedValue = (m: Dated): boolean =>
  m.kind === 'plan' &&
  m.slot !== undefined &&
  PLANNABLE.has(m.slot) &&
  m.eventAt !== undefined &&
  m.eventAt >= Math.floor(m.observedAt / DAY_MS) * DAY_MS + DAY_MS;

/**
 * The candidate with the operation its date gives it: `plan` when it is a planned value said
 * at `observedAt` ("I start at Orbis on Monday" too), never `plan` when it is not.
 */
export function withPlanOp(c: Candidate, observedAt: number): Candidate {
  if (plannedValue({ ...c, observedAt })) return c.op === 'plan' ? c : { ...c, op: 'plan' };
  return c.op === 'plan' ? { ...c, op: 'set' } : c;
}

/** A planned value whose date has not come yet at `now`: not the slot's value yet. */
export const pending = (m: Dated, now: number): boolean => plannedValue(m) && m.eventAt! > now;

/**
 * Where one slot's values (one bucket's) stand at `now`: a planned value counts from its
 * date, and then the values stated before the plan was made are `replaced` by it (the
 * newest such `plan`); `current` is what is left, without the plans still ahead. The one
 * rule for injection (the profile pass, `currentOnly`) and for the store (`dueChanges`).
 *
 * @example
 * valuesAt([nairobi, tallinnPlan], Date.parse('2026-09-03'))
 * // → { current: [tallinnPlan], replaced: [nairobi], plan: tallinnPlan }
 */
export function valuesAt<M extends Dated>(
  values: readonly M[],
  now: number,
): { current: M[]; replaced: M[]; plan?: M } {
  const live = values.filter((m) => !pending(m, now));
  let plan: M | undefined;
  for (const m of live) if (plannedValue(m) && (!plan || m.observedAt > plan.observedAt)) plan = m;
  if (!plan) return { current: live, replaced: [] };
  const after = plan.observedAt;
  return {
    current: live.filter((m) => m === plan || m.observedAt > after),
    replaced: live.filter((m) => m !== plan && m.observedAt <= after),
    plan,
  };
}

/** The values of one slot that are current at `now` (`valuesAt`). */
export const inEffect = <M extends Dated>(values: readonly M[], now: number): M[] =>
  valuesAt(values, now).current;
