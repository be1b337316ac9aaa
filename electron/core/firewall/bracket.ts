/**
 * A program's bracket as the gate judges the UI's: the parent's ticket with its exits `attached`
 * (electron/core/risk/attached.ts), so one decision covers every leg — the exits count towards the order
 * rate, must be order types the profile allows, and must sit on the right side of the entry (rules.ts
 * attachedRule). IB's attaching pattern (https://interactivebrokers.github.io/tws-api/bracket_order.html;
 * ibapi/order.py parentId/transmit): each child names its parent's id and only closes what the parent opens.
 *
 * The UI's bracket has one take-profit (a limit) and one stop (a stop or a trailing stop). An exit beyond
 * that shape (a second take-profit, a stop-limit exit) is judged on its own as an exit of a working parent,
 * as the UI's modify of an exit is: every rule but the exposure it cannot add.
 */
import type { AttachedOrders, ParsedTicket } from '../contract.ts';
import type { DecodedOrder } from './place-order.ts';

/** An exit leg of a bracket: the other side of its parent, same instrument, no more shares. */
export function isProtectiveExit(child: DecodedOrder, parent: DecodedOrder | undefined): boolean {
  if (!parent || child.parentId !== parent.orderId) return false;
  if (child.action === parent.action) return false;
  const same = (a: string, b: string) => a.trim().toUpperCase() === b.trim().toUpperCase();
  if (!same(child.contract.symbol, parent.contract.symbol) || !same(child.contract.secType || 'STK', parent.contract.secType || 'STK')) return false;
  if (!same(child.contract.lastTradeDateOrContractMonth, parent.contract.lastTradeDateOrContractMonth)) return false;
  return Number(child.totalQuantity) <= Number(parent.totalQuantity);
}

export interface BracketExits {
  attached: AttachedOrders;
  /** The exits' order ids, for the one audit line of the bracket. */
  ids: number[];
}

/**
 * The exits among `members` that ride on `parent`'s ticket as its attached orders, or null when none do.
 * A parent in an OCA group of its own keeps its exits apart: attached orders have their own group (the
 * ticket rule refuses both on one ticket), so each exit is judged on its own instead.
 */
export function bracketExits(
  parent: DecodedOrder,
  parentTicket: ParsedTicket,
  members: readonly { order: DecodedOrder; ticket: ParsedTicket }[],
): BracketExits | null {
  if (parentTicket.ocaGroup) return null;
  const attached: AttachedOrders = {};
  const ids: number[] = [];
  let stop = false;
  for (const { order, ticket } of members) {
    if (!isProtectiveExit(order, parent)) continue;
    if (ticket.type === 'LMT' && attached.takeProfit === undefined && ticket.limitPrice) {
      attached.takeProfit = ticket.limitPrice;
    } else if (!stop && ticket.type === 'STP' && ticket.stopPrice) {
      attached.stopLoss = ticket.stopPrice;
      stop = true;
    } else if (!stop && ticket.type === 'TRAIL' && (ticket.trailPercent || ticket.trailAmount)) {
      if (ticket.trailPercent) attached.trailPercent = ticket.trailPercent;
      else attached.trailAmount = ticket.trailAmount;
      stop = true;
    } else {
      continue;
    }
    ids.push(order.orderId);
  }
  return ids.length > 0 ? { attached, ids } : null;
}
