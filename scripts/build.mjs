#!/usr/bin/env node
// npm run build        → store builds for Chrome (MV3) and Firefox, and their zips
// npm run build:test   → builds for the demo and the end-to-end tests (also run on 127.0.0.1)
// Both first put the model files in public/models (scripts/models.mjs).
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureModels } from './models.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const wxt = resolve(root, 'node_modules', '.bin', 'wxt');

function run(args) {
  const r = spawnSync(wxt, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  const out = `${r.stdout}${r.stderr}`;
  if (r.status !== 0) {
    console.error(out);
    console.error(`build: \`wxt ${args.join(' ')}\` failed (exit ${r.status}).`);
    process.exit(r.status ?? 1);
  }
  const done = out.split('\n').filter((l) => /\.zip|manifest\.json|Σ Total/.test(l));
  console.log(`  wxt ${args.join(' ')}\n${done.map((l) => `   ${l.trim()}`).join('\n')}`);
}

export async function build({ test = false, store = !test } = {}) {
  await ensureModels({ quiet: true });
  if (store) {
    run(['zip', '-b', 'chrome']);
    run(['zip', '-b', 'firefox']);
  }
  if (test) {
    run(['build', '--mode', 'test', '-b', 'chrome']);
    run(['build', '--mode', 'test', '-b', 'firefox']);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const test = process.argv.includes('--test');
  const all = process.argv.includes('--all');
  await build({ test: test || all, store: !test || all });
}
