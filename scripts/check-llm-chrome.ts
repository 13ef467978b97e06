/**
 * npm run check:llm -- --tier chrome — Chrome's built-in model (the Prompt API) end to end, on
 * a machine where Chrome has it. Not part of npm test. It loads the Chrome test build into a
 * Chrome 138+ and:
 *
 *   1. asks Chrome for the model's availability with Mnemo's options, and stops at once,
 *      saying why, unless it is "available" (Debian's Chromium answers "unavailable": it has
 *      the API but no model);
 *   2. extracts every user turn of the scenario dev file (../shared/data/memory-scenarios/
 *      dev.json, or --data FILE) through the tier as the background runs it, printing the
 *      candidates with their attribute, operation, value and target, and the fallbacks;
 *   3. runs bench:memory's scenarios twice — the rules, then this extractor (each turn
 *      extracted in the browser, everything else in Node as bench:memory does) — and prints
 *      the two sets of figures side by side.
 *
 *   MNEMO_CHROME=/opt/google/chrome/chrome \
 *   MNEMO_CHROME_PROFILE=~/chrome-with-model-copy \
 *   npm run check:llm -- --tier chrome [--data FILE] [--headed] [--no-scenarios]
 *
 * MNEMO_CHROME: a Chrome 138+ binary (default: CHROME_PATH, then Debian's Chromium).
 * MNEMO_CHROME_PROFILE: a user data directory where chrome://on-device-internals shows the
 * model ready (use a copy: the run writes to it); without it a fresh profile is used, whose
 * model Chrome has to download first (start it from Options → Models in that profile).
 */
import 'fake-indexeddb/auto';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { runScenarios, isScenarioFile, stepStart, MINUTE } from '../src/bench/memory-scenarios';
import type { ScenarioSummary } from '../src/bench/memory-score';
import { nodeModelSource } from '../src/embed/node-source';
import { StaticEmbedder } from '../src/embed/static';
import type { Candidate, CapturedTurn, DecisionKind, Extractor } from '../src/memory/types';
import { CHROME_TEST_BUILD, launch, type ChromiumSession } from './chromium';

const root = resolve(import.meta.dirname, '..');

interface Extracted {
  path: string;
  chunks: number;
  error?: { name: string; code: string; message: string };
  candidates: Candidate[];
  decisions?: { index: number; kind: DecisionKind; targetId?: string }[];
}

/** Stops the check with a message (the browser is closed first). */
class CheckFailed extends Error {}

function fail(msg: string): never {
  throw new CheckFailed(msg);
}

type Probe = {
  chromeAvailability(): Promise<string>;
  chromeExtract(input: unknown): Promise<Extracted>;
};

function extractIn(s: ChromiumSession, input: unknown): Promise<Extracted> {
  const sw = s.ctx.serviceWorkers()[0] ?? s.sw;
  return sw.evaluate(
    (i) => (globalThis as unknown as { mnemoAi: Probe }).mnemoAi.chromeExtract(i),
    input,
  );
}

/** The browser's tier as an Extractor for the scenario runner in Node. */
function browserExtractor(s: ChromiumSession, tally: Map<string, number>): Extractor {
  return {
    id: 'chrome',
    async extract(input) {
      const r = await extractIn(s, input);
      const key = r.path === 'fallback' ? `fallback: ${r.error?.code ?? '?'}` : r.path;
      tally.set(key, (tally.get(key) ?? 0) + 1);
      return {
        candidates: r.candidates,
        ...(r.decisions
          ? {
              decisions: r.decisions.flatMap((d) => {
                const candidate = r.candidates[d.index];
                return candidate ? [{ candidate, kind: d.kind, targetId: d.targetId }] : [];
              }),
            }
          : {}),
      };
    },
  };
}

const FIGURES: [keyof ScenarioSummary, string][] = [
  ['passedPct', 'passed %'],
  ['stalePct', 'stale %'],
  ['missedPct', 'missed %'],
  ['falseInjectionPct', 'false injection %'],
  ['duplicatePct', 'injected twice %'],
  ['meanItems', 'mean items'],
  ['meanTokens', 'mean tokens'],
];

export async function checkChrome(argv: readonly string[]): Promise<void> {
  try {
    await run(argv);
  } catch (err) {
    if (!(err instanceof CheckFailed)) throw err;
    console.error(`\ncheck:llm --tier chrome: ${err.message}\n`);
    process.exitCode = 2;
  }
}

