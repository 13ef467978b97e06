/**
 * Helpers for the sync tests: PouchDB with the in-memory adapter, one derived key per test
 * file (600,000 PBKDF2 iterations take a while), and TEST DOUBLE hosts: an engine reduced
 * to a map of memories and their history rows, for the property test's thousands of
 * operations (the real engine's path is tested in test/unit/sync/engine.test.ts).
 */
import memoryAdapter from 'pouchdb-adapter-memory';
import type { Database } from 'pouchdb-core';
import type { HistoryRow, Memory } from '../../src/memory/types';
import { deriveKeys, type Sealed, type VaultKeys } from '../../src/sync/crypto';
import type { RemoteChanges, SyncedSettings, SyncHost } from '../../src/sync/pass';
import { Pouch } from '../../src/sync/pouch';

export const MemPouch = Pouch.plugin(memoryAdapter);

let n = 0;
export function memDb(): Database<Sealed> {
  return new MemPouch<Sealed>(`mem-${process.pid}-${++n}`, { adapter: 'memory' });
}

let keys: Promise<VaultKeys> | undefined;
export function testKeys(): Promise<VaultKeys> {
  keys ??= deriveKeys('test passphrase', new Uint8Array(16), 600_000);
  return keys;
}

/** A clock shared by the replicas of a test: every operation gets a later time. */
export class SharedClock {
  t = Date.UTC(2026, 5, 1);
  now = () => ++this.t;
}

export function memory(id: string, text: string, at: number, over: Partial<Memory> = {}): Memory {
  return {
    id,
    text,
    kind: 'fact',
    bucket: 'site:demo',
    observedAt: at,
    createdAt: at,
    updatedAt: at,
    status: 'active',
    pinned: false,
    entities: [],
    provenance: [
      {
        site: 'demo',
        conversationId: 'c1',
        url: 'http://127.0.0.1/demo/c/c1',
        turnIds: ['t1'],
        role: 'user',
      },
    ],
    ...over,
  };
}

/** TEST DOUBLE of the engine behind a SyncHost: memories and history rows in maps. */
export class FakeHost implements SyncHost {
  readonly mem = new Map<string, Memory>();
  readonly hist = new Map<string, HistoryRow[]>();
  settingsValue: SyncedSettings = { buckets: [{ id: 'site:demo', name: 'demo' }], sites: {} };
  applied = 0;

  constructor(readonly clock: SharedClock) {}

  now(): number {
    return this.clock.now();
  }
  async memories(): Promise<Memory[]> {
    return [...this.mem.values()];
  }
  async history(id: string): Promise<HistoryRow[]> {
    return this.hist.get(id) ?? [];
  }
  private row(r: HistoryRow): void {
    const rows = this.hist.get(r.memoryId) ?? [];
    rows.push(r);
    this.hist.set(r.memoryId, rows);
  }
  async apply(c: RemoteChanges): Promise<void> {
    this.applied += c.upsert.length + c.remove.length;
    for (const u of c.upsert) {
      this.mem.set(u.memory.id, u.memory);
      const have = new Set((this.hist.get(u.memory.id) ?? []).map((r) => JSON.stringify(r)));
      for (const r of u.history) if (!have.has(JSON.stringify(r))) this.row({ ...r });
    }
    for (const id of c.remove) this.remove(id, 'sync');
  }
  async settings(): Promise<SyncedSettings> {
    return this.settingsValue;
  }
  async applySettings(s: SyncedSettings): Promise<void> {
    this.settingsValue = s;
  }

  // --- what the user does on this device -----------------------------------------------
  add(id: string, text: string): Memory {
    const at = this.now();
    const m = memory(id, text, at);
    this.mem.set(id, m);
    this.row({ memoryId: id, at, action: 'added', actor: 'extraction', after: text });
    return m;
  }
  edit(id: string, text: string): void {
    const m = this.mem.get(id)!;
    const at = this.now();
    this.mem.set(id, { ...m, text, updatedAt: at });
    this.row({ memoryId: id, at, action: 'edited', actor: 'user', before: m.text, after: text });
  }
  supersede(id: string, by: string): void {
    const m = this.mem.get(id)!;
    const at = this.now();
    this.mem.set(id, {
      ...m,
      status: 'superseded',
      supersededBy: by,
      supersededAt: at,
      updatedAt: at,
    });
    this.row({ memoryId: id, at, action: 'superseded', actor: 'extraction', relatedId: by });
  }
  remove(id: string, actor: HistoryRow['actor'] = 'user'): void {
    if (!this.mem.delete(id)) return;
    const rows = (this.hist.get(id) ?? []).map(({ before: _b, after: _a, ...r }) => r);
    this.hist.set(id, rows);
    this.row({ memoryId: id, at: this.now(), action: 'deleted', actor });
  }
}
