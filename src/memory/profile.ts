/**
 * The profile pass of injection: the memories a prompt needs although it may share no word
 * with them (`needs.ts`), chosen from the current memories of the buckets the site reads.
 *
 * - For each needed slot, its current value: the newest active memory with that slot.
 * - Facts without a slot that serve a need through its words ("User prefers trains over
 *   flying." for a trip), when they are about the user, not someone close to them.
 * - Where the prompt asks about the past, the slot's earlier values, marked as history.
 *
 * @example
 * profileFor('Recommend a gym near me.', memories)
 * // [{ memory: <User lives in Porto.>, need: 'local', history: false }]
 */
import { foldTerm } from '../search/lexical';
import {
  CHILDREN,
  asksAboutThePast,
  isPersonal,
  needsOf,
  PARTNERS,
  servesNeed,
  slotMatches,
  type Need,
} from './needs';
import { valuesAt } from './operations';
import type { Memory } from './types';

export interface ProfileEntry {
  memory: Memory;
  /** The need or direct question that brought it ("local", "ask-age"). */
  need: string;
  /** A value the slot no longer has: injected as history, never as current. */
  history: boolean;
  /** 1 for the answer to a direct question, less for a need, least for a word match. */
  weight: number;
}

export interface ProfileOptions {
  /** At most this many entries (current values first). */
  max?: number;
  /** At most this many facts matched by a need's words rather than a slot. */
  maxAbout?: number;
  /** When the prompt is typed: a planned value is current from its date on. */
  now?: number;
}

/** The people a statement can be about instead of the user ("User's sister lives in Rome."). */
export const RELATIONS = [
  ...PARTNERS,
  'ex',
  'sister',
  'brother',
  'sibling',
  'mom',
  'mum',
  'mother',
  'dad',
  'father',
  'parent',
  'parents',
  'son',
  'daughter',
  'kid',
  'kids',
  'child',
  'children',
  'baby',
  'friend',
  'friends',
  'colleague',
  'coworker',
  'co-worker',
  'boss',
  'manager',
  'roommate',
  'flatmate',
  'neighbour',
  'neighbor',
  'cousin',
  'aunt',
  'uncle',
  'grandma',
  'grandpa',
  'grandmother',
  'grandfather',
  'nephew',
  'niece',
  'in-laws',
  'family',
  'team',
  'client',
] as const;

const ABOUT_SOMEONE_ELSE = new RegExp(
  `^(?:the\\s+)?user'?s\\s+(?:best\\s+|older\\s+|younger\\s+|little\\s+|new\\s+)?(${RELATIONS.join('|')})\\b`,
  'i',
);

/** Whose statement a memory is: `undefined` for the user's own, else the relation. */
export function personOf(m: Memory): string | undefined {
  if (m.slot?.includes('.')) return m.slot.slice(0, m.slot.indexOf('.'));
  return ABOUT_SOMEONE_ELSE.exec(m.text)?.[1]?.toLowerCase();
}

/** Words of slot names too general to say what a prompt is about. */
const GENERIC_SLOT_WORDS = new Set(['favorite', 'favourite', 'status', 'primary', 'name', 'order']);

/** Whether a slot's name shares a word with the prompt, as the lexical index folds words. */
export function namedSlot(prompt: string): ((slot: string) => boolean) | undefined {
  const terms = new Set(
    (prompt.match(/[\p{L}]+/gu) ?? []).flatMap((w) => {
      const f = foldTerm(w);
      return f ? [f] : [];
    }),
  );
  if (terms.size === 0) return undefined;
  return (slot) =>
    slot
      .split(/[._]/)
      .filter((w) => !GENERIC_SLOT_WORDS.has(w))
      .some((w) => {
        const f = foldTerm(w);
        return !!f && terms.has(f);
      });
}

/** What a prompt asks of the profile, read once per prompt (`readPrompt`). */
export interface PromptNeeds {
  needs: readonly Need[];
  /** A slot the prompt names in its own words ("my usual coffee" → coffee_order). */
  named: ((slot: string) => boolean) | undefined;
  /** About the user's own life ("my", "I"): see `isPersonal`. */
  personal: boolean;
  /** About the past: earlier values may come in, as history. */
  past: boolean;
  /** The people close to the user the prompt names ("my niece" → niece). */
  persons: ReadonlySet<string>;
}

