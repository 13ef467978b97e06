/**
 * Sync as Chrome runs it: in the offscreen page, not in the service worker. PouchDB and the
 * replicator stay out of the worker's bundle, which Chrome evaluates at every start (the
 * first search after a restart waits for it), and live replication goes on while the page is
 * open, whatever the worker's idle stops. The memories stay in the worker's engine: this
 * page reads and writes them through the background's `syncHost*` requests, the same calls
 * src/sync/host.ts makes in the background itself (Firefox).
 *
 * @example (the offscreen page's `syncSetup` handler)
 * const sync = offscreenReplicator();
 * await sync.setup({ url, username, password, passphrase, urls: false });
 */
import { call } from '../messaging/client';
import { pouchReplicator } from './local';
import type { SyncHost } from './pass';
import type { Replicator } from './replicator';

/** The engine and settings of the background, reached over runtime messages. */
export const backgroundHost: SyncHost = {
  memories: () => call('syncHostMemories', {}),
  history: (id) => call('syncHostHistory', { id }),
  apply: async (changes) => {
    await call('syncHostApply', changes);
  },
  settings: () => call('syncHostSettings', {}),
  applySettings: async (s) => {
    await call('syncHostApplySettings', s);
  },
  now: () => Date.now(),
};

export function offscreenReplicator(host: SyncHost = backgroundHost): Replicator {
  // This page has no permissions API: the background answers for it.
  return pouchReplicator(host, (pattern) => call('syncHostCanReach', { pattern }));
}
