/**
 * The background's replicator between two devices and pouchdb-server, live: a change on
 * one device reaches the other without a "sync now", a wrong passphrase is refused at
 * setup (nothing stored, nothing merged), turning sync off keeps local data, a server that
 * cannot be reached is said plainly, and "forget everywhere" leaves tombstones only.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCouch, type CouchServer } from '../../../scripts/couch';
import type { Sealed } from '../../../src/sync/crypto';
import { ConfigStore } from '../../../src/sync/config';
import { remoteDb } from '../../../src/sync/pouch';
import { Replicator } from '../../../src/sync/replicator';
import { WrongPassphraseError } from '../../../src/sync/vault';
import { FakeHost, MemPouch, SharedClock } from '../../helpers/sync';

let couch: CouchServer;
beforeAll(async () => {
  couch = await startCouch();
}, 60_000);
afterAll(async () => couch?.close());

let n = 0;
function device(clock: SharedClock) {
  const tag = `${process.pid}-${++n}`;
  const host = new FakeHost(clock);
  const sync = new Replicator({
    host,
    config: new ConfigStore(`sync-test-${tag}`),
    openMirror: (name) => new MemPouch<Sealed>(`${name}-${tag}`, { adapter: 'memory' }),
    openRemote: (url, auth) => remoteDb<Sealed>(url, auth),
    now: () => Date.now(),
    debounceMs: 50,
  });
  return { host, sync };
}

async function until(cond: () => boolean, ms = 10_000): Promise<number> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - t0;
}

const setup = (db: string, passphrase = 'our shared passphrase') => ({
  url: `${couch.origin}/${db}`,
  username: '',
  password: '',
  passphrase,
  urls: false,
});

describe('Replicator (live, through pouchdb-server)', () => {
  it('a change on one device reaches the other live; a wrong passphrase is refused', async () => {
    const clock = new SharedClock();
    const a = device(clock);
    const b = device(clock);
    a.host.add('m_1', 'User plays the cello.');
    expect((await a.sync.setup(setup('live'))).enabled).toBe(true);
    await b.sync.setup(setup('live'));
    await until(() => b.host.mem.has('m_1'));

    a.host.edit('m_1', 'User plays the viola.');
    a.sync.changed();
    const ms = await until(() => b.host.mem.get('m_1')?.text === 'User plays the viola.');
    expect(ms).toBeLessThan(5000);
    b.host.remove('m_1');
    b.sync.changed();
    await until(() => !a.host.mem.has('m_1'));

    const c = device(clock);
    await expect(c.sync.setup(setup('live', 'a wrong guess'))).rejects.toBeInstanceOf(
      WrongPassphraseError,
    );
    expect((await c.sync.status()).enabled).toBe(false);

    const status = await a.sync.status();
    expect(status).toMatchObject({ enabled: true, url: `${couch.origin}/live` });
    expect(status.lastError).toBeUndefined();

    // Off: replication stops, local memories stay.
    a.host.add('m_2', 'User drinks tea.');
    expect((await a.sync.turnOff()).enabled).toBe(false);
    expect(a.host.mem.get('m_2')?.text).toBe('User drinks tea.');
    await b.sync.turnOff();
  }, 60_000);

  it('an unreachable server is said plainly at setup', async () => {
    const a = device(new SharedClock());
    await expect(
      a.sync.setup({ ...setup('x'), url: 'http://127.0.0.1:9/mnemo' }),
    ).rejects.toMatchObject({ name: 'SyncOfflineError' });
    await expect(a.sync.setup({ ...setup('x'), url: 'ftp://example.org/x' })).rejects.toMatchObject(
      {
        name: 'SyncSetupError',
      },
    );
  });

  it('forget everywhere: every document on the server becomes a content-free tombstone', async () => {
    const clock = new SharedClock();
    const a = device(clock);
    const b = device(clock);
    a.host.add('m_1', 'User is allergic to peanuts.');
    a.host.add('m_2', 'User lives in Lisbon.');
    await a.sync.setup(setup('forget'));
    await b.sync.setup(setup('forget'));
    await until(() => b.host.mem.size === 2);
    for (const id of [...a.host.mem.keys()]) a.host.remove(id);
    await a.sync.forgetEverywhere();
    await until(() => b.host.mem.size === 0);
    const docs = await remoteDb<Sealed>(`${couch.origin}/forget`).allDocs({ include_docs: true });
    expect(docs.rows.length).toBeGreaterThan(0);
    await a.sync.turnOff();
    await b.sync.turnOff();
  }, 60_000);
});
