/**
 * The lexical index is derived data with a persisted snapshot: restored at start-up when its
 * version and fingerprint match the store, rebuilt when they disagree, and dropped when a
 * forget or an edit would leave old words in it.
 */
import { describe, expect, it } from 'vitest';
import { MemoryEngine } from '../../../src/memory/engine';
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

  it('is rebuilt when the store changed behind it (fingerprint mismatch)', async () => {
    const ex = new ScriptedExtractor({
      a: [fact('User plays the cello.')],
      c: [fact('User collects vinyl records.')],
    });
    const env = await makeEngine(ex, { snapshotDelayMs: 60_000 });
    await env.engine.ingest(turn('a'), B);
    await env.engine.saveSnapshot();
    // Another writer (an older worker, an interrupted run) stores more after the snapshot.
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
    const snap = await env.store.getMeta<{ version: number }>('snapshot:lexical');
    await env.store.setMeta('snapshot:lexical', { ...snap, version: -1 });
    expect((await restart(env, ex)).lexicalSource).toBe('rebuilt');
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
