/**
 * LoCoMo evidence-recall benchmark core (issue 7, section 1). Runs the real engine (the code
 * the extension runs) over LoCoMo conversations captured as chats, and scores what it would
 * inject against the questions' evidence turns, beside two baselines over the raw turns.
 * Node only: the caller supplies the IndexedDB (fake-indexeddb) and the embedder.
 *
 * @example
 * const result = await runLocomo(samples, { embedder, extractor: () => new RuleExtractor() });
 */
import { DEFAULT_PLAN, INJECTION_SEARCH, planInjection, type PlanOptions } from '../inject/plan';
import { MemoryEngine } from '../memory/engine';
import { DEFAULT_WEIGHTS, type RankWeights } from '../memory/rank';
import type { CapturedTurn, Embedder, Extractor, SearchHit } from '../memory/types';
import { MONTH_NAMES } from '../search/when';
import { openMnemoDb } from '../store/db';
import { MemoryStore } from '../store/store';
import { Bm25Baseline, DenseBaseline, type RawDoc } from './baselines';
import { cos, mean, p50p95, round } from './stats';

// --- the data ----------------------------------------------------------------------------

export interface LocomoTurn {
  speaker: string;
  dia_id: string;
  text: string;
  img_url?: string[] | string;
  blip_caption?: string;
}

export interface LocomoQa {
  question: string;
  answer?: unknown;
  adversarial_answer?: unknown;
  evidence?: unknown[];
  category: number;
}

export interface LocomoSample {
  sample_id: string;
  conversation: Record<string, unknown> & { speaker_a: string; speaker_b: string };
  qa: LocomoQa[];
  observation?: Record<string, Record<string, [string, unknown][]>>;
}

export interface Session {
  n: number;
  at: number;
  turns: LocomoTurn[];
}

/** "1:56 pm on 8 May, 2023" → ms since epoch (UTC). */
export function parseSessionDate(s: string): number {
  const m = /(\d{1,2}):(\d{2})\s*(am|pm)\s+on\s+(\d{1,2})\s+([A-Za-z]+),?\s+(\d{4})/i.exec(s);
  if (!m) throw new Error(`Unrecognised LoCoMo session date: ${JSON.stringify(s)}`);
  let h = Number(m[1]) % 12;
  if (m[3]!.toLowerCase() === 'pm') h += 12;
  const month = MONTH_NAMES.findIndex((x) =>
    x.toLowerCase().startsWith(m[5]!.toLowerCase().slice(0, 3)),
  );
  if (month < 0) throw new Error(`Unrecognised month in ${JSON.stringify(s)}`);
  return Date.UTC(Number(m[6]), month, Number(m[4]), h, Number(m[2]));
}

export function sessionsOf(sample: LocomoSample): Session[] {
  const out: Session[] = [];
  for (const [k, v] of Object.entries(sample.conversation)) {
    const m = /^session_(\d+)$/.exec(k);
    if (!m || !Array.isArray(v)) continue;
    const date = sample.conversation[`session_${m[1]}_date_time`];
    out.push({ n: Number(m[1]), at: parseSessionDate(String(date)), turns: v as LocomoTurn[] });
  }
  return out.sort((a, b) => a.n - b.n);
}

/** A turn as a chat would show it: the text, and the shared image's caption if any. */
export function turnText(t: LocomoTurn): string {
  return t.blip_caption ? `${t.text} [shares an image: ${t.blip_caption}]` : t.text;
}

/** Evidence ids, cleaned of LoCoMo's occasional typos ("D8:6; D9:17"). */
export function evidenceIds(qa: LocomoQa): string[] {
  const out = new Set<string>();
  for (const e of qa.evidence ?? []) {
    for (const part of String(e).split(/[\s,;]+/)) {
      const m = /^D(\d+):(\d+)$/.exec(part.trim());
      if (m) out.add(`D${m[1]}:${m[2]}`);
    }
  }
  return [...out];
}

