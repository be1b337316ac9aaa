/**
 * The rows of a long table body, rendered only where the trader can see them: a 10,000-position book
 * costs the rows in view plus a few either side, not 10,000 rows of cells on every update.
 *
 * It lives inside `<tbody>` and nowhere else, so a table keeps its own header, columns and row markup:
 * `<tbody><VirtualRows items={rows} colSpan={n} row={(r) => <tr …/>} /></tbody>`. The scrolling box is
 * the table's `.table-wrap`; two spacer rows stand in for the rows above and below the view, so the
 * scroll bar, the sticky header and the column widths stay as they are. Short tables (up to `threshold`
 * rows) render every row, exactly as before.
 *
 * Keyboard: the box is focusable; Arrow keys, Page Up/Down, Home and End scroll it (by rows), so the last
 * row is reachable without a mouse. Keys pressed inside a row (its buttons, inputs) are left alone.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

export interface VirtualRowsProps<T> {
  items: readonly T[];
  /** One `<tr>` per item; give it a stable key. */
  row: (item: T, index: number) => ReactNode;
  /** Columns of the table, for the spacer rows. */
  colSpan: number;
  /** Height of one row in CSS pixels (rows are kept to one line in a virtual table). */
  rowHeight?: number;
  /** Rows rendered beyond each edge of the view. */
  overscan?: number;
  /** Up to this many rows, all are rendered. */
  threshold?: number;
}

export const ROW_HEIGHT = 33;
/** Used until the box has a measured height (and where there is no layout, as in tests). */
const FALLBACK_VIEW = 600;

/** First and last (exclusive) item index to render for a scroll position: the pure part, tested alone. */
export function visibleRange(count: number, scrollTop: number, viewHeight: number, rowHeight: number, overscan: number): [number, number] {
  const first = Math.max(0, Math.min(count, Math.floor(scrollTop / rowHeight) - overscan));
  const last = Math.max(first, Math.min(count, Math.ceil((scrollTop + viewHeight) / rowHeight) + overscan));
  return [first, last];
}

export function VirtualRows<T>({ items, row, colSpan, rowHeight = ROW_HEIGHT, overscan = 10, threshold = 200 }: VirtualRowsProps<T>): ReactNode {
  const virtual = items.length > threshold;
  const spacer = useRef<HTMLTableRowElement>(null);
  const [box, setBox] = useState<HTMLElement | null>(null);
  const [view, setView] = useState({ top: 0, height: 0 });

  useLayoutEffect(() => {
    setBox(virtual ? (spacer.current?.closest<HTMLElement>('.table-wrap') ?? null) : null);
  }, [virtual]);

  const read = useCallback(() => {
    if (box) setView((v) => (v.top === box.scrollTop && v.height === box.clientHeight ? v : { top: box.scrollTop, height: box.clientHeight }));
  }, [box]);

  useEffect(() => {
    if (!box) return;
    box.classList.add('virtual');
    const hadTabIndex = box.hasAttribute('tabindex');
    if (!hadTabIndex) box.tabIndex = 0;
    const onKey = (e: KeyboardEvent) => {
      if (e.target !== box) return;
      const page = Math.max(rowHeight, (box.clientHeight || FALLBACK_VIEW) - rowHeight);
      const end = items.length * rowHeight;
      const to: Record<string, number> = {
        ArrowDown: box.scrollTop + rowHeight,
        ArrowUp: box.scrollTop - rowHeight,
        PageDown: box.scrollTop + page,
        PageUp: box.scrollTop - page,
        Home: 0,
        End: end,
      };
      const next = to[e.key];
      if (next === undefined) return;
      e.preventDefault();
      box.scrollTop = Math.max(0, Math.min(end, next));
      read();
    };
    read();
    box.addEventListener('scroll', read, { passive: true });
    box.addEventListener('keydown', onKey);
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(read);
    ro?.observe(box);
    return () => {
      box.removeEventListener('scroll', read);
      box.removeEventListener('keydown', onKey);
      ro?.disconnect();
      box.classList.remove('virtual');
      if (!hadTabIndex) box.removeAttribute('tabindex');
    };
  }, [box, read, rowHeight, items.length]);

  // Each row keeps the key its table gives it (an order id, a conId), so React moves rows, never reuses them.
  if (!virtual) return <>{items.map((it, i) => row(it, i))}</>;
  const [first, last] = visibleRange(items.length, view.top, view.height || FALLBACK_VIEW, rowHeight, overscan);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) rows.push(row(items[i]!, i));
  return (
    <>
      <tr ref={spacer} className="vr-spacer" aria-hidden="true" style={{ height: first * rowHeight }}>
        <td colSpan={colSpan} />
      </tr>
      {rows}
      <tr className="vr-spacer" aria-hidden="true" style={{ height: (items.length - last) * rowHeight }}>
        <td colSpan={colSpan} />
      </tr>
    </>
  );
}
