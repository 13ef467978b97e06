/**
 * Sync in the background: the setup (the server, its vault, the keys), live replication
 * between the local mirror and the server (PouchDB's, retried with backoff while offline),
 * and sync passes (./pass.ts) whenever either side changed: after the engine's writes
 * (`changed()`), and when replication brings something. Nothing here ever blocks capture
 * or injection: they work on the engine, and a pass runs after them, its errors recorded
 * for Options → Sync.
 *
 * @example
 * const sync = new Replicator({ host, config, openMirror, openRemote, now });
 * await sync.setup({ url, username, password, passphrase, urls: false });
 * sync.changed(); // after a local write
 */
import type { Database } from 'pouchdb-core';
import { toWireError } from '../messaging/wire-error';
import type { Sealed } from './crypto';
import type { ConfigStore, SyncConfig, SyncRecord } from './config';
import { explain, SyncSetupError } from './errors';
import { runPass, type PassReport, type SyncHost } from './pass';
import { Pouch, type Credentials } from './pouch';
import { SyncState } from './state';
import { openVault } from './vault';
import { hostPattern } from './url';
import type { SetupParams, SyncStatus } from './types';

export const MIRROR_NAME = 'mnemo-sync-mirror';

export type { SetupParams, SyncStatus };

export interface ReplicatorEnv {
  host: SyncHost;
  config: ConfigStore;
  openMirror: (name: string) => Database<Sealed>;
  openRemote: (url: string, auth: Credentials) => Database<Sealed>;
  /** Whether the extension may reach the server (an optional host permission, `hostPattern`). */
  canReach?: (pattern: string) => Promise<boolean>;
  now: () => number;
  /** How long after a change a pass runs (changes close together share one). */
  debounceMs?: number;
  /** PBKDF2 iterations for a vault created here (tests may not go below the minimum). */
  iterations?: number;
}

/** How long replication waits before retrying: doubling from 1 s, at most 5 min. */
export function backOff(delay: number): number {
  return delay === 0 ? 1000 : Math.min(delay * 2, 300_000);
}

/** A database URL checked and normalised: http(s), a database name, no credentials in it. */
export function parseServerUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new SyncSetupError(
      'That server address is not a URL. Enter the database address, like https://couch.example.org/mnemo.',
    );
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw new SyncSetupError(
      'The server address must start with https:// (or http:// on your own network).',
    );
  if (u.username || u.password)
    throw new SyncSetupError(
      'Put the user name and password in their own fields, not in the address.',
    );
  if (u.pathname.replace(/\/+$/, '').split('/').filter(Boolean).length !== 1)
    throw new SyncSetupError(
      'The address must name one database, like https://couch.example.org/mnemo.',
    );
  u.pathname = u.pathname.replace(/\/+$/, '');
  u.search = '';
  u.hash = '';
  return u;
}

export class Replicator {
  private cfg: SyncConfig | undefined;
  private mirror: Database<Sealed> | undefined;
  private remote: Database<Sealed> | undefined;
  private live: { cancel(): void } | undefined;
  private state: SyncStatus['state'] = 'off';
  private record: SyncRecord = {};
  private chain: Promise<unknown> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private startP: Promise<void> | undefined;
  /** Revisions written here, by document (./pass.ts skips them in the feed). */
  private readonly written = new Map<string, string>();
  /** Resolved by the next pass that ends (tests, "sync now"). */
  private waiters: (() => void)[] = [];

  constructor(private readonly env: ReplicatorEnv) {}

  async status(): Promise<SyncStatus> {
    const cfg = this.cfg ?? (await this.env.config.config());
    const record = await this.env.config.record();
    if (!cfg) return { enabled: false, state: 'off', ...record };
    return {
      enabled: true,
      url: cfg.url,
      username: cfg.username,
      urls: cfg.urls,
      state: this.state === 'off' ? 'starting' : this.state,
      ...record,
    };
  }

  /**
   * Sets sync up with a server: opens (or creates) its vault with the passphrase, which
   * must open it; then starts. A device that held another vault's mirror starts a new one.
   */
  async setup(p: SetupParams): Promise<SyncStatus> {
    const url = parseServerUrl(p.url);
    if (!p.passphrase)
      throw new SyncSetupError('Enter the passphrase that encrypts your memories.');
    if (this.env.canReach && !(await this.env.canReach(hostPattern(url))))
      throw new SyncSetupError(
        `Mnemo may not reach ${url.origin} yet. Press "Set up sync" again and allow access when the browser asks.`,
      );
    const creds = { username: p.username, password: p.password };
    const remote = this.env.openRemote(url.href, creds);
    let vault;
    try {
      await remote.info(); // creates the database where the user may, and checks the login
      vault = await openVault(remote, p.passphrase, this.env.iterations);
    } catch (err) {
      throw explain(err, url.origin);
    }
    await this.stop();
    const old = await this.env.config.config();
    if (old && old.vaultId !== vault.vaultId) await this.env.openMirror(MIRROR_NAME).destroy();
    const cfg: SyncConfig = {
      url: url.href,
      username: p.username,
      password: p.password,
      keys: vault.keys,
      vaultId: vault.vaultId,
      urls: p.urls,
    };
    await this.env.config.save(cfg);
    await this.env.config.saveRecord({});
    this.record = {};
    await this.start();
    return this.status();
  }

