import { describe, expect, it } from 'vitest';
import { MemoryEngine } from '../../../src/memory/engine';
import { DEFAULT_WEIGHTS, fuse, scoreParts } from '../../../src/memory/rank';
import type { SearchHit } from '../../../src/memory/types';
import { INJECTION_SEARCH } from '../../../src/inject/plan';
import { ScriptedExtractor, fact, makeEngine, turn } from '../../helpers/engine';

const B = 'site:demo';
const sourceKeys = (h: SearchHit) =>
  h.provenance.flatMap((p) => p.turnIds.map((t) => `${p.conversationId}|${t}`));

describe('search tuned on LoCoMo (docs/benchmarks.md)', () => {
  it('spends no slot on a fact whose source turn already ranks above it; facts-only keeps all', async () => {
    const ex = new ScriptedExtractor({
      "I'm vegetarian and I love jazz": [fact('User is vegetarian.'), fact('User loves jazz.')],
      'I play the cello on weekends': [fact('User plays the cello.')],
    });
    const { engine } = await makeEngine(ex);
    await engine.ingest(turn("I'm vegetarian and I love jazz"), B);
    await engine.ingest(turn('I play the cello on weekends'), B);
    const opts = {
      buckets: [B],
      includeEpisodes: true,
      episodeRoles: ['user'] as const,
      minRelevance: 0,
    };
    const hits = await engine.search('vegetarian jazz cello', { ...opts, limit: 20 });
    // The raw turns are always there …
    expect(hits.filter((h) => h.type === 'episode')).toHaveLength(2);
    // … and no fact comes after hits that already cover all of its source turns.
    const seen = new Set<string>();
    for (const h of hits) {
      const keys = sourceKeys(h);
      if (h.type === 'memory') expect(keys.every((k) => seen.has(k))).toBe(false);
      keys.forEach((k) => seen.add(k));
    }
    expect(hits.length).toBeLessThan(5);
    // The memory list (facts only) still shows every fact.
    const facts = await engine.search('vegetarian jazz cello', {
      buckets: [B],
      limit: 20,
      minRelevance: 0,
    });
    expect(facts.map((h) => h.text).sort()).toEqual([
      'User is vegetarian.',
      'User loves jazz.',
      'User plays the cello.',
    ]);
  });

  it("finds the user's answer through the assistant's question before it, though the answer shares no word with the query", async () => {
    const { engine } = await makeEngine(new ScriptedExtractor());
    // More of the user's own statements than the vector search's candidates (50), each
    // closer in words and meaning to the query than the answer is.
    for (let i = 0; i < 70; i++)
      await engine.ingest(turn(`I kept a small pet tortoise in garden pen number ${i}.`), B);
    await engine.ingest(
      turn('How long have you had your turtles, and what are they called?', {
        role: 'assistant',
      }),
      B,
    );
    await engine.ingest(turn('Three years now; Shelly and Pebble bring me so much joy.'), B);
    const hits = await engine.search('how long have I had my turtles', {
      buckets: [B],
      ...INJECTION_SEARCH,
      limit: 5,
    });
    // The assistant's question is context, never a result …
    expect(hits.some((h) => h.text.startsWith('How long'))).toBe(false);
    // … and the answer after it ranks first, ahead of every turn that shares a word.
    expect(hits[0]?.text).toBe('Three years now; Shelly and Pebble bring me so much joy.');
  });

  it('a turn captured between two others takes its place in their conversation at once', async () => {
    const { engine } = await makeEngine(new ScriptedExtractor());
    // More statements than the vector search's candidates, in another conversation, so the
    // answer below can only come in as the question's neighbour.
    for (let i = 0; i < 60; i++)
      await engine.ingest(
        turn(`I kept a small pet tortoise in garden pen number ${i}.`, { conversationId: 'c2' }),
        B,
      );
    const at = (minute: number) => ({ observedAt: Date.UTC(2026, 4, 3, 12, minute) });
    const search = async () =>
      (
        await engine.search('how long have I had my turtles', {
          buckets: [B],
          ...INJECTION_SEARCH,
          limit: 5,
        })
      ).map((h) => h.text);
    await engine.ingest(
      turn('How long have you had your turtles?', { role: 'assistant', ...at(1) }),
      B,
    );
    await engine.ingest(turn('We should plan the spring holidays.', at(3)), B);
    expect(await search()).toContain('We should plan the spring holidays.');
    // Captured late (a slow page, a retry) but said right after the question.
    await engine.ingest(turn('Three years now, and they still make me smile.', at(2)), B);
    const hits = await search();
    expect(hits[0]).toBe('Three years now, and they still make me smile.');
  });

  it('after a restart, with the turns still unparsed, a turn still takes its place in time (a "|" in a conversation id too)', async () => {
    const env = await makeEngine(new ScriptedExtractor());
    // (Each at its own time: turns said at the same moment have no order to keep.)
    for (let i = 0; i < 60; i++)
      await env.engine.ingest(
        turn(`I kept a small pet tortoise in garden pen number ${i}.`, {
          conversationId: 'c2',
          observedAt: Date.UTC(2026, 4, 3, 11, i),
        }),
        B,
      );
    const at = (minute: number) => ({ observedAt: Date.UTC(2026, 4, 3, 12, minute) });
    for (const conversationId of ['c3', 'team|c4']) {
      const c = { conversationId };
      await env.engine.ingest(
        turn('How long have you had your turtles?', { role: 'assistant', ...c, ...at(1) }),
        B,
      );
      await env.engine.ingest(turn('We should plan the spring holidays.', { ...c, ...at(3) }), B);
      await env.engine.ingest(
        turn('Three years now, and they still make me smile.', { ...c, ...at(2) }),
        B,
      );
    }
    const restarted = new MemoryEngine({
      store: env.store,
      embedder: env.engine.embedder,
      extractor: new ScriptedExtractor(),
      clock: env.clock,
      redact: (t) => t,
    });
    await restarted.init();
    const search = async (e: MemoryEngine) =>
      (
        await e.search('how long have I had my turtles', {
          buckets: [B],
          ...INJECTION_SEARCH,
          limit: 5,
        })
      ).map((h) => [h.text, h.provenance[0]!.conversationId, h.score]);
    const hits = await search(restarted);
    expect(hits.slice(0, 2).map((h) => h[0])).toEqual([
      'Three years now, and they still make me smile.',
      'Three years now, and they still make me smile.',
    ]);
    expect(
      hits
        .slice(0, 2)
        .map((h) => h[1])
        .sort(),
    ).toEqual(['c3', 'team|c4']);
    // As the engine that captured them ranks them.
    expect(hits).toEqual(await search(env.engine));
  });

  it('counts the share of query words an item covers, beside BM25', () => {
    const now = Date.UTC(2026, 0, 1);
    const base = { cosine: 0, bm25: 10, observedAt: now, pinned: false };
    const one = fuse(scoreParts({ ...base, coverage: 1 / 3 }, now));
    const all = fuse(scoreParts({ ...base, coverage: 1 }, now));
    expect(all - one).toBeCloseTo((DEFAULT_WEIGHTS.coverage * 2) / 3, 6);
  });
});
