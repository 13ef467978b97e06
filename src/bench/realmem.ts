/**
 * RealMem personas (../shared/data/realmem/, README beside them) through the extension's
 * background: each session one conversation on chatgpt.com, its turns captured a minute
 * apart from 10:00 UTC of the session's date; each query asked (the content script's
 * injection request, from the session's own conversation) before the query turn and the rest
 * of its session are captured. A gold memory point is recalled when an injected item's
 * provenance covers the turn it was drawn from.
 *
 * @example
 * const run = await runRealMem(persona, 'Kim_Ji_young', { embedder, log: console.error });
 * console.log(run.summary.recallPct);
 */
import { EPISODE_ID_PREFIX, type Embedder } from '../memory/types';
import { INJECTION_SEARCH } from '../inject/plan';
import { statesSomething } from '../memory/head';
import type { InjectionPlan } from '../messaging/protocol';
import { episodeKey } from '../store/db';
import {
  contentScriptAt,
  createBenchBackground,
  EXTENSION_PAGE,
  type BenchBackground,
} from './memory-background';
import { MINUTE, resultItemOf, stepStart, type ResultItem } from './memory-scenarios';
import { round } from './stats';

// --- the data ----------------------------------------------------------------------------

export interface RealMemPoint {
  session_uuid: string;
  content: string;
}

export interface RealMemTurn {
  speaker: 'User' | 'Assistant';
  content: string;
  is_query?: boolean;
  query_id?: string;
  category_name?: string;
  memory_used?: RealMemPoint[];
}

export interface RealMemMemory {
  index?: string;
  type?: string;
  content: string;
  source_turn: number;
  session_uuid: string;
}

export interface RealMemSession {
  session_identifier: string;
  session_uuid: string;
  /** "2025-12-23 (Tuesday)" */
  current_time: string;
  extracted_memory?: RealMemMemory[];
  dialogue_turns: RealMemTurn[];
}

export interface RealMemFile {
  _metadata?: { person_name?: string };
  dialogues: RealMemSession[];
}

export function isRealMemFile(x: unknown): x is RealMemFile {
  const d = (x as { dialogues?: unknown } | null)?.dialogues;
  return (
    Array.isArray(d) &&
    d.every(
      (s: unknown) =>
        typeof (s as RealMemSession).session_uuid === 'string' &&
        Array.isArray((s as RealMemSession).dialogue_turns),
    )
  );
}

export const REALMEM_SITE = 'chatgpt';
/** The chat's address on the site the personas are replayed on. */
const chatUrl = (conversationId: string) =>
  `https://chatgpt.com/c/${encodeURIComponent(conversationId)}`;
export const realMemUrl = (session: RealMemSession) => chatUrl(session.session_uuid);
/** The capture's turn id of a session's i-th turn (from 0). */
export const realMemTurnId = (i: number) => `t${i + 1}`;

/** Where a gold point came from, resolved through its session's `extracted_memory`. */
export interface GoldSource {
  /** The episode key of the source turn, as the engine names it. */
  key: string;
  role: 'user' | 'assistant';
  text: string;
}

/**
 * Every gold point's source turn: the entry of its session's `extracted_memory` with the
 * same content; the turn is `dialogue_turns[max(source_turn - 1, 0)]` and its role the turn's
 * own (the README: `source_role_snapshot` is wrong where `source_turn` is 0).
 */
export function goldSources(file: RealMemFile): Map<string, GoldSource> {
  const sessions = new Map(file.dialogues.map((s) => [s.session_uuid, s]));
  const out = new Map<string, GoldSource>();
  for (const s of file.dialogues)
    for (const m of s.extracted_memory ?? []) {
      const home = sessions.get(m.session_uuid) ?? s;
      const i = Math.max(m.source_turn - 1, 0);
      const turn = home.dialogue_turns[i];
      if (!turn) continue;
      out.set(pointKey(m), {
        key: episodeKey(REALMEM_SITE, home.session_uuid, realMemTurnId(i)),
        role: turn.speaker === 'User' ? 'user' : 'assistant',
        text: turn.content,
      });
    }
  return out;
}

