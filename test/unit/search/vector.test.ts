import { describe, expect, it } from 'vitest';
import { ExactIndex, PartitionedIndex, type VectorIndex } from '../../../src/search/vector';
import { rng } from '../../../src/bench/synthetic';
import { INJECTION_SEARCH } from '../../../src/inject/plan';
import { MemoryEngine } from '../../../src/memory/engine';
import {
  ScriptedExtractor,
  TestClock,
  fact,
  makeEngine,
  realEmbedder,
  turn,
} from '../../helpers/engine';

function vectors(n: number, d: number, seed: number): Float32Array[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => Float32Array.from({ length: d }, () => r() * 2 - 1));
}

function brute(q: Float32Array, vs: Float32Array[], ids: string[], k: number) {
  return vs
    .map((v, i) => ({ id: ids[i]!, score: v.reduce((s, x, j) => s + x * q[j]!, 0) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}

/** An exact index that records each search it runs, under `label`. */
class Counting implements VectorIndex {
  readonly name = 'counting';
  private readonly inner: ExactIndex;
  constructor(
    dims: number,
    private readonly label: string,
    private readonly log: string[],
  ) {
    this.inner = new ExactIndex(dims);
  }
  get size() {
    return this.inner.size;
  }
  upsert(id: string, v: Float32Array) {
    this.inner.upsert(id, v);
  }
  remove(id: string) {
    this.inner.remove(id);
  }
  has(id: string) {
    return this.inner.has(id);
  }
  clear() {
    this.inner.clear();
  }
  load(ids: readonly string[], data: Float32Array) {
    this.inner.load(ids, data);
  }
  search(q: Float32Array, k: number, f?: (id: string) => boolean) {
    this.log.push(this.label);
    return this.inner.search(q, k, f);
  }
}

describe('ExactIndex', () => {
  // 64 is the embedder's size; 7 leaves a remainder after the loop unrolled by four.
  for (const d of [64, 7]) {
    it(`returns the k best by dot product (${d} dims)`, () => {
      const vs = vectors(300, d, d);
      const ids = vs.map((_, i) => `m${i}`);
      const index = new ExactIndex(d);
      vs.forEach((v, i) => index.upsert(ids[i]!, v));
      for (const q of vectors(5, d, 99)) {
        const got = index.search(q, 10);
        const want = brute(q, vs, ids, 10);
        expect(got.map((h) => h.id)).toEqual(want.map((h) => h.id));
        got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i]!.score, 4));
      }
    });
  }

  it('keeps only what the filter allows, still the best of those', () => {
    const vs = vectors(200, 16, 3);
    const ids = vs.map((_, i) => `m${i}`);
    const index = new ExactIndex(16);
    index.load(ids, concat(vs));
    const even = (id: string) => Number(id.slice(1)) % 2 === 0;
    const [q] = vectors(1, 16, 4);
    const got = index.search(q!, 8, even);
    const kept = ids.filter(even);
    expect(got.map((h) => h.id)).toEqual(
      brute(
        q!,
        kept.map((id) => vs[Number(id.slice(1))]!),
        kept,
        8,
      ).map((h) => h.id),
    );
  });
});

function concat(vs: Float32Array[]): Float32Array {
  const out = new Float32Array(vs.reduce((n, v) => n + v.length, 0));
  let at = 0;
  for (const v of vs) {
    out.set(v, at);
    at += v.length;
  }
  return out;
}

