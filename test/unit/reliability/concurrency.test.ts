/**
 * Five captures at once while the memory editor edits and deletes (engine and store over
 * fake-indexeddb): no lost update, no duplicate, and nothing deleted comes back through a
 * late ingestion. Also: a crash between the store write and the index write is repaired by
 * the next start, which rebuilds the indexes from the store.
 */
import { describe, expect, it } from 'vitest';
import { MemoryEngine } from '../../../src/memory/engine';
import type { CapturedTurn } from '../../../src/memory/types';
import { MemoryStore } from '../../../src/store/store';
import {
  ScriptedExtractor,
  TestClock,
  fact,
  makeEngine,
  realEmbedder,
  turn,
} from '../../helpers/engine';

const B = 'site:demo';
const INSTRUMENTS = ['bassoon', 'cello', 'harp', 'oboe', 'tuba'];

/** Drains the queue the way the background does: oldest first, each with its queue entry. */
async function processQueue(engine: MemoryEngine, store: MemoryStore) {
  for (const rec of await store.pendingQueue())
    await engine.ingest(rec.turn, rec.bucket, { queueSeq: rec.seq! });
}

describe('five tabs capturing while the editor edits and deletes', () => {
  it('no lost update, no duplicate, no resurrection', async () => {
    const ex = new ScriptedExtractor({
      'I drink green tea': [fact('User drinks green tea.')],
      'I have a snake named Kaa': [fact('User has a snake named Kaa.')],
    });
    const { engine, store } = await makeEngine(ex);
    const tea = turn('I drink green tea', { conversationId: 'popup' });
    const snake = turn('I have a snake named Kaa', { conversationId: 'popup' });
    await engine.ingest(tea, B);
    await engine.ingest(snake, B);
    const teaId = (await engine.list({})).items.find((m) => /tea/.test(m.text))!.id;
    const snakeId = (await engine.list({})).items.find((m) => /Kaa/.test(m.text))!.id;

    // Five tabs, each capturing 10 turns (and each capture re-sending its earlier turns, as
    // a content script does after a reload), all at once, with edits and deletes in between.
    const tabs = INSTRUMENTS.map((instrument, tab) =>
      Array.from({ length: 10 }, (_, i): CapturedTurn => {
        const text = `In orchestra ${tab} I play ${instrument} part ${i}`;
        ex.set(text, [fact(`User plays ${instrument} part ${i} in orchestra ${tab}.`)]);
        return turn(text, { conversationId: `tab${tab}`, turnId: `t${i}` });
      }),
    );
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 10; i++) {
      for (const [tab, turns] of tabs.entries()) {
        work.push(store.enqueue(turns[i]!, B, i).then(() => processQueue(engine, store)));
        if (i > 0) work.push(engine.ingest(turns[i - 1]!, B)); // a duplicate capture
        if (tab === 2 && i === 3)
          work.push(engine.edit(teaId, 'User drinks green tea with honey.'));
        if (tab === 4 && i === 5) work.push(engine.forget({ type: 'memory', id: snakeId }));
        if (tab === 1 && i === 7) work.push(engine.ingest({ ...snake }, B)); // late re-capture
        if (tab === 0 && i === 8) work.push(engine.ingest({ ...tea }, B)); // must not undo the edit
      }
    }
    await Promise.all(work);
    await processQueue(engine, store);

    const all = await store.allMemories();
    const texts = all.map((m) => m.text);
    expect(new Set(texts).size).toBe(texts.length); // no duplicate
    // Every captured turn is the source of exactly one memory (near-identical facts merge
    // into one memory, with both turns in its provenance).
    for (const tab of INSTRUMENTS.keys())
      for (let i = 0; i < 10; i++) {
        const from = all.filter((m) =>
          m.provenance.some((p) => p.conversationId === `tab${tab}` && p.turnIds.includes(`t${i}`)),
        );
        expect(from, `tab${tab} t${i}`).toHaveLength(1);
      }
    for (const m of all) {
      const refs = m.provenance.flatMap((p) => p.turnIds.map((t) => `${p.conversationId}|${t}`));
      expect(new Set(refs).size).toBe(refs.length);
    }
    expect(all.find((m) => m.id === teaId)?.text).toBe('User drinks green tea with honey.'); // no lost update
    expect(all.some((m) => /Kaa/.test(m.text))).toBe(false); // not resurrected
    expect(await store.allEpisodes()).toHaveLength(52);
    expect((await store.counts()).queue).toBe(0);
    // The in-memory indexes say the same as the store.
    expect(engine.indexState().memories.sort()).toEqual(all.map((m) => m.id).sort());
  });

  it('a conversation forgotten while its turns are queued: the late turns are dropped, re-captures too', async () => {
    const ex = new ScriptedExtractor();
    const { engine, store } = await makeEngine(ex);
    const turns = Array.from({ length: 5 }, (_, i) => {
      ex.set(`I collect stamps from country ${i}`, [
        fact(`User collects stamps from country ${i}.`),
      ]);
      return turn(`I collect stamps from country ${i}`, {
        conversationId: 'gone',
        turnId: `g${i}`,
      });
    });
    await engine.ingest(turns[0]!, B);
    for (const t of turns.slice(1)) await store.enqueue(t, B, 1);
    // The worker took its snapshot of the queue before the forget.
    const pending = await store.pendingQueue();
    await engine.forget({ type: 'conversation', site: 'demo', conversationId: 'gone' });
    const statuses: string[] = [];
    for (const rec of pending)
      statuses.push((await engine.ingest(rec.turn, rec.bucket, { queueSeq: rec.seq! })).status);
    expect(statuses).toEqual(['dequeued', 'dequeued', 'dequeued', 'dequeued']);
    // The chat page is reloaded: every turn is captured again.
    for (const t of turns) expect((await engine.ingest({ ...t }, B)).status).toBe('forgotten');
    expect(await store.allMemories()).toEqual([]);
    expect(await store.allEpisodes()).toEqual([]);
    expect((await store.counts()).queue).toBe(0);
    // A later engine (the worker restarted) knows too.
    const again = new MemoryEngine({
      store,
      embedder: await realEmbedder(),
      extractor: ex,
      clock: new TestClock(),
      redact: (t) => t,
    });
    for (const t of turns) expect((await again.ingest({ ...t }, B)).status).toBe('forgotten');
    // New turns in that conversation, after the forget, are new content.
    ex.set('I collect coins too', [fact('User collects coins.')]);
    expect(
      (
        await again.ingest(
          turn('I collect coins too', { conversationId: 'gone', turnId: 'g-new' }),
          B,
        )
      ).status,
    ).toBe('stored');
  });

  it('forgetting a site, a bucket or everything drops their queued turns for good', async () => {
    for (const scope of [
      { type: 'site', site: 'demo' },
      { type: 'bucket', bucket: B },
      { type: 'all' },
    ] as const) {
      const ex = new ScriptedExtractor({ 'I speak Welsh': [fact('User speaks Welsh.')] });
      const { engine, store } = await makeEngine(ex);
      const t = turn('I speak Welsh', { conversationId: `s-${scope.type}` });
      await store.enqueue(t, B, 1);
      const [rec] = await store.pendingQueue();
      await engine.forget(scope);
      const late = await engine.ingest(rec!.turn, rec!.bucket, { queueSeq: rec!.seq! });
      expect(late.status, scope.type).toBe('dequeued');
      expect((await engine.ingest({ ...t }, B)).status, scope.type).toBe('forgotten');
      expect(await store.allMemories(), scope.type).toEqual([]);
    }
  });

  it('the same queue entry processed by two runs at once is stored once', async () => {
    const ex = new ScriptedExtractor({ 'I knit scarves': [fact('User knits scarves.')] });
    const { engine, store } = await makeEngine(ex);
    const t = turn('I knit scarves');
    const seq = await store.enqueue(t, B, 1);
    const other = new MemoryEngine({
      store,
      embedder: await realEmbedder(),
      extractor: ex,
      clock: new TestClock(),
      redact: (x) => x,
    });
    const r = await Promise.all([
      engine.ingest(t, B, { queueSeq: seq }),
      other.ingest(t, B, { queueSeq: seq }),
    ]);
    expect(r.map((x) => x.status).sort()).toEqual(['dequeued', 'stored']);
    expect(await store.allMemories()).toHaveLength(1);
  });
});

