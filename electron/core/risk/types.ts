/**
 * The risk engine's own input and output shapes. Everything that crosses to the UI is a contract type;
 * these are the extra inputs the pure engine needs and the actions the broker must carry out.
 */
import type { OrderView, ParsedTicket, TradingMode } from '../contract.ts';

/** The single source of time for the engine: injected so tests (and replays) control it. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * An order that is working (or about to be) and may still fill. `OrderView` from the broker fits as is;
 * the gate adds its own reservations for orders the Gateway has not acknowledged yet.
 */
export type WorkingOrder = Pick<OrderView, 'orderId' | 'symbol' | 'side' | 'remaining'> & {
  /** Defaults to STK. */
  secType?: string;
  /** A future's expiry: each month is an instrument of its own (contract/keys.ts instrumentId). */
  lastTradeDateOrContractMonth?: string | undefined;
  limitPrice?: string | null;
  stopPrice?: string | null;
  /** The API client that placed it (the broker's view has it), to match the firewall's reservations. */
  clientId?: number;
  /** One-Cancels-All membership (risk/oca.ts): a blocking group counts as its largest member. */
  ocaGroup?: string | null;
  ocaType?: number | null;
  /** The order this one is attached to (IB's parentId); 0 or absent for none. */
  parentId?: number;
};

/** What the market and the broker know right now; the gate fills in the rest of `RiskContext`. */
export interface MarketView {
  mode: TradingMode;
  /**
   * Last traded price as a decimal string, or null before market data arrived. By instrument
   * (contract/keys.ts instrumentId): a stock's symbol, a future's root and expiry ("ES 20261218").
   */
  lastPrice(instrument: string): string | null;
  /** Orders working at the Gateway (the broker's open orders). */
  openOrders: readonly WorkingOrder[];
  /**
   * The client id of Gatehouse's own connection. Order ids are per client: an open order of another client
   * is never one of the gate's reservations, whatever its id. Absent: every open order counts as ours.
   */
  ownClientId?: number;
  /**
   * A future's contract multiplier as a decimal string (ES: "50"), from the contract the broker resolved;
   * null when unknown. Prices of futures are per index point: value = quantity × price × multiplier.
   */
  multiplier?(symbol: string, secType: string): string | null;
}

/** Everything the pure `evaluate` needs beyond the ticket, snapshot, limits and clock. */
export interface RiskContext extends MarketView {
  /** The parent of the order being checked (a modify of a bracket's attached order), when it has one. */
  attachedTo?: number;
  /** The API client id of the order being checked (its parent is that client's order); absent when not known. */
  placedBy?: number;
  killSwitch: { active: boolean; reason: string | null };
  /** Why the saved limits cannot be trusted (a damaged limits.json); orders are refused until saved again. */
  limitsProblem?: string | null;
  /** Orders let through in the last 60 seconds (not counting this one). */
  ordersLastMinute: number;
  /** Equity marks for the daily-loss and drawdown rules; null when not known yet. */
  equity: { startOfDay: string | null; peak: string | null };
  pdt: PdtView;
}

export interface PdtView {
  /** Day trades counted from executions over the window. */
  dayTrades: number;
  /** IB's own `DayTradesRemaining` (-1 = unlimited), when the account summary has it. */
  dayTradesRemainingIb: number | null;
  /** Would this order, if it filled, close something opened today (i.e. be a new day trade)? */
  wouldDayTrade(symbol: string, side: ParsedTicket['side']): boolean;
}

/** What the broker must do when the kill switch trips. Flatten orders bypass the gate: they only reduce. */
export type KillAction =
  | { kind: 'cancel-all-orders'; orderIds: number[] }
  | {
      kind: 'flatten-position';
      symbol: string;
      secType: string;
      /** A future's month: without it the Gateway finds every listed month and refuses (200 ambiguous). */
      lastTradeDateOrContractMonth?: string;
      /** A future's exchange as the position names it; absent, core asks the Gateway (ContractBook.route). */
      exchange?: string;
      /** The position's conId: the contract by IB's unique name, routed by when the exchange is absent. */
      conId?: number;
      currency: string;
      side: 'BUY' | 'SELL';
      /** Shares to trade at market to get to zero (positive decimal string). */
      quantity: string;
    };

/** One execution as the PDT counter needs it (a subset of the contract's `Fill`). */
export interface Execution {
  execId: string;
  symbol: string;
  side: 'BUY' | 'SELL';
  shares: string;
  time: number;
}
