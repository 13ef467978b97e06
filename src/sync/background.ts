/**
 * Sync as the background runs it: the replicator over the engine, the settings, an
 * IndexedDB mirror and the user's server, reached only where the user granted its origin
 * (an optional host permission, asked for by Options → Sync). A periodic alarm wakes the
 * service worker, which Chrome stops when idle, so sync catches up while the browser runs.
 */
import { browser } from 'wxt/browser';
import type { Settings } from '../config/settings';
import type { MemoryEngine } from '../memory/engine';
import type { Sealed } from './crypto';
import { ConfigStore } from './config';
import { engineHost } from './host';
import { Pouch, remoteDb } from './pouch';
import { Replicator } from './replicator';

export const SYNC_ALARM = 'mnemo-sync';

export interface BackgroundSyncEnv {
  engine: () => Promise<MemoryEngine>;
  settings: () => Promise<Settings>;
  saveSettings: (s: Settings) => Promise<unknown>;
}

export function createSync(env: BackgroundSyncEnv): Replicator {
  const now = () => Date.now();
  const sync = new Replicator({
    host: engineHost({ ...env, now }),
    config: new ConfigStore(),
    openMirror: (name) => new Pouch<Sealed>(name, { adapter: 'idb' }),
    openRemote: (url, auth) => remoteDb<Sealed>(url, auth),
    canReach: (pattern) => browser.permissions.contains({ origins: [pattern] }),
    now,
  });
  // Registered synchronously (see entrypoints/background.ts): the alarm wakes the worker,
  // whose start-up starts sync again.
  browser.alarms?.onAlarm.addListener((a) => {
    if (a.name === SYNC_ALARM) void sync.start().catch(() => undefined);
  });
  void browser.alarms?.create(SYNC_ALARM, { periodInMinutes: 1 });
  return sync;
}