export interface ScoredQuestion {
  sample: string;
  question: string;
  category: number;
  evidence: string[];
}

export function questionsOf(sample: LocomoSample): ScoredQuestion[] {
  return sample.qa
    .filter((q) => q.category >= 1 && q.category <= 4)
    .map((q) => ({
      sample: sample.sample_id,
      question: q.question,
      category: q.category,
      evidence: evidenceIds(q),
    }))
    .filter((q) => q.evidence.length > 0);
}

// --- scoring -------------------------------------------------------------------------------

export const KS = [5, 10, 20] as const;
/** At most this many provenance turns of one item count towards recall (issue 7). */
export const MAX_CREDITED_TURNS = 3;

/** Share of `evidence` covered by the first `k` ranked items (each a list of dia ids). */
export function recallAt(
  ranked: readonly (readonly string[])[],
  evidence: readonly string[],
  k: number,
): number {
  const covered = new Set<string>();
  for (const ids of ranked.slice(0, k))
    for (const id of ids.slice(0, MAX_CREDITED_TURNS)) covered.add(id);
  return evidence.filter((e) => covered.has(e)).length / evidence.length;
}

/** The dia ids a hit's provenance points at (turn ids are dia ids in this benchmark). */
export function hitTurns(h: SearchHit): string[] {
  return h.provenance.flatMap((p) => p.turnIds);
}

/** Thresholds the gating curve reports besides the extension's own. */
export const GATING_CURVE = [0.3, 0.35, 0.4, 0.45, 0.5] as const;

/**
 * The best relevance among `hits`: a prompt gets an injection at threshold t exactly when
 * this is ≥ t (the plan takes any item that clears it; one item always fits the budget).
 */
export function bestRelevance(
  hits: readonly SearchHit[],
  relevanceOf: (h: SearchHit) => number,
): number {
  return hits.reduce((best, h) => Math.max(best, relevanceOf(h)), 0);
}

function shareAtLeast(xs: readonly number[], t: number): number {
  return round((xs.filter((x) => x >= t).length / Math.max(1, xs.length)) * 100, 1);
}

// --- the run -------------------------------------------------------------------------------

export interface LocomoOptions {
  embedder: Embedder;
  /** A fresh extractor per memory (the rule-based one in the benchmark). */
  extractor: () => Extractor;
  /** Prompts no memory answers, for the gating figure. */
  genericPrompts?: readonly string[];
  /** Search raw turns too (the engine's `includeEpisodes`). Default true. */
  includeEpisodes?: boolean;
  /** Results fetched from each memory before merging. */
  searchLimit?: number;
  /** Database name prefix (each memory gets its own IndexedDB database). */
  dbPrefix?: string;
  log?: (line: string) => void;
  /** Keep per-question rankings in the result (for failure analysis). */
  keepDetails?: boolean;
  /**
   * Speaker-aware merge: hits said by (or about) a speaker the question names get their
   * score multiplied by 1 + this (0: plain merge by score). The analog of the extension
   * knowing that the user's own turns are about "I".
   */
  speakerBoost?: number;
  /**
   * Ask each memory in its user's own words: the speaker's name becomes "I"/"my" in the
   * search of that speaker's memory (a user asks "what pets do I have?", not in the third
   * person). The other memory gets the question as written.
   */
  firstPerson?: boolean;
  /** Ranking weights for the engine (defaults: the extension's). */
  weights?: Partial<RankWeights>;
  /**
   * Ingest and score extraction only: no questions, baselines or gating (minutes instead of
   * the whole benchmark; the recall, gating and search figures are then empty).
   */
  extractionOnly?: boolean;
}

type RecallRow = Record<string, number>;

