import { describe, expect, it } from 'vitest';
import { ScriptedExtractor, fact, makeEngine, turn } from '../../helpers/engine';

const B = 'site:demo';

describe('MemoryEngine ingestion', () => {
  it('stores an episode and the extracted fact, with provenance and observation time', async () => {
    const ex = new ScriptedExtractor({
      "I'm vegetarian": [fact('User is vegetarian.', { kind: 'health', slot: 'diet' })],
    });
    const { engine, store } = await makeEngine(ex);
    const t = turn("I'm vegetarian", { observedAt: Date.UTC(2026, 0, 2) });
    const r = await engine.ingest(t, B);
    expect(r.status).toBe('stored');
    expect(r.changes).toHaveLength(1);
    const [m] = await store.allMemories();
    expect(m?.text).toBe('User is vegetarian.');
    expect(m?.observedAt).toBe(Date.UTC(2026, 0, 2));
    expect(m?.provenance[0]).toMatchObject({
      site: 'demo',
      conversationId: 'c1',
      turnIds: [t.turnId],
      role: 'user',
    });
    expect(await store.allEpisodes()).toHaveLength(1);
    const hist = await store.history(m!.id);
    expect(hist.map((h) => h.action)).toEqual(['added']);
  });

  it('is idempotent: the same turn twice changes nothing', async () => {
    const ex = new ScriptedExtractor({
      'I have a cat named Miso': [fact('User has a cat named Miso.')],
    });
    const { engine, store } = await makeEngine(ex);
    const t = turn('I have a cat named Miso');
    await engine.ingest(t, B);
    const again = await engine.ingest({ ...t }, B);
    expect(again.status).toBe('duplicate');
    expect(await store.allMemories()).toHaveLength(1);
    expect(ex.calls).toHaveLength(1);
  });

  it('an edited turn replaces what came from its old text', async () => {
    const ex = new ScriptedExtractor({
      'I live in Munich': [fact('User lives in Munich.', { slot: 'home' })],
      'I live in Hamburg': [fact('User lives in Hamburg.', { slot: 'home' })],
    });
    const { engine } = await makeEngine(ex);
    const t = turn('I live in Munich');
    await engine.ingest(t, B);
    await engine.ingest({ ...t, text: 'I live in Hamburg' }, B);
    const { items } = await engine.list({ status: 'all' });
    expect(items.map((m) => m.text)).toEqual(['User lives in Hamburg.']);
  });

  it('supersedes a changed fact and keeps the old one in history, never as current', async () => {
    const ex = new ScriptedExtractor({
      'I live in Munich': [fact('User lives in Munich.', { slot: 'home' })],
      'I moved to Berlin': [fact('User lives in Berlin.', { slot: 'home' })],
    });
    const { engine } = await makeEngine(ex);
    await engine.ingest(turn('I live in Munich', { observedAt: Date.UTC(2026, 0, 1) }), B);
    const r = await engine.ingest(
      turn('I moved to Berlin', { observedAt: Date.UTC(2026, 4, 1) }),
      B,
    );
    expect(r.changes[0]?.kind).toBe('SUPERSEDE');
    const current = await engine.search('where does the user live', { buckets: [B] });
    expect(current.map((h) => h.text)).toEqual(['User lives in Berlin.']);
    const all = await engine.list({ status: 'all' });
    const munich = all.items.find((m) => m.text.includes('Munich'))!;
    expect(munich.status).toBe('superseded');
    expect(munich.supersededBy).toBe(r.changes[0]?.memoryId);
    const asOf = await engine.search('where does the user live', {
      buckets: [B],
      asOf: Date.UTC(2026, 2, 1),
    });
    expect(asOf.map((h) => h.text)).toEqual(['User lives in Munich.']);
  });

  it('merges the same fact said twice (NOOP) into one memory with both sources', async () => {
    const ex = new ScriptedExtractor({
      a: [fact('User is allergic to peanuts.')],
      b: [fact('User is allergic to peanuts.')],
    });
    const { engine } = await makeEngine(ex);
    await engine.ingest(turn('a'), B);
    const r = await engine.ingest(turn('b', { conversationId: 'c2' }), B);
    expect(r.changes[0]?.kind).toBe('NOOP');
    const { items } = await engine.list();
    expect(items).toHaveLength(1);
    expect(items[0]?.provenance.map((p) => p.conversationId).sort()).toEqual(['c1', 'c2']);
  });

  it('strips an injected Mnemo block before storing', async () => {
    const ex = new ScriptedExtractor();
    const { engine, store } = await makeEngine(ex);
    await engine.ingest(
      turn(
        'What should I cook?\n\n[mnemo:memories]\nContext\n- "User is vegetarian."\n[/mnemo:memories]',
      ),
      B,
    );
    const [e] = await store.allEpisodes();
    expect(e?.text).toBe('What should I cook?');
    expect(ex.calls[0]?.turn.text).toBe('What should I cook?');
  });
});

