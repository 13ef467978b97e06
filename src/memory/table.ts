/**
 * The item table: one integer row per stored item (a memory or a captured turn), with the
 * columns a search filter, the memory list and the counts read, kept as typed arrays. A
 * filter is a column scan, `mask(filters)`, one byte per row (30,000 rows in well under a
 * millisecond), so no verdict is remembered between searches and nothing is parsed to decide
 * which items a search may return: a start fills the columns from the start image's packed
 * heads (src/store/image.ts) and the items stay JSON until read (src/store/lazy.ts).
 *
 * Rows are the indexes' ids: a memory's id, or `e:` and a turn's key. A deleted item's row is
 * given to the next item added.
 *
 * Room is left for more of the memory model's columns: `status` holds a turn's status
 * too (0 active; superseded-in-part and suppressed to come), and `flags` a HISTORY bit.
 *
 * @example
 * const table = new ItemTable();
 * table.putMemory(memory);
 * table.putTurn(episode);
 * const allowed = table.mask({ buckets: ['site:chatgpt'], includeEpisodes: true });
 * allowed[table.rowOf('m_1')!]; // 1 when it may be returned
 */
import { HEAD_REFS, type PackedHeads } from '../store/heads';
import type { EpisodeHead, MemoryHead } from './head';
import { episodeHead, memoryHead } from './head';
import type { Episode, Memory, MemoryKind, MemoryStatus, SearchFilters } from './types';
import { EPISODE_ID_PREFIX, MEMORY_KINDS } from './types';

export const MEMORY_ROW = 1;
export const TURN_ROW = 2;
/** A row no item holds (deleted, waiting to be given again). */
const FREE_ROW = 0;

/** `flags`: a turn said by the assistant. */
export const ASSISTANT = 1;
/** A turn whose memory the user deleted: kept as a source, never searched. */
export const SUPPRESSED = 2;
/** A turn with a sentence of three words or more that is not a question. */
export const STATES = 4;
export const PINNED = 8;
/** Reserved: a line that is history, not a current value (issue 17). */
export const HISTORY = 16;
/** An assistant's answer the user agreed to (`Episode.agreed`). */
export const AGREED = 32;

const STATUSES: readonly MemoryStatus[] = ['active', 'superseded', 'deleted'];
/** The image's packed heads (src/store/image.ts): a turn is kind 1; a memory's pin bit. */
const EPISODE = 1;
const PACKED_PINNED = 0x80;
/** A turn's agreed bit in the image's packed heads. */
const PACKED_AGREED = 8;

/** The columns of one row, as a caller gives them. */
export class ItemTable {
  private ids: string[] = [];
  private rows = new Map<string, number>();
  private free: number[] = [];
  private cap = 0;
  /** MEMORY_ROW, TURN_ROW or FREE_ROW. */
  private type = new Uint8Array(0);
  private flags = new Uint8Array(0);
  /** A memory's status (index in STATUSES); a turn's (0: active). */
  private status = new Uint8Array(0);
  /** A memory's kind (index in MEMORY_KINDS). */
  private kind = new Uint8Array(0);
  /** Interned strings (`str`): the bucket; a turn's site or a memory's sites ("\n"-joined). */
  private bucket = new Uint32Array(0);
  private sites = new Uint32Array(0);
  /** A turn's conversation (`site|conversation`); '' for a memory. */
  private conv = new Uint32Array(0);
  /** A memory's slot ('' when none, and for a turn). */
  private slot = new Uint32Array(0);
  private observedAt = new Float64Array(0);
  /** NaN when none (and for turns). */
  private supersededAt = new Float64Array(0);
  private updatedAt = new Float64Array(0);
  private strs: string[] = [''];
  private strIds = new Map<string, number>([['', 0]]);

  /** How many rows hold an item. */
  get size(): number {
    return this.rows.size;
  }

  /** Rows in use and free: the length of a mask. */
  get length(): number {
    return this.ids.length;
  }

  rowOf(id: string): number | undefined {
    return this.rows.get(id);
  }

  has(id: string): boolean {
    return this.rows.has(id);
  }

  putMemory(m: Memory): void {
    this.putMemoryHead(m.id, memoryHead(m));
  }

  putTurn(e: Episode): void {
    this.putTurnHead(e.key, episodeHead(e), e.conversationId);
  }

  /**
   * A memory's columns. An id that starts like a turn's (which no stored memory should have)
   * is left out: the indexes would take it for the turn's.
   */
  putMemoryHead(id: string, h: MemoryHead): void {
    if (id.startsWith(EPISODE_ID_PREFIX)) return;
    const r = this.row(id);
    this.type[r] = MEMORY_ROW;
    this.flags[r] = h.pinned ? PINNED : 0;
    this.status[r] = Math.max(0, STATUSES.indexOf(h.status));
    this.kind[r] = Math.max(0, MEMORY_KINDS.indexOf(h.kind));
    this.bucket[r] = this.str(h.bucket);
    this.sites[r] = this.str(h.sites.join('\n'));
    this.conv[r] = 0;
    this.slot[r] = this.str(h.slot);
    this.observedAt[r] = h.observedAt;
    this.supersededAt[r] = h.supersededAt ?? NaN;
    this.updatedAt[r] = h.updatedAt;
  }

