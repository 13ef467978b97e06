/**
 * Engine latency under Node (issue 3): ingestion time per turn and search time per query at
 * 1k and 10k memories, with the exact vector scan and with Voy, in the same run.
 *
 *   npm run bench:engine -- [--sizes 1000,10000] [--queries 300] [--ingest 200] [--out FILE]
 *   npm run bench:engine -- --long-conversation 5000 [--out FILE]
 *   npm run bench:engine -- --compare DIR [--sizes 10000] [--queries 400] [--out FILE]
 *
 * `--long-conversation N` measures only ingestion into ONE conversation of N turns, from an
 * empty store (issue 19, item 6): the time per turn of the first and last 500 turns and
 * around the 50th and the Nth, which should not grow with the conversation's length.
 *
 * `--compare DIR` loads another checkout's engine (DIR: a commit unpacked with `git archive`)
 * beside this build's over one seeded store: each one's first start (the lexical index
 * rebuilt), starts from each one's lexical snapshot (init, then the first search), then
 * searches alternated query by query.
 *
 * The store is seeded with varied synthetic turns (templates × vocabulary) and one fact each,
 * written straight to the store (the import path), then loaded by an engine per index type
 * (timed: what a restarted service worker pays); the timed ingestion runs the real
 * rule-based extractor on new turns at that size.
 * JSON goes to bench-results/ (git-ignored); a markdown table to stdout.
 */
import 'fake-indexeddb/auto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mdTable, p50p95, round } from '../src/bench/stats';
import { syntheticTurns } from '../src/bench/synthetic';
import { nodeModelSource } from '../src/embed/node-source';
import { StaticEmbedder } from '../src/embed/static';
import { RuleExtractor } from '../src/extract/rules';
import { INJECTION_SEARCH } from '../src/inject/plan';
import { hashText, MemoryEngine } from '../src/memory/engine';
import { initVoy, VoyIndex } from '../src/search/voy';
import { ExactIndex } from '../src/search/vector';
import { episodeKey, openMnemoDb } from '../src/store/db';
import { MemoryStore } from '../src/store/store';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

interface Run {
  memories: number;
  items: number;
  index: string;
  seedMsPerTurn: number;
  initMs: number;
  ingestMs: { p50: number; p95: number; n: number };
  searchMs: { p50: number; p95: number; n: number };
  searchFactsOnlyMs: { p50: number; p95: number; n: number };
}

let seq = 0;

/**
 * Seeds `n` synthetic turns with one fact each straight into a store (the import path), a
 * third of them the assistant's; returns the store and the last time used.
 */
async function seedStore(n: number, embedder: StaticEmbedder, name: string) {
  const store = new MemoryStore(await openMnemoDb(name));
  const t = await seedTurns(store, embedder, syntheticTurns(n, 11), n, Date.UTC(2025, 0, 1), {
    role: (i) => (i % 3 ? 'user' : 'assistant'),
    url: 'u',
  });
  return { store, t };
}

/**
 * Writes the first `n` synthetic turns, each with its one fact, straight into `store` in
 * batches of 500 (the import path: going through ingest would spend a run in the per-turn
 * costs being measured), an hour apart after `t`, twenty to a conversation; returns the
 * last time used.
 */
async function seedTurns(
  store: MemoryStore,
  embedder: StaticEmbedder,
  corpus: readonly { turn: string; fact: string }[],
  n: number,
  t: number,
  opts: { role: (i: number) => 'user' | 'assistant'; url: string },
): Promise<number> {
  for (let i0 = 0; i0 < n; i0 += 500) {
    const batch = corpus.slice(i0, Math.min(n, i0 + 500));
    const factVs = await embedder.embed(batch.map((c) => c.fact));
    const turnVs = await embedder.embed(batch.map((c) => c.turn));
    for (let j = 0; j < batch.length; j++) {
      const i = i0 + j;
      const c = batch[j]!;
      t += 3_600_000;
      const conversationId = `c${Math.floor(i / 20)}`;
      const turnId = `seed${i}`;
      const key = episodeKey('demo', conversationId, turnId);
      const id = `m_seed${i}`;
      const prov = { site: 'demo' as const, conversationId, url: opts.url, turnIds: [turnId] };
      await store.commitIngest({
        episode: {
          ...prov,
          turnId,
          role: opts.role(i),
          text: c.turn,
          observedAt: t,
          key,
          bucket: 'site:demo',
          textHash: hashText(c.turn),
        },
        memories: [
          {
            id,
            text: c.fact,
            kind: 'fact',
            bucket: 'site:demo',
            observedAt: t,
            createdAt: t,
            updatedAt: t,
            status: 'active',
            pinned: false,
            entities: [],
            provenance: [{ ...prov, role: 'user' }],
          },
        ],
        vectors: [
          { id, model: embedder.id, v: factVs[j]! },
          { id: `e:${key}`, model: embedder.id, v: turnVs[j]! },
        ],
        history: [],
      });
    }
  }
  return t;
}