/** "my kid" asks about the son or the daughter: one class for the words of each relation. */
const CHILD_WORDS: ReadonlySet<string> = new Set(CHILDREN);
const personClass = (word: string): string => {
  const w = word.toLowerCase();
  return CHILD_WORDS.has(w) ? 'child' : w;
};

const NAMED_PERSON = new RegExp(`\\b(?:my|our)\\s+(${RELATIONS.join('|')})\\b`, 'gi');

export function readPrompt(prompt: string): PromptNeeds {
  const personal = isPersonal(prompt);
  return {
    needs: needsOf(prompt),
    named: personal ? namedSlot(prompt) : undefined,
    personal,
    past: asksAboutThePast(prompt),
    persons: new Set([...prompt.matchAll(NAMED_PERSON)].map((m) => personClass(m[1]!))),
  };
}

/** Whether a prompt asks anything of the profile at all. */
export const asksOfProfile = (p: PromptNeeds): boolean => p.needs.length > 0 || !!p.named;

/** The need a slot serves for this prompt: a table need, else the prompt naming it. */
const NAMED: Need = { id: 'named', slots: [], cues: [] };
function needFor(slot: string, p: PromptNeeds): Need | undefined {
  return p.needs.find((n) => slotMatches(slot, n.slots)) ?? (p.named?.(slot) ? NAMED : undefined);
}

/** At most this many values of one slot (allergies, pets): the newest. */
const MAX_PER_SLOT = 3;

export function profileFor(
  prompt: string | PromptNeeds,
  memories: Iterable<Memory>,
  opts: ProfileOptions = {},
): ProfileEntry[] {
  const p = typeof prompt === 'string' ? readPrompt(prompt) : prompt;
  if (!asksOfProfile(p)) return [];
  const max = opts.max ?? 6;
  const maxAbout = opts.maxAbout ?? 3;
  /** Each needed slot's current values, and the need that brought them. */
  const current = new Map<string, { need: Need; list: Memory[] }>();
  const earlier: { memory: Memory; need: Need }[] = [];
  const byWords: { memory: Memory; need: Need }[] = [];
  for (const m of memories) {
    if (m.status === 'deleted') continue;
    let need = m.slot ? needFor(m.slot, p) : undefined;
    // A slot named by the prompt's words is the user's own unless the prompt names its person:
    // "Do I have any allergies?" is not answered by "wife.allergies".
    const owner = need === NAMED ? personOf(m) : undefined;
    if (owner !== undefined && !p.persons.has(personClass(owner))) need = undefined;
    if (m.slot && need) {
      if (m.status === 'active') {
        const entry = current.get(m.slot);
        if (entry) entry.list.push(m);
        else current.set(m.slot, { need, list: [m] });
      } else if (p.past) earlier.push({ memory: m, need });
      continue;
    }
    if (m.status !== 'active') continue;
    // Someone else's fact serves only a need about that person (a gift for the wife), and
    // only the person the prompt names when it names one (a gift for the niece).
    const person = personOf(m);
    const served = p.needs.find(
      (n) =>
        (person === undefined ||
          (n.people?.includes(person) &&
            (p.persons.size === 0 || p.persons.has(personClass(person))))) &&
        servesNeed(m.text, [n]),
    );
    if (served) byWords.push({ memory: m, need: served });
  }
  const out: ProfileEntry[] = [];
  for (const { need, list: values } of current.values()) {
    const at =
      opts.now === undefined ? { current: values, replaced: [] } : valuesAt(values, opts.now);
    if (p.past) for (const m of at.replaced) earlier.push({ memory: m, need });
    const list = at.current;
    list.sort((a, b) => b.observedAt - a.observedAt);
    for (const memory of list.slice(0, MAX_PER_SLOT))
      out.push({
        memory,
        need: need.id,
        history: false,
        weight: need.id.startsWith('ask-') ? 1 : 0.9,
      });
  }
  // Newest first within the slot-matched values, so a cut keeps the latest.
  out.sort((a, b) => b.weight - a.weight || b.memory.observedAt - a.memory.observedAt);
  byWords.sort((a, b) => b.memory.observedAt - a.memory.observedAt);
  for (const { memory, need } of byWords.slice(0, maxAbout))
    out.push({ memory, need: need.id, history: false, weight: 0.7 });
  const until = (m: Memory) => m.supersededAt ?? m.observedAt;
  earlier.sort((a, b) => until(b.memory) - until(a.memory));
  for (const { memory, need } of earlier)
    out.push({ memory, need: need.id, history: true, weight: 0.5 });
  return out.slice(0, max);
}