export interface LocomoResult {
  dataset: { conversations: number; turns: number; questions: number };
  config: {
    includeEpisodes: boolean;
    searchLimit: number;
    plan: PlanOptions;
    extractor: string;
    embedder: string;
  };
  recall: RecallRow;
  recallAtBudget400: number;
  tokensTop10: number;
  byCategory: Record<string, RecallRow & { n: number; budget400: number }>;
  /**
   * The same per conversation (by sample id): a change that moves every conversation is more
   * likely to hold on conversations it was not tuned on than one that moves a single one.
   */
  byConversation: Record<string, RecallRow & { n: number; budget400: number }>;
  baselines: {
    bm25: { recall: RecallRow; recallAtBudget400: number };
    dense: { recall: RecallRow; recallAtBudget400: number };
  };
  extraction: {
    observations: number;
    sameTurnPct: number;
    matchedPct: number;
    match: string;
    memoriesPerUserTurn: number;
    candidatesPerUserTurn: number;
    activeMemories: number;
  };
  gating: {
    threshold: number;
    genericPrompts: number;
    genericInjectedPct: number;
    questionsInjectedPct: number;
    /** The same two shares at other thresholds: what a stricter or looser gate trades. */
    curve: { threshold: number; genericInjectedPct: number; questionsInjectedPct: number }[];
  };
  ingestMs: { p50: number; p95: number; n: number };
  searchMs: { p50: number; p95: number; n: number };
  questionMs: { p50: number; p95: number; n: number };
  details?: {
    question: string;
    category: number;
    evidence: string[];
    top: { text: string; turns: string[]; score: number }[];
  }[];
}

interface MemoryOf {
  speaker: string;
  engine: MemoryEngine;
  clock: { t: number; now(): number };
}

let dbSeq = 0;

async function newMemory(speaker: string, opts: LocomoOptions): Promise<MemoryOf> {
  const db = await openMnemoDb(`${opts.dbPrefix ?? 'locomo'}-${process.pid}-${++dbSeq}`);
  const clock = {
    t: 0,
    now() {
      return this.t;
    },
  };
  const engine = new MemoryEngine({
    store: new MemoryStore(db),
    embedder: opts.embedder,
    extractor: opts.extractor(),
    clock,
    redact: (t) => t,
    ...(opts.weights ? { weights: { ...DEFAULT_WEIGHTS, ...opts.weights } } : {}),
  });
  await engine.init();
  return { speaker, engine, clock };
}

/** Both memories' hits, merged by score; an episode found in both counts once. */
export function mergeHits(lists: readonly SearchHit[][]): SearchHit[] {
  const best = new Map<string, SearchHit>();
  for (const list of lists)
    for (const h of list) {
      const prev = best.get(h.id);
      if (!prev || prev.score < h.score) best.set(h.id, h);
    }
  return [...best.values()].sort((a, b) => b.score - a.score);
}

/** A speaker's name as a question may write it: the first name, or a short form ("Mel"). */
function nameRe(speaker: string): RegExp {
  const first = speaker.split(/\s+/)[0]!.replace(/[^\w]/g, '');
  const short = first.length > 4 ? `|${first.slice(0, 3)}` : '';
  return new RegExp(`\\b(?:${first}${short})\\b`, 'g');
}

/**
 * Which speaker a question is about, if one: the only one it names, or, when it names both,
 * the one in subject position ("What book did Caroline recommend to Melanie?" → Caroline;
 * "What does Melanie think about Caroline's decision?" → Melanie; "According to Gina, …" →
 * Gina). Undefined when it names neither, or both as one subject ("Jon and Gina both …").
 */