  /** Starts live sync if it is set up (at start-up, after setup). Idempotent. */
  start(): Promise<void> {
    this.startP ??= this.begin().finally(() => {
      this.startP = undefined;
    });
    return this.startP;
  }

  private async begin(): Promise<void> {
    if (this.live) return;
    const cfg = await this.env.config.config();
    if (!cfg) return;
    this.cfg = cfg;
    this.record = await this.env.config.record();
    this.state = 'starting';
    this.mirror ??= this.env.openMirror(MIRROR_NAME);
    this.remote = this.env.openRemote(cfg.url, cfg);
    const mirror = this.mirror;
    const remote = this.remote;
    // What the server holds comes in before the first pass: a device's defaults must not
    // count as its user's newer choice.
    try {
      await Pouch.replicate(remote, mirror, { batch_size: 500 });
    } catch (err) {
      await this.fail(err);
    }
    this.schedule(0);
    const live = Pouch.sync(mirror, remote, {
      live: true,
      retry: true,
      batch_size: 500,
      back_off_function: backOff,
    });
    live.on('change', (info) => {
      this.state = 'active';
      if (info.direction === 'pull') this.schedule();
    });
    live.on('active', () => {
      this.state = 'active';
    });
    live.on('paused', (err) => {
      if (err) void this.fail(err, 'offline');
      else void this.succeeded();
    });
    live.on('denied', (err) => void this.fail(err));
    live.on('error', (err) => void this.fail(err));
    live.catch((err) => this.fail(err));
    this.live = live;
  }

  /** Stops replicating (local data and the setup stay). */
  async stop(): Promise<void> {
    await this.startP;
    this.live?.cancel();
    this.live = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.chain;
    this.state = 'off';
  }

  /** Sync turned off: replication stops, the setup, keys and mirror go; memories stay. */
  async turnOff(): Promise<SyncStatus> {
    await this.stop();
    this.cfg = undefined;
    this.remote = undefined;
    const mirror = this.mirror ?? this.env.openMirror(MIRROR_NAME);
    this.mirror = undefined;
    await mirror.destroy();
    this.written.clear();
    await this.env.config.clear();
    this.record = {};
    return this.status();
  }

  /** The engine changed: a pass runs shortly (changes close together share one). */
  changed(): void {
    if (this.cfg) this.schedule();
  }

  private schedule(delay = this.env.debounceMs ?? 300): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.pass().catch(() => undefined);
    }, delay);
  }

  /** One pass, after any running one; its failure is recorded and rethrown. */
  private pass(): Promise<PassReport | undefined> {
    const run = this.chain.then(async () => {
      const cfg = this.cfg;
      const mirror = this.mirror;
      if (!cfg || !mirror) return undefined;
      try {
        const report = await runPass({
          mirror,
          keys: cfg.keys,
          host: this.env.host,
          state: await SyncState.load(mirror),
          urls: cfg.urls,
          written: this.written,
        });
        if (report.again) this.schedule();
        return report;
      } catch (err) {
        await this.fail(err);
        throw err;
      } finally {
        for (const w of this.waiters.splice(0)) w();
      }
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  /**
   * "Sync now": what the server holds comes in, a pass merges it with what changed here,
   * and the result goes out, before this resolves. Throws what failed, explained.
   */
  async syncNow(): Promise<SyncStatus> {
    await this.start();
    const cfg = this.cfg;
    const mirror = this.mirror;
    const remote = this.remote;
    if (!cfg || !mirror || !remote)
      throw new SyncSetupError('Sync is not set up. Enter your server and passphrase first.');
    try {
      await Pouch.replicate(remote, mirror, { batch_size: 500 });
      await this.pass();
      await Pouch.replicate(mirror, remote, { batch_size: 500 });
    } catch (err) {
      throw await this.fail(err);
    }
    await this.succeeded();
    return this.status();
  }

  /** Resolves once a pass has ended (for tests). */
  settled(): Promise<void> {
    return new Promise((r) => this.waiters.push(r));
  }

  /**
   * After every memory was forgotten here: their documents become content-free tombstones
   * and go out (other devices forget them as they sync), then the server is asked to
   * compact, so the earlier versions' ciphertext goes too where the user may ask that.
   */
  async forgetEverywhere(): Promise<void> {
    await this.syncNow();
    try {
      await this.remote?.compact();
    } catch {
      // Compaction needs admin rights on CouchDB; the server compacts on its own later.
    }
  }

  private async succeeded(): Promise<void> {
    this.state = 'idle';
    this.record = { lastSyncAt: this.env.now() };
    await this.env.config.saveRecord(this.record).catch(() => undefined);
  }

  private async fail(err: unknown, state: SyncStatus['state'] = 'error'): Promise<Error> {
    const e = explain(err, this.cfg ? new URL(this.cfg.url).origin : '');
    this.state = e.name === 'SyncOfflineError' ? 'offline' : state;
    const lastError = { ...toWireError(e), at: this.env.now() };
    this.record = { ...this.record, lastError };
    await this.env.config.saveRecord(this.record).catch(() => undefined);
    return e;
  }
}
