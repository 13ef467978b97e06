/**
 * No import cycle in src/ (issue 20): a module that imports, even for types only, a module
 * that imports it back makes both hard to change and to load alone. Relative imports are
 * read from the source text and resolved as TypeScript resolves them here.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../../src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  return [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base].find(
    (p) => existsSync(p) && statSync(p).isFile(),
  );
}

/** Each module's relative imports (`import … from`, `export … from`, `import('…')`). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    const deps = new Set<string>();
    for (const m of text.matchAll(/\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/g)) {
      const dep = resolveImport(file, m[1] ?? m[2]!);
      if (dep) deps.add(dep);
    }
    graph.set(file, [...deps]);
  }
  return graph;
}

/** One cycle through each strongly connected group of modules, if any. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (v: string) => {
    state.set(v, 'open');
    path.push(v);
    for (const w of graph.get(v) ?? []) {
      if (state.get(w) === 'open') found.push([...path.slice(path.indexOf(w)), w]);
      else if (!state.has(w)) visit(w);
    }
    path.pop();
    state.set(v, 'done');
  };
  for (const v of graph.keys()) if (!state.has(v)) visit(v);
  return found;
}

/**
 * The packages a module reaches through static, value imports (`import type` carries no
 * code), and which module names each: what the entry's bundle holds before any lazy import.
 */
function packagesReached(entry: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s(?!type\b)[^;]*?\bfrom\s+'([^']+)'/gm)) {
      const spec = m[1]!;
      const dep = resolveImport(file, spec);
      if (dep) visit(dep);
      else if (!spec.startsWith('.'))
        out.set(spec, [...(out.get(spec) ?? []), relative(SRC, file)]);
    }
  };
  visit(entry);
  return out;
}

describe('src/ imports', () => {
  it('form no cycle', () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(100);
    const named = cycles(graph).map((c) => c.map((f) => relative(SRC, f)).join(' → '));
    expect(named).toEqual([]);
  });

  it("keep the NLP libraries and PouchDB out of the background worker's static imports", () => {
    // The rules (compromise, chrono-node) run in the offscreen page and sync's replicator is
    // loaded on use: each would be evaluated at every worker start (test/e2e/build.test.ts
    // checks the built bundle; this says which module brought one in, in seconds).
    const reached = packagesReached(resolve(SRC, '../entrypoints/background.ts'));
    expect(reached.size).toBeGreaterThan(0);
    for (const pkg of ['compromise', 'chrono-node', 'pouchdb-core', 'pouchdb-browser'])
      expect(reached.get(pkg), pkg).toBeUndefined();
  });

  it('a cycle is found when there is one', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
  });
});