export function askedAbout(question: string, speakers: readonly string[]): number | undefined {
  const mentions: { who: number; at: number; subject: boolean }[] = [];
  speakers.forEach((sp, who) => {
    for (const m of question.matchAll(nameRe(sp))) {
      const at = m.index ?? 0;
      const before = question.slice(0, at);
      const after = question.slice(at + m[0].length);
      const possessive = /^['’]s?\b/.test(after);
      const object = /\b(?:to|with|for|about|from|by|of|at|on|towards?|than)\s+$/i.test(before);
      const according = /\baccording to\s+$/i.test(before);
      mentions.push({ who, at, subject: according || (!possessive && !object) });
    }
  });
  const named = new Set(mentions.map((m) => m.who));
  if (named.size === 0) return undefined;
  if (named.size === 1) return mentions[0]!.who;
  if (/\band\b|&/.test(question.slice(...spanOf(mentions)))) {
    // "Jon and Gina", "both Joanna and Nate": one subject made of both.
    const [x, y] = [...mentions].sort((p, q) => p.at - q.at);
    const between = question.slice(x!.at, y!.at);
    if (/^\S+\s+(?:and|&)\s+$/i.test(between)) return undefined;
  }
  const subject = mentions.filter((m) => m.subject).sort((p, q) => p.at - q.at)[0];
  return subject?.who;
}

function spanOf(ms: readonly { at: number }[]): [number, number] {
  const at = ms.map((m) => m.at);
  return [Math.min(...at), Math.max(...at) + 1];
}

/**
 * Each memory's hits, with those said by the speaker the question is about boosted: in
 * speaker X's memory, X's turns are the user's; in the other memory, the assistant's.
 */
export function speakerAware(
  lists: SearchHit[][],
  about: number | undefined,
  boost: number,
): SearchHit[][] {
  if (!boost || about === undefined) return lists;
  return lists.map((list, i) =>
    list.map((h) => {
      const own = i === about;
      const said =
        h.type === 'memory' ? own : h.provenance.some((p) => (p.role === 'user') === own);
      return said ? { ...h, score: h.score * (1 + boost) } : h;
    }),
  );
}

/** The question as the speaker would ask it of their own memory: their name → I / my. */
export function asSpeaker(question: string, speaker: string): string {
  const re = nameRe(speaker).source;
  return question
    .replace(new RegExp(`${re}(?:'s|’s)`, 'g'), 'my')
    .replace(new RegExp(re, 'g'), 'I');
}

const SITE = 'demo' as const;
const BUCKET = 'site:demo';

export async function runLocomo(
  samples: readonly LocomoSample[],
  opts: LocomoOptions,
): Promise<LocomoResult> {
  const log = opts.log ?? (() => undefined);
  const includeEpisodes = opts.includeEpisodes ?? true;
  const searchLimit = opts.searchLimit ?? 30;
  const count = (t: string) => opts.embedder.countTokens(t);
  const budgetPlan: PlanOptions = { ...DEFAULT_PLAN, threshold: 0 };
  const top10Plan: PlanOptions = {
    budget: Number.POSITIVE_INFINITY,
    threshold: 0,
    maxItems: 10,
    excerptTokens: DEFAULT_PLAN.excerptTokens,
  };

  const ingestMs: number[] = [];
  const searchMs: number[] = [];
  const questionMs: number[] = [];
  const recall: Record<number, number[]> = { 5: [], 10: [], 20: [] };
  const budget: number[] = [];
  const tokens: number[] = [];
  const cats: Record<string, { r: Record<number, number[]>; b: number[] }> = {};
  const convs: Record<string, { r: Record<number, number[]>; b: number[] }> = {};
  const base = {
    bm25: { r: { 5: [], 10: [], 20: [] } as Record<number, number[]>, b: [] as number[] },
    dense: { r: { 5: [], 10: [], 20: [] } as Record<number, number[]>, b: [] as number[] },
  };
  let observations = 0;
  let obsSameTurn = 0;
  let obsMatched = 0;
  let userTurns = 0;
  let candidates = 0;
  let stored = 0;
  let activeMemories = 0;
  let genericInjected = 0;
  /** Per generic prompt and per question: the best relevance among its hits (for the curve). */
  const genericBest: number[] = [];
  const questionBest: number[] = [];
  let genericTotal = 0;
  let questionsInjected = 0;
  let turnsTotal = 0;
  let questionsTotal = 0;
  const details: NonNullable<LocomoResult['details']> = [];

  for (const sample of samples) {
    const t0 = performance.now();
    const sessions = sessionsOf(sample);
    const speakers = [sample.conversation.speaker_a, sample.conversation.speaker_b];
    const mems = await Promise.all(speakers.map((s) => newMemory(s, opts)));
    /** Per memory, per dia id: the memory texts that turn produced (added, merged, updated). */
    const produced = mems.map(() => new Map<string, string[]>());
    const raw: RawDoc[] = [];

    for (const session of sessions) {
      const conversationId = `${sample.sample_id}-s${session.n}`;
      for (const t of session.turns) {
        const text = turnText(t);
        raw.push({ id: t.dia_id, text: `${t.speaker}: ${text}`, at: session.at });
        turnsTotal++;
        for (let i = 0; i < mems.length; i++) {
          const mem = mems[i]!;
          const isUser = t.speaker === mem.speaker;
          mem.clock.t = session.at;
          const turn: CapturedTurn = {
            site: SITE,
            conversationId,
            turnId: t.dia_id,
            role: isUser ? 'user' : 'assistant',
            text,
            url: `http://127.0.0.1/demo/c/${conversationId}`,
            observedAt: session.at,
          };
          const s = performance.now();
          const rep = await mem.engine.ingest(turn, BUCKET, { userName: mem.speaker });
          ingestMs.push(performance.now() - s);
          if (isUser) {
            userTurns++;
            candidates += rep.changes.length;
            stored += rep.changes.filter((c) => c.kind === 'ADD' || c.kind === 'SUPERSEDE').length;
          }
          if (rep.changes.length)
            produced[i]!.set(
              t.dia_id,
              rep.changes.map((c) => c.text),
            );
        }
      }
    }
    const last = sessions[sessions.length - 1]?.at ?? 0;
    for (const m of mems) {
      m.clock.t = last + 86_400_000;
      activeMemories += m.engine.stats().active;
    }
    log(
      `${sample.sample_id}: ingested ${raw.length} turns × ${mems.length} memories in ${round((performance.now() - t0) / 1000)} s`,
    );

    // Extraction quality against LoCoMo's observations.
    for (const [key, bySpeaker] of Object.entries(sample.observation ?? {})) {
      if (!/^session_\d+_observation$/.test(key)) continue;
      for (const [speaker, facts] of Object.entries(bySpeaker)) {
        const i = speakers.indexOf(speaker);
        if (i < 0 || !Array.isArray(facts)) continue;
        for (const [fact, dia] of facts) {
          const ids = evidenceIds({ category: 0, question: '', evidence: [dia] });
          if (!ids.length) continue;
          observations++;
          const texts = ids.flatMap((id) => produced[i]!.get(id) ?? []);
          if (!texts.length) continue;
          obsSameTurn++;
          if (texts.some((t) => factsMatch(fact, t, opts.embedder))) obsMatched++;
        }
      }
    }

    if (opts.extractionOnly) continue;

    // Baselines over the raw turns of this conversation.
    const bm25 = new Bm25Baseline(raw);
    const dense = await DenseBaseline.build(raw, opts.embedder);

    const questions = questionsOf(sample);
    questionsTotal += questions.length;
    for (const q of questions) {
      const qs = performance.now();
      const lists: SearchHit[][] = [];
      const about = askedAbout(q.question, speakers);
      for (const [i, m] of mems.entries()) {
        const s = performance.now();
        const asked =
          opts.firstPerson && about === i ? asSpeaker(q.question, m.speaker) : q.question;
        lists.push(
          await m.engine.search(asked, {
            buckets: [BUCKET],
            ...(includeEpisodes ? INJECTION_SEARCH : {}),
            limit: searchLimit,
          }),
        );
        searchMs.push(performance.now() - s);
      }
      const hits = mergeHits(speakerAware(lists, about, opts.speakerBoost ?? 0));
      questionMs.push(performance.now() - qs);
      const ranked = hits.map(hitTurns);
      const c = (cats[String(q.category)] ??= { r: { 5: [], 10: [], 20: [] }, b: [] });
      const cv = (convs[sample.sample_id] ??= { r: { 5: [], 10: [], 20: [] }, b: [] });
      for (const k of KS) {
        const r = recallAt(ranked, q.evidence, k);
        recall[k]!.push(r);
        c.r[k]!.push(r);
        cv.r[k]!.push(r);
      }
      const relevanceOf = (h: SearchHit) => mems[0]!.engine.relevance(h);
      const prompt = { text: q.question, similarity: mems[0]!.engine.similarityTo(q.question) };
      const plan = planInjection(hits, relevanceOf, count, budgetPlan, prompt);
      const planned = new Set(plan.items.map((i) => i.id));
      const b = recallAt(
        hits.filter((h) => planned.has(h.id)).map(hitTurns),
        q.evidence,
        Number.POSITIVE_INFINITY,
      );
      budget.push(b);
      c.b.push(b);
      cv.b.push(b);
      tokens.push(planInjection(hits, relevanceOf, count, top10Plan, prompt).tokens);
      if (planInjection(hits, relevanceOf, count, DEFAULT_PLAN).items.length) questionsInjected++;
      questionBest.push(bestRelevance(hits, relevanceOf));
      if (opts.keepDetails)
        details.push({
          question: q.question,
          category: q.category,
          evidence: q.evidence,
          top: hits
            .slice(0, 30)
            .map((h) => ({ text: h.text, turns: hitTurns(h), score: round(h.score, 3) })),
        });

      for (const [name, rankedIds] of [
        ['bm25', bm25.search(q.question, 20)],
        ['dense', dense.search(q.question, 20)],
      ] as const) {
        const ranks = rankedIds.map((id) => [id]);
        for (const k of KS) base[name].r[k]!.push(recallAt(ranks, q.evidence, k));
        base[name].b.push(
          recallAt(turnsWithinBudget(rankedIds, raw, count), q.evidence, Number.POSITIVE_INFINITY),
        );
      }
    }

    // Gating: prompts no memory answers, against this conversation's two memories.
    for (const p of opts.genericPrompts ?? []) {
      const lists: SearchHit[][] = [];
      for (const m of mems)
        lists.push(
          await m.engine.search(p, {
            buckets: [BUCKET],
            ...(includeEpisodes ? INJECTION_SEARCH : {}),
            limit: 20,
          }),
        );
      const merged = mergeHits(lists);
      const relevanceOf = (h: SearchHit) => mems[0]!.engine.relevance(h);
      const plan = planInjection(merged, relevanceOf, count, DEFAULT_PLAN);
      genericTotal++;
      if (plan.items.length) genericInjected++;
      genericBest.push(bestRelevance(merged, relevanceOf));
    }
    log(
      `${sample.sample_id}: ${questions.length} questions scored (${round((performance.now() - t0) / 1000)} s so far)`,
    );
  }

  const pct = (xs: number[]) => round(mean(xs) * 100, 1);
  const recallRow = (r: Record<number, number[]>) =>
    Object.fromEntries(KS.map((k) => [String(k), pct(r[k]!)]));
  return {
    dataset: { conversations: samples.length, turns: turnsTotal, questions: questionsTotal },
    config: {
      includeEpisodes,
      searchLimit,
      plan: budgetPlan,
      extractor: mems0Id(opts),
      embedder: opts.embedder.id,
    },
    recall: recallRow(recall),
    recallAtBudget400: pct(budget),
    tokensTop10: round(mean(tokens), 1),
    byCategory: Object.fromEntries(
      Object.entries(cats)
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([k, v]) => [k, { ...recallRow(v.r), budget400: pct(v.b), n: v.b.length }]),
    ),
    byConversation: Object.fromEntries(
      Object.entries(convs).map(([k, v]) => [
        k,
        { ...recallRow(v.r), budget400: pct(v.b), n: v.b.length },
      ]),
    ),
    baselines: {
      bm25: { recall: recallRow(base.bm25.r), recallAtBudget400: pct(base.bm25.b) },
      dense: { recall: recallRow(base.dense.r), recallAtBudget400: pct(base.dense.b) },
    },
    extraction: {
      observations,
      sameTurnPct: round((obsSameTurn / Math.max(1, observations)) * 100, 1),
      matchedPct: round((obsMatched / Math.max(1, observations)) * 100, 1),
      match: `a reference fact is matched when the same speaker's memory produced from the same dia_id (added, merged or updated by that turn) has potion cosine >= ${MATCH_COSINE} or covers >= ${MATCH_COVER * 100}% of the fact's content terms`,
      memoriesPerUserTurn: round(stored / Math.max(1, userTurns), 3),
      candidatesPerUserTurn: round(candidates / Math.max(1, userTurns), 3),
      activeMemories,
    },
    gating: {
      threshold: DEFAULT_PLAN.threshold,
      genericPrompts: opts.genericPrompts?.length ?? 0,
      genericInjectedPct: round((genericInjected / Math.max(1, genericTotal)) * 100, 1),
      questionsInjectedPct: round((questionsInjected / Math.max(1, questionsTotal)) * 100, 1),
      curve: GATING_CURVE.map((threshold) => ({
        threshold,
        genericInjectedPct: shareAtLeast(genericBest, threshold),
        questionsInjectedPct: shareAtLeast(questionBest, threshold),
      })),
    },
    ingestMs: p50p95(ingestMs),
    searchMs: p50p95(searchMs),
    questionMs: p50p95(questionMs),
    ...(opts.keepDetails ? { details } : {}),
  };
}

