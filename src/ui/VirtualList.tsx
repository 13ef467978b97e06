import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { heightOf, offsetOf, totalHeight, visibleRange, type Layout } from './window';

export interface VirtualListProps extends Layout {
  /** Height of the scrolling viewport in pixels. */
  height: number;
  label: string;
  renderRow: (index: number) => ComponentChildren;
  /** Called with the rows on screen (after overscan), to load them. */
  onRange?: (start: number, end: number) => void;
  /** Changes when the list's content changes (new filter): scrolls back to the top. */
  resetKey?: string;
}

/**
 * A windowed list: only the rows in view (plus a few) exist in the DOM, absolutely placed
 * inside a spacer of the full height. Scrolling is native (wheel, keyboard once focused).
 */
export function VirtualList(p: VirtualListProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const frame = useRef(0);
  const layout: Layout = { count: p.count, rowHeight: p.rowHeight, expanded: p.expanded };
  const { start, end } = visibleRange(layout, top, p.height);

  useLayoutEffect(() => {
    if (ref.current) ref.current.scrollTop = 0;
    setTop(0);
  }, [p.resetKey]);

  useEffect(() => {
    p.onRange?.(start, end);
  }, [start, end, p.resetKey]);

  const onScroll = () => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      if (ref.current) setTop(ref.current.scrollTop);
    });
  };

  const rows = [];
  for (let i = start; i < end; i++) {
    rows.push(
      <div
        key={i}
        role="listitem"
        aria-setsize={p.count}
        aria-posinset={i + 1}
        class="vrow"
        style={{ top: `${offsetOf(layout, i)}px`, height: `${heightOf(layout, i)}px` }}
      >
        {p.renderRow(i)}
      </div>,
    );
  }
  return (
    <div
      ref={ref}
      class="vlist"
      role="list"
      aria-label={p.label}
      tabIndex={0}
      style={{ height: `${p.height}px` }}
      onScroll={onScroll}
    >
      <div class="vspacer" style={{ height: `${totalHeight(layout)}px` }}>
        {rows}
      </div>
    </div>
  );
}
