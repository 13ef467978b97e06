/**
 * The arithmetic of a windowed list: rows of one fixed height, except at most one expanded
 * row (the one being edited). O(1) per question, so 100k rows cost nothing to lay out.
 */
export interface Layout {
  count: number;
  rowHeight: number;
  expanded?: { index: number; height: number } | undefined;
}

/** Top of row `i` in pixels. */
export function offsetOf(l: Layout, i: number): number {
  const e = l.expanded;
  return i * l.rowHeight + (e && i > e.index ? e.height - l.rowHeight : 0);
}

export function totalHeight(l: Layout): number {
  return offsetOf(l, l.count);
}

export function heightOf(l: Layout, i: number): number {
  return l.expanded?.index === i ? l.expanded.height : l.rowHeight;
}

/** The row under pixel `y` (clamped to the list). */
export function indexAt(l: Layout, y: number): number {
  if (l.count === 0) return 0;
  const e = l.expanded;
  let i: number;
  if (e && e.index < l.count && y >= offsetOf(l, e.index)) {
    const end = offsetOf(l, e.index) + e.height;
    i = y < end ? e.index : e.index + 1 + Math.floor((y - end) / l.rowHeight);
  } else {
    i = Math.floor(y / l.rowHeight);
  }
  return Math.max(0, Math.min(l.count - 1, i));
}

/** The rows to render for a viewport, with `overscan` extra rows on each side. */
export function visibleRange(
  l: Layout,
  scrollTop: number,
  viewport: number,
  overscan = 4,
): { start: number; end: number } {
  if (l.count === 0) return { start: 0, end: 0 };
  const start = Math.max(0, indexAt(l, scrollTop) - overscan);
  const end = Math.min(l.count, indexAt(l, scrollTop + viewport) + 1 + overscan);
  return { start, end };
}
