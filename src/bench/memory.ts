/**
 * `bench:memory`: Mnemo's memory semantics through the extension's real background path, on
 * two kinds of file told apart by their shape: memory scenarios (`mnemo-memory-scenarios/1`,
 * scored as ../shared/data/memory-scenarios/README.md defines) and RealMem personas (gold
 * memory points recalled by the injected items' provenance). Node only: the caller imports
 * `fake-indexeddb/auto` and supplies the embedder.
 *
 * @example
 * const result = await runMemoryBench([{ path, data }], { embedder });
 * console.log(memoryReport(result, { verbose: false }));
 */
import type { Embedder } from '../memory/types';
import { isScenarioFile, runScenarios, type ScenarioRun } from './memory-scenarios';
import {
  addTally,
  isRealMemFile,
  row,
  runRealMem,
  tally,
  type RealMemRow,
  type RealMemRun,
  type Tally,
} from './realmem';
import { mdTable, round } from './stats';

export interface BenchFile {
  path: string;
  data: unknown;
}

export interface MemoryBenchOptions {
  embedder: Embedder;
  /** RealMem: replay only the first N sessions of each persona. */
  limitSessions?: number;
  /** RealMem: only personas whose name or file name contains this (case-insensitive). */
  persona?: string;
  /** RealMem: prompts no memory answers, asked after each history (the gating figure). */
  genericPrompts?: readonly string[];
  log?: (line: string) => void;
}

export interface RealMemResult {
  personas: Omit<RealMemRun, 'tallies'>[];
  /** Every persona's gold points pooled. */
  overall: RealMemRow;
  byCategory: Record<string, RealMemRow>;
}

export interface MemoryBenchResult {
  scenarios: (ScenarioRun & { file: string })[];
  realmem?: RealMemResult;
}

export class UnknownBenchFileError extends Error {
  constructor(path: string) {
    super(
      `${path} is neither a memory-scenario file ("format": "mnemo-memory-scenarios/1") nor a RealMem persona (a "dialogues" list of sessions). Pass one of those with --data.`,
    );
    this.name = 'UnknownBenchFileError';
  }
}

/** The persona's name: the file's metadata, else the file name without `_dialogues…`. */
export function personaName(path: string, data: { _metadata?: { person_name?: string } }): string {
  const fromFile = (path.split(/[\\/]/).pop() ?? path).replace(/_dialogues.*$|\.json$/g, '');
  return data._metadata?.person_name?.trim() || fromFile;
}

export async function runMemoryBench(
  files: readonly BenchFile[],
  opts: MemoryBenchOptions,
): Promise<MemoryBenchResult> {
  const scenarios: MemoryBenchResult['scenarios'] = [];
  const runs: RealMemRun[] = [];
  for (const f of files) {
    if (isScenarioFile(f.data)) {
      opts.log?.(`${f.path}: ${f.data.scenarios.length} scenarios`);
      scenarios.push({ file: f.path, ...(await runScenarios(f.data, opts)) });
    } else if (isRealMemFile(f.data)) {
      const name = personaName(f.path, f.data);
      const want = opts.persona?.toLowerCase();
      if (want && !name.toLowerCase().includes(want) && !f.path.toLowerCase().includes(want))
        continue;
      runs.push(
        await runRealMem(f.data, name, {
          embedder: opts.embedder,
          ...(opts.limitSessions !== undefined ? { limitSessions: opts.limitSessions } : {}),
          ...(opts.log ? { log: opts.log } : {}),
          ...(opts.genericPrompts ? { genericPrompts: opts.genericPrompts } : {}),
        }),
      );
    } else throw new UnknownBenchFileError(f.path);
  }
  if (!runs.length) return { scenarios };
  const all = tally();
  const cats = new Map<string, Tally>();
  for (const r of runs) {
    addTally(all, r.tallies.all);
    for (const [k, t] of Object.entries(r.tallies.byCategory))
      addTally(cats.get(k) ?? cats.set(k, tally()).get(k)!, t);
  }
  return {
    scenarios,
    realmem: {
      personas: runs.map(({ tallies: _, ...r }) => r),
      overall: row(all),
      byCategory: Object.fromEntries(
        [...cats].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, t]) => [k, row(t)]),
      ),
    },
  };
}

// --- the report ----------------------------------------------------------------------------

