/**
 * Extraction benchmarks (issue 18): the rule extractor alone, no engine, against two
 * references.
 *
 * - RealMem `extracted_memory` points: the share of gold points whose source turn yields a
 *   candidate that matches the point (`pointMatches`: shared stemmed content words).
 * - The scenario file (`mnemo-memory-scenarios/1`): each scenario's user turns are extracted
 *   in order and the candidates' operations applied to a list of facts the way the engine is
 *   meant to (`applyOps`: a `set`/`correct` replaces the slot's value, an `end`/`forget`
 *   retires what its slot or target names); then each probe of the extraction tags is checked
 *   against the facts left current, exactly as the scenario README reads include/exclude.
 *   What it measures is whether the extractor gives the engine what it needs (the right
 *   slot, operation and target), not retrieval.
 *
 * Node only; nothing here ships.
 */
import type { ScenarioFile } from './memory-scenarios';
import { stemmer } from 'stemmer';
import type { CandidateOp, Candidate, CapturedTurn, Role } from '../memory/types';
import { mean, p50p95, round } from './stats';

/** Synchronous extraction of one turn (the rule extractor's `extractSync`). */
export type ExtractFn = (turn: CapturedTurn, context: CapturedTurn[]) => Candidate[];

// --- matching ----------------------------------------------------------------------------

const STOP = new Set(
  'a an and are as at be been but by can could did do does for from had has have he her his i if in into is it its just me my not of on or our she so than that the their them then there these they this those to up us was we were what when which who will with would you your user also about after all any been being both each more most other over same some such very'.split(
    ' ',
  ),
);

/** Stemmed content words (Porter, as the lexical index stems). */
export function contentStems(s: string): Set<string> {
  const out = new Set<string>();
  for (const w of s.toLowerCase().split(/[^\p{L}\p{N}]+/u))
    if (w.length > 1 && !STOP.has(w)) out.add(stemmer(w));
  return out;
}

/** The gold matching threshold: shared stems over the smaller of the two sets. */
export const MATCH_OVERLAP = 0.5;
/** And at least this many stems shared (one shared word is chance). */
export const MATCH_MIN_SHARED = 2;

/**
 * A gold point is matched by a candidate when they share at least MATCH_MIN_SHARED stemmed
 * content words and the shared words are at least MATCH_OVERLAP of the smaller set (the
 * overlap coefficient): a short candidate that states part of a long point counts, a
 * candidate that shares one or two words of a long point does not.
 */
export function pointMatches(gold: string, candidate: string): boolean {
  const g = contentStems(gold);
  const c = contentStems(candidate);
  let shared = 0;
  for (const t of c) if (g.has(t)) shared++;
  return (
    shared >= MATCH_MIN_SHARED && shared / Math.max(1, Math.min(g.size, c.size)) >= MATCH_OVERLAP
  );
}

/** Stricter: the candidate covers at least half the gold point's stems (bench:locomo's rule). */
export function pointCovered(gold: string, candidate: string): boolean {
  const g = contentStems(gold);
  const c = contentStems(candidate);
  let shared = 0;
  for (const t of g) if (c.has(t)) shared++;
  return g.size > 0 && shared / g.size >= 0.5;
}

// --- RealMem -------------------------------------------------------------------------------

export interface RealmemPoint {
  index?: number;
  type: string;
  content: string;
  source_turn: number;
}

export interface RealmemTurn {
  speaker: string;
  content: string;
}

export interface RealmemSession {
  session_identifier: string;
  session_uuid: string;
  current_time: string;
  extracted_memory: RealmemPoint[];
  dialogue_turns: RealmemTurn[];
}

export interface RealmemFile {
  _metadata?: { person_name?: string };
  dialogues: RealmemSession[];
}

interface Tally {
  n: number;
  yielded: number;
  matched: number;
  covered: number;
}

const tally = (): Tally => ({ n: 0, yielded: 0, matched: 0, covered: 0 });

