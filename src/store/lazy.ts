/**
 * A Map whose values may still be JSON text: an item of the start image (./image.ts) is
 * parsed the first time it is read, so a start does not parse 10,000 memories to answer a
 * search that reads a few hundred. It is a Map in every other respect: the order of its
 * entries is the order they were added, and iterating values or entries parses what is
 * still text (in place, keeping that order). What a search filter reads of an item is in the
 * engine's item table (src/memory/table.ts), filled from the image's heads, not here.
 *
 * @example
 * const m = new LazyMap<Memory>(decodeMemory);
 * m.setRaw('m_1', '["User plays the cello.","fact",…]', stamp);
 * m.get('m_1'); // parsed now, kept parsed
 */

class Raw {
  constructor(
    readonly json: string,
    readonly stamp: number,
  ) {}
}

/** The map described above. */
export class LazyMap<V> extends Map<string, V> {
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

  /** Adds an entry as JSON with its fingerprint stamp; parsed on first read. */
  setRaw(key: string, json: string, stamp: number): this {
    return super.set(key, new Raw(json, stamp) as unknown as V);
  }

  override get(key: string): V | undefined {
    const v = super.get(key) as V | Raw | undefined;
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
      const x = v as V | Raw;
      fn(x instanceof Raw ? x.stamp : stampOf(x), k);
    });
  }

  /** One entry's stamp, as `eachStamp` gives it; undefined when there is no such entry. */
  stamp(key: string, stampOf: (v: V) => number): number | undefined {
    const x = super.get(key) as V | Raw | undefined;
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