describe('MemoryEngine search and forget', () => {
  it('explains each hit and keeps buckets apart', async () => {
    const ex = new ScriptedExtractor({
      x: [fact('User is vegetarian and loves lentil soup.')],
      y: [fact('User works at Acme as a data engineer.')],
    });
    const { engine } = await makeEngine(ex);
    await engine.ingest(turn('x'), 'site:demo');
    await engine.ingest(turn('y', { site: 'chatgpt' }), 'site:chatgpt');
    const hits = await engine.search('vegetarian soup recipe', { buckets: ['site:demo'] });
    expect(hits[0]?.text).toContain('vegetarian');
    expect(hits[0]?.parts.keywords).toBeGreaterThan(0);
    expect(hits[0]?.parts.similarity).toBeGreaterThan(0);
    const other = await engine.search('vegetarian soup recipe', { buckets: ['site:chatgpt'] });
    expect(other.some((h) => h.text.includes('vegetarian'))).toBe(false);
  });

  it('forgetting a memory removes it from store, vectors and both indexes', async () => {
    const ex = new ScriptedExtractor({ z: [fact('User has a dog called Rex.')] });
    const { engine, store } = await makeEngine(ex);
    const r = await engine.ingest(turn('z'), B);
    const id = r.changes[0]!.memoryId;
    await engine.forget({ type: 'memory', id });
    expect(await store.getMemory(id)).toBeUndefined();
    expect(await store.getVector(id)).toBeUndefined();
    expect(engine.hasIndexed(id)).toEqual({ vector: false, lexical: false });
    expect(await engine.search('dog Rex', { buckets: [B] })).toEqual([]);
    const hist = await store.history(id);
    expect(hist.at(-1)).toMatchObject({ action: 'deleted', actor: 'user' });
    expect(hist.every((h) => h.before === undefined && h.after === undefined)).toBe(true);
  });

  it('forgetting a conversation removes its episodes and the memories derived only from it', async () => {
    const ex = new ScriptedExtractor({
      p: [fact('User plays the cello.')],
      q: [fact('User plays the cello.')],
      r: [fact('User runs marathons.')],
    });
    const { engine } = await makeEngine(ex);
    await engine.ingest(turn('p', { conversationId: 'A' }), B);
    await engine.ingest(turn('q', { conversationId: 'B' }), B);
    await engine.ingest(turn('r', { conversationId: 'A' }), B);
    await engine.forget({ type: 'conversation', site: 'demo', conversationId: 'A' });
    const { items } = await engine.list();
    expect(items.map((m) => m.text)).toEqual(['User plays the cello.']);
    expect(items[0]?.provenance.map((p) => p.conversationId)).toEqual(['B']);
    const eps = await engine.search('marathons cello', {
      buckets: [B],
      includeEpisodes: true,
      limit: 50,
      minRelevance: 0,
    });
    expect(eps.length).toBeGreaterThan(0);
    expect(eps.flatMap((h) => h.provenance.map((p) => p.conversationId))).not.toContain('A');
  });

  it('reloads the same state from the store after a restart', async () => {
    const ex = new ScriptedExtractor({ s: [fact('User speaks Portuguese.')] });
    const { engine, store } = await makeEngine(ex);
    await engine.ingest(turn('s'), B);
    const { MemoryEngine } = await import('../../../src/memory/engine');
    const again = new MemoryEngine({
      store,
      embedder: engine.embedder,
      extractor: ex,
      clock: { now: () => Date.now() },
      redact: (t) => t,
    });
    const hits = await again.search('Portuguese', { buckets: [B] });
    expect(hits[0]?.text).toBe('User speaks Portuguese.');
  });
});

describe('a memory the user deleted', () => {
  it('does not come back through the turn it came from, and undo brings both back', async () => {
    const ex = new ScriptedExtractor({
      "I'm vegetarian and I love jazz": [fact('User is vegetarian.'), fact('User loves jazz.')],
    });
    const { engine } = await makeEngine(ex);
    const r = await engine.ingest(turn("I'm vegetarian and I love jazz"), B);
    const veg = r.changes.find((c) => c.text.includes('vegetarian'))!;
    const opts = {
      buckets: [B],
      includeEpisodes: true,
      episodeRoles: ['user'] as const,
      minRelevance: 0,
    };
    expect((await engine.search('vegetarian', opts)).some((h) => h.type === 'episode')).toBe(true);
    const deleted = await engine.forget({ type: 'memory', id: veg.memoryId });
    const after = await engine.search('vegetarian', opts);
    expect(after.some((h) => /vegetarian/i.test(h.text))).toBe(false);
    // The other fact from the same turn is still there.
    expect((await engine.search('jazz', opts)).some((h) => h.text === 'User loves jazz.')).toBe(
      true,
    );
    await engine.restore(deleted[0]!);
    expect((await engine.search('vegetarian', opts)).some((h) => h.type === 'episode')).toBe(true);
  });
});
