/**
 * One sync pass between the engine and the local mirror (a PouchDB database of encrypted
 * documents that replicates with the server). Each replicated item (a memory, the
 * settings) is looked at when it changed on either side since the last pass:
 *
 * - on the mirror's side: the changes feed since the saved position (replication brought a
 *   new version, or versions in conflict);
 * - on the engine's side: its hash differs from the one both sides last agreed on
 *   (./state.ts), or it is gone (deleted here).
 *
 * The mirror's versions of an item are merged (./merge.ts); when the item also changed
 * here, the local version is merged in too (when it did not, the mirror's version descends
 * from it and simply replaces it). The result is written to the mirror (replication takes
 * it to the server) and applied through the engine, in that order; the agreed hash is
 * saved last, so a pass cut short is redone, never half-remembered.
 *
 * @example
 * const report = await runPass({ mirror, keys, host, state, urls: false, written });
 */
import type { Database, Doc } from 'pouchdb-core';
import type { HistoryRow, Memory } from '../memory/types';
import { docIdOf, open, seal, type Sealed, type VaultKeys } from './crypto';
import { mergeMemories, mergeSettings } from './merge';
import {
  bodyHash,
  canonical,
  liveVersion,
  memoryIdOf,
  stateHash,
  tombVersion,
  withLocalUrls,
  type Body,
  type MemoryVersion,
  type SettingsVersion,
  type SyncedHistory,
} from './model';
import type { SyncState } from './state';
import { VAULT_DOC_ID } from './vault';
import { fnv1aHex } from '../util/hash';
import { isBody } from './validate';
import type { RemoteChanges } from '../memory/types';
import type { SyncedSettings } from './types';

/** A document as the mirror and the server hold it: an id, a revision, ciphertext. */
export type EncryptedDoc = Doc<Sealed>;

export type { RemoteChanges };

export type { SyncedSettings };

/** The engine and settings, as a pass sees them (the background's adapter, or a test's). */
export interface SyncHost {
  /** Every memory (superseded ones included). */
  memories(): Promise<Memory[]>;
  history(id: string): Promise<HistoryRow[]>;
  apply(changes: RemoteChanges): Promise<void>;
  settings(): Promise<SyncedSettings>;
  applySettings(s: SyncedSettings): Promise<void>;
  now(): number;
}

export interface PassContext {
  mirror: Database<Sealed>;
  keys: VaultKeys;
  host: SyncHost;
  state: SyncState;
  /** Whether provenance page URLs replicate (the user's opt-in). */
  urls: boolean;
  /** Revisions this device wrote, by document: read back from the feed, they are skipped. */
  written: Map<string, string>;
}

export interface PassReport {
  /** Versions written to the mirror (to be pushed). */
  written: number;
  /** Memories upserted or removed through the engine. */
  applied: number;
  removed: number;
  /** Documents whose concurrent versions were merged. */
  conflicts: number;
  /** Some writes lost a race with replication: another pass is due. */
  again: boolean;
}

export class UndecryptableDocError extends Error {
  constructor(id: string, cause: unknown) {
    super(
      `A document on the sync server (${id}) does not open with this vault's key: it was altered, or written by another vault. It was left alone.`,
      { cause },
    );
    this.name = 'UndecryptableDocError';
  }
}

const FEED_BATCH = 1000;
const WRITE_BATCH = 500;
const SETTINGS_KEY = 'settings';
const memoryKey = (id: string) => `memory:${id}`;
const settingsHash = (s: SyncedSettings): string => fnv1aHex(canonical(s)) + canonical(s).length;

interface Leaf {
  rev: string;
  body: Body;
}

interface Item {
  docId: string;
  /** The mirror's current versions (one unless in conflict); the first is the winner. */
  leaves: Leaf[];
}

async function decrypt(keys: VaultKeys, doc: EncryptedDoc): Promise<Body> {
  let body: unknown;
  try {
    body = await open(keys, doc._id, doc);
  } catch (err) {
    throw new UndecryptableDocError(doc._id, err);
  }
  if (!isBody(body)) throw new UndecryptableDocError(doc._id, new Error('unknown body'));
  return body;
}

const keyOf = (b: Body): string => (b.t === 'settings' ? SETTINGS_KEY : memoryKey(memoryIdOf(b)));

