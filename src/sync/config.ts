/**
 * Where sync keeps its setup on this device: an IndexedDB database of its own
 * (`mnemo-sync`), apart from the memories. It holds the server's address, the user name
 * and password the server asked for (CouchDB needs them on every request, so they are kept,
 * as a browser keeps a site's saved password), the vault keys as non-extractable
 * CryptoKeys (the passphrase itself is never stored), and the last sync's time and error.
 * Turning sync off deletes all of it.
 *
 * @example
 * const cfg = new ConfigStore();
 * await cfg.save({ url, username, password, keys, vaultId, urls: false });
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { WireError } from '../messaging/wire-error';
import type { VaultKeys } from './crypto';

export interface SyncConfig {
  /** The database's URL (`https://host:port/name`), without credentials. */
  url: string;
  username: string;
  password: string;
  keys: VaultKeys;
  vaultId: string;
  /** Whether provenance page URLs replicate (off unless the user turns it on). */
  urls: boolean;
}

export interface SyncRecord {
  lastSyncAt?: number;
  lastError?: WireError & { at: number };
}

interface Schema extends DBSchema {
  config: { key: 'current'; value: SyncConfig };
  record: { key: 'current'; value: SyncRecord };
}

export const SYNC_DB_NAME = 'mnemo-sync';

export class ConfigStore {
  private dbP: Promise<IDBPDatabase<Schema>> | undefined;

  constructor(private readonly name = SYNC_DB_NAME) {}

  private db(): Promise<IDBPDatabase<Schema>> {
    this.dbP ??= openDB<Schema>(this.name, 1, {
      upgrade(db) {
        db.createObjectStore('config');
        db.createObjectStore('record');
      },
      blocking: () => {
        void this.dbP?.then((d) => d.close());
        this.dbP = undefined;
      },
    });
    return this.dbP;
  }

  async config(): Promise<SyncConfig | undefined> {
    return (await this.db()).get('config', 'current');
  }

  async save(c: SyncConfig): Promise<void> {
    await (await this.db()).put('config', c, 'current');
  }

  async record(): Promise<SyncRecord> {
    return (await (await this.db()).get('record', 'current')) ?? {};
  }

  async saveRecord(r: SyncRecord): Promise<void> {
    await (await this.db()).put('record', r, 'current');
  }

  /** Sync turned off: the setup, the keys and the record go. */
  async clear(): Promise<void> {
    const db = await this.db();
    await Promise.all([db.clear('config'), db.clear('record')]);
  }
}