describe('PartitionedIndex', () => {
  const d = 8;
  const partOf = (id: string) => (id.startsWith('e:') ? 1 : 0);
  const vs = vectors(120, d, 5);
  const ids = vs.map((_, i) => (i % 3 ? `e:t${i}` : `m${i}`));

  it('over every part, returns what one index over all of them returns', () => {
    const one = new ExactIndex(d);
    const split = new PartitionedIndex(partOf, [new ExactIndex(d), new ExactIndex(d)]);
    vs.forEach((v, i) => {
      one.upsert(ids[i]!, v);
      split.upsert(ids[i]!, v);
    });
    expect(split.size).toBe(120);
    for (const q of vectors(4, d, 6))
      expect(split.search(q, 12).map((h) => h.id)).toEqual(one.search(q, 12).map((h) => h.id));
  });

  it('scans only the parts asked for', () => {
    const scanned: string[] = [];
    const split = new PartitionedIndex(partOf, [
      new Counting(d, 'facts', scanned),
      new Counting(d, 'turns', scanned),
    ]);
    vs.forEach((v, i) => split.upsert(ids[i]!, v));
    const [q] = vectors(1, d, 7);
    const facts = split.search(q!, 50, undefined, [0]);
    expect(scanned).toEqual(['facts']);
    expect(facts.length).toBe(40);
    expect(facts.every((h) => !h.id.startsWith('e:'))).toBe(true);
  });

  it('load() puts each row in its part; remove() and has() follow the id', () => {
    const split = new PartitionedIndex(partOf, [new ExactIndex(d), new ExactIndex(d)]);
    split.load(ids, concat(vs));
    expect(split.size).toBe(120);
    const [q] = vectors(1, d, 8);
    const want = brute(q!, vs, ids, 5);
    expect(split.search(q!, 5).map((h) => h.id)).toEqual(want.map((h) => h.id));
    expect(split.has('e:t1')).toBe(true);
    split.remove('e:t1');
    expect(split.has('e:t1')).toBe(false);
    expect(split.size).toBe(119);
    expect(split.search(q!, 200, undefined, [1]).map((h) => h.id)).not.toContain('e:t1');
  });

  it('after load(), upserts grow the arrays it kept and the data given stays untouched', () => {
    const split = new PartitionedIndex(partOf, [new ExactIndex(d), new ExactIndex(d)]);
    const data = concat(vs);
    const before = data.slice();
    split.load(ids, data);
    const extra = vectors(50, d, 9);
    extra.forEach((v, i) => split.upsert(i % 2 ? `e:new${i}` : `mnew${i}`, v));
    split.remove(ids[0]!);
    expect(data).toEqual(before);
    const allIds = [...ids.slice(1), ...extra.map((_, i) => (i % 2 ? `e:new${i}` : `mnew${i}`))];
    const all = [...vs.slice(1), ...extra];
    const [q] = vectors(1, d, 10);
    expect(split.search(q!, 20).map((h) => h.id)).toEqual(
      brute(q!, all, allIds, 20).map((h) => h.id),
    );
  });

  it('refuses an id that maps to no part', () => {
    const split = new PartitionedIndex(() => 2, [new ExactIndex(d), new ExactIndex(d)]);
    expect(() => split.upsert('x', vs[0]!)).toThrow(/no vector index part/);
    expect(() => split.load(['x'], vs[0]!)).toThrow(/no vector index part/);
  });
});

describe('engine searches', () => {
  it('a facts-only search never scans the raw turns; one with turns does', async () => {
    const scans: string[] = [];
    let made = 0;
    const { engine } = await makeEngine(
      new ScriptedExtractor({ 'I adopted a cat named Bailey': [fact('User has a cat, Bailey.')] }),
      {
        vectorIndex: (dims) => new Counting(dims, made++ === 0 ? 'facts' : 'turns', scans),
      },
    );
    await engine.ingest(turn('I adopted a cat named Bailey'), 'site:demo');
    const facts = await engine.search('cat', { buckets: ['site:demo'] });
    expect(facts.map((h) => h.type)).toEqual(['memory']);
    expect(scans).not.toContain('turns');
    scans.length = 0;
    const all = await engine.search('cat', { buckets: ['site:demo'], includeEpisodes: true });
    // (the fact collapses into the raw turn it came from: one slot per piece of evidence)
    expect(all.map((h) => h.type)).toEqual(['episode']);
    expect(scans.sort()).toEqual(['facts', 'turns']);
  });
});

