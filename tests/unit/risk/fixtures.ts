/** Builders for risk tests: a ticket, an account snapshot, a market and a full engine context. */
import { OrderTicket, type AccountSnapshot, type OrderTicket as TicketInput, type ParsedTicket, type Position, type RiskLimits } from '../../../electron/core/contract.ts';
import { defaultLimits } from '../../../electron/core/risk/defaults.ts';
import type { Clock, MarketView, RiskContext, WorkingOrder } from '../../../electron/core/risk/types.ts';

/** Friday 2025-06-06, 10:00 in New York (EDT = UTC-4). */
export const FRI_10AM = Date.UTC(2025, 5, 6, 14, 0, 0);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function ticket(input: Partial<TicketInput> = {}): ParsedTicket {
  return OrderTicket.parse({ symbol: 'AAPL', side: 'BUY', quantity: '10', type: 'LMT', limitPrice: '100', ...input });
}

export function position(symbol: string, quantity: string, price = '100', extra: Partial<Position> = {}): Position {
  const mv = (Number(quantity) * Number(price)).toFixed(2);
  return {
    account: 'DU123',
    conId: symbol.length,
    symbol,
    secType: 'STK',
    currency: 'USD',
    quantity,
    avgCost: price,
    marketPrice: price,
    marketValue: mv,
    unrealizedPnl: '0',
    realizedPnl: '0',
    ...extra,
  };
}

export function snapshot(input: Partial<AccountSnapshot> & { netLiq?: string } = {}): AccountSnapshot {
  const { netLiq = '100000', ...rest } = input;
  return {
    account: 'DU123',
    currency: 'USD',
    summary: { NetLiquidation: netLiq },
    pnl: { daily: null, unrealized: null, realized: null },
    positions: [],
    equityLine: [],
    updatedAt: FRI_10AM,
    stale: false,
    ...rest,
  };
}

export function limits(overrides: Partial<RiskLimits> = {}): RiskLimits {
  const base = defaultLimits();
  return { ...base, liveConfirmNotional: null, dailyLossLimit: null, ...overrides, pdt: { ...base.pdt, ...overrides.pdt } };
}

export function market(prices: Record<string, string> = { AAPL: '100' }, extra: Partial<MarketView> = {}): MarketView {
  return { mode: 'paper', lastPrice: (s) => prices[s] ?? null, openOrders: [], ...extra };
}

export function context(overrides: Partial<RiskContext> & { prices?: Record<string, string> } = {}): RiskContext {
  const { prices, ...rest } = overrides;
  return {
    ...market(prices),
    killSwitch: { active: false, reason: null },
    ordersLastMinute: 0,
    equity: { startOfDay: null, peak: null },
    pdt: { dayTrades: 0, dayTradesRemainingIb: null, wouldDayTrade: () => false },
    ...rest,
  };
}

export function working(symbol: string, side: 'BUY' | 'SELL', remaining: string, orderId = 900): WorkingOrder {
  return { orderId, symbol, side, remaining };
}

export class TestClock implements Clock {
  time: number;
  constructor(time = FRI_10AM) {
    this.time = time;
  }
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

export { tempDir } from '../../support/temp-dir.ts';
