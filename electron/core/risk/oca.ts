/**
 * One-Cancels-All groups in the exposure books: the one place that knows how much of an OCA group can fill.
 *
 * IB: "The aim is to complete just one of the orders, which in turn will cause TWS to cancel the remaining
 * orders ... partial completion causes the group to re-balance" (https://interactivebrokers.github.io/tws-api/oca.html).
 * ocaType 1 cancels the rest and 2 reduces the rest proportionately, both "with block" (overfill protection:
 * one member is routed at a time), so between them the members fill at most the largest one's size. ocaType 3
 * reduces "with no block": members can fill at the same moment, so they are summed like unrelated orders.
 *
 * Collapsed only within one instrument and side: the books judge each instrument on its own, so a group
 * spanning symbols or sides is still summed there (never less than the truth, at worst a refusal too many).
 * Used for the books of the gate and by anything else that asks what a group weighs (UI brackets/OCA).
 */
import { abs, gt, parse, sign, sub, ZERO, type Dec } from './money.ts';
import type { WorkingOrder } from './types.ts';

/** What makes an order an OCA member: its group name and IB's ocaType (1, 2 or 3). */
export interface OcaTag {
  ocaGroup?: string | null | undefined;
  ocaType?: number | null | undefined;
}

/** ocaType values whose members can never fill together beyond one member's size. */
const BLOCKING = new Set([1, 2]);

/** The key of the group an order shares its fill with, or null when it stands alone (counted in full). */
export function ocaGroupKey(o: OcaTag & { symbol: string; secType?: string | undefined; side: 'BUY' | 'SELL' }): string | null {
  const group = o.ocaGroup?.trim();
  if (!group || o.ocaType === null || o.ocaType === undefined || !BLOCKING.has(o.ocaType)) return null;
  return [group, o.secType ?? 'STK', o.symbol.toUpperCase(), o.side].join('\u0000');
}

/**
 * The working orders as the books should count them: of each blocking OCA group (per instrument and
 * side) only the member with the most shares left, the others at zero; everything else as it is.
 */
export function countedOrders(orders: readonly WorkingOrder[]): WorkingOrder[] {
  const largest = new Map<string, number>();
  orders.forEach((o, i) => {
    const key = ocaGroupKey(o);
    if (key === null) return;
    const best = largest.get(key);
    if (best === undefined || gt(abs(parse(o.remaining)), abs(parse((orders[best] as WorkingOrder).remaining)))) largest.set(key, i);
  });
  if (largest.size === 0) return [...orders];
  return orders.map((o, i) => {
    const key = ocaGroupKey(o);
    return key === null || largest.get(key) === i ? o : { ...o, remaining: '0' };
  });
}

/**
 * How many shares a new order adds to its side of the book: all of them, or for a member of a blocking
 * OCA group only what it has beyond the group's largest working member (never below zero).
 */
export function addedShares(
  working: readonly WorkingOrder[],
  order: OcaTag & { symbol: string; secType?: string | undefined; side: 'BUY' | 'SELL' },
  qty: Dec,
): Dec {
  const key = ocaGroupKey(order);
  if (key === null) return qty;
  let largest = ZERO;
  for (const o of working) {
    if (ocaGroupKey(o) !== key) continue;
    const r = abs(parse(o.remaining));
    if (gt(r, largest)) largest = r;
  }
  const extra = sub(qty, largest);
  return sign(extra) > 0 ? extra : ZERO;
}