function mems0Id(opts: LocomoOptions): string {
  return opts.extractor().id;
}

/** Raw turns in rank order while the block stays within the plan's budget. */
function turnsWithinBudget(
  ids: readonly string[],
  raw: readonly RawDoc[],
  count: (t: string) => number,
): string[][] {
  const byId = new Map(raw.map((r) => [r.id, r]));
  const hits: SearchHit[] = ids.map((id) => ({
    type: 'episode',
    id,
    text: byId.get(id)?.text ?? '',
    score: 1,
    parts: { similarity: 0, keywords: 0, coverage: 0, recency: 0, pinned: 0, kind: 0 },
    provenance: [],
  }));
  const plan = planInjection(hits, () => 1, count, { ...DEFAULT_PLAN, threshold: 0 });
  return plan.items.map((i) => [i.id]);
}

export const MATCH_COSINE = 0.8;
export const MATCH_COVER = 0.5;

const FACT_STOP = new Set(
  'a an and are as at be but by for from had has have he her his i in is it its of on or she that the their them they this to was were will with who which user'.split(
    ' ',
  ),
);

function terms(s: string): Set<string> {
  return new Set(
    s
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 1 && !FACT_STOP.has(w))
      .map((w) => w.replace(/(?:ing|ed|es|s)$/, '')),
  );
}

/** Reference fact vs extracted memory: dense cosine or term coverage of the reference. */
export function factsMatch(
  reference: string,
  extracted: string,
  embedder: Embedder & { embedOne?: (t: string) => Float32Array },
): boolean {
  const ref = terms(reference);
  const got = terms(extracted);
  let inter = 0;
  for (const t of ref) if (got.has(t)) inter++;
  if (ref.size && inter / ref.size >= MATCH_COVER) return true;
  if (!embedder.embedOne) return false;
  return cos(embedder.embedOne(reference), embedder.embedOne(extracted)) >= MATCH_COSINE;
}
