/**
 * ADD / UPDATE / SUPERSEDE / NOOP for one candidate against the similar active memories.
 * Two signals: the cosine of the static embeddings (weak on its own) and the overlap of
 * content terms (strong on rephrasings that keep the words). A shared slot ("home",
 * "diet") turns a different value into a supersession rather than a second fact.
 */
import { foldTerm } from '../search/lexical';
import type { Candidate, DecisionKind, Memory } from './types';

export interface Neighbour {
  memory: Memory;
  cosine: number;
}

export interface DecideResult {
  kind: DecisionKind;
  targetId?: string;
}

const SUBJECT_WORDS = new Set(['user', "user's"]);

export function contentTerms(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of text.toLowerCase().split(/[^\p{L}\p{N}']+/u)) {
    if (!w || SUBJECT_WORDS.has(w)) continue;
    const t = foldTerm(w.replace(/'s$/, ''));
    if (t) out.add(t);
  }
  return out;
}

export function overlap(a: Set<string>, b: Set<string>): { jaccard: number; coverOfB: number } {
  let inter = 0;
  for (const t of a) if (b.has(t)) inter++;
  const union = a.size + b.size - inter;
  return { jaccard: union ? inter / union : 0, coverOfB: b.size ? inter / b.size : 0 };
}

export const DECIDE = {
  /** Same statement: near-identical vectors or words. */
  dupCosine: 0.93,
  dupJaccard: 0.7,
  /** Same fact in other words: both signals moderately high. */
  paraCosine: 0.8,
  paraJaccard: 0.4,
  /** Same slot but a value this close is the same value restated. */
  slotSameJaccard: 0.75,
};

/**
 * @example
 * decide(cand('User lives in Berlin.', 'home'), [{ memory: munich, cosine: 0.8 }])
 * // → { kind: 'SUPERSEDE', targetId: munich.id }
 */
export function decide(candidate: Candidate, neighbours: readonly Neighbour[]): DecideResult {
  const cTerms = contentTerms(candidate.text);
  let best: { n: Neighbour; jaccard: number; cover: number; richer: boolean } | undefined;
  for (const n of neighbours) {
    if (n.memory.status !== 'active') continue;
    const mTerms = contentTerms(n.memory.text);
    const { jaccard, coverOfB } = overlap(cTerms, mTerms);
    const richer = cTerms.size > mTerms.size && coverOfB >= 0.8;
    if (candidate.slot && n.memory.slot === candidate.slot) {
      if (jaccard >= DECIDE.slotSameJaccard || n.cosine >= 0.97)
        return richer
          ? { kind: 'UPDATE', targetId: n.memory.id }
          : { kind: 'NOOP', targetId: n.memory.id };
      return { kind: 'SUPERSEDE', targetId: n.memory.id };
    }
    const same =
      jaccard >= DECIDE.dupJaccard ||
      n.cosine >= DECIDE.dupCosine ||
      (n.cosine >= DECIDE.paraCosine && jaccard >= DECIDE.paraJaccard) ||
      (coverOfB >= 0.9 && mTerms.size >= 2);
    if (same && (!best || jaccard + n.cosine > best.jaccard + best.n.cosine)) {
      best = { n, jaccard, cover: coverOfB, richer };
    }
  }
  if (!best) return { kind: 'ADD' };
  return best.richer
    ? { kind: 'UPDATE', targetId: best.n.memory.id }
    : { kind: 'NOOP', targetId: best.n.memory.id };
}
