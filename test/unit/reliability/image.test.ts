/**
 * The start image (src/store/image.ts): a packed copy of the memories, episodes and vectors
 * that every store write keeps in step in its own transaction. It must always equal what the
 * per-item stores hold, hold nothing of a forgotten item, be ignored (and rebuilt) when out
 * of step, and give an engine start exactly the state a start from the per-item stores does.
 */
import { describe, expect, it } from 'vitest';
import { INJECTION_SEARCH } from '../../../src/inject/plan';
import { MemoryEngine } from '../../../src/memory/engine';
import {
  episodeHead,
  memoryHead,
  type EpisodeHead,
  type ItemHead,
  type MemoryHead,
} from '../../../src/memory/head';
import type { Episode, Memory } from '../../../src/memory/types';
import {
  EPISODE,
  EPISODE_ITEM,
  HEAD_REFS,
  HeadReader,
  MEMORY,
  packHeads,
} from '../../../src/store/heads';
import {
  DELTA_MAX,
  GEN_KEY,
  IMAGE_KEY,
  IMAGE_VERSION,
  ImageChanges,
  isDelta,
  itemOrder,
  withChanges,
  chunkOf,
  chunksFor,
  episodeStamp,
  imageValid,
  memoryStamp,
  needsRechunk,
  rechunk,
  buildImage,
  type ImageChunk,
  type ImageState,
} from '../../../src/store/image';
import { decodeEpisode, decodeMemory } from '../../../src/store/record';
import type { MemoryStore } from '../../../src/store/store';
import {
  ScriptedExtractor,
  TestClock,
  fact,
  makeEngine,
  realEmbedder,
  turn,
} from '../../helpers/engine';

const B = 'site:demo';

/** The image's items, decoded: id → { item, stamp, head, vector }. */
async function imageItems(store: MemoryStore) {
  const db = store.db;
  const [chunks, state, gen] = await Promise.all([
    db.getAll('image'),
    db.get('meta', IMAGE_KEY),
    db.get('meta', GEN_KEY),
  ]);
  const s = state?.value as ImageState | undefined;
  expect(imageValid(s, gen?.value as number)).toBe(true);
  const items = new Map<
    string,
    { item: unknown; stamp: number; head: ItemHead; v?: number[]; model: string }
  >();
  // The chunks with the pending delta folded in, as a start reads them.
  const delta = chunks.find(isDelta);
  const changes = ImageChanges.from(delta).byChunk(s!.chunks);
  const base = chunks.filter((c): c is ImageChunk => !isDelta(c));
  if (delta) expect(delta.ops.length).toBeLessThanOrEqual(DELTA_MAX);
  for (const c of base) expect(c.n).toBeLessThan(s!.chunks);
  expect(base.reduce((k, c) => k + c.ids.length, 0)).toBe(s!.items);
  const ns = [...new Set([...base.map((c) => c.n), ...changes.keys()])];
  for (const n of ns) {
    const c = withChanges(
      n,
      base.find((b) => b.n === n),
      changes.get(n) ?? [],
    );
    c.ids.forEach((id, i) => {
      expect(chunkOf(id, s!.chunks)).toBe(n);
      if (i > 0) expect(itemOrder(c.ids[i - 1]!, c.kinds[i - 1]!, id, c.kinds[i]!)).toBe(-1);
      const v = c.vec(i);
      items.set(id, {
        item:
          c.kinds[i] === EPISODE
            ? decodeEpisode(c.recs[i]!, id.slice(EPISODE_ITEM.length))
            : decodeMemory(c.recs[i]!, id),
        stamp: c.stamps[i]!,
        head: c.head(i),
        ...(v ? { v: [...v] } : {}),
        model: c.model,
      });
    });
  }
  return { items, chunks: base, delta, state: s! };
}

