/**
 * A table's row order that holds while values move: sorted again only when rows come or go or the sort
 * changes, not on every price tick. Sorting a 10,000-position book on each of 20 updates a second was the
 * page's largest cost, and re-sorting by market value on every tick moved rows under the trader's pointer
 * (a Close button could change rows between press and release). Picking the sort again re-sorts.
 */
export interface StableOrder {
  /** The row keys in display order. */
  keys: readonly string[];
  /** Which sort produced it (key and direction). */
  sortId: string;
}

/**
 * The rows in display order. `previous` is kept when `rows` holds exactly its keys under the same
 * `sortId`; otherwise `sort` runs once. Rows are always today's objects (the new prices), only the order
 * is kept.
 */
export function stableOrder<T>(
  rows: readonly T[],
  key: (row: T) => string,
  sortId: string,
  sort: (rows: T[]) => T[],
  previous: StableOrder | null,
): { order: StableOrder; rows: T[] } {
  const byKey = new Map<string, T>();
  for (const r of rows) byKey.set(key(r), r);
  if (previous && previous.sortId === sortId && previous.keys.length === byKey.size && byKey.size === rows.length) {
    const out: T[] = [];
    for (const k of previous.keys) {
      const r = byKey.get(k);
      if (r === undefined) break;
      out.push(r);
    }
    if (out.length === previous.keys.length) return { order: previous, rows: out };
  }
  const sorted = sort([...rows]);
  return { order: { keys: sorted.map(key), sortId }, rows: sorted };
}
