/**
 * Sync between two real engines through a real CouchDB-compatible server (pouchdb-server,
 * started here on 127.0.0.1): the vault is created once and a wrong passphrase refused;
 * memories, edits, supersessions and deletions arrive through the engine so its indexes
 * follow; the server's data holds none of the memories' words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from 'pouchdb-core';
import { startCouch, type CouchServer } from '../../../scripts/couch';
import { defaultSettings, type Settings } from '../../../src/config/settings';
import type { Sealed } from '../../../src/sync/crypto';
import { engineHost } from '../../../src/sync/host';
import { runPass } from '../../../src/sync/pass';
import { MemPouch, memDb } from '../../helpers/sync';
import { remoteDb } from '../../../src/sync/pouch';
import { SyncState } from '../../../src/sync/state';
import { openVault, WrongPassphraseError } from '../../../src/sync/vault';
import { fact, makeEngine, ScriptedExtractor, turn } from '../../helpers/engine';

let couch: CouchServer;
beforeAll(async () => {
  couch = await startCouch();
}, 60_000);
afterAll(async () => couch?.close());

async function device(url: string, passphrase: string, extractor = new ScriptedExtractor()) {
  const { engine } = await makeEngine(extractor);
  let settings: Settings = defaultSettings();
  const remote = remoteDb<Sealed>(url);
  const { keys } = await openVault(remote, passphrase);
  const mirror: Database<Sealed> = memDb();
  const written = new Map<string, string>();
  const host = engineHost({
    engine: async () => engine,
    settings: async () => settings,
    saveSettings: async (s) => (settings = s),
    now: () => Date.now(),
  });
  const pass = async () =>
    runPass({ mirror, keys, host, state: await SyncState.load(mirror), urls: false, written });
  return {
    engine,
    extractor,
    settings: () => settings,
    setSettings: (s: Settings) => (settings = s),
    async sync() {
      // As the replicator does: what the server has first, so a new device's defaults never
      // count as its user's choice.
      await MemPouch.replicate(remote, mirror);
      await pass();
      await MemPouch.sync(mirror, remote);
      if ((await pass()).written) await MemPouch.sync(mirror, remote);
    },
  };
}

describe('sync through pouchdb-server', () => {
  it('refuses a wrong passphrase on a second device, plainly', async () => {
    const url = `${couch.origin}/vault-test`;
    const first = await openVault(remoteDb(url), 'right horse battery');
    expect(first.created).toBe(true);
    const again = await openVault(remoteDb(url), 'right horse battery');
    expect(again).toMatchObject({ created: false, vaultId: first.vaultId });
    await expect(openVault(remoteDb(url), 'wrong horse battery')).rejects.toBeInstanceOf(
      WrongPassphraseError,
    );
  }, 30_000);

  it('carries memories, edits, supersessions and deletions between two engines', async () => {
    const url = `${couch.origin}/engines`;
    const a = await device(url, 'shared secret words');
    const b = await device(url, 'shared secret words');
    a.extractor.set('I live in Lisbon and I play the cello.', [
      fact('User lives in Lisbon.', { slot: 'home', kind: 'identity' }),
      fact('User plays the cello.'),
    ]);
    await a.engine.ingest(turn('I live in Lisbon and I play the cello.'), 'site:demo');
    const bucket = { id: 'b:music', name: 'Music' };
    a.setSettings({ ...a.settings(), buckets: [...a.settings().buckets, bucket] });
    await a.sync();
    await b.sync();
    const onB = await b.engine.list({ status: 'all' });
    expect(onB.items.map((m) => m.text).sort()).toEqual([
      'User lives in Lisbon.',
      'User plays the cello.',
    ]);
    expect(b.settings().buckets).toContainEqual(bucket);
    // Indexed on B: found by search, words and vectors.
    const hits = await b.engine.search('cello');
    expect(hits[0]?.text).toBe('User plays the cello.');
    const cello = onB.items.find((m) => m.text.includes('cello'))!;
    expect(b.engine.hasIndexed(cello.id)).toEqual({ vector: true, lexical: true });

    // An edit on B reaches A, with its history.
    await b.engine.edit(cello.id, 'User plays the viola.');
    await b.sync();
    await a.sync();
    expect((await a.engine.get(cello.id))?.text).toBe('User plays the viola.');
    expect((await a.engine.history(cello.id)).map((r) => r.action)).toContain('edited');
    expect((await a.engine.search('viola'))[0]?.id).toBe(cello.id);

    // A supersession on A reaches B: the old home is history, the new one current.
    a.extractor.set('I moved to Berlin.', [
      fact('User lives in Berlin.', { slot: 'home', kind: 'identity' }),
    ]);
    await a.engine.ingest(turn('I moved to Berlin.'), 'site:demo');
    await a.sync();
    await b.sync();
    const homes = (await b.engine.list({ status: 'all' })).items.filter((m) => m.slot === 'home');
    expect(homes.map((m) => [m.text, m.status]).sort()).toEqual([
      ['User lives in Berlin.', 'active'],
      ['User lives in Lisbon.', 'superseded'],
    ]);

    // A deletion on B reaches A, through the engine's forget.
    await b.engine.forget({ type: 'memory', id: cello.id });
    await b.sync();
    await a.sync();
    expect(await a.engine.get(cello.id)).toBeUndefined();
    expect(a.engine.hasIndexed(cello.id)).toEqual({ vector: false, lexical: false });
    expect((await a.engine.history(cello.id)).at(-1)).toMatchObject({
      action: 'deleted',
      actor: 'sync',
    });

    // What the server holds: ciphertext, ids and sizes; none of the words.
    const all = await (await fetch(`${url}/_all_docs?include_docs=true&conflicts=true`)).text();
    const changes = await (await fetch(`${url}/_changes?include_docs=true&style=all_docs`)).text();
    for (const word of ['Lisbon', 'Berlin', 'cello', 'viola', 'User', 'home', 'demo', 'b:music'])
      expect(all + changes).not.toContain(word);
  }, 60_000);
});
