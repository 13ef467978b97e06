import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS, fuse, scoreParts } from '../../../src/memory/rank';
import type { SearchHit } from '../../../src/memory/types';
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

  it('counts the share of query words an item covers, beside BM25', () => {
    const now = Date.UTC(2026, 0, 1);
    const base = { cosine: 0, bm25: 10, observedAt: now, pinned: false };
    const one = fuse(scoreParts({ ...base, coverage: 1 / 3 }, now));
    const all = fuse(scoreParts({ ...base, coverage: 1 }, now));
    expect(all - one).toBeCloseTo((DEFAULT_WEIGHTS.coverage * 2) / 3, 6);
  });
});