export const pointKey = (p: { session_uuid: string; content: string }) =>
  `${p.session_uuid}\u0000${p.content}`;

/**
 * A session's first turn time: 10:00 UTC of its date, or a minute after the previous
 * session's last turn if that is later, as the scenario steps (`stepStart`): the clock never
 * goes back. Sessions dated out of sequence (Liam_O_Connor has 53 December sessions among
 * later ones) are therefore replayed after the one before them, as a browser's clock would
 * see them; the separate runner behind the 6.8 % did the same (docs/benchmarks.md).
 */
export function sessionStart(current_time: string, last: number | undefined): number {
  return stepStart(current_time.slice(0, 10), last);
}

// --- scoring -----------------------------------------------------------------------------

/** The episode keys an injected item's provenance covers. */
export async function coveredKeys(bg: BenchBackground, plan: InjectionPlan): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const item of plan.items) {
    if (item.type === 'episode') {
      keys.add(item.id.slice(EPISODE_ID_PREFIX.length));
      continue;
    }
    const m = await bg.request('get', { id: item.id }, EXTENSION_PAGE);
    for (const p of m?.provenance ?? [])
      for (const t of p.turnIds) keys.add(episodeKey(p.site, p.conversationId, t));
  }
  return keys;
}

export interface Tally {
  queries: number;
  /** Queries with at least one resolved gold point. */
  scored: number;
  points: number;
  recalled: number;
  recalled400: number;
  /** Recalled by the search's 20 candidates, before the relevance gate and the budget. */
  recalledTop20: number;
  /** Source turns the injection search may return at all (a user turn that states something). */
  reachable: number;
  assistantPoints: number;
  /** Sum over scored queries of each query's recall (for the per-query mean). */
  queryRecallSum: number;
  injected: number;
  tokens: number;
  items: number;
}

export const tally = (): Tally => ({
  queries: 0,
  scored: 0,
  points: 0,
  recalled: 0,
  recalled400: 0,
  recalledTop20: 0,
  reachable: 0,
  assistantPoints: 0,
  queryRecallSum: 0,
  injected: 0,
  tokens: 0,
  items: 0,
});

/** Adds `b`'s counts into `a` (several personas into one figure). */
export function addTally(a: Tally, b: Tally): Tally {
  for (const k of Object.keys(a) as (keyof Tally)[]) a[k] += b[k];
  return a;
}

export interface RealMemRow {
  queries: number;
  goldPoints: number;
  /** Gold points whose source turn an injected item's provenance covers (default budget). */
  recallPct: number;
  /** The same at a 400-token budget (the target). */
  recall400Pct: number;
  /** Mean over queries of each query's recall (default budget). */
  queryRecallPct: number;
  /** Gold points covered by the search's 20 candidates, gate and budget aside. */
  top20Pct: number;
  /** Gold points whose source turn the injection search could return at all. */
  reachablePct: number;
  assistantSourcePct: number;
  injectedPct: number;
  /** Per injected query. */
  meanItems: number;
  meanTokens: number;
}

export function row(t: Tally): RealMemRow {
  const pct = (n: number, of: number) => (of ? round((n / of) * 100, 1) : 0);
  return {
    queries: t.queries,
    goldPoints: t.points,
    recallPct: pct(t.recalled, t.points),
    recall400Pct: pct(t.recalled400, t.points),
    queryRecallPct: t.scored ? round((t.queryRecallSum / t.scored) * 100, 1) : 0,
    top20Pct: pct(t.recalledTop20, t.points),
    reachablePct: pct(t.reachable, t.points),
    assistantSourcePct: pct(t.assistantPoints, t.points),
    injectedPct: pct(t.injected, t.queries),
    meanItems: t.injected ? round(t.items / t.injected, 1) : 0,
    meanTokens: t.injected ? round(t.tokens / t.injected, 1) : 0,
  };
}