export interface RealmemRow {
  points: number;
  /** Share of points whose source turn yields any candidate. */
  yieldedPct: number;
  /** Share matched by a candidate of the source turn (`pointMatches`). */
  matchedPct: number;
  /** Share covered at least half by one candidate (`pointCovered`). */
  coveredPct: number;
}

export interface RealmemResult {
  personas: string[];
  sessions: number;
  userTurns: number;
  candidatesPerUserTurn: number;
  /** Points from user turns (what the extractor reads). */
  user: RealmemRow;
  /** Points from assistant turns, not read by the extractor by default (for reference). */
  assistantPoints: number;
  /** User-turn points by RealMem's type (Static, Dynamic, Schedule). */
  byType: Record<string, RealmemRow>;
  /** User-turn points by the 【label】 their text opens with (the most frequent). */
  byLabel: Record<string, RealmemRow>;
  byPersona: Record<string, RealmemRow>;
  match: string;
  extractMs: { p50: number; p95: number; n: number };
}

/** "2025-12-23 (Tuesday)" → 09:00 UTC that day. */
function sessionTime(s: string): number {
  const m = /(\d{4})-(\d{2})-(\d{2})/.exec(s);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 9) : 0;
}

function row(t: Tally): RealmemRow {
  const pct = (x: number) => round((x / Math.max(1, t.n)) * 100, 1);
  return {
    points: t.n,
    yieldedPct: pct(t.yielded),
    matchedPct: pct(t.matched),
    coveredPct: pct(t.covered),
  };
}

export function runRealmem(files: readonly RealmemFile[], extract: ExtractFn): RealmemResult {
  const all = tally();
  const byType: Record<string, Tally> = {};
  const byLabel: Record<string, Tally> = {};
  const byPersona: Record<string, Tally> = {};
  const ms: number[] = [];
  let sessions = 0;
  let userTurns = 0;
  let candidates = 0;
  let assistantPoints = 0;
  const personas: string[] = [];
  for (const file of files) {
    const person = file._metadata?.person_name ?? `persona ${personas.length + 1}`;
    personas.push(person);
    const pt = (byPersona[person] = tally());
    for (const s of file.dialogues) {
      sessions++;
      const at = sessionTime(s.current_time);
      const turns: CapturedTurn[] = s.dialogue_turns.map((t, i) => ({
        site: 'demo',
        conversationId: s.session_uuid,
        turnId: String(i),
        role: (t.speaker === 'User' ? 'user' : 'assistant') as Role,
        text: t.content,
        url: '',
        observedAt: at + i * 60_000,
      }));
      const produced = new Map<number, Candidate[]>();
      turns.forEach((turn, i) => {
        if (turn.role !== 'user') return;
        userTurns++;
        const t0 = performance.now();
        const cands = extract(turn, turns.slice(Math.max(0, i - 4), i));
        ms.push(performance.now() - t0);
        candidates += cands.length;
        produced.set(i, cands);
      });
      for (const p of s.extracted_memory) {
        const i = Math.max(p.source_turn - 1, 0);
        const turn = turns[i];
        if (!turn) continue;
        if (turn.role !== 'user') {
          assistantPoints++;
          continue;
        }
        const cands = produced.get(i) ?? [];
        const label = /^【([^】]+)】/.exec(p.content)?.[1] ?? '(none)';
        const gold = p.content.replace(/^【[^】]*】\s*/, '');
        const yielded = cands.length > 0;
        const matched = cands.some((c) => pointMatches(gold, c.text));
        const covered = cands.some((c) => pointCovered(gold, c.text));
        for (const t of [all, pt, (byType[p.type] ??= tally()), (byLabel[label] ??= tally())]) {
          t.n++;
          if (yielded) t.yielded++;
          if (matched) t.matched++;
          if (covered) t.covered++;
        }
      }
    }
  }
  const labels = Object.entries(byLabel)
    .sort((a, b) => b[1].n - a[1].n)
    .slice(0, 8);
  return {
    personas,
    sessions,
    userTurns,
    candidatesPerUserTurn: round(candidates / Math.max(1, userTurns), 3),
    user: row(all),
    assistantPoints,
    byType: Object.fromEntries(Object.entries(byType).map(([k, v]) => [k, row(v)])),
    byLabel: Object.fromEntries(labels.map(([k, v]) => [k, row(v)])),
    byPersona: Object.fromEntries(Object.entries(byPersona).map(([k, v]) => [k, row(v)])),
    match: `a gold point from a user turn is matched when a candidate extracted from that turn shares >= ${MATCH_MIN_SHARED} Porter-stemmed content words with it and the shared words are >= ${MATCH_OVERLAP * 100}% of the smaller word set; "covered": >= 50% of the point's own words (its 【label】 left out)`,
    extractMs: p50p95(ms),
  };
}

