/**
 * The sync pass over real PouchDB replication (in-memory adapter): two devices, each with
 * its own encrypted mirror, and a server database between them. A property test runs
 * random concurrent additions, edits, supersessions and deletions on both devices with
 * syncs at random moments, then syncs until quiet: both devices hold the same memories,
 * none lost, none duplicated, each as the newest operation on it left it.
 */
import fc from 'fast-check';
import type { Database } from 'pouchdb-core';
import { describe, expect, it } from 'vitest';
import type { Sealed } from '../../../src/sync/crypto';
import { canonical, project } from '../../../src/sync/model';
import { runPass, type PassReport } from '../../../src/sync/pass';
import { SyncState } from '../../../src/sync/state';
import { FakeHost, MemPouch, memDb, SharedClock, testKeys } from '../../helpers/sync';

interface Device {
  host: FakeHost;
  mirror: Database<Sealed>;
  written: Map<string, string>;
}

function device(clock: SharedClock): Device {
  return { host: new FakeHost(clock), mirror: memDb(), written: new Map() };
}

async function pass(d: Device): Promise<PassReport> {
  return runPass({
    mirror: d.mirror,
    keys: await testKeys(),
    host: d.host,
    state: await SyncState.load(d.mirror),
    urls: false,
    written: d.written,
  });
}

/** What a device's user sees: its memories as they replicate, by id. */
function view(d: Device): string {
  const ms = [...d.host.mem.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  return canonical(ms.map((m) => project(m, { urls: false })));
}

async function sync(d: Device, server: Database<Sealed>): Promise<void> {
  await MemPouch.replicate(server, d.mirror);
  await pass(d);
  await MemPouch.sync(d.mirror, server);
  const r = await pass(d);
  // A write that lost a race with replication is redone by the next pass.
  if (r.again) await pass(d);
  // What the pass wrote (merged conflicts) goes out, as live replication would take it.
  if (r.written) await MemPouch.sync(d.mirror, server);
}

async function settle(a: Device, b: Device, server: Database<Sealed>): Promise<number> {
  for (let round = 1; round <= 6; round++) {
    await sync(a, server);
    await sync(b, server);
    await sync(a, server);
    if (view(a) === view(b)) return round;
  }
  return -1;
}

type Op =
  | { r: 0 | 1; kind: 'add'; text: string }
  | { r: 0 | 1; kind: 'edit'; pick: number; text: string }
  | { r: 0 | 1; kind: 'supersede' | 'delete'; pick: number }
  | { r: 0 | 1; kind: 'sync' };

const word = fc.constantFrom('cello', 'Lisbon', 'vegan', 'Rex', 'Acme', 'hiking', 'tea', 'Porto');
const replica = fc.constantFrom<0 | 1>(0, 1);
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ r: replica, kind: fc.constant('add' as const), text: word }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      r: replica,
      kind: fc.constant('edit' as const),
      pick: fc.nat(),
      text: word,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      r: replica,
      kind: fc.constantFrom('supersede' as const, 'delete' as const),
      pick: fc.nat(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ r: replica, kind: fc.constant('sync' as const) }) },
);