/** The image holds exactly the per-item stores' memories, episodes and vectors. */
async function expectInStep(store: MemoryStore) {
  const { items } = await imageItems(store);
  const [memories, episodes, vectors] = await Promise.all([
    store.allMemories(),
    store.allEpisodes(),
    store.allVectors(),
  ]);
  const want = new Map<string, { item: Memory | Episode; stamp: number; head: ItemHead }>();
  for (const m of memories) want.set(m.id, { item: m, stamp: memoryStamp(m), head: memoryHead(m) });
  for (const e of episodes)
    want.set(EPISODE_ITEM + e.key, { item: e, stamp: episodeStamp(e), head: episodeHead(e) });
  expect([...items.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [id, w] of want) {
    expect(items.get(id)!.item, id).toEqual(w.item);
    expect(items.get(id)!.stamp, id).toBe(w.stamp);
    // What the search filter reads of the item without parsing it follows every write too.
    expect(items.get(id)!.head, id).toEqual(w.head);
  }
  for (const v of vectors) {
    const got = items.get(v.id);
    if (!got) continue; // an orphan vector has no item
    expect(got.model).toBe(v.model);
    expect(got.v, v.id).toEqual([...v.v]);
  }
  for (const [id, got] of items)
    expect(
      vectors.some((v) => v.id === id),
      id,
    ).toBe(got.v !== undefined);
}

const memory = (id: string, text: string, over: Partial<Memory> = {}): Memory => ({
  id,
  text,
  kind: 'fact',
  bucket: B,
  observedAt: 1,
  createdAt: 1,
  updatedAt: 1,
  status: 'active',
  pinned: false,
  entities: [],
  provenance: [
    { site: 'demo', conversationId: 'imp', url: 'http://x/', turnIds: [id], role: 'user' },
  ],
  ...over,
});

async function restarted(store: MemoryStore, over: Record<string, unknown> = {}) {
  const e = new MemoryEngine({
    store,
    embedder: await realEmbedder(),
    extractor: new ScriptedExtractor(),
    clock: new TestClock(),
    redact: (t) => t,
    ...over,
  });
  await e.init();
  return e;
}

describe('start image', () => {
  it('follows every kind of write, in the same transaction', async () => {
    const ex = new ScriptedExtractor({
      'I live in Munich': [fact('User lives in Munich.', { slot: 'home' })],
      'I moved to Berlin': [fact('User lives in Berlin.', { slot: 'home' })],
      'I play the cello': [fact('User plays the cello.')],
      'I keep bees': [fact('User keeps bees.')],
    });
    const { engine, store } = await makeEngine(ex);
    await expectInStep(store); // a fresh database starts with an empty, valid image
    await engine.ingest(turn('I live in Munich', { observedAt: 1000 }), B);
    await engine.ingest(turn('I moved to Berlin', { observedAt: 2000 }), B);
    const cello = await engine.ingest(turn('I play the cello', { conversationId: 'c2' }), B);
    await expectInStep(store);
    const t = turn('I keep bees', { conversationId: 'c3' });
    await engine.ingest(t, B);
    await engine.ingest({ ...t, text: 'I play the cello' }, B); // an edited turn
    await expectInStep(store);
    const id = cello.changes[0]!.memoryId;
    await engine.edit(id, 'User plays the cello in an orchestra.');
    await engine.setPinned(id, true);
    await expectInStep(store);
    const [gone] = await engine.forget({ type: 'memory', id });
    await expectInStep(store);
    await engine.restore(gone!);
    await expectInStep(store);
    await engine.importMemories([memory('i1', 'User likes jazz.'), memory('i2', 'User runs.')]);
    await engine.moveBucket(B, 'site:other');
    await expectInStep(store);
    await engine.forget({ type: 'conversation', site: 'demo', conversationId: 'c1' });
    await expectInStep(store);
    await engine.forget({ type: 'bucket', bucket: 'site:other' });
    await expectInStep(store);
    await engine.ingest(turn('I keep bees', { conversationId: 'c9' }), B);
    await engine.forget({ type: 'all' });
    await expectInStep(store);
    await engine.ingest(turn('I keep bees', { conversationId: 'c10' }), B);
    await expectInStep(store);
  });

  it('keeps no word or vector of what was forgotten', async () => {
    const ex = new ScriptedExtractor({
      'I see Dr Okonkwo about insomnia': [fact('User sees Dr Okonkwo about insomnia.')],
      'I grow tomatoes': [fact('User grows tomatoes.')],
    });
    const { engine, store } = await makeEngine(ex);
    const r = await engine.ingest(turn('I see Dr Okonkwo about insomnia'), B);
    await engine.ingest(turn('I grow tomatoes', { conversationId: 'c2' }), B);
    const text = async () =>
      (await store.db.getAll('image'))
        .flatMap((c) =>
          isDelta(c) ? c.ops.flatMap((o) => [o.id, o.rec ?? '']) : [...c.ids, ...c.recs],
        )
        .join('\n');
    expect(await text()).toContain('Okonkwo');
    await engine.forget({ type: 'memory', id: r.changes[0]!.memoryId });
    // The fact is gone, and so is the sentence of its source turn that stated it: the turn
    // stays (as an empty source) until its conversation goes.
    expect(await text()).not.toMatch(/okonkwo|insomnia/i);
    await engine.forget({ type: 'conversation', site: 'demo', conversationId: 'c1' });
    expect(await text()).not.toMatch(/okonkwo|insomnia/i);
    const { items } = await imageItems(store);
    expect([...items.keys()].some((id) => id === r.changes[0]!.memoryId)).toBe(false);
    expect([...items.keys()].some((id) => id.includes('|c1|'))).toBe(false);
    await expectInStep(store);
  });

  it('a start from it equals a start from the per-item stores', async () => {
    const ex = new ScriptedExtractor({
      'I play the cello': [fact('User plays the cello in an orchestra.')],
      'I grow tomatoes': [fact('User grows tomatoes on the balcony.')],
      'I have a cat': [fact('User has a cat named Miso.')],
    });
    const env = await makeEngine(ex, { snapshotDelayMs: 60_000 });
    for (const [i, x] of ['I play the cello', 'I grow tomatoes', 'I have a cat'].entries())
      await env.engine.ingest(turn(x, { conversationId: `k${i}`, observedAt: 1000 * i }), B);
    await env.engine.importMemories(
      Array.from({ length: 60 }, (_, i) =>
        memory(`im${i}`, `User note ${i} about cats and music.`),
      ),
    );
    const queries = ['cello orchestra', 'cat', 'tomatoes balcony', 'music note 7', 'nothing'];
    const run = async (e: MemoryEngine) =>
      Promise.all(
        queries.map(async (q) =>
          (await e.search(q, { includeEpisodes: true, limit: 30 })).map((h) => [
            h.id,
            h.score,
            h.parts,
          ]),
        ),
      );
    for (const withSnapshot of [false, true]) {
      if (withSnapshot) await env.engine.saveSnapshot();
      const fromImage = await restarted(env.store);
      expect(fromImage.lexicalSource).toBe(withSnapshot ? 'snapshot' : 'rebuilt');
      const a = await run(fromImage);
      // The same store without its image: the per-item stores are read.
      await env.store.db.delete('meta', IMAGE_KEY);
      expect((await env.store.loadStart()).image).toBeUndefined();
      const fromItems = await restarted(env.store);
      expect(fromItems.lexicalSource).toBe(withSnapshot ? 'snapshot' : 'rebuilt');
      expect(await run(fromItems)).toEqual(a);
      expect(await run(env.engine)).toEqual(a);
      const state = (e: MemoryEngine) => {
        const s = e.indexState();
        return { ...s, memories: s.memories.sort(), episodes: s.episodes.sort() };
      };
      expect(state(fromItems)).toEqual(state(fromImage));
      expect((await fromItems.list({})).items).toEqual((await fromImage.list({})).items);
      // That start rebuilt the image (in the background).
      await expect.poll(async () => (await env.store.loadStart()).image !== undefined).toBe(true);
      await expectInStep(env.store);
    }
  });

  it('a search after a start reads only the episodes it ranks and their conversations', async () => {
    const env = await makeEngine(new ScriptedExtractor(), { snapshotDelayMs: 60_000 });
    const conversations = 40;
    for (let c = 0; c < conversations; c++)
      for (let t = 0; t < 4; t++)
        await env.engine.ingest(
          turn(`kayak${c} paddle${c}x${t}`, {
            conversationId: `conv${c}`,
            observedAt: 1000 * (c * 10 + t),
          }),
          B,
        );
    await env.engine.saveSnapshot();
    const fresh = await restarted(env.store);
    const raw = () =>
      (fresh as unknown as { s: { episodes: { rawCount: number } } }).s.episodes.rawCount;
    expect(raw()).toBe(conversations * 4);
    const hits = await fresh.search('kayak7', { includeEpisodes: true, limit: 5 });
    expect(hits[0]!.text).toContain('kayak7');
    // What the vector scan's selection filtered and kayak7's conversation were read (about
    // 100 here); a walk over every conversation (as before) would leave none as text.
    expect(raw()).toBeGreaterThan(conversations);
    // Neighbour context after a fresh start ranks as on the engine that ingested the turns.
    const again = await env.engine.search('kayak7', { includeEpisodes: true, limit: 5 });
    expect(hits.map((h) => [h.id, h.score])).toEqual(again.map((h) => [h.id, h.score]));
  });

  it('the first search after a start judges items by their heads, not by parsing them', async () => {
    const env = await makeEngine(new ScriptedExtractor(), { snapshotDelayMs: 60_000 });
    // 60 of the other party's turns say "zebra"; five of the user's do. The injection search
    // may return only the user's statements, so it refuses the 60.
    for (let c = 0; c < 60; c++)
      await env.engine.ingest(
        turn(`Zebra stripes on the savanna, number ${c}.`, {
          conversationId: `a${c}`,
          role: 'assistant',
        }),
        B,
      );
    for (let c = 0; c < 5; c++)
      await env.engine.ingest(
        turn(`I saw a zebra at the zoo, visit ${c}.`, { conversationId: `u${c}` }),
        B,
      );
    await env.engine.saveSnapshot();
    const fresh = await restarted(env.store);
    const raw = () =>
      (fresh as unknown as { s: { episodes: { rawCount: number } } }).s.episodes.rawCount;
    expect(raw()).toBe(65);
    const opts = {
      includeEpisodes: true,
      episodeRoles: ['user' as const],
      statementsOnly: true,
      limit: 5,
    };
    const hits = await fresh.search('zebra', opts);
    expect(hits.map((h) => h.text).sort()).toEqual(
      Array.from({ length: 5 }, (_, c) => `I saw a zebra at the zoo, visit ${c}.`),
    );
    // Asking the filter about every turn "zebra" is in read them all; only the best 20 of the
    // refused turns are read now, as context seeds (their conversations' order).
    expect(raw()).toBeGreaterThanOrEqual(40);
    // And the heads decide as the items do: the engine that ingested them answers alike.
    const again = await env.engine.search('zebra', opts);
    expect(hits.map((h) => [h.id, h.score])).toEqual(again.map((h) => [h.id, h.score]));
  });

  it('heads decide as the items do, under every filter', async () => {
    const ex = new ScriptedExtractor({
      'I live in Munich': [fact('User lives in Munich.', { slot: 'home' })],
      'I moved to Berlin': [fact('User lives in Berlin.', { slot: 'home' })],
      'I play the cello in Munich': [fact('User plays the cello.')],
      'I keep bees in Munich': [fact('User keeps bees.')],
    });
    const env = await makeEngine(ex, { snapshotDelayMs: 60_000 });
    const say = (text: string, conversationId: string, observedAt: number, role = 'user') =>
      env.engine.ingest(
        turn(text, { conversationId, observedAt, role: role as 'user' | 'assistant' }),
        B,
      );
    await say('I live in Munich', 'h1', 1000);
    await say('Munich has great beer gardens.', 'h1', 1500, 'assistant');
    await say('I moved to Berlin', 'h2', 5000); // supersedes Munich at 5000
    await say('Do you like Munich?', 'h2', 5500); // asks only
    await say('I play the cello in Munich', 'h3', 7000);
    const bees = await say('I keep bees in Munich', 'h4', 8000);
    await env.engine.forget({ type: 'memory', id: bees.changes[0]!.memoryId }); // suppressed turn
    await env.engine.importMemories([
      memory('c1', 'User visited Munich in May.', {
        kind: 'event',
        observedAt: 6000,
        provenance: [
          { site: 'claude', conversationId: 'x', url: 'http://x/', turnIds: ['a'], role: 'user' },
        ],
      }),
      memory('o1', 'User liked Munich airport.', { bucket: 'site:other', observedAt: 3000 }),
    ]);
    await env.engine.saveSnapshot();
    const options = [
      { includeEpisodes: true },
      { includeEpisodes: true, episodeRoles: ['user' as const], statementsOnly: true },
      { includeEpisodes: true, episodeRoles: ['assistant' as const] },
      { status: 'all' as const },
      { asOf: 3000 },
      { asOf: 6500, includeEpisodes: true },
      { sites: ['claude' as const] },
      { kinds: ['event' as const] },
      { from: 2000, to: 7500, includeEpisodes: true },
      { buckets: ['site:other'] },
      { buckets: [B], includeEpisodes: true },
    ];
    // Each filter on a fresh start from the image (the items in JSON, judged by their heads:
    // a search parses what it ranks), against a start from the per-item stores (all parsed).
    const fresh = await Promise.all(options.map(() => restarted(env.store)));
    await env.store.db.delete('meta', IMAGE_KEY);
    const parsed = await restarted(env.store);
    for (const [i, o] of options.entries()) {
      const got = await fresh[i]!.search('Munich', { ...o, limit: 30 });
      const want = await parsed.search('Munich', { ...o, limit: 30 });
      expect(got.length, JSON.stringify(o)).toBeGreaterThan(0);
      expect(
        got.map((h) => [h.id, h.score]),
        JSON.stringify(o),
      ).toEqual(want.map((h) => [h.id, h.score]));
    }
  });

  it('out of step with the store: not used, dropped by the next write, rebuilt at start', async () => {
    const ex = new ScriptedExtractor({ 'I keep bees': [fact('User keeps bees.')] });
    const { engine, store } = await makeEngine(ex);
    await engine.ingest(turn('I keep bees'), B);
    // As if an older writer had written without it.
    const gen = (await store.db.get('meta', GEN_KEY))!.value as number;
    await store.db.put('meta', { key: GEN_KEY, value: gen + 1 });
    expect((await store.loadStart()).image).toBeUndefined();
    await engine.setPinned((await store.allMemories())[0]!.id, true);
    expect(await store.db.getAll('image')).toEqual([]); // dropped, nothing stale left
    expect(await store.db.get('meta', IMAGE_KEY)).toBeUndefined();
    const e2 = await restarted(store);
    expect((await e2.search('bees'))[0]?.text).toBe('User keeps bees.');
    await expect.poll(async () => (await store.loadStart()).image !== undefined).toBe(true);
    await expectInStep(store);
  });

  it('counts and lists from heads after a start as the engine that wrote the items does', async () => {
    const ex = new ScriptedExtractor({
      'I live in Munich': [fact('User lives in Munich.', { slot: 'home' })],
      'I moved to Berlin': [fact('User lives in Berlin.', { slot: 'home' })],
      'I keep bees': [fact('User keeps bees.')],
      'I play chess': [fact('User plays chess.')],
      'I play the oboe': [fact('User plays the oboe.')],
    });
    const env = await makeEngine(ex);
    const at = (h: number) => ({ observedAt: Date.UTC(2026, 4, 3, h) });
    await env.engine.ingest(turn('I live in Munich', at(1)), B);
    await env.engine.ingest(turn('I moved to Berlin', at(2)), B);
    const bees = await env.engine.ingest(
      turn('I keep bees', { conversationId: 'c2', ...at(3) }),
      'b:garden',
    );
    // Two facts said at the same moment, told apart by when they were stored (updatedAt).
    await env.engine.ingest(turn('I play chess', { conversationId: 'c3', ...at(4) }), B);
    env.clock.advance(1000);
    await env.engine.ingest(turn('I play the oboe', { conversationId: 'c4', ...at(4) }), B);
    env.clock.advance(1000);
    await env.engine.setPinned(bees.changes[0]!.memoryId!, true);
    const want = env.engine.stats();
    expect(want).toEqual({
      memories: 5,
      active: 4,
      episodes: 5,
      buckets: { [B]: 3, 'b:garden': 1 },
    });
    const lists = async (e: MemoryEngine) => ({
      first: (await e.list()).items.map((m) => m.text),
      page: (await e.list({ offset: 1, limit: 2 })).items.map((m) => m.text),
      all: (await e.list({ status: 'all' })).items.map((m) => m.text),
      inBucket: (await e.list({ buckets: [B] })).total,
    });
    const listed = await lists(env.engine);
    // Pinned first, then the newest; of two said at once, the one stored last.
    expect(listed.first.slice(0, 3)).toEqual([
      'User keeps bees.',
      'User plays the oboe.',
      'User plays chess.',
    ]);
    // With the lexical snapshot saved, a start leaves the items unparsed (a rebuild would
    // parse them all).
    await env.engine.saveSnapshot();
    const e2 = await restarted(env.store);
    expect(e2.lexicalSource).toBe('snapshot');
    expect(e2.stats()).toEqual(want);
    expect(await lists(e2)).toEqual(listed);
  });

  it('an image from before heads (version 1) is not read, and is rebuilt at start', async () => {
    const ex = new ScriptedExtractor({ 'I keep bees': [fact('User keeps bees.')] });
    const { engine, store } = await makeEngine(ex);
    await engine.ingest(turn('I keep bees'), B);
    // As the previous version wrote it: no heads in the chunks, version 1 in the state.
    for (const c of await store.db.getAll('image'))
      if (!isDelta(c)) await store.db.put('image', { ...c, heads: undefined } as never);
    const state = (await store.db.get('meta', IMAGE_KEY))!.value as ImageState;
    await store.db.put('meta', { key: IMAGE_KEY, value: { ...state, version: 1 } });
    expect((await store.loadStart()).image).toBeUndefined();
    const e2 = await restarted(store);
    expect((await e2.search('bees'))[0]?.text).toBe('User keeps bees.');
    await expect
      .poll(async () => (await store.db.get('meta', IMAGE_KEY))?.value as ImageState)
      .toMatchObject({ version: IMAGE_VERSION });
    await expectInStep(store);
  });

  it("an image of version 5 (no slot in a memory's head) is rebuilt, and the profile finds the slot", async () => {
    const ex = new ScriptedExtractor({
      // No word the home need searches for ("live", "home", …): only the slot finds it.
      'I reside in Lisbon': [fact('User resides in Lisbon.', { slot: 'home', op: 'set' })],
    });
    const { engine, store } = await makeEngine(ex);
    await engine.ingest(turn('I reside in Lisbon'), B);
    // As version 5 wrote it: three string refs per head (no slot), version 5 in the state.
    for (const c of await store.db.getAll('image')) {
      if (isDelta(c)) continue;
      const n = c.ids.length;
      const refs = new Uint32Array(n * 3);
      for (let i = 0; i < n; i++)
        for (let k = 0; k < 3; k++) refs[i * 3 + k] = c.heads.refs[i * HEAD_REFS + k]!;
      await store.db.put('image', { ...c, heads: { ...c.heads, refs } });
    }
    const state = (await store.db.get('meta', IMAGE_KEY))!.value as ImageState;
    await store.db.put('meta', { key: IMAGE_KEY, value: { ...state, version: 5 } });
    expect((await store.loadStart()).image).toBeUndefined();
    const nearMe = async (e: MemoryEngine) =>
      (
        await e.injectionSearch('Any cheap lunch spots near me?', {
          ...INJECTION_SEARCH,
          buckets: [B],
          limit: 20,
        })
      ).map((h) => h.text);
    expect(await nearMe(await restarted(store))).toContain('User resides in Lisbon.');
    await expect
      .poll(async () => (await store.db.get('meta', IMAGE_KEY))?.value as ImageState)
      .toMatchObject({ version: IMAGE_VERSION });
    await expectInStep(store);
    // Read from the rebuilt image, the slot is in the table: the profile finds it again.
    expect(await nearMe(await restarted(store))).toContain('User resides in Lisbon.');
  });

  it('a lost vector is recomputed at start and written to the image too', async () => {
    const ex = new ScriptedExtractor({ 'I keep bees': [fact('User keeps bees.')] });
    const { engine, store } = await makeEngine(ex);
    await engine.ingest(turn('I keep bees'), B);
    const [m] = await store.allMemories();
    // A vector of another model stands for a lost one (the image keeps one model a chunk).
    await store.commitIngest({
      memories: [],
      vectors: [{ id: m!.id, model: 'another-model', v: new Float32Array(8) }],
      history: [],
    });
    const e2 = await restarted(store);
    expect(e2.hasIndexed(m!.id)).toEqual({ vector: true, lexical: true });
    expect((await store.getVector(m!.id))?.model).toBe((await realEmbedder()).id);
    await expectInStep(store);
  });
});

describe('item heads', () => {
  it('pack into columns and read back as they were', () => {
    const m = (over: Partial<Memory>) => memoryHead(memory('x', 'User text.', over));
    const heads: ItemHead[] = [
      m({}),
      m({ status: 'superseded', supersededAt: 1234, kind: 'preference', bucket: 'custom:a' }),
      m({ status: 'deleted', observedAt: 99 }),
      m({
        provenance: ['claude', 'chatgpt', 'claude'].map((site) => ({
          site: site as 'claude',
          conversationId: 'c',
          url: 'http://x/',
          turnIds: ['t'],
          role: 'user' as const,
        })),
      }),
      m({ provenance: [] }),
    ];
    const ep = (over: Partial<Episode>): ItemHead =>
      episodeHead({
        ...turn('I keep bees on the roof.'),
        key: 'demo|c|t',
        bucket: B,
        textHash: 'h',
        ...over,
      });
    heads.push(
      ep({}),
      ep({ role: 'assistant', bucket: 'site:other', site: 'gemini', observedAt: 7 }),
      ep({ suppressed: true }),
      ep({ text: 'Do you keep bees?' }),
    );
    const kinds = heads.map((_, i) => (i < 5 ? MEMORY : EPISODE));
    const packed = packHeads(kinds, heads);
    const reader = new HeadReader(packed, kinds);
    expect(heads.map((_, i) => reader.head(i))).toEqual(heads);
    expect((heads[8] as EpisodeHead).states).toBe(false);
    expect((heads[3] as MemoryHead).sites).toEqual(['claude', 'chatgpt']);
  });
});

describe('image chunking', () => {
  const items = (n: number) => Array.from({ length: n }, (_, i) => memory(`m${i}`, `text ${i}`));
  const vec = (i: number) => ({ id: `m${i}`, model: 'x', v: Float32Array.from([i, i + 1]) });

  it('grows and shrinks with the number of items, with hysteresis', () => {
    expect(chunksFor(0)).toBe(16);
    expect(chunksFor(10_000)).toBe(16);
    expect(chunksFor(100_000)).toBe(128);
    expect(needsRechunk(16, 30_000)).toBe(false);
    expect(needsRechunk(16, 40_000)).toBe(true);
    expect(needsRechunk(128, 100_000)).toBe(false);
    expect(needsRechunk(128, 20_000)).toBe(true);
    expect(needsRechunk(16, 0)).toBe(false);
  });

  it('rechunking keeps every item, its stamp and its vector', () => {
    const ms = items(3000);
    const built = buildImage(
      ms,
      [],
      ms.map((_, i) => vec(i)),
    );
    const flat = (cs: ImageChunk[]) => {
      const out = new Map<string, [string, number, number[]]>();
      for (const c of cs)
        c.ids.forEach((id, i) =>
          out.set(id, [
            c.recs[i]!,
            c.stamps[i]!,
            [...c.vecs.subarray(i * c.dims, (i + 1) * c.dims)],
          ]),
        );
      return out;
    };
    const again = rechunk(built.chunks, 64);
    expect(again.every((c) => c.ids.every((id) => chunkOf(id, 64) === c.n))).toBe(true);
    expect(flat(again)).toEqual(flat(built.chunks));
  });

  it('a store that grows past its chunking is rechunked in the write that does it', async () => {
    const { store } = await makeEngine(new ScriptedExtractor());
    const ms = items(33_000);
    await store.commitBatch({ memories: ms.slice(0, 30_000), vectors: [], history: [] });
    expect((await imageItems(store)).state.chunks).toBe(16);
    await store.commitBatch({
      memories: ms.slice(30_000),
      vectors: ms.map((_, i) => vec(i)),
      history: [],
    });
    const { state, items: got } = await imageItems(store);
    expect(state.chunks).toBe(64);
    expect(got.size).toBe(33_000);
    expect(got.get('m123')?.v).toEqual([123, 124]);
    await store.commitForget({
      memoryIds: ms.slice(2000).map((m) => m.id),
      episodeKeys: [],
      tombstones: [],
    });
    const after = await imageItems(store);
    expect(after.state.chunks).toBe(16);
    expect(after.items.size).toBe(2000);
  }, 120_000);
});
