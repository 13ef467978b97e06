/**
 * One fused score from similarity, keywords, recency, pin and kind, each in 0..1, kept
 * apart in the result so the UI can say why a memory ranked where it did.
 */
import type { MemoryKind, ScoreParts } from './types';

export interface RankWeights {
  similarity: number;
  keywords: number;
  /** Share of the query's content terms an item contains (BM25 alone favours one rare term). */
  coverage: number;
  recency: number;
  pinned: number;
  kind: number;
  /** Match between an item's time and a date the query names ("on 9 November, 2022"). */
  when: number;
  /** BM25 score at which the keyword part reaches 0.5. */
  keywordHalf: number;
  /** Cosine below which similarity counts as nothing (static embeddings sit near 0.2). */
  similarityFloor: number;
  recencyHalfLifeDays: number;
  /** Raw episodes rank below facts: their score is multiplied by this. */
  episodeFactor: number;
  /**
   * Neighbour turns as context: an episode adds this share of the score of the turn just
   * before it (an answer inherits the question it answers: "What did you paint?" → "A lake
   * sunrise") …
   */
  contextBefore: number;
  /** … and this share of the score of the turn just after it. */
  contextAfter: number;
  /** Turns two away count too, with this share of the shares above (0: off). */
  contextFar: number;
  /**
   * The voice of a raw turn (`voiceOf`): its score is multiplied by
   * 1 − asks × (share of its sentences that ask) + self × (lean to I/my over you/your, −1..1).
   * The user's statements about themselves are what a memory holds; questions and replies to
   * the other party's news match the same words and tell less.
   */
  asks: number;
  self: number;
}

/**
 * Tuned on the LoCoMo dev file with the injection search (docs/benchmarks.md has the
 * changelog): the static embedding is a weak signal next to BM25, so it weighs less; the
 * keyword part saturates late (BM25 sums over a question's terms run to 20–40) and the share
 * of query words covered counts beside it; raw turns rank with facts, with the turns around
 * them as context; recency only breaks ties.
 */
/** The score parts of a hit that no search scored (brought by a need or by ongoing work). */
export const NO_PARTS: ScoreParts = {
  similarity: 0,
  keywords: 0,
  coverage: 0,
  recency: 0,
  pinned: 0,
  kind: 0,
};

export const DEFAULT_WEIGHTS: RankWeights = {
  similarity: 0.25,
  keywords: 0.4,
  coverage: 0.2,
  recency: 0.02,
  pinned: 0.05,
  kind: 0.02,
  when: 0.2,
  keywordHalf: 30,
  similarityFloor: 0.2,
  recencyHalfLifeDays: 120,
  episodeFactor: 1,
  contextBefore: 0.6,
  contextAfter: 0.4,
  contextFar: 0.3,
  asks: 0.3,
  self: 0.1,
};

const KIND_PRIOR: Record<MemoryKind, number> = {
  identity: 1,
  preference: 0.9,
  health: 0.9,
  relationship: 0.8,
  work: 0.8,
  tool: 0.7,
  plan: 0.7,
  event: 0.6,
  fact: 0.5,
};

const DAY = 86_400_000;

export function scoreParts(
  input: {
    cosine: number;
    bm25: number;
    observedAt: number;
    pinned: boolean;
    kind?: MemoryKind;
    coverage?: number;
    /** Date match, 0..1, when the query names a date. */
    when?: number;
  },
  now: number,
  w: RankWeights = DEFAULT_WEIGHTS,
): ScoreParts {
  const sim = Math.max(0, (input.cosine - w.similarityFloor) / (1 - w.similarityFloor));
  const keywords = input.bm25 > 0 ? input.bm25 / (input.bm25 + w.keywordHalf) : 0;
  const age = Math.max(0, now - input.observedAt) / DAY;
  const recency = Math.pow(0.5, age / w.recencyHalfLifeDays);
  return {
    similarity: sim,
    keywords,
    coverage: input.coverage ?? 0,
    recency,
    pinned: input.pinned ? 1 : 0,
    kind: input.kind ? KIND_PRIOR[input.kind] : 0,
    ...(input.when !== undefined ? { when: input.when } : {}),
  };
}

/** The voice prior of a raw turn's score (1 for facts and when the turn's voice is unknown). */
export function voiceFactor(p: ScoreParts, w: RankWeights = DEFAULT_WEIGHTS): number {
  if (p.asks === undefined || p.self === undefined) return 1;
  return Math.max(0, 1 - w.asks * p.asks + w.self * (2 * p.self - 1));
}

export function fuse(p: ScoreParts, w: RankWeights = DEFAULT_WEIGHTS): number {
  return (
    w.similarity * p.similarity +
    w.keywords * p.keywords +
    w.coverage * p.coverage +
    w.recency * p.recency +
    w.pinned * p.pinned +
    w.kind * p.kind +
    w.when * (p.when ?? 0)
  );
}

/** How relevant an item is to the query alone (no recency, pin or kind): for gating. */
export function relevance(p: ScoreParts, w: RankWeights = DEFAULT_WEIGHTS): number {
  // Gating uses the share of query words matched, not the BM25 score: BM25 grows with the
  // size of the store (IDF), so a threshold on it would gate differently at 2 memories and
  // at 10,000. Word coverage and cosine mean the same thing at any size.
  return (w.similarity * p.similarity + w.keywords * p.coverage) / (w.similarity + w.keywords);
}