// --- scenarios (the file format is bench:memory's: ./memory-scenarios.ts) ---------------------

export type { ScenarioFile };

/** The tags whose probes depend on extraction (the others are retrieval, forget, buckets). */
export const EXTRACTION_TAGS = [
  'supersession',
  'ended',
  'correction',
  'chat-forget',
  'hypothetical',
  'others',
  'recency',
] as const;

/** A fact as the ideal engine keeps it: its text, slot and whether it is still current. */
export interface SimFact {
  text: string;
  slot?: string;
  op: CandidateOp;
  value?: string;
  target?: string;
  current: boolean;
  turn: string;
}

/** Content stems of a target, for matching it against facts. */
function targetHits(target: string, text: string): boolean {
  const t = contentStems(target);
  if (t.size === 0) return false;
  const x = contentStems(text);
  for (const s of t) if (x.has(s)) return true;
  return false;
}

/**
 * Apply one candidate to the fact list as the engine is meant to: `set`/`correct` retire the
 * slot's current facts (the same slot, owner included); `end` retires its slot's facts, or
 * those its target names; `forget` retires what its target names and is not kept itself.
 */
export function applyOps(facts: SimFact[], c: Candidate, turn: string): void {
  const op: CandidateOp = c.op ?? (c.slot ? 'set' : 'add');
  const retire = (pred: (f: SimFact) => boolean) => {
    for (const f of facts) if (f.current && pred(f)) f.current = false;
  };
  if ((op === 'set' || op === 'correct') && c.slot) retire((f) => f.slot === c.slot);
  if (op === 'end') {
    if (c.slot) retire((f) => f.slot === c.slot);
    if (c.target) retire((f) => targetHits(c.target!, f.text));
  }
  if (op === 'forget') {
    if (c.slot) retire((f) => f.slot === c.slot);
    if (c.target) retire((f) => targetHits(c.target!, f.text) || targetHits(c.target!, f.turn));
    return;
  }
  facts.push({
    text: c.text,
    op,
    current: true,
    turn,
    ...(c.slot ? { slot: c.slot } : {}),
    ...(c.value ? { value: c.value } : {}),
    ...(c.target ? { target: c.target } : {}),
  });
}

/** A relative's fact: its slot has an owner ("sister.home"), or its text opens "User's sister". */
function ownedByOther(f: SimFact): boolean {
  return (
    !!f.slot?.includes('.') ||
    /^\S+'s (?:\w+[- ])?(?:wife|husband|partner|boyfriend|girlfriend|fianc\S*|spouse|daughter|son|kids?|children|child|baby|mom|mum|mother|dad|father|parents|sister|brother|siblings?|grand\w+|friend|roommate|flatmate|boss|manager|colleague|co-?worker|aunt|uncle|cousin|niece|nephew|neighbou?r)\b/i.test(
      f.text,
    )
  );
}

export interface ProbeResult {
  scenario: string;
  ask: string;
  tags: string[];
  pass: boolean;
  reasons: string[];
  facts: { text: string; slot?: string; op: CandidateOp; current: boolean }[];
}

