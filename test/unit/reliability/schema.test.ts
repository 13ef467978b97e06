/**
 * The IndexedDB schema under stress (fake-indexeddb): a database written by schema version 1
 * opens at the current version with nothing lost; two connections negotiate a version
 * change instead of deadlocking; a quota failure is a StorageFullError that leaves the
 * database exactly as it was.
 */
import 'fake-indexeddb/auto';
import { openDB, type IDBPDatabase } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_VERSION, DatabaseBlockedError, openMnemoDb } from '../../../src/store/db';
import { ImageChanges, withChanges } from '../../../src/store/image';
import { decodeMemory } from '../../../src/store/record';
import { MemoryStore, StorageFullError } from '../../../src/store/store';
import { MemoryEngine } from '../../../src/memory/engine';
import {
  ScriptedExtractor,
  TestClock,
  fact,
  makeEngine,
  realEmbedder,
  turn,
} from '../../helpers/engine';

let n = 0;
const fresh = () => `schema-${process.pid}-${++n}`;

/** Version 1 exactly as it shipped (db.ts's first upgrade step), with one of everything. */
async function makeV1(name: string): Promise<void> {
  const db = await openDB(name, 1, {
    upgrade(d) {
      const m = d.createObjectStore('memories', { keyPath: 'id' });
      m.createIndex('bucket', 'bucket');
      m.createIndex('status', 'status');
      m.createIndex('sourceKeys', 'sourceKeys', { multiEntry: true });
      m.createIndex('conversations', 'conversations', { multiEntry: true });
      m.createIndex('sites', 'sites', { multiEntry: true });
      d.createObjectStore('vectors', { keyPath: 'id' });
      const e = d.createObjectStore('episodes', { keyPath: 'key' });
      e.createIndex('conversation', ['site', 'conversationId']);
      e.createIndex('bucket', 'bucket');
      e.createIndex('site', 'site');
      const h = d.createObjectStore('history', { keyPath: 'id', autoIncrement: true });
      h.createIndex('memoryId', 'memoryId');
      d.createObjectStore('queue', { keyPath: 'seq', autoIncrement: true });
      d.createObjectStore('meta', { keyPath: 'key' });
    },
  });
  const t = turn('I keep bees in my garden', { conversationId: 'v1' });
  const key = `demo|v1|${t.turnId}`;
  await db.put('memories', {
    id: 'm_v1',
    text: 'User keeps bees in their garden.',
    kind: 'fact',
    bucket: 'site:demo',
    observedAt: 1,
    createdAt: 1,
    updatedAt: 1,
    status: 'active',
    pinned: true,
    entities: ['bees'],
    provenance: [
      { site: 'demo', conversationId: 'v1', url: t.url, turnIds: [t.turnId], role: 'user' },
    ],
    sourceKeys: [key],
    conversations: ['demo|v1'],
    sites: ['demo'],
  });
  await db.put('episodes', { ...t, key, bucket: 'site:demo', textHash: 'x' });
  await db.add('history', {
    memoryId: 'm_v1',
    at: 1,
    action: 'added',
    actor: 'extraction',
    after: 'User keeps bees in their garden.',
  });
  await db.add('queue', {
    turn: turn('I also keep chickens', { conversationId: 'v1' }),
    bucket: 'site:demo',
    enqueuedAt: 1,
    attempts: 0,
  });
  await db.put('meta', { key: 'settings', value: { version: 1, paused: true } });
  db.close();
}

/** Version 2 as it shipped: version 1 plus `forgotten`; with a vector and a tombstone. */
async function makeV2(name: string): Promise<void> {
  await makeV1(name);
  const embedder = await realEmbedder();
  const [v] = await embedder.embed(['User keeps bees in their garden.']);
  const db = await openDB(name, 2, {
    upgrade(d) {
      d.createObjectStore('forgotten', { keyPath: 'key' });
    },
  });
  await db.put('vectors', { id: 'm_v1', model: embedder.id, v: v! });
  await db.put('vectors', { id: 'm_orphan', model: embedder.id, v: v! });
  await db.put('forgotten', { key: 'demo|v1|gone', at: 1 });
  db.close();
}

const open: IDBPDatabase<unknown>[] = [];
afterEach(() => {
  for (const d of open.splice(0)) d.close();
});

