/**
 * Extraction benchmark of the rule extractor alone (issue 18).
 *
 *   npm run bench:extract -- [--realmem FILE...] [--out FILE.json]
 *   npm run bench:extract -- --scenarios [--data FILE] [--out FILE.json] [--verbose]
 *
 * Default: RealMem's `extracted_memory` points (the five dev personas in
 * ../shared/data/realmem/), the share whose source turn yields a matching candidate.
 * `--scenarios`: the scenario file's extraction tags (supersession, ended, correction,
 * chat-forget, hypothetical, others, recency), by tag. Prints markdown tables, writes JSON.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  runRealmem,
  runScenarios,
  type ExtractFn,
  type RealmemFile,
  type RealmemRow,
  type ScenarioFile,
} from '../src/bench/extraction';
import { mdTable } from '../src/bench/stats';
import { RuleExtractor } from '../src/extract/rules';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(root, '../shared/data');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Every value after --name up to the next flag. */
function args(name: string): string[] {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return [];
  const out: string[] = [];
  for (const a of process.argv.slice(i + 1)) {
    if (a.startsWith('--')) break;
    out.push(a);
  }
  return out;
}

const ex = new RuleExtractor();
const extract: ExtractFn = (turn, context) => ex.extractSync({ turn, context, similar: [] });

async function main() {
  const out = arg('out');
  const started = performance.now();
  let json: unknown;
  let text: string;
  if (process.argv.includes('--scenarios')) {
    const data = resolve(arg('data') ?? resolve(shared, 'memory-scenarios/dev.json'));
    const file = JSON.parse(await readFile(data, 'utf8')) as ScenarioFile;
    const r = runScenarios(file, extract);
    json = { ...r, data, date: new Date().toISOString() };
    text = [
      `Scenario extraction — ${r.scenarios} scenarios, ${r.probes} probes of the extraction tags: passed ${r.passedPct} %`,
      '',
      mdTable(
        ['tag', 'probes', 'passed %'],
        Object.entries(r.byTag).map(([k, v]) => [k, v.probes, v.passedPct]),
      ),
      ...(process.argv.includes('--verbose')
        ? r.results
            .filter((p) => !p.pass)
            .map(
              (p) =>
                `\nFAIL ${p.scenario}: ${p.ask}\n  ${p.reasons.join('; ')}\n${p.facts.map((f) => `  ${f.current ? '+' : '-'} [${f.op}${f.slot ? ' ' + f.slot : ''}] ${f.text}`).join('\n')}`,
            )
        : []),
    ].join('\n');
  } else {
    const given = args('realmem');
    const dir = resolve(shared, 'realmem');
    const paths = given.length
      ? given.map((p) => resolve(p))
      : readdirSync(dir)
          .filter((f) => f.endsWith('.json'))
          .map((f) => resolve(dir, f));
    if (!paths.length || !paths.every(existsSync))
      throw new Error(
        `RealMem files not found (${paths.join(', ') || dir}): pass --realmem FILE...`,
      );
    const files = await Promise.all(
      paths.map(async (p) => JSON.parse(await readFile(p, 'utf8')) as RealmemFile),
    );
    const r = runRealmem(files, extract);
    json = { ...r, files: paths, date: new Date().toISOString() };
    const rows = (group: string, o: Record<string, RealmemRow>) =>
      mdTable(
        [group, 'points', 'turn yields a candidate %', 'matched %', 'covered ≥ 50 % %'],
        Object.entries(o).map(([k, v]) => [k, v.points, v.yieldedPct, v.matchedPct, v.coveredPct]),
      );
    text = [
      `RealMem extraction — ${r.personas.length} personas, ${r.sessions} sessions, ${r.userTurns} user turns, ${r.candidatesPerUserTurn} candidates per user turn; ${r.assistantPoints} points from assistant turns not read`,
      '',
      rows('source', { 'user turns': r.user }),
      '',
      rows('type', r.byType),
      '',
      rows('label', r.byLabel),
      '',
      rows('persona', r.byPersona),
      '',
      mdTable(
        ['timing (ms)', 'p50', 'p95', 'n'],
        [['extract per user turn', r.extractMs.p50, r.extractMs.p95, r.extractMs.n]],
      ),
    ].join('\n');
  }
  const wallS = Math.round((performance.now() - started) / 100) / 10;
  if (out) {
    await mkdir(dirname(resolve(out)), { recursive: true });
    await writeFile(resolve(out), JSON.stringify({ ...(json as object), wallS }, null, 2));
  }
  console.log(`${text}\n\n(${wallS} s)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
