/** Sorting for the desk's tables: one rule for every table (the choice is remembered in preferences, see SortableTh). */
export type SortDir = 'asc' | 'desc';
export interface Sort<K extends string> {
  key: K;
  dir: SortDir;
}

/** Same column flips; a new column starts largest-first for numbers and A→Z for text. */
export function nextSort<K extends string>(cur: Sort<K>, key: K, numeric: boolean): Sort<K> {
  if (cur.key === key) return { key, dir: cur.dir === 'desc' ? 'asc' : 'desc' };
  return { key, dir: numeric ? 'desc' : 'asc' };
}

export function sortRows<T, K extends string>(rows: readonly T[], sort: Sort<K>, value: (row: T, key: K) => number | string | null): T[] {
  const dir = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = value(a, sort.key);
    const vb = value(b, sort.key);
    if (va === null || vb === null) return va === vb ? 0 : va === null ? 1 : -1; // unknowns last either way
    return (typeof va === 'string' || typeof vb === 'string' ? String(va).localeCompare(String(vb)) : va - vb) * dir;
  });
}