  /** A turn's columns; its conversation id when known (else read from its key). */
  putTurnHead(key: string, h: EpisodeHead, conversationId?: string): void {
    const r = this.row(EPISODE_ID_PREFIX + key);
    this.type[r] = TURN_ROW;
    this.flags[r] =
      (h.role === 'assistant' ? ASSISTANT : 0) |
      (h.suppressed ? SUPPRESSED : 0) |
      (h.states ? STATES : 0) |
      (h.agreed ? AGREED : 0);
    this.status[r] = 0;
    this.kind[r] = 0;
    this.bucket[r] = this.str(h.bucket);
    this.sites[r] = this.str(h.site);
    this.slot[r] = 0;
    this.conv[r] = this.str(
      conversationId === undefined ? conversationOfKey(key) : `${h.site}|${conversationId}`,
    );
    this.observedAt[r] = h.observedAt;
    this.supersededAt[r] = NaN;
    this.updatedAt[r] = NaN;
  }

  /**
   * The rows of a start image's chunk, copied from its packed heads column by column (no
   * head object made per item): `ids` are index ids, `kinds` the image's (1: a turn).
   */
  putPacked(ids: readonly string[], kinds: ArrayLike<number>, p: PackedHeads): void {
    const { flags, times, refs, strs } = p;
    const local = strs.map((x) => this.str(x));
    const kindOf = strs.map((x) => Math.max(0, MEMORY_KINDS.indexOf(x as MemoryKind)));
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const f = flags[i]!;
      const isTurn = kinds[i] === EPISODE;
      if (!isTurn && id.startsWith(EPISODE_ID_PREFIX)) continue;
      const r = this.row(id);
      this.bucket[r] = local[refs[i * HEAD_REFS]!]!;
      this.sites[r] = local[refs[i * HEAD_REFS + 1]!]!;
      this.observedAt[r] = times[i * 3]!;
      this.supersededAt[r] = times[i * 3 + 1]!;
      this.updatedAt[r] = times[i * 3 + 2]!;
      if (isTurn) {
        this.type[r] = TURN_ROW;
        this.flags[r] = (f & (ASSISTANT | SUPPRESSED | STATES)) | (f & PACKED_AGREED ? AGREED : 0);
        this.status[r] = 0;
        this.kind[r] = 0;
        this.conv[r] = this.str(conversationOfKey(id.slice(EPISODE_ID_PREFIX.length)));
        this.slot[r] = 0;
      } else {
        this.type[r] = MEMORY_ROW;
        this.flags[r] = f & PACKED_PINNED ? PINNED : 0;
        this.status[r] = Math.min(STATUSES.length - 1, f & ~PACKED_PINNED);
        this.kind[r] = kindOf[refs[i * HEAD_REFS + 2]!]!;
        this.conv[r] = 0;
        this.slot[r] = local[refs[i * HEAD_REFS + 3]!]!;
      }
    }
  }

  /** Removes a memory's row (`memory`), or a turn's (an id `e:` and its key). */
  remove(id: string, memory = false): void {
    if (memory && id.startsWith(EPISODE_ID_PREFIX)) return;
    const r = this.rows.get(id);
    if (r === undefined) return;
    this.rows.delete(id);
    this.type[r] = FREE_ROW;
    this.ids[r] = '';
    this.free.push(r);
  }

  /** Removes every row of a type (MEMORY_ROW or TURN_ROW). */
  removeAll(type: number): void {
    for (let r = 0; r < this.ids.length; r++) if (this.type[r] === type) this.remove(this.ids[r]!);
  }

  /** The row's index id ('' for a free row). */
  idAt(row: number): string {
    return this.ids[row] ?? '';
  }

  typeAt(row: number): number {
    return this.type[row] ?? FREE_ROW;
  }

  observedAtOf(row: number): number {
    return this.observedAt[row]!;
  }

  updatedAtOf(row: number): number {
    return this.updatedAt[row]!;
  }

  pinnedAt(row: number): boolean {
    return (this.flags[row]! & PINNED) !== 0;
  }

  statusAt(row: number): MemoryStatus {
    return STATUSES[this.status[row]!] ?? 'active';
  }

  bucketAt(row: number): string {
    return this.strs[this.bucket[row]!]!;
  }

  kindAt(row: number): MemoryKind {
    return MEMORY_KINDS[this.kind[row]!]!;
  }

  /** A turn's conversation, `site|conversation` ('' for a memory). */
  conversationAt(row: number): string {
    return this.strs[this.conv[row]!]!;
  }

  /** The ids and slots of the memories that have a slot and are not deleted. */
  *slotted(): Generator<[id: string, slot: string]> {
    const deleted = STATUSES.indexOf('deleted');
    for (let r = 0; r < this.ids.length; r++)
      if (this.type[r] === MEMORY_ROW && this.slot[r] !== 0 && this.status[r] !== deleted)
        yield [this.ids[r]!, this.strs[this.slot[r]!]!];
  }

  /**
   * One byte per row: 1 when the row's item passes the filters (the same rules a parsed
   * item is judged by: active memories unless `status: 'all'` or `asOf`, turns only with
   * `includeEpisodes` and never suppressed ones).
   */
  mask(f: SearchFilters): Uint8Array {
    const n = this.ids.length;
    const out = new Uint8Array(n);
    const strs = this.strs;
    // Per interned string, once: whether it names an allowed bucket, or a wanted site.
    const inSet = (want: readonly string[] | undefined, split: boolean) => {
      if (!want) return undefined;
      const set = new Set<string>(want);
      return strs.map((x) =>
        split ? x.split('\n').some((y) => set.has(y)) : set.has(x),
      ) as readonly boolean[];
    };
    const buckets = inSet(f.buckets, false);
    const sites = inSet(f.sites, true);
    const kinds = f.kinds ? MEMORY_KINDS.map((k) => f.kinds!.includes(k)) : undefined;
    const roles = f.episodeRoles;
    const userOk = !roles || roles.includes('user');
    const assistantOk = !roles || roles.includes('assistant');
    const turnsOk = !!f.includeEpisodes && !kinds;
    const agreedOk = !!f.agreedAnswers;
    const { from, to, asOf } = f;
    const all = f.status === 'all';
    for (let r = 0; r < n; r++) {
      const type = this.type[r];
      if (type === FREE_ROW) continue;
      if (buckets && !buckets[this.bucket[r]!]) continue;
      if (sites && !sites[this.sites[r]!]) continue;
      const t = this.observedAt[r]!;
      if (from !== undefined && t < from) continue;
      if (to !== undefined && t > to) continue;
      const flags = this.flags[r]!;
      if (type === TURN_ROW) {
        if (!turnsOk) continue;
        if (!(flags & ASSISTANT ? assistantOk || (agreedOk && flags & AGREED) : userOk)) continue;
        if (flags & SUPPRESSED) continue;
        if (f.statementsOnly && !(flags & STATES)) continue;
        if (asOf !== undefined && t > asOf) continue;
        out[r] = 1;
        continue;
      }
      const status = this.status[r]!;
      if (status === 2) continue; // deleted
      if (kinds && !kinds[this.kind[r]!]) continue;
      if (asOf !== undefined) {
        if (t > asOf) continue;
        const until = this.supersededAt[r]!;
        if (status === 0 || (!Number.isNaN(until) && until > asOf)) out[r] = 1;
        continue;
      }
      if (status === 0 || all) out[r] = 1;
    }
    return out;
  }

  private str(x: string): number {
    let i = this.strIds.get(x);
    if (i === undefined) {
      i = this.strs.push(x) - 1;
      this.strIds.set(x, i);
    }
    return i;
  }

  /** The row of `id`, a new one (a free one, else at the end) when it has none. */
  private row(id: string): number {
    let r = this.rows.get(id);
    if (r !== undefined) return r;
    r = this.free.pop() ?? this.ids.length;
    if (r === this.ids.length) {
      this.ids.push(id);
      if (r >= this.cap) this.grow(Math.max(1024, this.cap * 2));
    } else this.ids[r] = id;
    this.rows.set(id, r);
    return r;
  }

  private grow(cap: number): void {
    const u8 = (a: Uint8Array) => {
      const b = new Uint8Array(cap);
      b.set(a);
      return b;
    };
    const u32 = (a: Uint32Array) => {
      const b = new Uint32Array(cap);
      b.set(a);
      return b;
    };
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    this.type = u8(this.type);
    this.flags = u8(this.flags);
    this.status = u8(this.status);
    this.kind = u8(this.kind);
    this.bucket = u32(this.bucket);
    this.sites = u32(this.sites);
    this.conv = u32(this.conv);
    this.slot = u32(this.slot);
    this.observedAt = f64(this.observedAt);
    this.supersededAt = f64(this.supersededAt);
    this.updatedAt = f64(this.updatedAt);
    this.cap = cap;
  }
}

/** `site|conversation` of a key `site|conversation|turn` (the last "|" ends it). */
function conversationOfKey(key: string): string {
  const cut = key.lastIndexOf('|');
  return cut < 0 ? key : key.slice(0, cut);
}