describe('a crash between the store write and the index write', () => {
  it('the next start rebuilds indexes that agree with the store: no orphan, nothing missing', async () => {
    const ex = new ScriptedExtractor();
    const { engine, store } = await makeEngine(ex);
    const texts = [
      'I grow tomatoes',
      'I run marathons',
      'I speak Basque',
      'I fly gliders',
      'I brew cider',
    ];
    for (const x of texts) ex.set(x, [fact(`User ${x.slice(2)}.`)]);
    await engine.ingest(turn(texts[0]!), B);
    // The store commits, then the worker dies before the engine touches its indexes.
    const commit = store.commitIngest.bind(store);
    store.commitIngest = async (w) => {
      await commit(w);
      throw new Error('worker stopped');
    };
    for (const x of texts.slice(1))
      await expect(engine.ingest(turn(x), B)).rejects.toThrow('worker stopped');
    expect(engine.indexState().memories).toHaveLength(1); // the dead engine's view
    // Vectors lost too, and an orphan vector of a memory that no longer exists.
    const [gone] = await store.allMemories();
    await store.db.delete('vectors', gone!.id);
    await store.db.put('vectors', {
      id: 'm_orphan',
      model: (await realEmbedder()).id,
      v: new Float32Array(64),
    });
    // Those raw writes bypass the store, so its start image (src/store/image.ts) still holds
    // the lost vector: drop the image too, as a store write that finds it out of step does.
    await store.db.delete('meta', 'image');

    const restarted = new MemoryEngine({
      store: new MemoryStore(store.db),
      embedder: await realEmbedder(),
      extractor: ex,
      clock: new TestClock(),
      redact: (t) => t,
    });
    await restarted.init();
    const memories = await store.allMemories();
    const episodes = await store.allEpisodes();
    expect(memories).toHaveLength(5);
    const state = restarted.indexState();
    expect(state.memories.sort()).toEqual(memories.map((m) => m.id).sort());
    expect(state.episodes.sort()).toEqual(episodes.map((e) => e.key).sort());
    expect(state.vectorIds).toBe(memories.length + episodes.length); // the orphan is not indexed
    expect(state.lexicalDocs).toBe(memories.length + episodes.length);
    expect(restarted.hasIndexed('m_orphan')).toEqual({ vector: false, lexical: false });
    for (const m of memories) {
      expect(restarted.hasIndexed(m.id)).toEqual({ vector: true, lexical: true });
      const hits = await restarted.search(m.text, { buckets: [B] });
      expect(
        hits.map((h) => h.id),
        m.text,
      ).toContain(m.id);
    }
    expect(await store.getVector(gone!.id)).toBeDefined(); // recomputed and stored again
  });
});