async function run(argv: readonly string[]): Promise<void> {
  const dataArg = argv.includes('--data') ? argv[argv.indexOf('--data') + 1] : undefined;
  const dataPath = resolve(dataArg ?? resolve(root, '../shared/data/memory-scenarios/dev.json'));
  const file: unknown = JSON.parse(await readFile(dataPath, 'utf8'));
  if (!isScenarioFile(file)) fail(`${dataPath} is not a memory-scenario file.`);
  const executablePath = process.env.MNEMO_CHROME ?? process.env.CHROME_PATH;
  if (executablePath && !existsSync(executablePath))
    fail(`MNEMO_CHROME=${executablePath} does not exist.`);
  if (!existsSync(resolve(CHROME_TEST_BUILD, 'manifest.json'))) {
    console.log('check:llm: building the Chrome test build…');
    const r = spawnSync('node', ['scripts/build.mjs', '--test'], { stdio: 'inherit' });
    if (r.status !== 0) fail('The test build failed.');
  }

  // No --disable-gpu and no --disable-component-update: Chrome runs and registers its model
  // through them.
  const s = await launch({
    ...(executablePath ? { executablePath } : {}),
    ...(process.env.MNEMO_CHROME_PROFILE
      ? { userDataDir: resolve(process.env.MNEMO_CHROME_PROFILE) }
      : {}),
    args: ['--no-first-run', '--no-default-browser-check', '--disable-sync'],
    headless: !argv.includes('--headed'),
  });
  try {
    const version = s.ctx.browser()?.version() ?? 'unknown version';
    const sw = s.ctx.serviceWorkers()[0] ?? s.sw;
    const availability = await sw.evaluate(() =>
      (globalThis as unknown as { mnemoAi: Probe }).mnemoAi.chromeAvailability(),
    );
    console.log(`check:llm: ${version}; LanguageModel.availability(): ${availability}`);
    if (availability === 'absent')
      fail(
        'This browser has no LanguageModel (the Prompt API). Use Chrome 138 or later: set MNEMO_CHROME to its binary.',
      );
    if (availability === 'unavailable')
      fail(
        "Chrome says its built-in model is unavailable here. Debian's Chromium has the API but no model; " +
          'run this with Google Chrome 138+ (MNEMO_CHROME) on Windows 10/11, macOS 13+, Linux or a Chromebook Plus ' +
          'with 22 GB free and a GPU with more than 4 GB of memory or 16 GB of RAM, and no policy turning it off.',
      );
    if (availability !== 'available')
      fail(
        `The model is ${availability}. Open Options → Models in that profile, click Download, wait for it, ` +
          'then rerun with MNEMO_CHROME_PROFILE pointing at that profile (a copy).',
      );

    // 1. What the model extracts from the file's user turns.
    let model = 0;
    let fallbacks = 0;
    for (const sc of file.scenarios) {
      let last: number | undefined;
      for (const step of sc.steps) {
        const start = stepStart(step.at, last);
        last = start;
        if (!('turns' in step)) continue;
        const context: CapturedTurn[] = [];
        for (const [i, [role, text]] of step.turns.entries()) {
          const turn: CapturedTurn = {
            site: step.site,
            conversationId: step.conversation ?? `check-${sc.id}`,
            turnId: `t${i}`,
            role,
            text,
            url: `https://example.invalid/${sc.id}`,
            observedAt: start + i * MINUTE,
          };
          last = turn.observedAt;
          if (role === 'user') {
            const r = await extractIn(s, { turn, context: context.slice(-4), similar: [] });
            if (r.path === 'fallback') fallbacks++;
            else model++;
            console.log(`\n[${sc.id}] > ${text}`);
            console.log(
              `  ${r.path}${r.chunks > 1 ? ` (${r.chunks} chunks)` : ''}${r.error ? ` — ${r.error.name} ${r.error.code}: ${r.error.message}` : ''}`,
            );
            for (const c of r.candidates)
              console.log(
                `  - ${c.text || '(no statement)'}  [${c.kind}${c.slot ? ` slot=${c.slot}` : ''}${c.op ? ` op=${c.op}` : ''}${c.value ? ` value=${c.value}` : ''}${c.target ? ` target=${c.target}` : ''}]`,
              );
          }
          context.push(turn);
        }
      }
    }
    console.log(`\nuser turns: ${model} read by the model, ${fallbacks} by the rules (fallbacks)`);
    if (argv.includes('--no-scenarios')) return;

    // 2. The scenario figures, the rules beside this extractor.
    const embedder = await StaticEmbedder.load(nodeModelSource(resolve(root, 'public/models')));
    console.log('\ncheck:llm: scenarios with the rules…');
    const rules = await runScenarios(file, { embedder });
    console.log("check:llm: scenarios with Chrome's built-in model…");
    const tally = new Map<string, number>();
    const chrome = await runScenarios(file, {
      embedder,
      extractor: browserExtractor(s, tally),
      log: (l) => console.error(l),
    });
    console.log(`\nMemory scenarios — ${dataPath}: ${rules.summary.probes} probes\n`);
    console.log("| figure | rules | Chrome's built-in model |\n| --- | --- | --- |");
    for (const [k, label] of FIGURES)
      console.log(`| ${label} | ${String(rules.summary[k])} | ${String(chrome.summary[k])} |`);
    console.log(
      `\nextraction paths with the model: ${[...tally].map(([k, n]) => `${k} ${n}`).join(', ')}`,
    );
  } finally {
    await s.close();
  }
}