describe('schema upgrades', () => {
  it(`a version 1 database opens at version ${DB_VERSION} with nothing lost`, async () => {
    const name = fresh();
    await makeV1(name);
    const db = await openMnemoDb(name);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(
      ['episodes', 'forgotten', 'history', 'image', 'memories', 'meta', 'queue', 'vectors'].sort(),
    );
    const store = new MemoryStore(db);
    expect((await store.allMemories()).map((m) => [m.id, m.text, m.pinned])).toEqual([
      ['m_v1', 'User keeps bees in their garden.', true],
    ]);
    expect(await store.counts()).toEqual({ memories: 1, episodes: 1, queue: 1 });
    expect((await store.history('m_v1')).map((h) => h.after)).toEqual([
      'User keeps bees in their garden.',
    ]);
    expect(await store.getMeta('settings')).toEqual({ version: 1, paused: true });
    expect(await store.forgottenKeys()).toEqual([]);
    // The indexes of version 1 still answer.
    expect(await store.memoriesFromSource((await store.allEpisodes())[0]!.key)).toHaveLength(1);

    // The engine starts on it: the vectors v1 lacked are computed, the memory is found.
    const engine = new MemoryEngine({
      store,
      embedder: await realEmbedder(),
      extractor: new ScriptedExtractor(),
      clock: new TestClock(),
      redact: (t) => t,
    });
    await engine.init();
    expect((await engine.search('bees garden'))[0]?.id).toBe('m_v1');
    const [q] = await store.pendingQueue();
    expect((await engine.ingest(q!.turn, q!.bucket, { queueSeq: q!.seq! })).status).toBe('stored');
    expect((await store.counts()).queue).toBe(0);
    db.close();
  });

  it('a version 2 database opens at version 3 with its start image built from its data', async () => {
    const name = fresh();
    await makeV2(name);
    const db = await openMnemoDb(name);
    expect(db.version).toBe(DB_VERSION);
    const store = new MemoryStore(db);
    const start = await store.loadStart();
    expect(start.forgotten).toEqual(['demo|v1|gone']);
    // Built by the upgrade: every memory and episode, with the vectors v2 had (no orphan).
    expect(await start.image!.delta).toBeUndefined();
    const built = (await Promise.all(start.image!.chunks)).filter((c) => c !== undefined);
    const items = built.flatMap((c) =>
      c.ids.map((id, i) => ({ id, kind: c.kinds[i], has: c.has[i], rec: c.recs[i]! })),
    );
    const [episode] = await store.allEpisodes();
    expect(items.map((x) => [x.id, x.kind, x.has]).sort()).toEqual(
      [
        ['m_v1', 0, 1],
        [`e:${episode!.key}`, 1, 0],
      ].sort(),
    );
    expect(decodeMemory(items.find((x) => x.id === 'm_v1')!.rec, 'm_v1')).toEqual(
      (await store.allMemories())[0],
    );
    const engine = new MemoryEngine({
      store,
      embedder: await realEmbedder(),
      extractor: new ScriptedExtractor(),
      clock: new TestClock(),
      redact: (t) => t,
    });
    await engine.init();
    expect((await engine.search('bees garden'))[0]?.id).toBe('m_v1');
    expect(engine.hasIndexed('m_orphan')).toEqual({ vector: false, lexical: false });
    // The episode's missing vector was computed, and reached the image in the same write.
    const image = (await store.loadStart()).image!;
    const pending = ImageChanges.from(await image.delta).byChunk(image.count);
    const chunks = (await Promise.all(image.chunks)).filter((c) => c !== undefined);
    const after = chunks.flatMap((c) => {
      const r = withChanges(c.n, c, pending.get(c.n) ?? []);
      return r.ids.map((_, i) => !!r.vec(i));
    });
    expect(after).toEqual([true, true]);
    db.close();
  });

  it('reopening the current version changes nothing', async () => {
    const name = fresh();
    await makeV1(name);
    (await openMnemoDb(name)).close();
    const db = await openMnemoDb(name);
    expect(await new MemoryStore(db).counts()).toEqual({ memories: 1, episodes: 1, queue: 1 });
    db.close();
  });
});

