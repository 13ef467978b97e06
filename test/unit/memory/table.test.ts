import { describe, expect, it } from 'vitest';
import { rng } from '../../../src/bench/synthetic';
import { ItemTable } from '../../../src/memory/table';
import { episodeHead, memoryHead, statesSomething } from '../../../src/memory/head';
import { packHeads } from '../../../src/store/heads';
import type { Episode, Memory, MemoryKind, SearchFilters } from '../../../src/memory/types';
import { MEMORY_KINDS } from '../../../src/memory/types';

/** The rules a search filter applies, written out over parsed items (the reference). */
function allowed(item: Memory | Episode, f: SearchFilters): boolean {
  if ('key' in item) {
    const e = item;
    if (!f.includeEpisodes || f.kinds) return false;
    const agreedOk = !!f.agreedAnswers && e.role === 'assistant' && !!e.agreed;
    if (f.episodeRoles && !f.episodeRoles.includes(e.role) && !agreedOk) return false;
    if (e.suppressed) return false;
    if (f.statementsOnly && !statesSomething(e.text)) return false;
    if (f.buckets && !f.buckets.includes(e.bucket)) return false;
    if (f.sites && !(f.sites as string[]).includes(e.site)) return false;
    if (f.from !== undefined && e.observedAt < f.from) return false;
    if (f.to !== undefined && e.observedAt > f.to) return false;
    if (f.asOf !== undefined && e.observedAt > f.asOf) return false;
    return true;
  }
  const m = item;
  if (m.status === 'deleted') return false;
  if (f.buckets && !f.buckets.includes(m.bucket)) return false;
  if (f.kinds && !f.kinds.includes(m.kind)) return false;
  if (f.sites && !m.provenance.some((p) => (f.sites as string[]).includes(p.site))) return false;
  if (f.from !== undefined && m.observedAt < f.from) return false;
  if (f.to !== undefined && m.observedAt > f.to) return false;
  if (f.asOf !== undefined) {
    if (m.observedAt > f.asOf) return false;
    return m.status === 'active' || (m.supersededAt !== undefined && m.supersededAt > f.asOf);
  }
  return m.status === 'active' || f.status === 'all';
}

const SITES = ['chatgpt', 'claude', 'gemini'] as const;
const BUCKETS = ['site:chatgpt', 'site:claude', 'shared'];
const TEXTS = ['Where is it?', 'I live in Berlin now.', 'ok', 'We adopted a dog last week.'];

function items(seed: number, n: number): (Memory | Episode)[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const out: (Memory | Episode)[] = [];
  for (let i = 0; i < n; i++) {
    const t = Math.floor(r() * 100);
    const site = pick(SITES);
    if (r() < 0.5) {
      const key = `${site}|c${i % 7}|t${i}`;
      out.push({
        key,
        site,
        conversationId: `c${i % 7}`,
        turnId: `t${i}`,
        role: r() < 0.5 ? 'user' : 'assistant',
        text: pick(TEXTS),
        url: 'http://x',
        observedAt: t,
        bucket: pick(BUCKETS),
        textHash: String(i),
        ...(r() < 0.2 ? { suppressed: true } : {}),
        ...(r() < 0.3 ? { agreed: true } : {}),
      });
    } else {
      const status = pick(['active', 'active', 'superseded', 'deleted'] as const);
      out.push({
        id: `m${i}`,
        text: 'x',
        kind: pick(MEMORY_KINDS),
        bucket: pick(BUCKETS),
        observedAt: t,
        createdAt: t,
        updatedAt: t + 1,
        status,
        ...(status === 'superseded' ? { supersededAt: t + Math.floor(r() * 20) } : {}),
        pinned: r() < 0.2,
        ...(r() < 0.4 ? { slot: pick(['home', 'employer', 'diet']) } : {}),
        entities: [],
        provenance: [
          { site, conversationId: 'c', url: 'u', turnIds: ['t'], role: 'user' },
          ...(r() < 0.3
            ? [
                {
                  site: pick(SITES),
                  conversationId: 'c',
                  url: 'u',
                  turnIds: ['t'],
                  role: 'user' as const,
                },
              ]
            : []),
        ],
      });
    }
  }
  return out;
}

const idOf = (x: Memory | Episode) => ('key' in x ? `e:${x.key}` : x.id);

