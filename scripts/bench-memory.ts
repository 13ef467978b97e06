/**
 * Memory semantics through the extension's real background path (issue 17, item 1).
 *
 *   npm run bench:memory -- --data FILE... [--out F.json] [--verbose]
 *                           [--limit-sessions N] [--persona NAME]
 *
 * FILE: a memory-scenario file (../shared/data/memory-scenarios/dev.json, the default) or
 * RealMem personas (../shared/data/realmem/*.json). Prints tables, writes the JSON to --out
 * (default bench-results/memory-<time>.json), streams progress to stderr.
 */
import 'fake-indexeddb/auto';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoryReport, runMemoryBench } from '../src/bench/memory';
import { nodeModelSource } from '../src/embed/node-source';
import { StaticEmbedder } from '../src/embed/static';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);

function arg(name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** Every value after `--data` up to the next option. */
function dataFiles(): string[] {
  const i = argv.indexOf('--data');
  if (i < 0) return [resolve(root, '../shared/data/memory-scenarios/dev.json')];
  const out: string[] = [];
  for (const a of argv.slice(i + 1)) {
    if (a.startsWith('--')) break;
    out.push(resolve(a));
  }
  if (!out.length) throw new Error('--data needs at least one file.');
  return out;
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim();
  } catch {
    return 'unknown';
  }
}

async function main() {
  const models = resolve(root, 'public/models');
  if (!existsSync(models)) throw new Error('public/models is missing: run `npm run models` first.');
  const paths = dataFiles();
  const files = await Promise.all(
    paths.map(async (path) => ({
      path,
      data: JSON.parse(await readFile(path, 'utf8')) as unknown,
    })),
  );
  const limit = arg('limit-sessions');
  const persona = arg('persona');
  const embedder = await StaticEmbedder.load(nodeModelSource(models));
  // The prompts bench:locomo gates with: asked after each RealMem history.
  const genericPrompts = (
    await readFile(resolve(root, 'scripts/bench-data/generic-prompts.txt'), 'utf8')
  )
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const started = performance.now();
  const result = await runMemoryBench(files, {
    embedder,
    genericPrompts,
    ...(limit ? { limitSessions: Number(limit) } : {}),
    ...(persona ? { persona } : {}),
    log: (l) => console.error(l),
  });
  const wallS = Math.round((performance.now() - started) / 100) / 10;
  const date = new Date().toISOString();
  const out = resolve(
    arg('out') ?? resolve(root, `bench-results/memory-${date.replace(/[:.]/g, '-')}.json`),
  );
  await mkdir(dirname(out), { recursive: true });
  const json = {
    data: paths,
    commit: commit(),
    date,
    wallS,
    node: process.version,
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    options: { limitSessions: limit ? Number(limit) : null, persona: persona ?? null },
    ...result,
  };
  await writeFile(out, JSON.stringify(json, null, 1));
  console.log(memoryReport(result, { verbose: argv.includes('--verbose') }));
  console.log(`\n${wallS} s; JSON in ${out}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
