/**
 * The replicator over PouchDB (`pouchReplicator`, also what Chrome's offscreen page runs,
 * ./offscreen.ts), and sync in the background itself (Firefox, whose background is a page that keeps running):
 * the replicator over the engine, the settings, an IndexedDB mirror and the user's server,
 * reached only where the user granted its origin (an optional host permission, asked for by
 * Options → Sync). Loaded when sync is first needed (./background.ts), so PouchDB is not
 * evaluated at every start.
 */
import { browser } from 'wxt/browser';
import type { Sealed } from './crypto';
import { ConfigStore } from './config';
import type { SyncHost } from './pass';
import { Pouch, remoteDb } from './pouch';
import { Replicator } from './replicator';

/** The replicator over this browser's IndexedDB mirror, wherever it runs. */
export function pouchReplicator(
  host: SyncHost,
  canReach: (pattern: string) => Promise<boolean>,
): Replicator {
  return new Replicator({
    host,
    config: new ConfigStore(),
    openMirror: (name) => new Pouch<Sealed>(name, { adapter: 'idb' }),
    openRemote: (url, auth) => remoteDb<Sealed>(url, auth),
    canReach,
    now: () => Date.now(),
  });
}

export function localReplicator(host: SyncHost): Replicator {
  return pouchReplicator(host, (pattern) => browser.permissions.contains({ origins: [pattern] }));
}