/** Every current version of a document: its winner, then the live versions in conflict. */
async function leavesOf(ctx: PassContext, doc: EncryptedDoc): Promise<Leaf[]> {
  const revs = [doc._rev!, ...(doc._conflicts ?? [])];
  const docs = doc._conflicts?.length
    ? (await ctx.mirror.get(doc._id, { open_revs: revs })).flatMap((r) =>
        'ok' in r && !r.ok._deleted ? [r.ok] : [],
      )
    : [doc];
  docs.sort((a, b) => revs.indexOf(a._rev!) - revs.indexOf(b._rev!));
  return Promise.all(docs.map(async (d) => ({ rev: d._rev!, body: await decrypt(ctx.keys, d) })));
}

export async function runPass(ctx: PassContext): Promise<PassReport> {
  const { mirror, keys, host, state } = ctx;
  const report: PassReport = { written: 0, applied: 0, removed: 0, conflicts: 0, again: false };
  const items = new Map<string, Item>();
  const skipped: UndecryptableDocError[] = [];

  const take = async (doc: EncryptedDoc) => {
    try {
      const leaves = await leavesOf(ctx, doc);
      if (leaves.length === 0) return;
      items.set(keyOf(leaves[0]!.body), { docId: doc._id, leaves });
    } catch (err) {
      if (err instanceof UndecryptableDocError) skipped.push(err);
      else throw err;
    }
  };

  // 1. What replication brought since the last pass.
  let since = state.since;
  for (;;) {
    const res = await mirror.changes({
      since,
      include_docs: true,
      conflicts: true,
      limit: FEED_BATCH,
    });
    for (const r of res.results) {
      const doc = r.doc as EncryptedDoc | undefined;
      if (!doc || r.deleted || r.id === VAULT_DOC_ID || r.id.startsWith('_')) continue;
      if (!doc._conflicts?.length && ctx.written.get(r.id) === doc._rev) continue;
      await take(doc);
    }
    since = res.last_seq;
    if (res.results.length < FEED_BATCH) break;
  }

  // 2. What changed here since the last agreement.
  const locals = new Map((await host.memories()).map((m) => [m.id, m]));
  const dirty = new Set<string>();
  for (const m of locals.values()) {
    const key = memoryKey(m.id);
    if (stateHash(liveVersion(m, [], { urls: ctx.urls })) !== state.get(key)) dirty.add(key);
  }
  for (const key of state.keys())
    if (key.startsWith('memory:') && !locals.has(key.slice(7)) && state.get(key) !== 'tomb')
      dirty.add(key);
  const localSettings = await host.settings();
  const settingsSeen = state.get(SETTINGS_KEY);
  if (settingsHash(localSettings) !== settingsSeen) dirty.add(SETTINGS_KEY);

  // The mirror's versions of what changed here only.
  const missing = [...dirty].filter((k) => !items.has(k));
  const ids = await Promise.all(
    missing.map((k) =>
      k === SETTINGS_KEY ? docIdOf(keys, 'settings') : docIdOf(keys, 'memory', k.slice(7)),
    ),
  );
  const docIdByKey = new Map(missing.map((k, i) => [k, ids[i]!]));
  for (let i = 0; i < ids.length; i += FEED_BATCH) {
    const res = await mirror.allDocs({
      keys: ids.slice(i, i + FEED_BATCH),
      include_docs: true,
      conflicts: true,
    });
    for (const row of res.rows) if ('doc' in row && row.doc) await take(row.doc as EncryptedDoc);
  }

  // 3. Merge, item by item.
  const writes: EncryptedDoc[] = [];
  const agreed = new Map<string, string>();
  const changes: RemoteChanges = { upsert: [], remove: [] };
  let nextSettings: SyncedSettings | undefined;

  for (const key of new Set([...items.keys(), ...dirty])) {
    const item = items.get(key);
    const docId = item?.docId ?? docIdByKey.get(key) ?? (await docIdOfKey(keys, key));
    if (item && item.leaves.length > 1) report.conflicts++;

    if (key === SETTINGS_KEY) {
      const leaves = (item?.leaves ?? []).map((l) => l.body as SettingsVersion);
      const local: SettingsVersion = {
        t: 'settings',
        // Settings never agreed with this vault yield to any it holds.
        updatedAt: settingsSeen === undefined ? 0 : host.now(),
        ...localSettings,
      };
      const merged = leaves.length ? leaves.reduce(mergeSettings) : undefined;
      const result = merged
        ? dirty.has(key)
          ? mergeSettings(local, merged)
          : merged
        : { ...local, updatedAt: host.now() };
      const synced: SyncedSettings = { buckets: result.buckets, sites: result.sites };
      if (!merged || item!.leaves.length > 1 || bodyHash(result) !== bodyHash(merged))
        await queueWrite(ctx, writes, docId, item, result);
      if (settingsHash(synced) !== settingsHash(localSettings)) nextSettings = synced;
      agreed.set(key, settingsHash(synced));
      continue;
    }

    const id = key.slice(7);
    const m = locals.get(id);
    const history = m || state.get(key) !== undefined ? await host.history(id) : [];
    const local: MemoryVersion | undefined = m
      ? liveVersion(m, history, { urls: ctx.urls })
      : state.get(key) !== undefined
        ? tombVersion(id, deletedAt(history) ?? host.now(), history)
        : undefined;
    const leaves = (item?.leaves ?? []).map((l) => l.body as MemoryVersion);
    const merged = leaves.length ? mergeMemories(leaves) : undefined;
    const result =
      merged && local && dirty.has(key) ? mergeMemories([local, merged]) : (merged ?? local);
    if (!result) continue;
    if (!merged || item!.leaves.length > 1 || bodyHash(result) !== bodyHash(merged))
      await queueWrite(ctx, writes, docId, item, result);
    if (result.t === 'memory') {
      const known = new Set(history.map((r) => canonical(tombSafe(r))));
      const newRows = result.history.some((r) => !known.has(canonical(r)));
      if (!local || stateHash(result) !== stateHash(local) || newRows) {
        changes.upsert.push({
          memory: withLocalUrls(result.memory, m),
          history: result.history,
        });
      }
    } else if (m) changes.remove.push(id);
    agreed.set(key, stateHash(result));
  }

  // 4. The mirror first (a version is never applied here without being kept there), then
  //    the engine, then what both now agree on.
  const failed = new Set<string>();
  for (let i = 0; i < writes.length; i += WRITE_BATCH) {
    const batch = writes.slice(i, i + WRITE_BATCH);
    const res = await mirror.bulkDocs(batch);
    res.forEach((r, j) => {
      const doc = batch[j]!;
      if ('error' in r && r.error) {
        if (!doc._deleted) failed.add(doc._id);
      } else if (!doc._deleted && 'rev' in r) {
        ctx.written.set(doc._id, r.rev);
        report.written++;
      }
    });
  }
  if (failed.size) report.again = true;
  const failedKeys = new Set<string>();
  for (const [key] of agreed) {
    const docId = items.get(key)?.docId ?? docIdByKey.get(key);
    if (docId && failed.has(docId)) failedKeys.add(key);
  }
  const ok = (id: string) => !failedKeys.has(memoryKey(id));
  const applied: RemoteChanges = {
    upsert: changes.upsert.filter((u) => ok(u.memory.id)),
    remove: changes.remove.filter(ok),
  };
  if (applied.upsert.length || applied.remove.length) await host.apply(applied);
  if (nextSettings && !failedKeys.has(SETTINGS_KEY)) await host.applySettings(nextSettings);
  report.applied = applied.upsert.length;
  report.removed = applied.remove.length;
  for (const [key, h] of agreed) if (!failedKeys.has(key)) state.set(key, h);
  await state.save(since);
  if (skipped.length) throw skipped[0]!;
  return report;
}

function deletedAt(history: readonly HistoryRow[]): number | undefined {
  let at: number | undefined;
  for (const r of history) if (r.action === 'deleted') at = Math.max(at ?? 0, r.at);
  return at;
}

/** A local row as a merged history holds it (no row number). */
function tombSafe(r: HistoryRow): SyncedHistory {
  const { id: _id, ...rest } = r;
  return rest;
}

async function docIdOfKey(keys: VaultKeys, key: string): Promise<string> {
  return key === SETTINGS_KEY ? docIdOf(keys, 'settings') : docIdOf(keys, 'memory', key.slice(7));
}

/** The merged version on the winning branch, and every other branch closed. */
async function queueWrite(
  ctx: PassContext,
  writes: EncryptedDoc[],
  docId: string,
  item: Item | undefined,
  body: Body,
): Promise<void> {
  const sealed = await seal(ctx.keys, docId, body);
  const [win, ...rest] = item?.leaves ?? [];
  writes.push({ _id: docId, ...(win ? { _rev: win.rev } : {}), ...sealed });
  for (const l of rest)
    writes.push({ _id: docId, _rev: l.rev, _deleted: true, v: 1, iv: '', ct: '' });
}
