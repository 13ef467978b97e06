/**
 * Each conversation's turns in order: time order, the order they were added for equal times.
 * A conversation's list is built when first needed (a search's neighbour context, a captured
 * turn's recent context) from the item table's times, and from then on kept in step as turns are
 * added (a new turn goes in by binary search: at the end, in a live conversation) or
 * removed, so neither a captured turn nor a search reads the whole conversation again. The
 * groups are the episode keys by their first two parts (`site|conversation`), read from the
 * keys alone, so a start parses no other episode.
 *
 * @example
 * const order = new TurnOrder(() => state.episodes);
 * order.positionOf('e:chatgpt|c1|t7'); // { list: ['e:chatgpt|c1|t6', 'e:chatgpt|c1|t7'], i: 1 }
 * order.recent('chatgpt', 'c1', at, 4); // the four turns before `at`, oldest first
 */
import type { LazyMap } from '../store/lazy';
import type { ItemTable } from './table';
import type { Episode } from './types';
import { EPISODE_ID_PREFIX as EPISODE_PREFIX } from './types';

/** One conversation's turns: index ids in order, their times, and each id's position. */
interface Turns {
  ids: string[];
  times: number[];
  at: Map<string, number>;
}

interface ConversationCache {
  groups?: Map<string, string[]>;
  lists: Map<string, Turns>;
}

export class TurnOrder {
  private cache?: ConversationCache;

  constructor(
    private readonly episodes: () => LazyMap<Episode>,
    private readonly table: () => ItemTable,
  ) {}

  /** A turn's time from the table (undefined when it is not stored), nothing parsed. */
  private timeOf(key: string): number | undefined {
    const table = this.table();
    const r = table.rowOf(EPISODE_PREFIX + key);
    return r === undefined ? undefined : table.observedAtOf(r);
  }

  /** Every episode may have changed (a start swapped the map). */
  reset(): void {
    this.cache = undefined;
  }

  /** An episode was set or deleted (`key`), or every one was (undefined). */
  changed(key: string | undefined): void {
    const cache = this.cache;
    if (!cache) return;
    const first = key?.indexOf('|') ?? -1;
    const cut = key && first >= 0 ? key.indexOf('|', first + 1) : -1;
    // A key whose conversation cannot be read from it alone: start again.
    if (key === undefined || cut < 0 || key.indexOf('|', cut + 1) >= 0) {
      this.cache = undefined;
      return;
    }
    const g = key.slice(0, cut);
    const t = this.timeOf(key);
    if (cache.groups) {
      const group = cache.groups.get(g);
      if (t !== undefined) {
        if (!group) cache.groups.set(g, [key]);
        else if (!group.includes(key)) group.push(key);
      } else if (group) {
        const i = group.indexOf(key);
        if (i >= 0) group.splice(i, 1);
        if (!group.length) cache.groups.delete(g);
      }
    }
    const list = cache.lists.get(g);
    if (!list) return;
    const id = EPISODE_PREFIX + key;
    const i = list.at.get(id);
    if (t === undefined) {
      if (i !== undefined) remove(list, i);
      return;
    }
    if (i === undefined) {
      // A new turn: after every turn of its time or earlier (the order a rebuild gives it).
      insert(list, upperBound(list.times, t), id, t);
    } else if (list.times[i] !== t) {
      // A turn whose time changed keeps its place among its group's keys in a rebuild: one
      // is done when next needed (rare: an edited turn captured again with a new time).
      cache.lists.delete(g);
    }
  }

  /** Where an episode sits in its conversation: time order, turn order for equal times. */
  positionOf(id: string, retry = true): { list: string[]; i: number } | undefined {
    const e = this.episodes().get(id.slice(EPISODE_PREFIX.length));
    if (!e) return undefined;
    const list = this.turnsOf(e.site, e.conversationId);
    const i = list.at.get(id);
    if (i !== undefined) return { list: list.ids, i };
    // Not where the cache says (it missed a change): rebuild once.
    if (retry) {
      this.cache = undefined;
      return this.positionOf(id, false);
    }
    return undefined;
  }