export interface ScenarioResult {
  scenarios: number;
  probes: number;
  passedPct: number;
  byTag: Record<string, { probes: number; passedPct: number }>;
  results: ProbeResult[];
  rule: string;
}

const AT_10 = 10 * 3_600_000;

export function runScenarios(file: ScenarioFile, extract: ExtractFn): ScenarioResult {
  const results: ProbeResult[] = [];
  const wanted = new Set<string>(EXTRACTION_TAGS);
  let scenarios = 0;
  for (const sc of file.scenarios) {
    if (!sc.tags.some((t) => wanted.has(t))) continue;
    scenarios++;
    const facts: SimFact[] = [];
    const convs = new Map<string, CapturedTurn[]>();
    let n = 0;
    for (const step of sc.steps) {
      const day = step.at ? Date.parse(`${step.at}T00:00:00Z`) + AT_10 : 0;
      if ('turns' in step) {
        const key = `${step.site}|${step.conversation ?? 'a'}`;
        const conv = convs.get(key) ?? [];
        convs.set(key, conv);
        step.turns.forEach(([role, text], i) => {
          const turn: CapturedTurn = {
            site: 'chatgpt',
            conversationId: key,
            turnId: String(++n),
            role,
            text,
            url: '',
            observedAt: day + i * 60_000,
          };
          if (role === 'user')
            for (const c of extract(turn, conv.slice(-4))) applyOps(facts, c, text);
          conv.push(turn);
        });
      }
      if ('ask' in step) {
        const tags = step.tags ?? sc.tags;
        if (!tags.some((t) => wanted.has(t))) continue;
        const current = facts.filter((f) => f.current);
        // "others" probes ask whether a relative's fact became the user's: a fact kept under
        // its owner ("User's sister lives in Rome", slot sister.home) is not the user's.
        const mine = tags.includes('others') ? current.filter((f) => !ownedByOther(f)) : current;
        const reasons: string[] = [];
        const has = (s: string) =>
          current.some((f) => f.text.toLowerCase().includes(s.toLowerCase()));
        for (const group of step.expect.include ?? [])
          if (!group.some(has)) reasons.push(`missing: ${group.join(' | ')}`);
        for (const s of step.expect.exclude ?? [])
          if (mine.some((f) => f.text.toLowerCase().includes(s.toLowerCase())))
            reasons.push(`stale: ${s}`);
        // Extraction-level reading of `none`: no current fact about the user themself
        // ("User is …"; a relative's fact, "User's sister …", may stay).
        if (step.expect.none) {
          const own = current.filter((f) => !ownedByOther(f));
          if (own.length) reasons.push(`user facts: ${own.map((f) => f.text).join(' / ')}`);
        }
        results.push({
          scenario: sc.id,
          ask: step.ask,
          tags,
          pass: reasons.length === 0,
          reasons,
          facts: facts.map((f) => ({
            text: f.text,
            op: f.op,
            current: f.current,
            ...(f.slot ? { slot: f.slot } : {}),
          })),
        });
      }
    }
  }
  const byTag: Record<string, { probes: number; passedPct: number }> = {};
  for (const tag of EXTRACTION_TAGS) {
    const rs = results.filter((r) => r.tags.includes(tag));
    if (rs.length)
      byTag[tag] = {
        probes: rs.length,
        passedPct: round(mean(rs.map((r) => (r.pass ? 1 : 0))) * 100, 1),
      };
  }
  return {
    scenarios,
    probes: results.length,
    passedPct: round(mean(results.map((r) => (r.pass ? 1 : 0))) * 100, 1),
    byTag,
    results,
    rule: "each scenario's user turns are extracted in order (the conversation's earlier turns as context) and the candidates applied as the engine should (set/correct replace the slot's value, end/forget retire what their slot or target names); a probe passes when every include group is in a current fact's text, no exclude string is, and for `none` no current fact is about the user themself",
  };
}
