/** The merge rules on top of CouchDB's revision tree (src/sync/merge.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeMemory, mergeSettings } from '../../../src/sync/merge';
import { canonical, liveVersion, tombVersion, type MemoryVersion } from '../../../src/sync/model';
import { memory } from '../../helpers/sync';

const live = (text: string, at: number, over = {}) =>
  liveVersion(memory('m_1', text, 100, { updatedAt: at, ...over }), [], { urls: true });

describe('merge rules', () => {
  it('the newest edit wins', () => {
    const a = live('User lives in Lisbon.', 200);
    const b = live('User lives in Porto.', 300);
    expect(mergeMemory(a, b)).toEqual(b);
    expect(mergeMemory(b, a)).toEqual(b);
  });

  it('a deletion wins over an older edit, not over a newer one', () => {
    const edit = live('User lives in Porto.', 300);
    expect(mergeMemory(edit, tombVersion('m_1', 300, [])).t).toBe('tomb');
    expect(mergeMemory(tombVersion('m_1', 400, []), edit).t).toBe('tomb');
    expect(mergeMemory(tombVersion('m_1', 250, []), edit)).toMatchObject({
      t: 'memory',
      memory: { text: 'User lives in Porto.' },
    });
  });

  it('a supersession carries over a newer edit of the old value', () => {
    const superseded = live('User lives in Lisbon.', 300, {
      status: 'superseded',
      supersededBy: 'm_2',
      supersededAt: 300,
    });
    const edited = live('User lives in Lisbon, Portugal.', 400);
    const r = mergeMemory(superseded, edited);
    expect(r).toMatchObject({
      t: 'memory',
      memory: {
        text: 'User lives in Lisbon, Portugal.',
        status: 'superseded',
        supersededBy: 'm_2',
        supersededAt: 300,
      },
    });
  });

  it('history is the union of both, without text once deleted', () => {
    const a = liveVersion(
      memory('m_1', 'b', 100, { updatedAt: 200 }),
      [{ memoryId: 'm_1', at: 200, action: 'edited', actor: 'user', before: 'a', after: 'b' }],
      { urls: true },
    );
    const b = liveVersion(
      memory('m_1', 'c', 100, { updatedAt: 300 }),
      [{ memoryId: 'm_1', at: 300, action: 'edited', actor: 'user', before: 'a', after: 'c' }],
      { urls: true },
    );
    expect(mergeMemory(a, b).history.map((r) => r.after)).toEqual(['b', 'c']);
    const gone = mergeMemory(mergeMemory(a, b), tombVersion('m_1', 500, []));
    expect(gone.t).toBe('tomb');
    expect(canonical(gone)).not.toMatch(/"(before|after)"/);
  });

  it('settings: the newest wins', () => {
    const a = { t: 'settings' as const, updatedAt: 1, buckets: [], sites: {} };
    const b = { ...a, updatedAt: 2, buckets: [{ id: 'b:x', name: 'x' }] };
    expect(mergeSettings(a, b)).toBe(b);
    expect(mergeSettings(b, a)).toBe(b);
  });

  const version: fc.Arbitrary<MemoryVersion> = fc.oneof(
    fc
      .record({
        text: fc.constantFrom('a', 'b', 'c'),
        at: fc.integer({ min: 1, max: 5 }),
        sup: fc.option(
          fc.record({ by: fc.constantFrom('m_2', 'm_3'), at: fc.integer({ min: 1, max: 5 }) }),
        ),
        pinned: fc.boolean(),
      })
      .map(({ text, at, sup, pinned }) =>
        live(text, at, {
          pinned,
          ...(sup ? { status: 'superseded', supersededBy: sup.by, supersededAt: sup.at } : {}),
        }),
      ),
    fc.integer({ min: 1, max: 5 }).map((at) => tombVersion('m_1', at, [])),
  );

  it('is commutative and idempotent (every device merges alike)', () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        expect(canonical(mergeMemory(a, b))).toBe(canonical(mergeMemory(b, a)));
        expect(canonical(mergeMemory(a, a))).toBe(canonical(a));
      }),
      { numRuns: 2000 },
    );
  });
});
