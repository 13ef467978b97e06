import { describe, expect, it } from 'vitest';
import { fnv1a, fnv1aBase36, fnv1aHex } from '../../../src/util/hash';

// Outputs of the four copies this module replaced: stored turn hashes, start image stamps
// and chunk numbers depend on them staying the same.
const KNOWN: [string, number, string, string][] = [
  ['', 2166136261, '811c9dc5', 'ztntfp'],
  ['a', 3826002220, 'e40c292c', '1r9wi7g'],
  ['hi', 1748694682, '683af69a', 'sx4lga'],
  ['hello world', 3582672807, 'd58b3fa7', '1n91413'],
  ['mem-1|1700000000000', 3397700688, 'ca84cc50', '1k6wimo'],
  ['héllo 😀 世界', 736135770, '2be08a5a', 'c69xzu'],
];

describe('fnv1a', () => {
  it.each(KNOWN)('hashes %j as before', (s, n, hex, b36) => {
    expect(fnv1a(s)).toBe(n);
    expect(fnv1aHex(s)).toBe(hex);
    expect(fnv1aBase36(s)).toBe(b36);
  });
});