export interface RealMemQueryResult {
  persona: string;
  queryId: string;
  category: string;
  session: string;
  prompt: string;
  gold: { content: string; role: 'user' | 'assistant' | 'unresolved'; recalled: boolean }[];
  items: ResultItem[];
  /** The turns the injected items' provenance covers (episode keys): what was scored. */
  covered: string[];
  tokens: number;
}

export interface RealMemRun {
  persona: string;
  sessions: number;
  turns: number;
  summary: RealMemRow;
  byCategory: Record<string, RealMemRow>;
  /** The counts behind the rows, to pool personas. */
  tallies: { all: Tally; byCategory: Record<string, Tally> };
  /** Gold points whose source could not be found in the file. */
  unresolved: number;
  queries: RealMemQueryResult[];
  /** Prompts no memory answers, asked in a new chat after the whole history. */
  generic: { prompts: number; injected: number };
  ms: number;
  ingestMs: number;
  askMs: number;
}

export interface RealMemOptions {
  embedder: Embedder;
  /** Replay only the first N sessions. */
  limitSessions?: number;
  log?: (line: string) => void;
  /** How often (sessions) a progress line is written. */
  progressEvery?: number;
  /**
   * Prompts no memory answers (scripts/bench-data/generic-prompts.txt): each asked in a new
   * chat once the history is in, counting those that got anything injected.
   */
  genericPrompts?: readonly string[];
}

let dbSeq = 0;

export async function runRealMem(
  file: RealMemFile,
  persona: string,
  opts: RealMemOptions,
): Promise<RealMemRun> {
  const started = performance.now();
  const sessions = file.dialogues.slice(0, opts.limitSessions ?? file.dialogues.length);
  const sources = goldSources(file);
  const clock = { t: 0, now: () => clock.t };
  const bg = await createBenchBackground({
    embedder: opts.embedder,
    clock,
    dbName: `bench-realmem-${process.pid}-${++dbSeq}`,
  });
  const all = tally();
  const cats = new Map<string, Tally>();
  const queries: RealMemQueryResult[] = [];
  let unresolved = 0;
  let turns = 0;
  const generic = { prompts: opts.genericPrompts?.length ?? 0, injected: 0 };
  let ingestMs = 0;
  let askMs = 0;
  let last: number | undefined;
  let tab = 0;
  const defaultBudget = (await bg.request('getSettings', {}, EXTENSION_PAGE)).injectBudget;
  try {
    for (const [si, s] of sessions.entries()) {
      const url = realMemUrl(s);
      const sender = contentScriptAt(url, ++tab);
      const start = sessionStart(s.current_time, last);
      for (const [i, t] of s.dialogue_turns.entries()) {
        clock.t = start + i * MINUTE;
        last = clock.t;
        const role = t.speaker === 'User' ? 'user' : 'assistant';
        if (t.is_query && role === 'user') {
          const gold = s.dialogue_turns
            .slice(i + 1)
            .find((x) => x.speaker === 'Assistant')?.memory_used;
          const a0 = performance.now();
          const q = await askQuery(bg, sender, url, s.session_uuid, t.content, defaultBudget);
          askMs += performance.now() - a0;
          const cat = t.category_name ?? 'uncategorised';
          const c = cats.get(cat) ?? tally();
          cats.set(cat, c);
          const res: RealMemQueryResult = {
            persona,
            queryId: t.query_id ?? `${s.session_uuid}#${i + 1}`,
            category: cat,
            session: s.session_identifier,
            prompt: t.content,
            gold: [],
            items: q.plan.items.map(resultItemOf),
            covered: [...q.covered],
            tokens: q.plan.tokens,
          };
          let hit = 0;
          let resolved = 0;
          for (const g of gold ?? []) {
            const src = sources.get(pointKey(g));
            if (!src) {
              unresolved++;
              res.gold.push({ content: g.content, role: 'unresolved', recalled: false });
              continue;
            }
            resolved++;
            const recalled = q.covered.has(src.key);
            if (recalled) hit++;
            res.gold.push({ content: g.content, role: src.role, recalled });
            for (const x of [all, c]) {
              x.points++;
              if (recalled) x.recalled++;
              if (q.covered400.has(src.key)) x.recalled400++;
              if (q.top20.has(src.key)) x.recalledTop20++;
              if (src.role === 'user' && statesSomething(src.text)) x.reachable++;
              if (src.role === 'assistant') x.assistantPoints++;
            }
          }
          for (const x of [all, c]) {
            x.queries++;
            if (resolved) {
              x.scored++;
              x.queryRecallSum += hit / resolved;
            }
            if (q.plan.items.length) {
              x.injected++;
              x.tokens += q.plan.tokens;
              x.items += q.plan.items.length;
            }
          }
          queries.push(res);
        }
        const i0 = performance.now();
        await bg.request(
          'capture',
          {
            turns: [
              {
                turnId: realMemTurnId(i),
                role,
                text: t.content,
                conversationId: s.session_uuid,
                url,
              },
            ],
          },
          sender,
        );
        await bg.request('drain', {}, EXTENSION_PAGE);
        ingestMs += performance.now() - i0;
        turns++;
      }
      if ((si + 1) % (opts.progressEvery ?? 20) === 0 || si === sessions.length - 1) {
        const r = row(all);
        opts.log?.(
          `${persona}: session ${si + 1}/${sessions.length}, ${turns} turns, ${r.queries} queries, recall ${r.recallPct} %, ${round((performance.now() - started) / 1000)} s`,
        );
      }
    }
    for (const [i, prompt] of (opts.genericPrompts ?? []).entries()) {
      const conversationId = `mnemo-generic-${i + 1}`;
      const url = chatUrl(conversationId);
      const plan = await bg.request(
        'prepareInjection',
        { prompt, url, conversationId },
        contentScriptAt(url, ++tab),
      );
      if (plan.items.length) generic.injected++;
    }
  } finally {
    await bg.close();
  }
  return {
    persona,
    generic,
    sessions: sessions.length,
    turns,
    summary: row(all),
    byCategory: Object.fromEntries(
      [...cats].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, row(v)]),
    ),
    tallies: { all, byCategory: Object.fromEntries(cats) },
    unresolved,
    queries,
    ms: Math.round(performance.now() - started),
    ingestMs: Math.round(ingestMs),
    askMs: Math.round(askMs),
  };
}

