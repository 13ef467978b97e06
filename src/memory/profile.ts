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
import { attributeOf } from './attributes';
import { asksAboutThePast, needsOf, servesNeed, slotMatches, type Need } from './needs';
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
}

/**
 * A statement about someone close to the user ("User's sister lives in Rome."): it serves a
 * need only when the need names that person, which a slot ("sister.home") says, not words.
 */
const ABOUT_SOMEONE_ELSE =
  /^(?:the\s+)?user'?s\s+(?!own\b)[\p{L}-]+(?:\s+[\p{Lu}][\p{L}-]*)?\s+(?:is|was|has|had|lives|lived|works|worked|loves|likes|hates|does|did|got|gets|plays|can|will|wants|keeps|just)\b/iu;

function aboutTheUser(m: Memory): boolean {
  if (m.slot && m.slot.includes('.')) return false;
  return !ABOUT_SOMEONE_ELSE.test(m.text);
}

function needFor(slot: string, needs: readonly Need[]): Need | undefined {
  return needs.find((n) => slotMatches(slot, n.slots));
}

export function profileFor(
  prompt: string,
  memories: Iterable<Memory>,
  opts: ProfileOptions = {},
): ProfileEntry[] {
  const needs = needsOf(prompt);
  if (needs.length === 0) return [];
  const max = opts.max ?? 6;
  const maxAbout = opts.maxAbout ?? 3;
  const past = asksAboutThePast(prompt);
  const current = new Map<string, Memory>();
  const earlier: Memory[] = [];
  const byWords: { memory: Memory; need: Need }[] = [];
  for (const m of memories) {
    if (m.status === 'deleted') continue;
    const need = m.slot ? needFor(m.slot, needs) : undefined;
    if (m.slot && need) {
      if (m.status === 'active') {
        const prev = current.get(m.slot);
        if (!prev || m.observedAt > prev.observedAt) current.set(m.slot, m);
      } else if (past) earlier.push(m);
      continue;
    }
    if (m.status !== 'active' || !aboutTheUser(m)) continue;
    const served = needs.find((n) => servesNeed(m.text, [n]));
    if (served) byWords.push({ memory: m, need: served });
  }
  const out: ProfileEntry[] = [];
  for (const m of current.values()) {
    const need = needFor(m.slot!, needs)!;
    out.push({
      memory: m,
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
  earlier.sort((a, b) => (b.supersededAt ?? b.observedAt) - (a.supersededAt ?? a.observedAt));
  for (const m of earlier)
    out.push({ memory: m, need: needFor(m.slot!, needs)!.id, history: true, weight: 0.5 });
  return out.slice(0, max);
}

/** The slot's attribute, for callers that group by attribute rather than by person. */
export { attributeOf };
