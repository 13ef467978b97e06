import { describe, expect, it, vi } from 'vitest';
import { MemoryEngine } from '../../../src/memory/engine';
import { ScriptedExtractor, TestClock, makeEngine, realEmbedder, turn } from '../../helpers/engine';

const B = 'site:demo';
const T0 = Date.UTC(2026, 4, 3, 12);

describe("a captured turn's context (its conversation's last turns)", () => {
  it('is the four turns before it, oldest first, read without the store', async () => {
    const ex = new ScriptedExtractor();
    const { engine, store } = await makeEngine(ex);
    const spy = vi.spyOn(store, 'episodesOfConversation');
    for (let i = 0; i < 7; i++)
      await engine.ingest(turn(`line ${i}`, { turnId: `k${i}`, observedAt: T0 + i * 1000 }), B);
    // Another conversation's turns never come in.
    await engine.ingest(turn('elsewhere', { conversationId: 'c2', observedAt: T0 + 5500 }), B);
    // A turn said earlier than the last ones (a late capture) sees only what came before it.
    await engine.ingest(turn('late', { turnId: 'late', observedAt: T0 + 2500 }), B);
    const texts = (n: number) => ex.calls[n]!.context.map((c) => c.text);
    expect(texts(0)).toEqual([]);
    expect(texts(2)).toEqual(['line 0', 'line 1']);
    expect(texts(6)).toEqual(['line 2', 'line 3', 'line 4', 'line 5']);
    expect(texts(7)).toEqual([]);
    expect(texts(8)).toEqual(['line 0', 'line 1', 'line 2']);
    // The late turn took its place by time: the next one sees it.
    await engine.ingest(turn('next', { observedAt: T0 + 3500 }), B);
    expect(texts(9)).toEqual(['line 1', 'line 2', 'late', 'line 3']);
    expect(spy).not.toHaveBeenCalled();
  });

  it('leaves out the old text of an edited turn, and is the same after a restart', async () => {
    const ex = new ScriptedExtractor();
    const { engine, store } = await makeEngine(ex);
    for (let i = 0; i < 3; i++)
      await engine.ingest(turn(`line ${i}`, { turnId: `k${i}`, observedAt: T0 + i * 1000 }), B);
    await engine.ingest(turn('line 2, edited', { turnId: 'k2', observedAt: T0 + 2000 }), B);
    expect(ex.calls.at(-1)!.context.map((c) => c.text)).toEqual(['line 0', 'line 1']);
    // A restarted engine builds the order from the stored turns (its start image).
    const ex2 = new ScriptedExtractor();
    const fresh = new MemoryEngine({
      store,
      embedder: await realEmbedder(),
      extractor: ex2,
      clock: new TestClock(),
      redact: (t) => t,
    });
    await fresh.ingest(turn('line 3', { turnId: 'k3', observedAt: T0 + 3000 }), B);
    expect(ex2.calls[0]!.context.map((c) => c.text)).toEqual([
      'line 0',
      'line 1',
      'line 2, edited',
    ]);
    // A forgotten conversation leaves nothing behind in the order.
    await fresh.forget({ type: 'conversation', site: 'demo', conversationId: 'c1' });
    await fresh.ingest(turn('after', { conversationId: 'c1', observedAt: T0 + 9000 }), B);
    expect(ex2.calls.at(-1)!.context).toEqual([]);
  });
});
