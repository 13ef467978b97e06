/**
 * Sync as the background offers it: Options → Sync's requests, a pass after each change,
 * and a periodic alarm (only while sync is set up) that wakes the service worker, which
 * Chrome stops when idle, so sync catches up while the browser runs. The replicator itself
 * (PouchDB) runs where it costs the worker's start nothing: Chrome's offscreen page
 * (./offscreen.ts, reached through `offscreenBackend`), or, in Firefox, the background page,
 * loaded on first use (./local.ts). Nothing of it runs before sync is set up: whether it is
 * is read from the setup's own small database (./config.ts), after the worker has started.
 *
 * @example
 * const sync = createBackgroundSync({ backend: () => offscreenBackend(client) });
 * void sync.start(); // at every worker start, after START_DELAY_MS
 */
import { browser } from 'wxt/browser';
import type { SyncService } from '../background/service';
import type { OffscreenClient } from '../ai/offscreen-client';
import { ConfigStore } from './config';
import type { Replicator } from './replicator';
import type { SyncStatus } from './types';

export const SYNC_ALARM = 'mnemo-sync';
/** A worker start answers its first request before sync reads anything. */
export const START_DELAY_MS = 3000;
/** Setting up derives the key (PBKDF2, 600,000 rounds) and meets the server: give it time. */
const SLOW_CALL_MS = 120_000;

/** What a replicator does, wherever it runs. */
export type SyncBackend = Pick<
  Replicator,
  'start' | 'status' | 'setup' | 'syncNow' | 'turnOff' | 'forgetEverywhere' | 'changed'
>;

export interface BackgroundSync extends SyncService {
  /** Resumes sync where it is set up, `delayMs` after the call. */
  start(delayMs?: number): Promise<void>;
}

/** The replicator in Chrome's offscreen page. */
export function offscreenBackend(client: OffscreenClient): SyncBackend {
  const slow = { timeoutMs: SLOW_CALL_MS };
  return {
    start: async () => {
      await client.call('syncStart', {}, slow);
    },
    status: () => client.call('syncStatus', {}),
    setup: (p) => client.call('syncSetup', p, slow),
    syncNow: () => client.call('syncNow', {}, slow),
    turnOff: () => client.call('syncOff', {}, slow),
    forgetEverywhere: async () => {
      await client.call('syncForgetEverywhere', {}, slow);
    },
    changed: () => void client.call('syncChanged', {}).catch(() => undefined),
  };
}

export function createBackgroundSync(opts: {
  backend: () => Promise<SyncBackend>;
  config?: ConfigStore;
}): BackgroundSync {
  const config = opts.config ?? new ConfigStore();
  /** Whether sync is set up, once known: changes before that are caught up by the start. */
  let on = false;
  const note = (enabled: boolean) => {
    if (enabled === on) return;
    on = enabled;
    if (enabled) void browser.alarms?.create(SYNC_ALARM, { periodInMinutes: 1 });
    else void browser.alarms?.clear(SYNC_ALARM);
  };
  const begin = async () => {
    const enabled = !!(await config.config());
    note(enabled);
    if (enabled) await (await opts.backend()).start();
  };
  // Registered synchronously, while the worker starts: the alarm is what woke it.
  browser.alarms?.onAlarm.addListener((a) => {
    if (a.name === SYNC_ALARM) void begin().catch(() => undefined);
  });
  const backend = opts.backend;
  return {
    start: (delayMs = START_DELAY_MS) =>
      new Promise<void>((resolve, reject) =>
        setTimeout(() => void begin().then(resolve, reject), delayMs),
      ),
    status: async (): Promise<SyncStatus> => {
      if (!(await config.config()))
        return { enabled: false, state: 'off', ...(await config.record()) };
      return (await backend()).status();
    },
    setup: async (p) => {
      const s = await (await backend()).setup(p);
      note(s.enabled);
      return s;
    },
    syncNow: async () => (await backend()).syncNow(),
    turnOff: async () => {
      const s = await (await backend()).turnOff();
      note(false);
      return s;
    },
    forgetEverywhere: async () => (await backend()).forgetEverywhere(),
    changed: () => {
      if (on)
        void backend().then(
          (b) => b.changed(),
          () => undefined,
        );
    },
  };
}
