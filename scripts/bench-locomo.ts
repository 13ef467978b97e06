/**
 * LoCoMo evidence recall of the real engine (issue 7, section 1).
 *
 *   npm run bench:locomo -- [--data FILE] [--out FILE.json] [--limit-conversations N]
 *                           [--facts-only] [--details FILE.json] [--weights JSON]
 *                           [--extraction-only]
 *
 * Runs MemoryEngine on fake-indexeddb with the real potion-base-2M embedder and the
 * rule-based extractor; prints a markdown table and writes the JSON of issue 7.
 * `--extraction-only` ingests and scores extraction against LoCoMo's observations, and skips
 * the questions, baselines and gating (a few minutes instead of the whole run).
 */
import 'fake-indexeddb/auto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLocomo, type LocomoResult, type LocomoSample } from '../src/bench/locomo';
import { mdTable } from '../src/bench/stats';
import { nodeModelSource } from '../src/embed/node-source';
import { StaticEmbedder } from '../src/embed/static';
import { RuleExtractor } from '../src/extract/rules';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const data = resolve(arg('data') ?? resolve(root, '../shared/data/locomo/locomo-dev.json'));
  const out = arg('out');
  const limit = arg('limit-conversations');
  const details = arg('details');
  const models = resolve(root, 'public/models');
  if (!existsSync(models)) throw new Error('public/models is missing: run `npm run models` first.');

  let samples = JSON.parse(await readFile(data, 'utf8')) as LocomoSample[];
  if (limit) samples = samples.slice(0, Number(limit));
  const prompts = (await readFile(resolve(root, 'scripts/bench-data/generic-prompts.txt'), 'utf8'))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const embedder = await StaticEmbedder.load(nodeModelSource(models));

  const started = performance.now();
  const result = await runLocomo(samples, {
    embedder,
    extractor: () => new RuleExtractor(),
    genericPrompts: prompts,
    includeEpisodes: !process.argv.includes('--facts-only'),
    keepDetails: !!details,
    speakerBoost: Number(arg('speaker-boost') ?? 1),
    firstPerson: !process.argv.includes('--third-person'),
    extractionOnly: process.argv.includes('--extraction-only'),
    ...(arg('weights') ? { weights: JSON.parse(arg('weights')!) as Record<string, number> } : {}),
    log: (l) => console.error(l),
  });
  const wallS = Math.round((performance.now() - started) / 100) / 10;
  const { details: perQuestion, ...summary } = result;
  const json = { ...summary, data, date: new Date().toISOString(), wallS, node: process.version };
  if (out) {
    await mkdir(dirname(resolve(out)), { recursive: true });
    await writeFile(resolve(out), JSON.stringify(json, null, 2));
  }
  if (details && perQuestion)
    await writeFile(resolve(details), JSON.stringify(perQuestion, null, 1));
  console.log(
    process.argv.includes('--extraction-only')
      ? extractionReport(result, wallS)
      : report(result, wallS),
  );
}

function extractionTable(r: LocomoResult): string {
  return mdTable(
    ['extraction', 'value'],
    [
      ['reference facts', r.extraction.observations],
      ['with a memory from the same turn %', r.extraction.sameTurnPct],
      ['matched %', r.extraction.matchedPct],
      ['memories stored per user turn', r.extraction.memoriesPerUserTurn],
      ['candidates per user turn', r.extraction.candidatesPerUserTurn],
      ['active memories', r.extraction.activeMemories],
    ],
  );
}

function extractionReport(r: LocomoResult, wallS: number): string {
  return [
    `LoCoMo extraction — ${r.dataset.conversations} conversations, ${r.dataset.turns} turns, ${wallS} s`,
    '',
    extractionTable(r),
    '',
    mdTable(
      ['timing (ms)', 'p50', 'p95', 'n'],
      [['ingest per turn', r.ingestMs.p50, r.ingestMs.p95, r.ingestMs.n]],
    ),
  ].join('\n');
}

/** A recall table with one row per group (a category, a conversation). */
function recallBy(group: string, rows: LocomoResult['byCategory']): string {
  return mdTable(
    [group, 'n', 'R@5 %', 'R@10 %', 'R@20 %', 'R@400 tok %'],
    Object.entries(rows).map(([k, v]) => [k, v.n, v['5']!, v['10']!, v['20']!, v.budget400]),
  );
}

function report(r: LocomoResult, wallS: number): string {
  const row = (name: string, rec: Record<string, number>, b: number, tok: number | string) => [
    name,
    rec['5']!,
    rec['10']!,
    rec['20']!,
    b,
    tok,
  ];
  const lines = [
    `LoCoMo evidence recall — ${r.dataset.conversations} conversations, ${r.dataset.turns} turns, ${r.dataset.questions} questions (categories 1–4), episodes ${r.config.includeEpisodes ? 'on' : 'off'}, ${wallS} s`,
    '',
    mdTable(
      ['system', 'R@5 %', 'R@10 %', 'R@20 %', 'R@400 tok %', 'tokens top 10'],
      [
        row('Mnemo engine', r.recall, r.recallAtBudget400, r.tokensTop10),
        row('BM25 raw turns', r.baselines.bm25.recall, r.baselines.bm25.recallAtBudget400, '–'),
        row(
          'potion dense raw turns',
          r.baselines.dense.recall,
          r.baselines.dense.recallAtBudget400,
          '–',
        ),
      ],
    ),
    '',
    recallBy('category', r.byCategory),
    '',
    recallBy('conversation', r.byConversation),
    '',
    extractionTable(r),
    '',
    mdTable(
      ['gating (threshold ' + r.gating.threshold + ')', '% injected'],
      [
        [
          `generic prompts (${r.gating.genericPrompts} × ${r.dataset.conversations} conversations)`,
          r.gating.genericInjectedPct,
        ],
        ['LoCoMo questions', r.gating.questionsInjectedPct],
      ],
    ),
    '',
    mdTable(
      ['gating threshold', 'generic prompts injected %', 'LoCoMo questions injected %'],
      r.gating.curve.map((c) => [c.threshold, c.genericInjectedPct, c.questionsInjectedPct]),
    ),
    '',
    mdTable(
      ['timing (ms)', 'p50', 'p95', 'n'],
      [
        ['ingest per turn', r.ingestMs.p50, r.ingestMs.p95, r.ingestMs.n],
        ['search per memory', r.searchMs.p50, r.searchMs.p95, r.searchMs.n],
        ['question (both memories)', r.questionMs.p50, r.questionMs.p95, r.questionMs.n],
      ],
    ),
  ];
  return lines.join('\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
