import { describe, expect, it } from 'vitest';
import { indexAt, offsetOf, totalHeight, visibleRange } from '../../../src/ui/window';

describe('windowed list layout', () => {
  const plain = { count: 100_000, rowHeight: 88 };
  const exp = { ...plain, expanded: { index: 10, height: 168 } };

  it('renders only the rows in view at 100k', () => {
    expect(totalHeight(plain)).toBe(8_800_000);
    const r = visibleRange(plain, 88 * 50_000, 330, 4);
    expect(r).toEqual({ start: 49_996, end: 50_008 });
    expect(visibleRange(plain, totalHeight(plain), 330).end).toBe(100_000);
    expect(visibleRange({ count: 0, rowHeight: 88 }, 0, 330)).toEqual({ start: 0, end: 0 });
  });

  it('accounts for one expanded row', () => {
    expect(offsetOf(exp, 10)).toBe(880);
    expect(offsetOf(exp, 11)).toBe(880 + 168);
    expect(totalHeight(exp)).toBe(8_800_000 + 80);
    expect(indexAt(exp, 880 + 167)).toBe(10);
    expect(indexAt(exp, 880 + 168)).toBe(11);
    expect(indexAt(exp, 879)).toBe(9);
    for (let y = 0; y < 3000; y += 7) {
      const i = indexAt(exp, y);
      expect(offsetOf(exp, i)).toBeLessThanOrEqual(y);
      expect(offsetOf(exp, i + 1)).toBeGreaterThan(y);
    }
  });
});
