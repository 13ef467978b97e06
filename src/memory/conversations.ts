/**
 * Each conversation's turns in order (time order, the order they were added for equal
 * times), built for a conversation when a search first needs it. The groups are the episode
 * keys by their first two parts (`site|conversation`), read from the keys alone, so a start
 * parses no other episode. Both follow the episode map's changes (`changed`): a captured turn
 * rebuilds its own conversation's order only.
 *
 * @example
 * const order = new TurnOrder(() => state.episodes);
 * order.positionOf('e:chatgpt|c1|t7'); // { list: ['e:chatgpt|c1|t6', 'e:chatgpt|c1|t7'], i: 1 }
 */
import type { LazyMap } from '../store/lazy';
import type { EpisodeHead } from './head';
import type { Episode } from './types';
import { EPISODE_ID_PREFIX as EPISODE_PREFIX } from './types';

interface ConversationCache {
  groups?: Map<string, string[]>;
  lists: Map<string, { ids: string[]; at: Map<string, number> }>;
}

export class TurnOrder {
  private cache?: ConversationCache;

  constructor(private readonly episodes: () => LazyMap<Episode, EpisodeHead>) {}

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
    cache.lists.delete(g);
    if (!cache.groups) return;
    const list = cache.groups.get(g);
    if (this.episodes().has(key)) {
      if (!list) cache.groups.set(g, [key]);
      else if (!list.includes(key)) list.push(key);
    } else if (list) {
      const i = list.indexOf(key);
      if (i >= 0) list.splice(i, 1);
      if (!list.length) cache.groups.delete(g);
    }
  }

  /** Where an episode sits in its conversation: time order, turn order for equal times. */
  positionOf(id: string, retry = true): { list: string[]; i: number } | undefined {
    const episodes = this.episodes();
    const e = episodes.get(id.slice(EPISODE_PREFIX.length));
    if (!e) return undefined;
    const cache: ConversationCache = (this.cache ??= { lists: new Map() });
    const conv = `${e.site}|${e.conversationId}`;
    let list = cache.lists.get(conv);
    if (!list) {
      cache.groups ??= groupByConversation(episodes.keys());
      const keys = cache.groups.get(conv);
      let same: string[];
      if (keys?.every(isPlainKey)) {
        // Every key is `site|conversation|turn` with no other "|": the group is exactly the
        // conversation, and each turn's time is read from its head, the turn left unparsed.
        const at = (k: string) => episodes.peek(k)?.observedAt ?? 0;
        same = keys
          .map((k) => ({ k, t: at(k) }))
          .sort((x, y) => x.t - y.t)
          .map((x) => EPISODE_PREFIX + x.k);
      } else {
        // A "|" in a conversation or turn id makes the key ambiguous: read the turns (every
        // one when the conversation is not among the groups).
        same = (keys ? keys.map((k) => episodes.get(k)) : [...episodes.values()])
          .filter(
            (x): x is Episode => !!x && x.site === e.site && x.conversationId === e.conversationId,
          )
          .sort((x, y) => x.observedAt - y.observedAt)
          .map((x) => EPISODE_PREFIX + x.key);
      }
      list = { ids: same, at: new Map(same.map((x, i) => [x, i])) };
      cache.lists.set(conv, list);
    }
    const i = list.at.get(id);
    if (i !== undefined) return { list: list.ids, i };
    // Not where the cache says (it missed a change): rebuild once.
    if (retry) {
      this.cache = undefined;
      return this.positionOf(id, false);
    }
    return undefined;
  }
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
