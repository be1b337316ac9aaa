/** A column header that sorts its table; the arrow sits on the side the column's values align to. */
import { useMemo } from 'react';
import { nextSort, type Sort } from '../lib/table-sort.ts';
import { useAppStore, useStores } from '../stores/context.tsx';
import { ColumnResizer } from './ResizableTh.tsx';

export function SortableTh<K extends string>({
  column,
  label,
  numeric,
  sort,
  onSort,
  width,
  onResize,
}: {
  column: K;
  label: string;
  numeric: boolean;
  sort: Sort<K>;
  onSort: (key: K) => void;
  /** A remembered width in px; with onResize the column gets a draggable edge. */
  width?: number;
  onResize?: (column: K, width: number) => void;
}) {
  const active = sort.key === column;
  const arrow = (
    <span aria-hidden="true" className="sort-arrow">
      {active ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
    </span>
  );
  return (
    <th
      className={`${numeric ? 'r' : ''}${onResize ? ' th-resizable' : ''}`}
      aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
      style={width ? { width: `${width}px` } : undefined}
    >
      <button type="button" className="th-sort" onClick={() => onSort(column)}>
        {numeric ? arrow : null}
        {label}
        {!numeric ? arrow : null}
      </button>
      {onResize ? <ColumnResizer label={label} width={width} onResize={(w) => onResize(column, w)} /> : null}
    </th>
  );
}

/**
 * The sort of one table, remembered in core's preferences like column widths, so it follows the user across
 * browsers, ports and the desktop app. A saved column the table no longer has falls back to the default.
 */
export function useTableSort<K extends string>(table: string, columns: readonly { key: K; numeric: boolean }[], fallback: Sort<K>) {
  const stores = useStores();
  const saved = useAppStore((s) => s.settings?.preferences.tableSorts?.[table]);
  const known = saved && columns.some((c) => c.key === saved.key);
  const key = known ? (saved.key as K) : fallback.key;
  const dir = known ? saved.dir : fallback.dir;
  // The same object while the choice is unchanged, so screens memoizing on it don't re-sort on every render.
  const sort = useMemo<Sort<K>>(() => ({ key, dir }), [key, dir]);
  const toggle = (column: K) => {
    const next = nextSort(sort, column, columns.find((c) => c.key === column)?.numeric ?? false);
    const all = stores.app.getState().settings?.preferences.tableSorts ?? {};
    void stores.app.getState().setPreferences({ tableSorts: { ...all, [table]: next } });
  };
  return [sort, toggle] as const;
}