function scenarioReport(run: ScenarioRun & { file: string }, verbose: boolean): string {
  const s = run.summary;
  const lines = [
    `Memory scenarios — ${run.file}: ${run.scenarios} scenarios, ${s.probes} probes, ${Math.round(run.ms / 100) / 10} s`,
    '',
    mdTable(
      ['figure', 'value', 'of'],
      [
        ['passed %', s.passedPct, `${s.probes} probes`],
        ['an empty injection would pass %', s.emptyPassPct, `${s.probes} probes`],
        ['stale %', s.stalePct, `${s.denominators.exclude} with exclude`],
        ['missed %', s.missedPct, `${s.denominators.include} with include`],
        ['false injection %', s.falseInjectionPct, `${s.denominators.none} with none`],
        ['injected twice %', s.duplicatePct, `${s.denominators.once} with once`],
        ['non-empty injections', s.nonEmpty, `${s.probes} probes`],
        ['mean items', s.meanItems, 'per non-empty injection'],
        ['mean tokens', s.meanTokens, 'per non-empty injection'],
      ],
    ),
    '',
    mdTable(
      ['tag', 'probes', 'passed %'],
      Object.entries(s.byTag).map(([t, v]) => [t, v.n, v.passedPct]),
    ),
  ];
  if (verbose)
    for (const r of run.results.filter((x) => !x.pass)) {
      lines.push(
        '',
        `FAIL ${r.scenario} #${r.probe} (${r.site}, ${r.at.slice(0, 10)}): ${r.prompt}`,
      );
      lines.push(`  reasons: ${r.reasons.join('; ')}`);
      for (const i of r.items)
        lines.push(`  - [${i.type}${i.history ? ', history' : ''}] ${i.text.replace(/\s+/g, ' ')}`);
      if (!r.items.length) lines.push('  (nothing injected)');
    }
  return lines.join('\n');
}

const REALMEM_HEADER = [
  '',
  'queries',
  'gold points',
  'recall %',
  'recall @400 tok %',
  'per-query recall %',
  'top-20 candidates %',
  'reachable %',
  'from assistant turns %',
  'injected %',
  'items',
  'tokens',
];

const realMemCells = (name: string, r: RealMemRow) => [
  name,
  r.queries,
  r.goldPoints,
  r.recallPct,
  r.recall400Pct,
  r.queryRecallPct,
  r.top20Pct,
  r.reachablePct,
  r.assistantSourcePct,
  r.injectedPct,
  r.meanItems,
  r.meanTokens,
];

function realMemReport(r: RealMemResult, verbose: boolean): string {
  const lines = [
    `RealMem — ${r.personas.length} persona(s), ${r.personas.reduce((s, p) => s + p.sessions, 0)} sessions, ${r.personas.reduce((s, p) => s + p.turns, 0)} turns, ${Math.round(r.personas.reduce((s, p) => s + p.ms, 0) / 1000)} s`,
    '',
    mdTable(
      ['persona', ...REALMEM_HEADER.slice(1)],
      [
        ...r.personas.map((p) => realMemCells(`${p.persona} (${p.sessions} sessions)`, p.summary)),
        realMemCells('all', r.overall),
      ],
    ),
    '',
    mdTable(
      ['category', ...REALMEM_HEADER.slice(1)],
      Object.entries(r.byCategory).map(([k, v]) => realMemCells(k, v)),
    ),
  ];
  const asked = r.personas.reduce((s, p) => s + p.generic.prompts, 0);
  if (asked) {
    const got = r.personas.reduce((s, p) => s + p.generic.injected, 0);
    lines.push(
      '',
      `Generic prompts (no memory answers them), asked in a new chat after each history: ${got} of ${asked} injected (${round((got / asked) * 100, 1)} %).`,
    );
  }
  const unresolved = r.personas.reduce((s, p) => s + p.unresolved, 0);
  if (unresolved) lines.push('', `${unresolved} gold point(s) had no source in their session.`);
  if (verbose)
    for (const p of r.personas)
      for (const q of p.queries.filter((x) => x.gold.some((g) => !g.recalled))) {
        lines.push(
          '',
          `MISS ${p.persona} ${q.queryId} [${q.category}] ${q.session}: ${short(q.prompt, 200)}`,
        );
        for (const g of q.gold)
          lines.push(
            `  gold ${g.recalled ? 'recalled' : 'missed'} (${g.role}): ${short(g.content, 160)}`,
          );
        for (const i of q.items) lines.push(`  - [${i.type}] ${short(i.text, 160)}`);
        if (!q.items.length) lines.push('  (nothing injected)');
      }
  return lines.join('\n');
}

const short = (s: string, n: number) => {
  const t = s.replace(/\s+/g, ' ');
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
};

export function memoryReport(r: MemoryBenchResult, opts: { verbose: boolean }): string {
  const parts = r.scenarios.map((s) => scenarioReport(s, opts.verbose));
  if (r.realmem) parts.push(realMemReport(r.realmem, opts.verbose));
  return parts.join('\n\n');
}