describe('a chosen vector index that fails', () => {
  /** An index that works until `broken` is set, then throws as Voy's WebAssembly trap does. */
  class Breaking extends ExactIndex {
    static broken = false;
    constructor(dims: number) {
      super(dims);
      Object.defineProperty(this, 'name', { value: 'voy' });
    }
    override search(q: Float32Array, k: number, f?: (id: string) => boolean) {
      if (Breaking.broken) throw new Error('unreachable');
      return super.search(q, k, f);
    }
  }

  it('is replaced by the exact scan over the same vectors, and the engine says why', async () => {
    Breaking.broken = false;
    const { engine } = await makeEngine(
      new ScriptedExtractor({
        'I adopted a cat named Bailey': [fact('User has a cat, Bailey.')],
        'I play the cello on Sundays': [fact('User plays the cello on Sundays.')],
      }),
      { vectorIndex: (dims) => new Breaking(dims) },
    );
    await engine.ingest(turn('I adopted a cat named Bailey'), 'site:demo');
    await engine.ingest(turn('I play the cello on Sundays'), 'site:demo');
    const before = await engine.search('my pet cat', { buckets: ['site:demo'] });
    expect(engine.vectorIndexName).toBe('voy');
    Breaking.broken = true;
    const after = await engine.search('my pet cat', { buckets: ['site:demo'] });
    expect(after.map((h) => [h.id, h.score])).toEqual(before.map((h) => [h.id, h.score]));
    expect(engine.vectorIndexName).toBe('exact');
    expect(engine.vectorIndexFallback).toMatch(/voy index failed \(unreachable\)/);
    // later writes go to the exact scan
    await engine.ingest(turn('I play the cello on Sundays', { conversationId: 'c2' }), 'site:demo');
    expect((await engine.search('cello', { buckets: ['site:demo'] }))[0]?.text).toMatch(/cello/);
  });

  it('the exact scan failing is an error, not a fallback', async () => {
    const { engine } = await makeEngine(new ScriptedExtractor({}), {
      vectorIndex: (dims) =>
        Object.assign(new ExactIndex(dims), {
          search: () => {
            throw new Error('broken exact');
          },
        }),
    });
    await expect(engine.search('anything', {})).rejects.toThrow('broken exact');
  });
});

describe('search filters after changes (the item table)', () => {
  it('after a captured turn, the engine answers as a fresh start over the same store does', async () => {
    const ex = new ScriptedExtractor({
      'I live in Munich': [fact('User lives in Munich.', { slot: 'home' })],
      'I moved to Berlin': [fact('User lives in Berlin.', { slot: 'home' })],
      'My sister lives in Munich too': [fact("User's sister lives in Munich.")],
    });
    const { engine, store } = await makeEngine(ex);
    const fresh = async () => {
      const e = new MemoryEngine({
        store,
        embedder: await realEmbedder(),
        extractor: ex,
        clock: new TestClock(),
        redact: (t) => t,
      });
      await e.init();
      return e;
    };
    const opts = [
      { buckets: ['site:a'] },
      { buckets: ['site:a'], ...INJECTION_SEARCH },
      { buckets: ['site:b'], ...INJECTION_SEARCH },
    ];
    const texts = (hs: { text: string }[]) => hs.map((h) => h.text).sort();
    const same = async () => {
      const other = await fresh();
      for (const o of opts)
        for (const q of ['where do I live', 'Munich Berlin sister'])
          expect(texts(await engine.search(q, o))).toEqual(texts(await other.search(q, o)));
    };
    const at = (d: number) => ({ observedAt: Date.UTC(2026, 0, d) });
    await engine.ingest(turn('I live in Munich', at(1)), 'site:a');
    await engine.ingest(
      turn('Where in Munich exactly?', { role: 'assistant', ...at(1) }),
      'site:a',
    );
    await same();
    expect(texts(await engine.search('where do I live', opts[0]))).toEqual([
      'User lives in Munich.',
    ]);
    // The move supersedes the fact the searches above allowed: it must not come back.
    await engine.ingest(turn('I moved to Berlin', at(5)), 'site:a');
    expect(texts(await engine.search('where do I live', opts[0]))).toEqual([
      'User lives in Berlin.',
    ]);
    await same();
    await engine.ingest(turn('My sister lives in Munich too', at(6)), 'site:b');
    await engine.saveSnapshot();
    await same();
  });

  it('the engine never lets a filter outlive a change', async () => {
    const { engine } = await makeEngine(
      new ScriptedExtractor({ 'I adopted a cat named Bailey': [fact('User has a cat, Bailey.')] }),
    );
    await engine.ingest(turn('I adopted a cat named Bailey'), 'site:a');
    const inA = { buckets: ['site:a'], includeEpisodes: true };
    const inB = { buckets: ['site:b'], includeEpisodes: true };
    expect((await engine.search('cat Bailey', inA)).length).toBeGreaterThan(0);
    expect(await engine.search('cat Bailey', inB)).toEqual([]);
    await engine.moveBucket('site:a', 'site:b');
    expect(await engine.search('cat Bailey', inA)).toEqual([]);
    const moved = await engine.search('cat Bailey', inB);
    expect(moved.length).toBeGreaterThan(0);
    for (const h of moved)
      await engine.forget(
        h.type === 'memory'
          ? { type: 'memory', id: h.id }
          : { type: 'conversation', site: 'demo', conversationId: 'c1' },
      );
    expect(await engine.search('cat Bailey', inB)).toEqual([]);
  });
});
