#!/usr/bin/env node
// npm test: every check, in order — lint and format, types, the builds, unit and saved-page
// tests (vitest), then the end-to-end tests in real Chromium and Firefox and the build
// checks. Ends with one line "total: N passed, N failed".
//   --e2e-only    skip lint, types and unit tests (the builds still run)
//   --no-e2e      skip the browser tests
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (n) => resolve(root, 'node_modules', '.bin', n);
const args = new Set(process.argv.slice(2));
const e2eOnly = args.has('--e2e-only');
const noE2e = args.has('--no-e2e');
let passed = 0;
let failed = 0;
const failures = [];

function step(name, cmd, cmdArgs, env = {}) {
  const t = Date.now();
  console.log(`\n▶ ${name}`);
  const r = spawnSync(cmd, cmdArgs, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  const ok = r.status === 0;
  console.log(`${ok ? '✔' : '✘'} ${name} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  return ok;
}

function check(name, cmd, cmdArgs) {
  if (step(name, cmd, cmdArgs)) passed++;
  else {
    failed++;
    failures.push(name);
  }
}

function vitest(name, config, extra = []) {
  mkdirSync(resolve(root, 'test-results'), { recursive: true });
  const out = resolve(root, 'test-results', `${name}.json`);
  const ok = step(name, bin('vitest'), [
    'run',
    '-c',
    config,
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${out}`,
    ...extra,
  ]);
  if (existsSync(out)) {
    const r = JSON.parse(readFileSync(out, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    if (r.numFailedTests) failures.push(`${name}: ${r.numFailedTests} failed`);
    if (!ok && r.numFailedTests === 0) {
      failed++;
      failures.push(`${name}: the run failed`);
    }
  } else if (!ok) {
    failed++;
    failures.push(`${name}: no report`);
  }
}

if (!e2eOnly) {
  check('lint (eslint)', bin('eslint'), ['.']);
  check('format (prettier --check)', bin('prettier'), ['--check', '.']);
  check('types (tsc --noEmit)', bin('tsc'), ['--noEmit', '-p', '.']);
}

console.log('\n▶ build (store zips and test builds, Chrome and Firefox)');
await build({ test: true, store: true });

if (!e2eOnly) vitest('unit', 'vitest.config.ts');
if (!noE2e) vitest('e2e', 'vitest.e2e.config.ts');

console.log(`\n${failures.length ? `Failed: ${failures.join('; ')}` : 'All checks passed.'}`);
console.log(`total: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