/** This build's engine against another checkout's, over one store, query by query. */
async function compare(
  dir: string,
  n: number,
  nQueries: number,
  out: string,
  embedder: StaticEmbedder,
) {
  const other = (await import(resolve(dir, 'src/memory/engine.ts'))) as {
    MemoryEngine: typeof MemoryEngine;
  };
  const { store, t } = await seedStore(n, embedder, `bench-engine-compare-${process.pid}`);
  const env = { store, embedder, extractor: new RuleExtractor(), clock: { now: () => t } };
  const sides = [
    { name: dir, Engine: other.MemoryEngine },
    { name: 'this build', Engine: MemoryEngine },
  ];
  const engines: MemoryEngine[] = [];
  const initMs: number[] = [];
  for (const side of sides) {
    const s = performance.now();
    const e = new side.Engine({ ...env, redact: (x: string) => x });
    await e.init();
    initMs.push(performance.now() - s);
    engines.push(e);
  }
  const queries = syntheticTurns(n + nQueries, 11)
    .slice(n)
    .map((c) => c.query);
  // A start from the lexical snapshot (what a restarted service worker does): each side
  // saves its own snapshot, then a new engine of that side starts from it and searches once.
  const cold = sides.map(() => ({ initMs: [] as number[], firstSearchMs: [] as number[] }));
  for (let round = 0; round < 5; round++)
    for (const i of round % 2 ? [1, 0] : [0, 1]) {
      await engines[i]!.saveSnapshot();
      const s = performance.now();
      const e = new sides[i]!.Engine({ ...env, redact: (x: string) => x });
      await e.init();
      const mid = performance.now();
      await e.search(queries[round]!, { buckets: ['site:demo'], ...INJECTION_SEARCH });
      if (e.lexicalSource !== 'snapshot') throw new Error(`${sides[i]!.name}: not from a snapshot`);
      cold[i]!.initMs.push(mid - s);
      cold[i]!.firstSearchMs.push(performance.now() - mid);
    }
  const searches = {
    injection: { buckets: ['site:demo'], ...INJECTION_SEARCH },
    withTurns: { buckets: ['site:demo'], includeEpisodes: true, limit: 20 },
    factsOnly: { buckets: ['site:demo'], limit: 20 },
  };
  const ms = sides.map(
    () =>
      ({ injection: [], withTurns: [], factsOnly: [] }) as Record<keyof typeof searches, number[]>,
  );
  for (const q of queries.slice(0, 20))
    for (const e of engines) await e.search(q, searches.withTurns);
  for (const [k, q] of queries.entries()) {
    // Which side goes first alternates, so neither gains from the other's warm caches.
    const order = k % 2 ? [1, 0] : [0, 1];
    for (const i of order)
      for (const [name, opts] of Object.entries(searches) as [keyof typeof searches, object][]) {
        const s = performance.now();
        await engines[i]!.search(q, opts);
        ms[i]![name].push(performance.now() - s);
      }
  }
  const rows = sides.map((side, i) => ({
    build: side.name,
    initMs: round(initMs[i]!, 0),
    coldInitMs: round(p50p95(cold[i]!.initMs).p50, 1),
    coldFirstSearchMs: round(p50p95(cold[i]!.firstSearchMs).p50, 1),
    injection: p50p95(ms[i]!.injection),
    withTurns: p50p95(ms[i]!.withTurns),
    factsOnly: p50p95(ms[i]!.factsOnly),
  }));
  await mkdir(dirname(out), { recursive: true });
  await writeFile(
    out,
    JSON.stringify({ date: new Date().toISOString(), items: n * 2, rows }, null, 2),
  );
  console.log(
    mdTable(
      [
        'build',
        'init ms',
        'from snapshot: init',
        'first search',
        'injection p50',
        'injection p95',
        'with turns p50',
        'with turns p95',
        'facts-only p50',
        'facts-only p95',
      ],
      rows.map((r) => [
        r.build,
        r.initMs,
        r.coldInitMs,
        r.coldFirstSearchMs,
        r.injection.p50,
        r.injection.p95,
        r.withTurns.p50,
        r.withTurns.p95,
        r.factsOnly.p50,
        r.factsOnly.p95,
      ]),
    ),
  );
  console.log(
    `\n(ms; ${n} memories + ${n} turns, ${nQueries} queries alternated; init: the first, ` +
      `rebuilding the lexical index; from snapshot: medians of 5 starts each; JSON: ${out})`,
  );
}

