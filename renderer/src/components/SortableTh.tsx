/** A column header that sorts its table; the arrow sits on the side the column's values align to. */
import { useState } from 'react';
import { loadSort, nextSort, saveSort, type Sort } from '../lib/table-sort.ts';

export function SortableTh<K extends string>({
  column,
  label,
  numeric,
  sort,
  onSort,
}: {
  column: K;
  label: string;
  numeric: boolean;
  sort: Sort<K>;
  onSort: (key: K) => void;
}) {
  const active = sort.key === column;
  const arrow = (
    <span aria-hidden="true" className="sort-arrow">
      {active ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
    </span>
  );
  return (
    <th className={numeric ? 'r' : ''} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="th-sort" onClick={() => onSort(column)}>
        {numeric ? arrow : null}
        {label}
        {!numeric ? arrow : null}
      </button>
    </th>
  );
}

/** The sort of one table, remembered in this browser profile (per OS user in the desktop app). */
export function useTableSort<K extends string>(table: string, columns: readonly { key: K; numeric: boolean }[], fallback: Sort<K>) {
  const [sort, setSort] = useState<Sort<K>>(() => loadSort(table, columns.map((c) => c.key), fallback));
  const toggle = (key: K) => {
    const next = nextSort(sort, key, columns.find((c) => c.key === key)?.numeric ?? false);
    saveSort(table, next);
    setSort(next);
  };
  return [sort, toggle] as const;
}
