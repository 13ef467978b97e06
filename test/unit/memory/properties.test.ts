/**
 * Property tests: after any random sequence of ingest, edit, supersede, pin and forget, the
 * derived indexes agree with the store — no orphan ids, nothing deleted can be found,
 * nothing superseded comes back as current, and the history is complete.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScriptedExtractor, fact, makeEngine, turn } from '../../helpers/engine';

// A pool of turns, each scripted to yield candidates; slots make some of them supersede.
const SCRIPT = {
  munich: [fact('User lives in Munich.', { slot: 'home' })],
  berlin: [fact('User lives in Berlin.', { slot: 'home' })],
  lisbon: [fact('User lives in Lisbon.', { slot: 'home' })],
  veg: [fact('User is vegetarian.', { slot: 'diet' })],
  vegan: [fact('User is vegan.', { slot: 'diet' })],
  cat: [fact('User has a cat named Miso.')],
  dog: [fact('User has a dog named Rex.')],
  tennis: [fact('User plays tennis.'), fact('User works at Acme.', { slot: 'employer' })],
  tennis2: [fact('User plays tennis every Sunday with their brother.')],
  globex: [fact('User works at Globex.', { slot: 'employer' })],
  nothing: [],
} as const;
const TEXTS = Object.keys(SCRIPT);

type Op =
  | { op: 'ingest'; text: string; conv: string; bucket: string; turnId: number }
  | { op: 'edit'; pick: number; text: string }
  | { op: 'pin'; pick: number }
  | { op: 'forgetMemory'; pick: number }
  | { op: 'forgetConversation'; conv: string }
  | { op: 'forgetBucket'; bucket: string };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('ingest' as const),
      text: fc.constantFrom(...TEXTS),
      conv: fc.constantFrom('A', 'B', 'C'),
      bucket: fc.constantFrom('b1', 'b2'),
      turnId: fc.integer({ min: 1, max: 12 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('edit' as const),
      pick: fc.nat(),
      text: fc.constantFrom('User prefers tea.', 'User lives in Porto.', 'User has three cats.'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('pin' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('forgetMemory' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('forgetConversation' as const),
      conv: fc.constantFrom('A', 'B', 'C'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('forgetBucket' as const),
      bucket: fc.constantFrom('b1', 'b2'),
    }),
  },
);

describe('engine invariants under random operation sequences', () => {
  it('indexes agree with the store; deleted and superseded never come back as current', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        const ex = new ScriptedExtractor(
          Object.fromEntries(Object.entries(SCRIPT).map(([k, v]) => [k, [...v]])),
        );
        const { engine, store } = await makeEngine(ex);
        const deleted = new Set<string>();
        let clock = Date.UTC(2026, 0, 1);
        for (const o of ops) {
          const all = (await engine.list({ status: 'all', limit: 1000 })).items;
          const picked = all.length ? all[('pick' in o ? o.pick : 0) % all.length] : undefined;
          switch (o.op) {
            case 'ingest':
              clock += 3_600_000;
              await engine.ingest(
                turn(o.text, { conversationId: o.conv, turnId: `t${o.turnId}`, observedAt: clock }),
                o.bucket,
              );
              break;
            case 'edit':
              if (picked) await engine.edit(picked.id, o.text);
              break;
            case 'pin':
              if (picked) await engine.setPinned(picked.id, !picked.pinned);
              break;
            case 'forgetMemory':
              if (picked)
                for (const m of await engine.forget({ type: 'memory', id: picked.id }))
                  deleted.add(m.id);
              break;
            case 'forgetConversation':
              for (const m of await engine.forget({
                type: 'conversation',
                site: 'demo',
                conversationId: o.conv,
              }))
                deleted.add(m.id);
              break;
            case 'forgetBucket':
              for (const m of await engine.forget({ type: 'bucket', bucket: o.bucket }))
                deleted.add(m.id);
              break;
          }
        }
        const stored = await store.allMemories();
        const episodes = await store.allEpisodes();
        const vectors = await store.allVectors();
        const state = engine.indexState();
        // The in-memory view and the store hold the same ids.
        expect(new Set(state.memories)).toEqual(new Set(stored.map((m) => m.id)));
        expect(new Set(state.episodes)).toEqual(new Set(episodes.map((e) => e.key)));
        // Every stored item has exactly one vector, and no vector is an orphan.
        const expectedVectorIds = new Set([
          ...stored.map((m) => m.id),
          ...episodes.map((e) => `e:${e.key}`),
        ]);
        expect(new Set(vectors.map((v) => v.id))).toEqual(expectedVectorIds);
        expect(state.vectorIds).toBe(expectedVectorIds.size);
        expect(state.lexicalDocs).toBe(expectedVectorIds.size);
        // Deleted memories are gone from everything, and leave a content-free tombstone.
        for (const id of deleted) {
          expect(stored.some((m) => m.id === id)).toBe(false);
          expect(engine.hasIndexed(id)).toEqual({ vector: false, lexical: false });
          const hist = await store.history(id);
          expect(hist.at(-1)?.action).toBe('deleted');
          expect(hist.every((h) => h.before === undefined && h.after === undefined)).toBe(true);
        }
        // At most one current value per slot and bucket; superseded never returned as current.
        for (const bucket of ['b1', 'b2']) {
          const current = stored.filter(
            (m) => m.bucket === bucket && m.status === 'active' && m.slot,
          );
          const slots = current.map((m) => m.slot);
          expect(new Set(slots).size).toBe(slots.length);
          const hits = await engine.search('lives home diet employer works vegetarian vegan', {
            buckets: [bucket],
            limit: 50,
            minRelevance: 0,
          });
          for (const h of hits) expect(h.memory?.status).toBe('active');
        }
        // Every stored memory's history starts with its creation.
        for (const m of stored) {
          const hist = await store.history(m.id);
          expect(['added', 'imported']).toContain(hist[0]?.action);
          if (m.status === 'superseded') {
            expect(m.supersededBy).toBeDefined();
            expect(hist.some((h) => h.action === 'superseded')).toBe(true);
          }
        }
      }),
      { numRuns: 30, seed: 20261122 },
    );
  });
});
