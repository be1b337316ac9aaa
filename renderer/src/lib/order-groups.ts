/**
 * The blotter's grouping of IB's attached orders: each child (parentId) right under its parent, indented,
 * so a bracket reads as one entry with its take-profit and stop-loss; a child whose parent is not in the
 * list (filled or cancelled already) stays a row of its own.
 */
import type { OrderView } from '../../../electron/core/contract.ts';
import { orderKey } from '../../../electron/core/contract/keys.ts';

export interface GroupedRow {
  order: OrderView;
  /** 0 for a top-level order, 1 for an attached one shown under its parent. */
  depth: 0 | 1;
  /** How many attached orders sit under this row (0 for none or for a child). */
  children: number;
}

/** A child's parent: parentId is an order id in the numbering of the client that placed both. */
const parentKey = (o: OrderView): string | null => (o.parentId ? orderKey({ clientId: o.clientId, orderId: o.parentId }) : null);

/**
 * Keeps the list's order for parents; each parent's children follow it in id order. Collapsed parents (by
 * orderKey) hide theirs.
 */
export function groupRows(list: readonly OrderView[], collapsed: ReadonlySet<string> = new Set()): GroupedRow[] {
  const keys = new Set(list.map(orderKey));
  const kids = new Map<string, OrderView[]>();
  for (const o of list) {
    const p = parentKey(o);
    if (!p || !keys.has(p)) continue;
    const k = kids.get(p) ?? [];
    k.push(o);
    kids.set(p, k);
  }
  const rows: GroupedRow[] = [];
  for (const o of list) {
    const p = parentKey(o);
    if (p && keys.has(p)) continue;
    const mine = (kids.get(orderKey(o)) ?? []).sort((a, b) => a.orderId - b.orderId);
    rows.push({ order: o, depth: 0, children: mine.length });
    if (!collapsed.has(orderKey(o))) for (const c of mine) rows.push({ order: c, depth: 1, children: 0 });
  }
  return rows;
}