describe('two connections and a version change', () => {
  it('an open Mnemo connection closes for a newer version and says so', async () => {
    const name = fresh();
    let told = 0;
    const old = await openMnemoDb(name, { onVersionChange: () => told++ });
    await new MemoryStore(old).setMeta('settings', { paused: true });
    // Another page (a newer Mnemo) upgrades: without the close it would be blocked forever.
    const newer = await openDB(name, DB_VERSION + 1);
    open.push(newer);
    expect(newer.version).toBe(DB_VERSION + 1);
    expect(told).toBe(1);
    expect(() => old.transaction('meta')).toThrow(); // closed
    expect(await newer.get('meta', 'settings')).toEqual({
      key: 'settings',
      value: { paused: true },
    });
  });

  it('an older connection that never closes: DatabaseBlockedError, and no connection is left open', async () => {
    const name = fresh();
    await makeV1(name);
    const stubborn = await openDB(name, 1); // no versionchange handler: never closes
    const err = await openMnemoDb(name, { blockedTimeoutMs: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseBlockedError);
    expect((err as Error).message).toMatch(/Close other Mnemo pages/);
    stubborn.close();
    // The pending open finishes once it closes, and closes itself: a later open is not blocked.
    const db = await openMnemoDb(name, { blockedTimeoutMs: 2000 });
    expect(db.version).toBe(DB_VERSION);
    expect(await new MemoryStore(db).counts()).toEqual({ memories: 1, episodes: 1, queue: 1 });
    db.close();
  });
});

/** Makes every `put` on the named object store fail as a full disk does. */
function quotaOn(storeName: string): () => void {
  const proto = IDBObjectStore.prototype;
  const put = proto.put;
  const add = proto.add;
  const fail = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    if (this.name === storeName)
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return put.apply(this, args);
  };
  proto.put = fail;
  proto.add = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
    if (this.name === storeName)
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return add.apply(this, args);
  };
  return () => {
    proto.put = put;
    proto.add = add;
  };
}

async function snapshot(db: IDBPDatabase<unknown>) {
  const out: Record<string, unknown[]> = {};
  for (const s of [...db.objectStoreNames].sort()) out[s] = await db.getAll(s as never);
  return JSON.stringify(out);
}

describe('storage quota exceeded', () => {
  for (const failing of ['memories', 'vectors', 'history', 'episodes', 'image']) {
    it(`ingestion failing on "${failing}": StorageFullError, nothing written, the engine goes on`, async () => {
      const ex = new ScriptedExtractor({ 'I play the oboe': [fact('User plays the oboe.')] });
      const { engine, store, db } = await makeEngine(ex);
      await engine.ingest(turn('I play the oboe', { conversationId: 'q0' }), 'site:demo');
      ex.set('I play chess on Sundays', [fact('User plays chess on Sundays.')]);
      const t = turn('I play chess on Sundays', { conversationId: 'q1' });
      const seq = await store.enqueue(t, 'site:demo', 1);
      const before = await snapshot(db as never);
      const stateBefore = engine.indexState();
      const restore = quotaOn(failing);
      let err: unknown;
      try {
        await engine.ingest(t, 'site:demo', { queueSeq: seq });
      } catch (e) {
        err = e;
      } finally {
        restore();
      }
      expect(err).toBeInstanceOf(StorageFullError);
      expect((err as Error).message).toMatch(/storage quota exceeded\).*Nothing was changed/);
      expect(await snapshot(db as never)).toBe(before); // the queued turn is still there
      expect(engine.indexState()).toEqual(stateBefore);
      // Space freed: the same queued turn goes through.
      expect((await engine.ingest(t, 'site:demo', { queueSeq: seq })).status).toBe('stored');
      expect((await engine.search('chess sundays'))[0]?.text).toBe('User plays chess on Sundays.');
      expect((await store.counts()).queue).toBe(0);
    });
  }

  it('a capture that does not fit: StorageFullError and the queue unchanged', async () => {
    const { store, db } = await makeEngine(new ScriptedExtractor());
    const before = await snapshot(db as never);
    const restore = quotaOn('queue');
    try {
      await expect(store.enqueue(turn('hello'), 'site:demo', 1)).rejects.toBeInstanceOf(
        StorageFullError,
      );
    } finally {
      restore();
    }
    expect(await snapshot(db as never)).toBe(before);
  });

  it('a forget that cannot write its tombstones changes nothing', async () => {
    const ex = new ScriptedExtractor({ 'I like jazz': [fact('User likes jazz.')] });
    const { engine, db } = await makeEngine(ex);
    await engine.ingest(turn('I like jazz', { conversationId: 'fj' }), 'site:demo');
    const before = await snapshot(db as never);
    const restore = quotaOn('forgotten');
    try {
      await expect(
        engine.forget({ type: 'conversation', site: 'demo', conversationId: 'fj' }),
      ).rejects.toBeInstanceOf(StorageFullError);
    } finally {
      restore();
    }
    expect(await snapshot(db as never)).toBe(before);
    expect((await engine.list({})).total).toBe(1);
  });
});
