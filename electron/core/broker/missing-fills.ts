/**
 * Orders the Gateway reports as (partly) filled whose executions have not all reached us: after a restart
 * or reset IB delays execution reports ("execution reports and simulated orders will be delayed until the
 * reset is complete", IB's message codes page), so an order can show Filled while its fill is nowhere in
 * Fills. Pure, so the reconcile that acts on it stays small.
 */
import type { Fill, OrderView } from '../contract.ts';

export interface MissingFill {
  orderId: number;
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
  const known = new Map<number, number>();
  for (const f of fills) known.set(f.orderId, (known.get(f.orderId) ?? 0) + Number(f.shares));
  const out: MissingFill[] = [];
  for (const o of orders) {
    if (clientId !== 0 && o.clientId !== clientId) continue;
    const filled = Number(o.filled);
    const have = known.get(o.orderId) ?? 0;
    // Quantities are decimal strings of at most a few places: a tolerance far below one share or unit.
    if (filled > have + 1e-9) out.push({ orderId: o.orderId, symbol: o.symbol, filled, known: have });
  }
  return out;
}