describe('the slot column', () => {
  it('lists the memories with a slot that are not deleted, as the items say', () => {
    const all = items(11, 400);
    const table = new ItemTable();
    for (const x of all)
      if ('key' in x) table.putTurn(x);
      else table.putMemory(x);
    const want = all
      .filter((x): x is Memory => !('key' in x) && !!x.slot && x.status !== 'deleted')
      .map((m) => [m.id, m.slot]);
    expect(want.length).toBeGreaterThan(20);
    expect([...table.slotted()]).toEqual(want);
    // A memory given another slot, or none, is listed so at once.
    const [id] = want[0]!;
    const m = all.find((x): x is Memory => !('key' in x) && x.id === id)!;
    table.putMemory({ ...m, slot: 'partner' });
    table.putMemory({
      ...(all.find((x) => !('key' in x) && x.id === want[1]![0]) as Memory),
      slot: undefined,
    });
    const after = new Map(table.slotted());
    expect(after.get(id!)).toBe('partner');
    expect(after.has(want[1]![0]!)).toBe(false);
  });
});

const FILTERS: SearchFilters[] = [
  {},
  { status: 'all' },
  { includeEpisodes: true },
  { includeEpisodes: true, episodeRoles: ['user'], statementsOnly: true },
  { includeEpisodes: true, episodeRoles: ['user'], statementsOnly: true, agreedAnswers: true },
  { includeEpisodes: true, buckets: ['site:chatgpt', 'shared'] },
  { buckets: ['shared'], kinds: ['health', 'work'] as MemoryKind[] },
  { includeEpisodes: true, kinds: ['fact'] },
  { includeEpisodes: true, sites: ['claude'] },
  { includeEpisodes: true, from: 20, to: 70 },
  { includeEpisodes: true, asOf: 50 },
  { asOf: 30, buckets: ['site:claude'] },
];

describe('the item table', () => {
  it('masks exactly the items the filter rules allow, for every kind of filter', () => {
    for (const seed of [1, 2, 3]) {
      const all = items(seed, 400);
      const table = new ItemTable();
      for (const x of all)
        if ('key' in x) table.putTurn(x);
        else table.putMemory(x);
      for (const f of FILTERS) {
        const mask = table.mask(f);
        for (const x of all)
          expect([idOf(x), f, mask[table.rowOf(idOf(x))!] === 1]).toEqual([
            idOf(x),
            f,
            allowed(x, f),
          ]);
      }
    }
  });

  it('follows changes: a row rewritten, removed and given to the next item', () => {
    const all = items(9, 50);
    const table = new ItemTable();
    for (const x of all)
      if ('key' in x) table.putTurn(x);
      else table.putMemory(x);
    const m = all.find((x): x is Memory => !('key' in x) && x.status === 'active')!;
    expect(table.mask({})[table.rowOf(m.id)!]).toBe(1);
    table.putMemory({ ...m, status: 'superseded', supersededAt: m.observedAt + 5 });
    expect(table.mask({})[table.rowOf(m.id)!]).toBe(0);
    expect(table.mask({ asOf: m.observedAt + 1 })[table.rowOf(m.id)!]).toBe(1);
    const row = table.rowOf(m.id)!;
    table.remove(m.id, true);
    expect(table.rowOf(m.id)).toBeUndefined();
    expect(table.size).toBe(49);
    table.putMemory({ ...m, id: 'fresh' });
    expect(table.rowOf('fresh')).toBe(row);
    expect(table.idAt(row)).toBe('fresh');
    expect(table.length).toBe(50);
    // A memory whose id looks like a turn's never takes the turn's row.
    const e = all.find((x): x is Episode => 'key' in x)!;
    const turnRow = table.rowOf(`e:${e.key}`)!;
    table.putMemory({ ...m, id: `e:${e.key}`, status: 'active' });
    table.remove(`e:${e.key}`, true);
    expect(table.rowOf(`e:${e.key}`)).toBe(turnRow);
  });

  it("a start image's packed heads give the same rows as the items", () => {
    const all = items(5, 300);
    const direct = new ItemTable();
    for (const x of all)
      if ('key' in x) direct.putTurn(x);
      else direct.putMemory(x);
    const packed = new ItemTable();
    const kinds = all.map((x) => ('key' in x ? 1 : 0));
    packed.putPacked(
      all.map(idOf),
      kinds,
      packHeads(
        kinds,
        all.map((x) => ('key' in x ? episodeHead(x) : memoryHead(x))),
      ),
    );
    for (const f of FILTERS) expect(packed.mask(f)).toEqual(direct.mask(f));
    expect([...packed.slotted()]).toEqual([...direct.slotted()]);
    for (let r = 0; r < all.length; r++) {
      expect(packed.idAt(r)).toBe(direct.idAt(r));
      expect(packed.conversationAt(r)).toBe(direct.conversationAt(r));
      expect([packed.pinnedAt(r), packed.updatedAtOf(r), packed.bucketAt(r)]).toEqual([
        direct.pinnedAt(r),
        direct.updatedAtOf(r),
        direct.bucketAt(r),
      ]);
    }
  });
});
