/**
 * What other contexts see of sync (the message protocols, Options → Sync): plain types with
 * no code behind them, so the protocols name them without reaching the replicator.
 */
import type { Bucket, SiteSettings } from '../config/settings';
import type { WireError } from '../messaging/wire-error';
import type { SiteId } from '../sites/hosts';

export interface SyncStatus {
  enabled: boolean;
  url?: string;
  username?: string;
  urls?: boolean;
  /** 'active': replicating now; 'idle': up to date; 'offline': retrying; 'error'. */
  state: 'off' | 'starting' | 'active' | 'idle' | 'offline' | 'error';
  lastSyncAt?: number;
  lastError?: WireError & { at: number };
}

export interface SetupParams {
  url: string;
  username: string;
  password: string;
  passphrase: string;
  urls: boolean;
}

/** The synced part of the settings: the buckets and what each site writes and reads. */
export interface SyncedSettings {
  buckets: Bucket[];
  sites: Partial<Record<SiteId, SiteSettings>>;
}
