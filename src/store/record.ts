/**
 * Items as the start image (./image.ts) keeps them: a JSON array of the item's field values
 * in a fixed order, not a JSON object: field names were a large share of what a service
 * worker reads at start-up (docs/benchmarks.md, History: figures moved out of code
 * comments). The image's own ids already hold a memory's id and an episode's key, so the
 * record leaves them out.
 *
 * Exact: a field the item does not have is `null` (or left off the end); a field that holds
 * `null`, and any field this code does not list, go in a last element, an object, as they
 * are. So `decodeMemory(encodeMemory(m), m.id)` equals `m` for any `m` (as a JSON round
 * trip would: a field set to `undefined` is left out), whatever fields a later version adds
 * (test/unit/store/record.test.ts).
 *
 * @example
 * encodeEpisode(e); // '["demo","c1","t1","user","I have a cat.","https://…",1714737600000,"site:demo","9f2c1a0b"]'
 * decodeEpisode(json, 'demo|c1|t1'); // the episode, key included
 */
import type { Episode, Memory, Provenance } from '../memory/types';

interface Layout {
  /** The field given by the image's id, not written. */
  key?: string;
  fields: readonly string[];
  /** `fields` as a set: an item's other keys go in the trailing object. */
  known: ReadonlySet<string>;
  /** Fields holding arrays of objects, each written with its own layout. */
  lists?: Record<string, Layout>;
}

const layout = (l: Omit<Layout, 'known'>): Layout => ({ ...l, known: new Set(l.fields) });

const PROVENANCE = layout({
  fields: ['site', 'conversationId', 'url', 'turnIds', 'role'] satisfies (keyof Provenance)[],
});

const MEMORY = layout({
  key: 'id',
  fields: [
    'text',
    'kind',
    'bucket',
    'observedAt',
    'eventAt',
    'createdAt',
    'updatedAt',
    'status',
    'supersedes',
    'supersededBy',
    'supersededAt',
    'pinned',
    'entities',
    'slot',
    'provenance',
  ] satisfies (keyof Memory)[],
  lists: { provenance: PROVENANCE },
});

const EPISODE = layout({
  key: 'key',
  fields: [
    'site',
    'conversationId',
    'turnId',
    'role',
    'text',
    'url',
    'observedAt',
    'bucket',
    'textHash',
    'suppressed',
  ] satisfies (keyof Episode)[],
});

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function pack(o: Obj, l: Layout): unknown[] {
  const out: unknown[] = [];
  let rest: Obj | undefined;
  for (const f of l.fields) {
    const v = o[f];
    const list = l.lists?.[f];
    if (v === undefined) out.push(null);
    else if (v === null) {
      out.push(null);
      (rest ??= {})[f] = null;
    } else if (list && Array.isArray(v) && v.every(isObj)) out.push(v.map((x) => pack(x, list)));
    else if (list) {
      // Not the list of objects the layout expects: kept as it is, beside.
      out.push(null);
      (rest ??= {})[f] = v;
    } else out.push(v);
  }
  for (const k of Object.keys(o))
    if (k !== l.key && !l.known.has(k) && o[k] !== undefined) (rest ??= {})[k] = o[k];
  if (rest) out.push(rest);
  else while (out.length && out[out.length - 1] === null) out.pop();
  return out;
}

function unpack(a: unknown, l: Layout, key?: string): Obj {
  if (!Array.isArray(a)) throw new Error('The start image holds a malformed item.');
  const o: Obj = {};
  if (l.key !== undefined) o[l.key] = key;
  const n = l.fields.length;
  for (let i = 0; i < n && i < a.length; i++) {
    const v = a[i];
    if (v === null || v === undefined) continue;
    const f = l.fields[i]!;
    const list = l.lists?.[f];
    o[f] = list ? (v as unknown[]).map((x) => unpack(x, list)) : v;
  }
  if (a.length > n) Object.assign(o, a[n] as Obj);
  return o;
}

export const encodeMemory = (m: Memory): string =>
  JSON.stringify(pack(m as unknown as Obj, MEMORY));

export const decodeMemory = (json: string, id: string): Memory =>
  unpack(JSON.parse(json), MEMORY, id) as unknown as Memory;

export const encodeEpisode = (e: Episode): string =>
  JSON.stringify(pack(e as unknown as Obj, EPISODE));

export const decodeEpisode = (json: string, key: string): Episode =>
  unpack(JSON.parse(json), EPISODE, key) as unknown as Episode;

/** A stored vector (the `vectors` store), by item id and model. */
export interface VectorRecord {
  /** A memory id, or `e:` + an episode key. */
  id: string;
  model: string;
  v: Float32Array;
}
