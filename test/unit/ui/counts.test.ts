import { describe, expect, it } from 'vitest';
import { bucketCount } from '../../../src/ui/counts';

describe('bucketCount', () => {
  it('reads own counts only: ids named like Object.prototype members count 0 when absent', () => {
    const counts: Record<string, number> = { 'site:demo': 3, constructor: 2 };
    expect(bucketCount(counts, 'site:demo')).toBe(3);
    expect(bucketCount(counts, 'constructor')).toBe(2);
    for (const id of ['toString', 'hasOwnProperty', '__proto__', 'valueOf', 'nope'])
      expect(bucketCount(counts, id), id).toBe(0);
  });

  it('a count that is not a number (as the engine makes for "constructor" today) shows as 0', () => {
    const counts = JSON.parse('{"constructor":"function Object() { [native code] }1"}');
    expect(bucketCount(counts, 'constructor')).toBe(0);
  });
});
