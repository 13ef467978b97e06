/**
 * A bucket's memory count from the status's per-bucket table, which is a plain object keyed
 * by bucket id: a lookup by an id such as `constructor` or `toString` would otherwise read
 * Object.prototype's function (shown as "function Object() { [native code] }") instead of 0.
 */
export function bucketCount(counts: Readonly<Record<string, number>>, id: string): number {
  const n: unknown = Object.hasOwn(counts, id) ? counts[id] : 0;
  return typeof n === 'number' && Number.isFinite(n) ? n : 0;
}
