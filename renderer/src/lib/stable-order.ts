/**
 * A table's row order that holds while values move: sorted again only when rows come or go or the sort
 * changes, not on every price tick. Sorting a 10,000-position book on each of 20 updates a second was the
 * page's largest cost, and re-sorting by market value on every tick moved rows under the trader's pointer
 * (a Close button could change rows between press and release). Picking the sort again re-sorts.
 */
export interface StableOrder<T = unknown> {
  /** Which sort produced it (key and direction). */
  sortId: string;
  /** The rows it was worked out from, and `perm[i]`: the index in them of the i-th row shown. */
  input: readonly T[];
  perm: readonly number[];
}

/**
 * The rows in display order. `previous` is kept when `rows` holds exactly its rows' keys under the same
 * `sortId`; otherwise `sort` runs once. Rows are always today's objects (the new prices), only the order
 * is kept. A tick (rows changed in place, as the stores' merge makes them) is checked by identity first,
 * so it costs a walk over the rows, not a key and a map entry for each.
 */
export function stableOrder<T>(
  rows: readonly T[],
  key: (row: T) => string,
  sortId: string,
  sort: (rows: T[]) => T[],
  previous: StableOrder<T> | null,
): { order: StableOrder<T>; rows: T[] } {
  if (previous && previous.sortId === sortId) {
    const perm = samePlaces(previous.input, rows, key) ? previous.perm : movedPerm(previous, rows, key);
    if (perm) return { order: { sortId, input: rows, perm }, rows: perm.map((i) => rows[i]!) };
  }
  const indexed = rows.map((r, i) => ({ r, i }));
  const position = new Map<T, number>(indexed.map(({ r, i }) => [r, i]));
  const sorted = sort([...rows]);
  const perm = sorted.map((r) => position.get(r)!);
  return { order: { sortId, input: rows, perm }, rows: sorted };
}

/** Every row where it was (the same object, or one with the same key). */
function samePlaces<T>(before: readonly T[], after: readonly T[], key: (row: T) => string): boolean {
  if (before.length !== after.length) return false;
  for (let i = 0; i < after.length; i++) if (after[i] !== before[i] && key(after[i]!) !== key(before[i]!)) return false;
  return true;
}

/** The same rows in other places: the old order mapped onto them; null when rows came or went. */
function movedPerm<T>(previous: StableOrder<T>, rows: readonly T[], key: (row: T) => string): number[] | null {
  if (previous.input.length !== rows.length) return null;
  const at = new Map<string, number>();
  rows.forEach((r, i) => at.set(key(r), i));
  if (at.size !== rows.length) return null;
  const perm: number[] = [];
  for (const i of previous.perm) {
    const j = at.get(key(previous.input[i]!));
    if (j === undefined) return null;
    perm.push(j);
  }
  return perm;
}
