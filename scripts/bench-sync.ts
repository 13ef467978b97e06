/**
 * Sync figures (issue 22), Node ↔ pouchdb-server ↔ Node, with the code the extension runs:
 * the replicator, the sync pass, the encryption and the real engine (potion embedder,
 * IndexedDB through fake-indexeddb); the mirrors use PouchDB's in-memory adapter instead of
 * the browsers' IndexedDB one.
 *
 *   npm run bench:sync -- [--memories 10000] [--edits 20] [--out F.json]
 *
 * 1. Device A holds N memories and sets sync up (creates the vault, uploads everything).
 * 2. Device B, empty, sets sync up with the same passphrase: the first full sync, timed
 *    until B's engine holds all N memories (key derivation, download, decryption, and the
 *    engine's embedding and indexing included).
 * 3. Both live: an edit on A, timed until B's engine returns the new text, `--edits` times.
 */
import 'fake-indexeddb/auto';
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import memoryAdapter from 'pouchdb-adapter-memory';
import { syntheticTurns } from '../src/bench/synthetic';
import { defaultSettings, type Settings } from '../src/config/settings';
import { nodeModelSource } from '../src/embed/node-source';
import { StaticEmbedder } from '../src/embed/static';
import { MemoryEngine } from '../src/memory/engine';
import { systemClock, type Extractor, type Memory } from '../src/memory/types';
import { openMnemoDb } from '../src/store/db';
import { MemoryStore } from '../src/store/store';
import { ConfigStore } from '../src/sync/config';
import type { Sealed } from '../src/sync/crypto';
import { engineHost } from '../src/sync/host';
import { Pouch, remoteDb } from '../src/sync/pouch';
import { Replicator } from '../src/sync/replicator';
import { startCouch } from './couch';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const N = Number(arg('memories') ?? 10_000);
const EDITS = Number(arg('edits') ?? 20);
const MemPouch = Pouch.plugin(memoryAdapter);

/** No turn is ingested here: memories come in through import and sync. */
const noExtractor: Extractor = { id: 'none', extract: async () => ({ candidates: [] }) };

let n = 0;
async function device(embedder: StaticEmbedder) {
  const tag = `${process.pid}-${++n}`;
  const store = new MemoryStore(await openMnemoDb(`bench-sync-${tag}`));
  const engine = new MemoryEngine({ store, embedder, extractor: noExtractor, clock: systemClock });
  await engine.init();
  let settings: Settings = defaultSettings();
  const sync = new Replicator({
    host: engineHost({
      engine: async () => engine,
      settings: async () => settings,
      saveSettings: async (s) => (settings = s),
      now: () => Date.now(),
    }),
    config: new ConfigStore(`bench-sync-config-${tag}`),
    openMirror: (name) => new MemPouch<Sealed>(`${name}-${tag}`, { adapter: 'memory' }),
    openRemote: (url, auth) => remoteDb<Sealed>(url, auth),
    now: () => Date.now(),
  });
  return { engine, sync };
}

async function until(cond: () => Promise<boolean>, ms: number, what: string): Promise<number> {
  const t0 = performance.now();
  while (!(await cond())) {
    if (performance.now() - t0 > ms) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return performance.now() - t0;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function main() {
  const couch = await startCouch();
  try {
    const embedder = await StaticEmbedder.load(nodeModelSource(resolve(root, 'public/models')));
    const a = await device(embedder);
    const now = Date.now();
    const memories: Memory[] = syntheticTurns(N, 22).map((t, i) => ({
      id: `m_bench_${i}`,
      text: `${t.fact.replace(/\.$/, '')} (note ${i}).`,
      kind: 'fact',
      bucket: 'site:demo',
      observedAt: now - i * 1000,
      createdAt: now - i * 1000,
      updatedAt: now - i * 1000,
      status: 'active',
      pinned: false,
      entities: [],
      provenance: [
        { site: 'demo', conversationId: `c${i % 500}`, url: '', turnIds: [`t${i}`], role: 'user' },
      ],
    }));
    const imported = await a.engine.importMemories(memories);
    const held = (await a.engine.exportable()).length;
    console.error(`device A holds ${held} memories (${imported.added} imported)`);

    const setup = {
      url: `${couch.origin}/mnemo`,
      username: '',
      password: '',
      passphrase: 'bench passphrase for sync',
      urls: false,
    };
    let t0 = performance.now();
    await a.sync.setup(setup);
    await a.sync.syncNow();
    const uploadMs = performance.now() - t0;
    const docs = (await remoteDb<Sealed>(setup.url).info()).doc_count;
    console.error(`A uploaded: ${docs} documents in ${(uploadMs / 1000).toFixed(1)} s`);

    const b = await device(embedder);
    t0 = performance.now();
    await b.sync.setup(setup);
    await until(
      async () => (await b.engine.exportable()).length >= held,
      600_000,
      'the first full sync',
    );
    const firstSyncMs = performance.now() - t0;
    console.error(`B's first full sync: ${(firstSyncMs / 1000).toFixed(1)} s`);

    const edits: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const id = `m_bench_${(i * 7919) % held}`;
      const text = `User edited memory ${i} at ${Date.now()}.`;
      await a.engine.edit(id, text);
      a.sync.changed();
      edits.push(
        await until(async () => (await b.engine.get(id))?.text === text, 30_000, `edit ${i}`),
      );
    }
    await a.sync.turnOff();
    await b.sync.turnOff();

    const result = {
      at: new Date().toISOString(),
      commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root })
        .toString()
        .trim(),
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
      setup:
        'Node ↔ pouchdb-server (in memory, 127.0.0.1) ↔ Node; real engine on fake-indexeddb, PouchDB memory adapter mirrors',
      memories: held,
      serverDocs: docs,
      uploadSeconds: uploadMs / 1000,
      firstFullSyncSeconds: firstSyncMs / 1000,
      editPropagationMs: {
        n: edits.length,
        median: pct(edits, 50),
        p95: pct(edits, 95),
        max: Math.max(...edits),
      },
      targets: { firstFullSyncSeconds: 60, editPropagationMs: 5000 },
    };
    const out =
      arg('out') ?? resolve(root, `bench-results/sync-${result.at.replace(/[:.]/g, '-')}.json`);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, JSON.stringify(result, null, 2));
    console.log(`| measure | value | target |
| --- | --- | --- |
| memories | ${held} | 10,000 |
| upload from A (setup + sync now) | ${result.uploadSeconds.toFixed(1)} s | |
| first full sync to empty B | ${result.firstFullSyncSeconds.toFixed(1)} s | ≤ 60 s |
| edit A → B, median (n=${edits.length}) | ${Math.round(result.editPropagationMs.median)} ms | ≤ 5 s |
| edit A → B, p95 / max | ${Math.round(result.editPropagationMs.p95)} / ${Math.round(result.editPropagationMs.max)} ms | ≤ 5 s |
written: ${out}`);
  } finally {
    await couch.close();
  }
}

await main();
