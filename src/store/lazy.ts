/**
 * A Map whose values may still be JSON text: an item of the start image (./image.ts) is
 * parsed the first time it is read, so a start does not parse 10,000 memories to answer a
 * search that reads a few hundred. It is a Map in every other respect: the order of its
 * entries is the order they were added, and iterating values or entries parses what is
 * still text (in place, keeping that order). An entry given with its head (what the search
 * filter reads of it, src/memory/head.ts) gives that head unparsed until it is read.
 *
 * @example
 * const m = new LazyMap<Memory, MemoryHead>(decodeMemory);
 * m.setRaw('m_1', '["User plays the cello.","fact",…]', stamp, chunkHeads, row);
 * m.head('m_1'); // from the chunk's columns, nothing parsed
 * m.get('m_1'); // parsed now, kept parsed
 */

/** Where an entry's head is read from: row `i` of its chunk (src/store/image.ts). */
export interface HeadSource<H> {
  head(i: number): H;
}

class Raw<H> {
  constructor(
    readonly json: string,
    readonly stamp: number,
    readonly heads: HeadSource<H> | undefined,
    readonly row: number,
  ) {}
}

/** The map described above; `H`: the entries' heads, given with their JSON. */
export class LazyMap<V, H = never> extends Map<string, V> {
  /** `decode`: an entry's value from its JSON and key (the start image's records, ./record.ts). */
  constructor(
    private readonly decode: (json: string, key: string) => V = (j) => JSON.parse(j) as V,
  ) {
    super();
  }

  /**
   * Told of every change made through `set`, `delete` and `clear` (the key, or undefined for
   * all of them); not of parsing, nor of `setRaw`, which only fills a map being started.
   */
  onChange: ((key: string | undefined) => void) | undefined;

  override set(key: string, value: V): this {
    super.set(key, value);
    this.onChange?.(key);
    return this;
  }

  override delete(key: string): boolean {
    const had = super.delete(key);
    if (had) this.onChange?.(key);
    return had;
  }

  override clear(): void {
    super.clear();
    this.onChange?.(undefined);
  }

  /**
   * Adds an entry as JSON with its fingerprint stamp, and where its head is (`heads`, row
   * `row`); parsed on first read.
   */
  setRaw(key: string, json: string, stamp: number, heads?: HeadSource<H>, row = 0): this {
    return super.set(key, new Raw(json, stamp, heads, row) as unknown as V);
  }

  /**
   * The head of an entry that is still JSON (read from its source each time: a caller
   * remembers what it decides); undefined once it is parsed (or set), when the value itself
   * is to be read. Parses nothing.
   */
  head(key: string): H | undefined {
    const v = super.get(key) as V | Raw<H> | undefined;
    return v instanceof Raw ? v.heads?.head(v.row) : undefined;
  }

  /**
   * What can be read of an entry without parsing it: its head while it is still JSON with
   * one, else its value (parsed now if it had no head). For the fields a head shares with
   * the value.
   */
  peek(key: string): H | V | undefined {
    return this.head(key) ?? this.get(key);
  }

  override get(key: string): V | undefined {
    const v = super.get(key) as V | Raw<H> | undefined;
    if (!(v instanceof Raw)) return v;
    const parsed = this.decode(v.json, key);
    super.set(key, parsed);
    return parsed;
  }

  /** How many entries are still JSON. */
  get rawCount(): number {
    let n = 0;
    for (const v of super.values()) if ((v as unknown) instanceof Raw) n++;
    return n;
  }

  /**
   * Calls `fn` with each entry's stamp (and key): the stored one while it is JSON, else
   * `stampOf(value)`. Parses nothing.
   */
  eachStamp(stampOf: (v: V) => number, fn: (stamp: number, key: string) => void): void {
    super.forEach((v, k) => {
      const x = v as V | Raw<H>;
      fn(x instanceof Raw ? x.stamp : stampOf(x), k);
    });
  }

  /** One entry's stamp, as `eachStamp` gives it; undefined when there is no such entry. */
  stamp(key: string, stampOf: (v: V) => number): number | undefined {
    const x = super.get(key) as V | Raw<H> | undefined;
    if (x === undefined) return undefined;
    return x instanceof Raw ? x.stamp : stampOf(x);
  }

  override entries(): MapIterator<[string, V]> {
    return this.walk((k, v) => [k, v] as [string, V]);
  }

  override values(): MapIterator<V> {
    return this.walk((_, v) => v);
  }

  override [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  override forEach(fn: (value: V, key: string, map: Map<string, V>) => void, self?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(self, v, k, this);
  }

  private walk<T>(out: (k: string, v: V) => T): MapIterator<T> {
    const keys = super.keys();
    const get = (k: string) => this.get(k) as V;
    // A generator: an iterator with the built-in helpers, live over the map as a Map's is.
    return (function* () {
      for (const k of keys) yield out(k, get(k));
    })() as unknown as MapIterator<T>;
  }
}