describe('sync over PouchDB replication', () => {
  it('an added memory, an edit and a deletion reach the other device; ids reveal nothing', async () => {
    const clock = new SharedClock();
    const [a, b] = [device(clock), device(clock)];
    const server = memDb();
    a.host.add('m_1', 'User plays the cello.');
    await sync(a, server);
    await sync(b, server);
    expect(b.host.mem.get('m_1')?.text).toBe('User plays the cello.');
    // Provenance URLs do not replicate unless asked.
    expect(b.host.mem.get('m_1')?.provenance[0]?.url).toBe('');
    b.host.edit('m_1', 'User plays the viola.');
    await sync(b, server);
    await sync(a, server);
    expect(a.host.mem.get('m_1')?.text).toBe('User plays the viola.');
    expect(a.host.mem.get('m_1')?.provenance[0]?.url).toBe('http://127.0.0.1/demo/c/c1');
    expect(a.host.hist.get('m_1')?.map((r) => r.action)).toEqual(['added', 'edited']);
    a.host.remove('m_1');
    await sync(a, server);
    await sync(b, server);
    expect(b.host.mem.has('m_1')).toBe(false);
    const all = await server.allDocs({ include_docs: true });
    const dump = JSON.stringify(all);
    expect(dump).not.toMatch(/cello|viola|m_1/);
  });

  it('concurrent edit and deletion: the newer wins on both devices', async () => {
    const clock = new SharedClock();
    const [a, b] = [device(clock), device(clock)];
    const server = memDb();
    a.host.add('m_1', 'User lives in Lisbon.');
    a.host.add('m_2', 'User drinks tea.');
    await sync(a, server);
    await sync(b, server);
    // Offline at once: A edits m_1 then B deletes it (newer); B edits m_2, then A deletes it.
    a.host.edit('m_1', 'User lives in Porto.');
    b.host.remove('m_1');
    b.host.edit('m_2', 'User drinks green tea.');
    a.host.remove('m_2');
    expect(await settle(a, b, server)).toBeGreaterThan(0);
    expect(a.host.mem.has('m_1')).toBe(false);
    expect(a.host.mem.has('m_2')).toBe(false);
    // An edit made after a deletion elsewhere brings the memory back.
    a.host.add('m_3', 'User has a dog.');
    await settle(a, b, server);
    a.host.remove('m_3');
    b.host.edit('m_3', 'User has a dog named Rex.');
    await settle(a, b, server);
    expect(a.host.mem.get('m_3')?.text).toBe('User has a dog named Rex.');
    expect(view(a)).toBe(view(b));
  });

  it('1,000 random concurrent operations on two devices: both converge, nothing lost or duplicated', async () => {
    let ops = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 100, maxLength: 100 }), async (script) => {
        const clock = new SharedClock();
        const devices = [device(clock), device(clock)] as const;
        const server = memDb();
        const log = new Map<string, { at: number; gone: boolean; text: string }>();
        let next = 0;
        for (const o of script) {
          const d = devices[o.r];
          const ids = [...d.host.mem.keys()];
          if (o.kind === 'sync') {
            await sync(d, server);
            continue;
          }
          if (o.kind === 'add') {
            const id = `m_${++next}`;
            d.host.add(id, `User likes ${o.text}.`);
            log.set(id, { at: clock.t, gone: false, text: `User likes ${o.text}.` });
            ops++;
            continue;
          }
          const id = ids[o.pick % Math.max(ids.length, 1)];
          if (!id) continue;
          if (o.kind === 'edit') d.host.edit(id, `User likes ${o.text} (${o.r}).`);
          if (o.kind === 'supersede') d.host.supersede(id, `m_x${o.r}`);
          if (o.kind === 'delete') d.host.remove(id);
          ops++;
          const text = d.host.mem.get(id)?.text ?? '';
          // Every operation writes the whole record: the newest one decides.
          log.set(id, { at: clock.t, gone: o.kind === 'delete', text });
        }
        const [a, b] = devices;
        const rounds = await settle(a, b, server);
        expect(rounds).toBeGreaterThan(0);
        expect(view(a)).toBe(view(b));
        const want = [...log.entries()].filter(([, e]) => !e.gone);
        expect([...a.host.mem.keys()].sort()).toEqual(want.map(([id]) => id).sort());
        for (const [id, e] of want) expect(a.host.mem.get(id)?.text).toBe(e.text);
        // Nothing is left in conflict on the server.
        const docs = await server.allDocs({ include_docs: true, conflicts: true });
        for (const row of docs.rows)
          if ('doc' in row) expect(row.doc?._conflicts ?? []).toEqual([]);
      }),
      { numRuns: 30, seed: 22 },
    );
    expect(ops).toBeGreaterThanOrEqual(1000);
  }, 300_000);
});