/** Ingests `n` turns into one conversation of an empty store; times per turn (ms). */
async function longConversation(n: number, out: string, embedder: StaticEmbedder) {
  const db = await openMnemoDb(`bench-engine-long-${process.pid}`);
  const store = new MemoryStore(db);
  let t = Date.UTC(2025, 0, 1);
  const engine = new MemoryEngine({
    store,
    embedder,
    extractor: new RuleExtractor(),
    clock: { now: () => t },
    redact: (s: string) => s,
  });
  await engine.init();
  const corpus = syntheticTurns(n, 13);
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    t += 60_000;
    const s = performance.now();
    await engine.ingest(
      {
        site: 'demo',
        conversationId: 'long',
        turnId: `t${i}`,
        role: i % 2 ? 'assistant' : 'user',
        text: corpus[i]!.turn,
        url: 'http://127.0.0.1/demo/c/long',
        observedAt: t,
      },
      'site:demo',
    );
    ms.push(performance.now() - s);
    if ((i + 1) % 1000 === 0) console.error(`long conversation: ${i + 1} turns`);
  }
  db.close();
  const block = Math.min(500, Math.floor(n / 2));
  const avg = (xs: number[]) => round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length), 2);
  // Around a turn: the 21 turns centred on it (one turn's time is noise).
  const around = (i: number) => avg(ms.slice(Math.max(0, i - 10), i + 11));
  const json = {
    date: new Date().toISOString(),
    node: process.version,
    turns: n,
    firstBlockMsPerTurn: avg(ms.slice(0, block)),
    lastBlockMsPerTurn: avg(ms.slice(n - block)),
    block,
    at50MsPerTurn: around(49),
    atLastMsPerTurn: around(n - 1),
    totalS: round(ms.reduce((a, b) => a + b, 0) / 1000, 1),
  };
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, JSON.stringify(json, null, 2));
  console.log(
    mdTable(
      ['turns', `first ${block} ms/turn`, `last ${block} ms/turn`, 'ratio', 'at 50th', `at ${n}th`],
      [
        [
          n,
          json.firstBlockMsPerTurn,
          json.lastBlockMsPerTurn,
          round(json.lastBlockMsPerTurn / json.firstBlockMsPerTurn, 2),
          json.at50MsPerTurn,
          json.atLastMsPerTurn,
        ],
      ],
    ),
  );
  console.log(`\n(ms per turn, one conversation, real rule extractor; JSON: ${out})`);
}

