/**
 * Sync as the background offers it (src/sync/background.ts): nothing of the replicator is
 * loaded or asked before sync is set up, changes are passed on only once it is, and the
 * periodic alarm exists only while it is.
 */
import 'fake-indexeddb/auto';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import { createBackgroundSync, SYNC_ALARM, type SyncBackend } from '../../../src/sync/background';
import { ConfigStore } from '../../../src/sync/config';
import type { SyncStatus } from '../../../src/sync/replicator';

let n = 0;
function setup() {
  const config = new ConfigStore(`bg-sync-${process.pid}-${++n}`);
  const calls: string[] = [];
  const on: SyncStatus = { enabled: true, state: 'idle' };
  const backend: SyncBackend = {
    start: async () => void calls.push('start'),
    status: async () => (calls.push('status'), on),
    setup: async () => {
      calls.push('setup');
      await config.save({
        url: 'http://127.0.0.1:5984/m',
        username: 'u',
        password: 'p',
        keys: {} as never,
        vaultId: 'v',
        urls: false,
      });
      return on;
    },
    syncNow: async () => (calls.push('syncNow'), on),
    turnOff: async () => {
      calls.push('turnOff');
      await config.clear();
      return { enabled: false, state: 'off' };
    },
    forgetEverywhere: async () => void calls.push('forgetEverywhere'),
    changed: () => void calls.push('changed'),
  };
  let loaded = 0;
  const sync = createBackgroundSync({
    config,
    backend: async () => {
      loaded++;
      return backend;
    },
  });
  return { sync, calls, loaded: () => loaded };
}

beforeEach(() => fakeBrowser.reset());

describe('sync in the background', () => {
  it('before setup: no replicator, no alarm, changes ignored, status off', async () => {
    const { sync, calls, loaded } = setup();
    await sync.start(0);
    sync.changed();
    expect(await sync.status()).toMatchObject({ enabled: false, state: 'off' });
    expect(loaded()).toBe(0);
    expect(calls).toEqual([]);
    expect(await fakeBrowser.alarms.get(SYNC_ALARM)).toBeUndefined();
  });

  it('once set up: changes are passed on and the alarm runs; turned off, both stop', async () => {
    const { sync, calls } = setup();
    await sync.setup({
      url: 'http://127.0.0.1:5984/m',
      username: 'u',
      password: 'p',
      passphrase: 'x',
      urls: false,
    });
    sync.changed();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual(['setup', 'changed']);
    expect(await fakeBrowser.alarms.get(SYNC_ALARM)).toBeDefined();
    await sync.turnOff();
    sync.changed();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual(['setup', 'changed', 'turnOff']);
    expect(await fakeBrowser.alarms.get(SYNC_ALARM)).toBeUndefined();
  });

  it('a start where sync is set up resumes the replicator', async () => {
    const first = setup();
    await first.sync.setup({
      url: 'http://127.0.0.1:5984/m',
      username: 'u',
      password: 'p',
      passphrase: 'x',
      urls: false,
    });
    await first.sync.start(0);
    expect(first.calls).toEqual(['setup', 'start']);
  });
});
