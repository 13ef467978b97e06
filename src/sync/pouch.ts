/**
 * PouchDB, assembled from its small packages: the core, CouchDB's HTTP protocol (over
 * `fetch`, so it runs in the MV3 service worker) and replication. The browsers' local mirror
 * uses the IndexedDB adapter; Node's tests add the in-memory adapter themselves.
 *
 * @example
 * const mirror = new Pouch<EncryptedDoc>('mnemo-sync', { adapter: 'idb' });
 * const remote = remoteDb('https://couch.example.org/mnemo', { username, password });
 */
import PouchDB, { type Database } from 'pouchdb-core';
import http from 'pouchdb-adapter-http';
import idb from 'pouchdb-adapter-idb';
import replication from 'pouchdb-replication';

export const Pouch = PouchDB.plugin(http).plugin(idb).plugin(replication);

export interface Credentials {
  username: string;
  password: string;
}

/** The user's CouchDB database. */
export function remoteDb<T extends object>(url: string, auth?: Credentials): Database<T> {
  return new Pouch<T>(url, {
    adapter: 'http',
    ...(auth && auth.username
      ? { auth: { username: auth.username, password: auth.password } }
      : {}),
  });
}
