/**
 * Orders the Gateway reports as (partly) filled whose executions have not all reached us: after a restart
 * or reset IB delays execution reports ("execution reports and simulated orders will be delayed until the
 * reset is complete", IB's message codes page), so an order can show Filled while its fill is nowhere in
 * Fills. Pure, so the reconcile that acts on it stays small.
 */
import { orderKey, type Fill, type OrderView } from '../contract.ts';

export interface MissingFill {
  orderId: number;
  clientId: number;
  symbol: string;
  /** Quantity the Gateway says is filled. */
  filled: number;
  /** Quantity the executions we hold add up to. */
  known: number;
}

/**
 * Our own client's orders (client 0 sees every client's executions) whose filled quantity is more than
 * their known executions add up to.
 */
export function missingFills(orders: Iterable<OrderView>, fills: Iterable<Fill>, clientId: number): MissingFill[] {
  // By (client id, order id): another client's order may have the same id, and its fills are not ours.
  const known = new Map<string, number>();
  for (const f of fills) known.set(orderKey(f), (known.get(orderKey(f)) ?? 0) + Number(f.shares));
  const out: MissingFill[] = [];
  for (const o of orders) {
    if (clientId !== 0 && o.clientId !== clientId) continue;
    const filled = Number(o.filled);
    const have = known.get(orderKey(o)) ?? 0;
    // Quantities are decimal strings of at most a few places: a tolerance far below one share or unit.
    if (filled > have + 1e-9) out.push({ orderId: o.orderId, clientId: o.clientId, symbol: o.symbol, filled, known: have });
  }
  return out;
}
