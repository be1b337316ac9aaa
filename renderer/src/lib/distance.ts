/**
 * How far a working order's own price is from the market: its limit (LMT), or its trigger (STP, STP LMT)
 * against the last trade, else the bid/ask mid. Negative means the order's price is below the market.
 */
import type { OrderView, Quote } from '../../../electron/core/contract.ts';

export function orderReferencePrice(o: Pick<OrderView, 'type' | 'limitPrice' | 'stopPrice'>): number | null {
  const raw = o.type === 'LMT' ? o.limitPrice : o.type === 'STP' || o.type === 'STP LMT' ? o.stopPrice : null;
  const n = raw === null ? NaN : Number(raw);
  return Number.isFinite(n) ? n : null;
}

export function marketPrice(q: Quote | undefined): number | null {
  if (!q) return null;
  if (q.last !== null && q.last > 0) return q.last;
  if (q.bid !== null && q.ask !== null && q.bid > 0 && q.ask > 0) return (q.bid + q.ask) / 2;
  return null;
}

export function distanceToMarket(o: Pick<OrderView, 'type' | 'limitPrice' | 'stopPrice'>, q: Quote | undefined): { diff: number; pct: number } | null {
  const ref = orderReferencePrice(o);
  const mkt = marketPrice(q);
  if (ref === null || mkt === null) return null;
  const diff = ref - mkt;
  return { diff, pct: (diff / mkt) * 100 };
}
