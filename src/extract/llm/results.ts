/**
 * What both LLM tiers (web-llm, Chrome's built-in model) do with a model's parsed answer:
 * facts become the engine's candidates, and decisions naming memory numbers become the
 * engine's decisions against real ids.
 *
 * Invented ids: a decision naming a memory number outside the list is treated as ADD (the
 * fact itself is valid; the engine's own duplicate check still runs on it); a decision
 * naming a fact number that does not exist is dropped; a fact without a decision is ADD.
 */
import type { Candidate, Decision } from '../../memory/types';
import { parseIsoDate, type RawDecision, type RawFact } from './prompts';

/** chrono-node's reading of each text at `observedAt` (ms), `null` where it finds no date. */
export type DateResolver = (
  texts: string[],
  observedAt: number,
) => Promise<(number | null | undefined)[]>;

const sentence = (t: string) => (/[.!?]$/.test(t) ? t : `${t}.`);

/** Facts → candidates; plans and events the model gave no ISO date for are dated by chrono. */
export async function candidatesOf(
  facts: readonly RawFact[],
  observedAt: number,
  resolveDates: DateResolver,
): Promise<Candidate[]> {
  const iso = facts.map((f) => parseIsoDate(f.date));
  const undated = facts.flatMap((f, i) =>
    iso[i] === undefined && (f.kind === 'plan' || f.kind === 'event') && f.text ? [i] : [],
  );
  const resolved = undated.length
    ? await resolveDates(
        undated.map((i) => facts[i]!.text),
        observedAt,
      )
    : [];
  undated.forEach((i, k) => {
    iso[i] = resolved[k] ?? undefined;
  });
  return facts.map((f, i) => {
    const eventAt = iso[i];
    return {
      // A forget request may come without a statement of its own: it stores nothing.
      text: f.text ? sentence(f.text) : '',
      // A planned value is a plan, whatever kind the model gave it (src/memory/operations.ts).
      kind: f.op === 'plan' ? 'plan' : f.kind,
      entities: f.entities,
      confidence: f.confidence,
      ...(eventAt !== undefined ? { eventAt } : {}),
      ...(f.slot ? { slot: f.slot } : {}),
      ...(f.op ? { op: f.op } : {}),
      ...(f.value ? { value: f.value } : {}),
      ...(f.target ? { target: f.target } : {}),
    };
  });
}

export interface MappedDecisions {
  decisions: Decision[];
  /** Decisions whose memory number was not in the list, turned into ADD. */
  invented: number;
  /** Decisions whose fact number did not exist, dropped. */
  dropped: number;
}

/** `ids[i]` is the real id of the memory numbered `i` in the prompt. */
export function decisionsOf(
  parsed: readonly RawDecision[],
  candidates: readonly Candidate[],
  ids: readonly string[],
): MappedDecisions {
  const byFact = new Map<number, Decision>();
  let invented = 0;
  let dropped = 0;
  for (const d of parsed) {
    const candidate = candidates[d.fact];
    if (!candidate) {
      dropped++;
      continue;
    }
    if (byFact.has(d.fact)) continue;
    if (d.action === 'ADD') {
      byFact.set(d.fact, { candidate, kind: 'ADD' });
      continue;
    }
    const targetId = d.memory >= 0 ? ids[d.memory] : undefined;
    if (!targetId) {
      invented++;
      byFact.set(d.fact, { candidate, kind: 'ADD' });
      continue;
    }
    // The engine matches decisions to candidates by identity: change the text in place.
    if (d.action === 'UPDATE' && d.text) candidate.text = sentence(d.text);
    byFact.set(d.fact, { candidate, kind: d.action, targetId });
  }
  return {
    decisions: candidates.map((c, i) => byFact.get(i) ?? { candidate: c, kind: 'ADD' }),
    invented,
    dropped,
  };
}