  /**
   * The conversation's last `n` turns said at or before `at`, oldest first, leaving out
   * `except` (an index id): what an extractor gets as a captured turn's context. Reads
   * those turns only.
   */
  recent(site: string, conversationId: string, at: number, n: number, except?: string): Episode[] {
    const list = this.turnsOf(site, conversationId);
    const episodes = this.episodes();
    const out: Episode[] = [];
    for (let i = upperBound(list.times, at) - 1; i >= 0 && out.length < n; i--) {
      const id = list.ids[i]!;
      if (id === except) continue;
      const e = episodes.get(id.slice(EPISODE_PREFIX.length));
      if (e) out.push(e);
    }
    return out.reverse();
  }

  /** When the conversation's last turn was said (0 when none is stored), nothing parsed. */
  lastAt(site: string, conversationId: string): number {
    return this.turnsOf(site, conversationId).times.at(-1) ?? 0;
  }

  private turnsOf(site: string, conversationId: string): Turns {
    const cache: ConversationCache = (this.cache ??= { lists: new Map() });
    const conv = `${site}|${conversationId}`;
    let list = cache.lists.get(conv);
    if (list) return list;
    const episodes = this.episodes();
    cache.groups ??= groupByConversation(episodes.keys());
    const keys = cache.groups.get(conv);
    let same: { id: string; t: number }[];
    if (keys?.every(isPlainKey)) {
      // Every key is `site|conversation|turn` with no other "|": the group is exactly the
      // conversation, and each turn's time is read from the table, the turn left unparsed.
      same = keys.map((k) => ({ id: EPISODE_PREFIX + k, t: this.timeOf(k) ?? 0 }));
    } else {
      // A "|" in a conversation or turn id makes the key ambiguous: read the turns (every
      // one when the conversation is not among the groups).
      same = (keys ? keys.map((k) => episodes.get(k)) : [...episodes.values()])
        .filter((x): x is Episode => !!x && x.site === site && x.conversationId === conversationId)
        .map((x) => ({ id: EPISODE_PREFIX + x.key, t: x.observedAt }));
    }
    same.sort((x, y) => x.t - y.t);
    const ids = same.map((x) => x.id);
    list = { ids, times: same.map((x) => x.t), at: new Map(ids.map((x, i) => [x, i])) };
    cache.lists.set(conv, list);
    return list;
  }
}

/** The first index whose time is later than `t`. */
function upperBound(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insert(list: Turns, i: number, id: string, t: number): void {
  list.ids.splice(i, 0, id);
  list.times.splice(i, 0, t);
  // Positions after it move by one (none when it goes at the end, as a live turn does).
  for (let j = i; j < list.ids.length; j++) list.at.set(list.ids[j]!, j);
}

function remove(list: Turns, i: number): void {
  list.at.delete(list.ids[i]!);
  list.ids.splice(i, 1);
  list.times.splice(i, 1);
  for (let j = i; j < list.ids.length; j++) list.at.set(list.ids[j]!, j);
}

/** Whether an episode key has exactly the two "|" of `site|conversation|turn`. */
function isPlainKey(k: string): boolean {
  const a = k.indexOf('|');
  const b = k.indexOf('|', a + 1);
  return a > 0 && b > a && k.indexOf('|', b + 1) < 0;
}

/** Episode keys (`site|conversation|turn`) grouped by their first two parts. */
function groupByConversation(keys: Iterable<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const k of keys) {
    const cut = k.indexOf('|', k.indexOf('|') + 1);
    if (cut < 0) continue;
    const g = k.slice(0, cut);
    const l = out.get(g);
    if (l) l.push(k);
    else out.set(g, [k]);
  }
  return out;
}
