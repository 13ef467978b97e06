/**
 * What this device last agreed with its mirror, per replicated item (`memory:<id>`,
 * `settings`): the `stateHash` of the merged version both hold. An item whose local
 * version hashes otherwise changed here since; one that is gone here was deleted here.
 * Kept in the mirror's `_local` documents (never replicated), in 16 shards so a pass
 * rewrites only the shards it touched, with the changes-feed position it has read up to.
 *
 * @example
 * const st = await SyncState.load(mirror);
 * st.set('memory:m_1', stateHash(v));
 * await st.save(lastSeq);
 */
import type { Database } from 'pouchdb-core';
import { fnv1a } from '../util/hash';

const SHARDS = 16;
const CURSOR_ID = '_local/mnemo-sync-cursor';
const shardId = (n: number) => `_local/mnemo-sync-state-${n}`;

interface ShardDoc {
  _id: string;
  _rev?: string;
  entries: Record<string, string>;
}

interface CursorDoc {
  _id: string;
  _rev?: string;
  since: string | number;
}

async function getLocal<T extends object>(
  db: Database,
  id: string,
  is: (x: object) => x is T,
): Promise<T | undefined> {
  try {
    const doc = await db.get(id);
    return is(doc) ? doc : undefined;
  } catch (err) {
    if ((err as { status?: number }).status === 404) return undefined;
    throw err;
  }
}

const isShard = (x: object): x is ShardDoc => typeof (x as Partial<ShardDoc>).entries === 'object';
const isCursor = (x: object): x is CursorDoc => {
  const since = (x as Partial<CursorDoc>).since;
  return typeof since === 'string' || typeof since === 'number';
};

export class SyncState {
  private readonly dirty = new Set<number>();

  private constructor(
    private readonly db: Database,
    private readonly shards: ShardDoc[],
    private cursor: CursorDoc,
  ) {}

  static async load(db: Database): Promise<SyncState> {
    const shards = await Promise.all(
      Array.from(
        { length: SHARDS },
        async (_, n) =>
          (await getLocal(db, shardId(n), isShard)) ?? { _id: shardId(n), entries: {} },
      ),
    );
    const cursor = (await getLocal(db, CURSOR_ID, isCursor)) ?? { _id: CURSOR_ID, since: 0 };
    return new SyncState(db, shards, cursor);
  }

  /** The mirror's changes-feed position read up to. */
  get since(): string | number {
    return this.cursor.since;
  }

  private shardOf(key: string): number {
    return fnv1a(key) % SHARDS;
  }

  get(key: string): string | undefined {
    return this.shards[this.shardOf(key)]!.entries[key];
  }

  set(key: string, hash: string): void {
    const n = this.shardOf(key);
    if (this.shards[n]!.entries[key] === hash) return;
    this.shards[n]!.entries[key] = hash;
    this.dirty.add(n);
  }

  delete(key: string): void {
    const n = this.shardOf(key);
    if (!(key in this.shards[n]!.entries)) return;
    delete this.shards[n]!.entries[key];
    this.dirty.add(n);
  }

  /** Every key with an entry. */
  keys(): string[] {
    return this.shards.flatMap((s) => Object.keys(s.entries));
  }

  async save(since: string | number): Promise<void> {
    for (const n of this.dirty) {
      const s = this.shards[n]!;
      s._rev = (await this.db.put(s)).rev;
    }
    this.dirty.clear();
    if (since !== this.cursor.since) {
      this.cursor.since = since;
      this.cursor._rev = (await this.db.put(this.cursor)).rev;
    }
  }
}
