/**
 * The lexical index is derived data with a persisted snapshot: restored at start-up when its
 * version and fingerprint match the store, caught up (what changed since, indexed again) when
 * the store was written after it, rebuilt when it cannot be, and dropped when a forget or an
 * edit would leave old words in it.
 */
import { describe, expect, it } from 'vitest';
import { MemoryEngine } from '../../../src/memory/engine';
import { LEXICAL_VERSION } from '../../../src/search/lexical';
import { ScriptedExtractor, fact, makeEngine, turn } from '../../helpers/engine';

const B = 'site:demo';

async function restart(prev: Awaited<ReturnType<typeof makeEngine>>, ex: ScriptedExtractor) {
  const e = new MemoryEngine({
    store: prev.store,
    embedder: prev.engine.embedder,
    extractor: ex,
    clock: prev.clock,
    redact: (t) => t,
    snapshotDelayMs: 60_000,
  });
  await e.init();
  return e;
}

describe('lexical snapshot', () => {
  it('is restored when it matches the store, with the same search results', async () => {
    const ex = new ScriptedExtractor({
      a: [fact('User plays the cello in an orchestra.')],
      b: [fact('User grows tomatoes on the balcony.')],
    });
    const env = await makeEngine(ex, { snapshotDelayMs: 60_000 });
    await env.engine.ingest(turn('a'), B);
    await env.engine.ingest(turn('b'), B);
    const before = await env.engine.search('cello orchestra', { buckets: [B] });
    await env.engine.saveSnapshot();
    const e2 = await restart(env, ex);
    expect(e2.lexicalSource).toBe('snapshot');
    const after = await e2.search('cello orchestra', { buckets: [B] });
    expect(after.map((h) => [h.id, h.parts.keywords])).toEqual(
      before.map((h) => [h.id, h.parts.keywords]),
    );
  });

  it('is caught up when the store changed behind it, and then searches as a rebuilt index does', async () => {
    const ex = new ScriptedExtractor({
      a: [fact('User plays the cello in an orchestra.')],
      b: [fact('User grows tomatoes on the balcony.')],
      c: [fact('User collects vinyl records.')],
    });
    const env = await makeEngine(ex, { snapshotDelayMs: 60_000 });
    const a = await env.engine.ingest(turn('a'), B);
    await env.engine.ingest(turn('b'), B);
    await env.engine.saveSnapshot();
    // Another writer (a worker stopped within the snapshot's delay) stores more after it.
    const other = await restart(env, ex);
    await other.ingest(turn('c', { conversationId: 'c2' }), B);
    env.clock.advance(1000);
    await other.setPinned(a.changes[0]!.memoryId!, true);
    const e3 = await restart(env, ex);
    expect(e3.lexicalSource).toBe('caughtUp');
    // The same store with no snapshot: the index is built from every item.
    await env.store.setMeta('snapshot:lexical', null);
    const rebuilt = await restart(env, ex);
    expect(rebuilt.lexicalSource).toBe('rebuilt');
    expect(e3.indexState().lexicalDocs).toBe(rebuilt.indexState().lexicalDocs);
    for (const q of ['vinyl records', 'cello orchestra', 'tomatoes balcony', 'c']) {
      const run = async (e: MemoryEngine) =>
        (await e.search(q, { buckets: [B], includeEpisodes: true })).map((h) => [
          h.id,
          h.parts.keywords,
        ]);
      expect(await run(e3)).toEqual(await run(rebuilt));
    }
    expect((await e3.search('vinyl records', { buckets: [B] }))[0]?.text).toBe(
      'User collects vinyl records.',
    );
    // Caught up and saved, it is restored as it is at the next start.
    await e3.saveSnapshot();
    expect((await restart(env, ex)).lexicalSource).toBe('snapshot');
  });

  it('drops, when caught up, a document whose item the store no longer holds', async () => {
    const ex = new ScriptedExtractor({
      a: [fact('User plays the cello.')],
      c: [fact('User collects vinyl records.')],
    });
    const env = await makeEngine(ex, { snapshotDelayMs: 60_000 });
    await env.engine.ingest(turn('a'), B);
    const c = await env.engine.ingest(turn('c', { conversationId: 'c2' }), B);
    await env.engine.saveSnapshot();
    const old = await env.store.getMeta('snapshot:lexical');
    await env.engine.forget({ type: 'memory', id: c.changes[0]!.memoryId! });
    await env.engine.forget({ type: 'conversation', site: 'demo', conversationId: 'c2' });
    // A snapshot that still indexes them (a forget rewrites it in its own transaction: this
    // one is put back by hand, to check the catch-up and not the forget).
    await env.store.setMeta('snapshot:lexical', old!);
    const e3 = await restart(env, ex);
    expect(e3.lexicalSource).toBe('caughtUp');
    expect(e3.indexState().lexicalDocs).toBe(
      e3.indexState().memories.length + e3.indexState().episodes.length,
    );
    const hits = await e3.search('vinyl records', { buckets: [B], includeEpisodes: true });
    expect(hits.map((h) => h.text).join(' ')).not.toMatch(/vinyl/i);
    await e3.saveSnapshot();
    expect(JSON.stringify(await env.store.getMeta('snapshot:lexical'))).not.toContain('vinyl');
  });

  it('is rebuilt when it changed behind a snapshot saved without stamps (an older version)', async () => {
    const ex = new ScriptedExtractor({
      a: [fact('User plays the cello.')],
      c: [fact('User collects vinyl records.')],
    });
    const env = await makeEngine(ex, { snapshotDelayMs: 60_000 });
    await env.engine.ingest(turn('a'), B);
    await env.engine.saveSnapshot();
    const snap = await env.store.getMeta('snapshot:lexical');
    await env.store.setMeta('snapshot:lexical', { ...snap!, stamps: undefined });
    const other = await restart(env, ex);
    await other.ingest(turn('c'), B);
    const e3 = await restart(env, ex);
    expect(e3.lexicalSource).toBe('rebuilt');
    expect((await e3.search('vinyl records', { buckets: [B] }))[0]?.text).toBe(
      'User collects vinyl records.',
    );
  });

  it('is rebuilt when its version is not the current one', async () => {
    const ex = new ScriptedExtractor({ a: [fact('User plays the cello.')] });
    const env = await makeEngine(ex, { snapshotDelayMs: 60_000 });
    await env.engine.ingest(turn('a'), B);
    await env.engine.saveSnapshot();
    const snap = await env.store.getMeta('snapshot:lexical');
    await env.store.setMeta('snapshot:lexical', { ...snap!, version: -1 });
    expect((await restart(env, ex)).lexicalSource).toBe('rebuilt');
  });

  it('is rebuilt, with nothing lost, from a snapshot of the MiniSearch-based index (version 2)', async () => {
    const ex = new ScriptedExtractor({
      a: [fact('User plays the cello in an orchestra.')],
      b: [fact('User grows tomatoes on the balcony.')],
    });
    const env = await makeEngine(ex, { snapshotDelayMs: 60_000 });
    await env.engine.ingest(turn('a'), B);
    await env.engine.ingest(turn('b', { conversationId: 'c2' }), B);
    const run = async (e: MemoryEngine) => {
      const out = [];
      for (const q of ['cello orchestra', 'tomatoes balcony', 'a', 'b'])
        out.push(
          (await e.search(q, { buckets: [B], includeEpisodes: true })).map((h) => [
            h.id,
            h.parts.keywords,
          ]),
        );
      return out;
    };
    const before = await run(env.engine);
    expect(before.flat().length).toBeGreaterThan(4);
    await env.engine.saveSnapshot();
    const snap = await env.store.getMeta('snapshot:lexical');
    // What the index before this version saved: MiniSearch's state, packed (format 1),
    // made from exactly these items (same fingerprint and stamps).
    const { ids } = snap!.image!;
    const old = {
      version: 2,
      fingerprint: snap!.fingerprint,
      stamps: snap!.stamps,
      image: {
        format: 1,
        documentCount: ids.length,
        nextId: ids.length,
        fieldIds: { text: 0, extra: 1 },
        averageFieldLength: [6, 1],
        dirtCount: 0,
        shortIds: Uint32Array.from(ids, (_, i) => i),
        ids,
        fieldLength: new Uint32Array(ids.length * 2).fill(3),
        fields: 2,
        storedFields: [],
        terms: ['cello'],
        offsets: Uint32Array.of(0, 5),
        postings: Uint32Array.of(1, 0, 1, 0, 1),
      },
    };
    for (const version of [2, LEXICAL_VERSION]) {
      // Not this version's LexicalSnapshot: written past the typed setMeta.
      await env.store.db.put('meta', { key: 'snapshot:lexical', value: { ...old, version } });
      const e2 = await restart(env, ex);
      expect(e2.lexicalSource).toBe('rebuilt');
      expect(e2.indexState().lexicalDocs).toBe(ids.length);
      expect(await run(e2)).toEqual(before);
      // Saved again in this version's form, it is restored as it is at the next start.
      await e2.saveSnapshot();
      const e3 = await restart(env, ex);
      expect(e3.lexicalSource).toBe('snapshot');
      expect(await run(e3)).toEqual(before);
    }
  });

  it('is dropped by a forget, so no word of the forgotten text stays in it', async () => {
    const ex = new ScriptedExtractor({ s: [fact('User sees Dr Okonkwo about insomnia.')] });
    const env = await makeEngine(ex, { snapshotDelayMs: 60_000 });
    const r = await env.engine.ingest(turn('s'), B);
    await env.engine.saveSnapshot();
    expect(JSON.stringify(await env.store.getMeta('snapshot:lexical'))).toContain('okonkwo');
    await env.engine.forget({ type: 'memory', id: r.changes[0]!.memoryId });
    await env.engine.forget({ type: 'conversation', site: 'demo', conversationId: 'c1' });
    expect(JSON.stringify((await env.store.getMeta('snapshot:lexical')) ?? null)).not.toContain(
      'okonkwo',
    );
    await env.engine.saveSnapshot();
    expect(JSON.stringify(await env.store.getMeta('snapshot:lexical'))).not.toContain('okonkwo');
  });
});