async function main() {
  const sizes = (arg('sizes') ?? '1000,10000').split(',').map(Number);
  const nQueries = Number(arg('queries') ?? 300);
  const nIngest = Number(arg('ingest') ?? 200);
  const out = resolve(arg('out') ?? resolve(root, 'bench-results/engine.json'));
  const models = resolve(root, 'public/models');
  if (!existsSync(models)) throw new Error('public/models is missing: run `npm run models` first.');
  const embedder = await StaticEmbedder.load(nodeModelSource(models));
  const long = arg('long-conversation');
  if (long) return longConversation(Number(long), out, embedder);
  const against = arg('compare');
  if (against) return compare(against, sizes[0]!, Number(arg('queries') ?? 400), out, embedder);
  const wasm = await readFile(resolve(root, 'node_modules/voy-search/voy_search_bg.wasm'));
  await initVoy(async () => wasm);

  const maxN = Math.max(...sizes);
  const corpus = syntheticTurns(maxN + nIngest + nQueries, 11);
  const distinct = new Set(corpus.slice(0, maxN).map((c) => c.turn)).size;
  const runs: Run[] = [];
  for (const n of sizes) {
    // Seed once per size (exact index: Voy rebuilds its k-d tree on every add, so seeding
    // through it is quadratic); then each index type loads the same store, as a restarted
    // service worker would, and is measured on its own.
    const db = await openMnemoDb(`bench-engine-${process.pid}-${++seq}`);
    const store = new MemoryStore(db);
    let t = Date.UTC(2025, 0, 1);
    const clock = { now: () => t };
    const base = { store, embedder, clock, redact: (s: string) => s };
    // Seeding writes records straight to the store in batches (the import path): going
    // through ingest would spend the run in the per-turn costs measured below.
    const s0 = performance.now();
    t = await seedTurns(store, embedder, corpus, n, t, {
      role: () => 'user',
      url: 'http://127.0.0.1/demo',
    });
    const seedMsPerTurn = (performance.now() - s0) / n;
    const engines: { index: 'exact' | 'voy'; engine: MemoryEngine; initMs: number }[] = [];
    for (const index of ['exact', 'voy'] as const) {
      const i0 = performance.now();
      const engine = new MemoryEngine({
        ...base,
        extractor: new RuleExtractor(),
        vectorIndex: (d: number) => (index === 'voy' ? new VoyIndex() : new ExactIndex(d)),
      });
      await engine.init();
      engines.push({ index, engine, initMs: performance.now() - i0 });
    }
    for (const { index, engine, initMs } of engines) {
      const ingest: number[] = [];
      for (let i = 0; i < nIngest; i++) {
        const c = corpus[maxN + i]!;
        t += 60_000;
        const s = performance.now();
        await engine.ingest(
          {
            site: 'demo',
            conversationId: `timed-${index}`,
            turnId: `t${i}`,
            role: 'user',
            text: c.turn,
            url: 'http://127.0.0.1/demo',
            observedAt: t,
          },
          'site:demo',
        );
        ingest.push(performance.now() - s);
      }
      const queries = corpus.slice(maxN + nIngest).map((c) => c.query);
      const search: number[] = [];
      const factsOnly: number[] = [];
      for (const q of queries.slice(0, 20))
        await engine.search(q, { includeEpisodes: true, limit: 20 }); // warm-up
      for (const q of queries) {
        let s = performance.now();
        await engine.search(q, { buckets: ['site:demo'], includeEpisodes: true, limit: 20 });
        search.push(performance.now() - s);
        s = performance.now();
        await engine.search(q, { buckets: ['site:demo'], limit: 20 });
        factsOnly.push(performance.now() - s);
      }
      const st = engine.stats();
      runs.push({
        memories: st.active,
        items: st.active + st.episodes,
        index,
        seedMsPerTurn: round(seedMsPerTurn, 2),
        initMs: round(initMs, 0),
        ingestMs: p50p95(ingest),
        searchMs: p50p95(search),
        searchFactsOnlyMs: p50p95(factsOnly),
      });
      console.error(`${index} @ ${n}: done`);
    }
    db.close();
  }
  const json = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: (await import('node:os')).cpus().length,
    distinctSeedTurns: distinct,
    runs,
  };
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, JSON.stringify(json, null, 2));
  console.log(
    mdTable(
      [
        'memories',
        'indexed items',
        'index',
        'seed ms/turn',
        'load (init) ms',
        'ingest p50',
        'ingest p95',
        'search p50',
        'search p95',
        'facts-only p50',
        'facts-only p95',
      ],
      runs.map((r) => [
        r.memories,
        r.items,
        r.index,
        r.seedMsPerTurn,
        r.initMs,
        r.ingestMs.p50,
        r.ingestMs.p95,
        r.searchMs.p50,
        r.searchMs.p95,
        r.searchFactsOnlyMs.p50,
        r.searchFactsOnlyMs.p95,
      ]),
    ),
  );
  console.log(
    `\n(ms; ingest = real rule extractor on new turns at that size; search = query embedding + vector + BM25 + fusion, limit 20; JSON: ${out})`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