/**
 * The content script's injection request, its items' provenance, and, as diagnostics, the
 * same at a 400-token budget (when the default differs) and the search's 20 candidates.
 */
async function askQuery(
  bg: BenchBackground,
  sender: ReturnType<typeof contentScriptAt>,
  url: string,
  conversationId: string,
  prompt: string,
  defaultBudget: number,
): Promise<{
  plan: InjectionPlan;
  covered: Set<string>;
  covered400: Set<string>;
  top20: Set<string>;
}> {
  const plan = await bg.request('prepareInjection', { prompt, url, conversationId }, sender);
  const covered = await coveredKeys(bg, plan);
  let covered400 = covered;
  if (defaultBudget !== 400) {
    const s = await bg.request('getSettings', {}, EXTENSION_PAGE);
    await bg.request('setSettings', { settings: { ...s, injectBudget: 400 } }, EXTENSION_PAGE);
    covered400 = await coveredKeys(
      bg,
      await bg.request('prepareInjection', { prompt, url, conversationId }, sender),
    );
    await bg.request('setSettings', { settings: s }, EXTENSION_PAGE);
  }
  // The candidates prepareInjection plans from: the same search, through the popup's search
  // request (the engine's filters pass the validator as extra fields).
  const s = await bg.request('getSettings', {}, EXTENSION_PAGE);
  const hits = await bg.request(
    'search',
    {
      query: prompt.slice(0, 2000),
      buckets: s.sites[REALMEM_SITE]?.readBuckets ?? [`site:${REALMEM_SITE}`],
      limit: 20,
      ...INJECTION_SEARCH,
    } as { query: string },
    EXTENSION_PAGE,
  );
  const top20 = new Set<string>();
  for (const h of hits)
    for (const p of h.provenance)
      for (const t of p.turnIds) top20.add(episodeKey(p.site, p.conversationId, t));
  return { plan, covered, covered400, top20 };
}
