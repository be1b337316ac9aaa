/**
 * The blotter's grouping of IB's attached orders: each child (parentId) right under its parent, indented,
 * so a bracket reads as one entry with its take-profit and stop-loss; a child whose parent is not in the
 * list (filled or cancelled already) stays a row of its own.
 */
import type { OrderView } from '../../../electron/core/contract.ts';

export interface GroupedRow {
  order: OrderView;
  /** 0 for a top-level order, 1 for an attached one shown under its parent. */
  depth: 0 | 1;
  /** How many attached orders sit under this row (0 for none or for a child). */
  children: number;
}

/** Keeps the list's order for parents; each parent's children follow it in id order. Collapsed parents hide theirs. */
export function groupRows(list: readonly OrderView[], collapsed: ReadonlySet<number> = new Set()): GroupedRow[] {
  const ids = new Set(list.map((o) => o.orderId));
  const kids = new Map<number, OrderView[]>();
  for (const o of list) {
    if (!o.parentId || !ids.has(o.parentId)) continue;
    const k = kids.get(o.parentId) ?? [];
    k.push(o);
    kids.set(o.parentId, k);
  }
  const rows: GroupedRow[] = [];
  for (const o of list) {
    if (o.parentId && ids.has(o.parentId)) continue;
    const mine = (kids.get(o.orderId) ?? []).sort((a, b) => a.orderId - b.orderId);
    rows.push({ order: o, depth: 0, children: mine.length });
    if (!collapsed.has(o.orderId)) for (const c of mine) rows.push({ order: c, depth: 1, children: 0 });
  }
  return rows;
}
