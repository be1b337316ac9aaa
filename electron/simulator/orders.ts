/** Order and fill records, the inspectable book, and the commission schedule. */
import type { Instrument } from './universe.ts';

export type OrderStatusText = 'PendingSubmit' | 'PreSubmitted' | 'Submitted' | 'Filled' | 'Cancelled' | 'Inactive';

export interface SimOrder {
  orderId: number;
  clientId: number;
  permId: number;
  account: string;
  instrument: Instrument | undefined;
  /** The symbol as the client sent it (kept even when it resolved to nothing). */
  symbol: string;
  action: 'BUY' | 'SELL';
  totalQuantity: number;
  orderType: string;
  lmtPrice: number | undefined;
  auxPrice: number | undefined;
  trailingPercent: number | undefined;
  trailStopPrice: number | undefined;
  tif: string;
  ocaGroup: string;
  /** ibapi/order.py ocaType: 1 cancel the others, 2/3 reduce them; 0 none. */
  ocaType: number;
  goodTillDate: string;
  orderRef: string;
  parentId: number;
  /**
   * An attached order waits for its parent: it works only once the parent has filled
   * (https://interactivebrokers.github.io/tws-api/bracket_order.html, "Attaching Orders").
   */
  awaitingParent: boolean;
  /** IB's orderStatus whyHeld: "locate" while a short sale waits for shares to borrow, else ''. */
  whyHeld: string;
  outsideRth: boolean;
  transmit: boolean;
  whatIf: boolean;
  status: OrderStatusText;
  /** True once a stop / trailing stop has triggered. */
  triggered: boolean;
  filled: number;
  avgFillPrice: number;
  lastFillPrice: number;
  commission: number;
  /** How many placeOrder frames arrived for this (client, order id). */
  submissions: number;
  /** Error code that rejected it, if any. */
  rejectCode: number | undefined;
  rejectReason: string | undefined;
  /** A chunked fill is in progress (large orders fill in several executions). */
  filling: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface SimFill {
  execId: string;
  orderId: number;
  clientId: number;
  permId: number;
  account: string;
  instrument: Instrument;
  side: 'BOT' | 'SLD';
  shares: number;
  price: number;
  cumQty: number;
  avgPrice: number;
  time: string;
  exchange: string;
  commission: number;
  realizedPnl: number | undefined;
  orderRef: string;
  at: number;
}

export interface BookOrder {
  orderId: number;
  clientId: number;
  permId: number;
  account: string;
  symbol: string;
  action: 'BUY' | 'SELL';
  quantity: number;
  orderType: string;
  lmtPrice: number | null;
  auxPrice: number | null;
  trailingPercent: number | null;
  trailStopPrice: number | null;
  tif: string;
  status: OrderStatusText;
  filled: number;
  remaining: number;
  avgFillPrice: number;
  whatIf: boolean;
  transmit: boolean;
  parentId: number;
  ocaGroup: string;
  ocaType: number;
  outsideRth: boolean;
  submissions: number;
  rejectCode: number | null;
  rejectReason: string | null;
}

export interface BookFill {
  execId: string;
  orderId: number;
  clientId: number;
  permId: number;
  account: string;
  symbol: string;
  side: 'BOT' | 'SLD';
  shares: number;
  price: number;
  commission: number;
  realizedPnl: number | null;
  time: string;
}

export interface BookPosition {
  account: string;
  symbol: string;
  conId: number;
  quantity: number;
  /** Per unit × multiplier, as the Gateway reports it (rounded to 4 places like its messages). */
  avgCost: number;
}

export interface BookSnapshot {
  orders: BookOrder[];
  fills: BookFill[];
  /** Non-zero holdings: what IB holds for the account (a restarted Gateway reports the same). */
  positions: BookPosition[];
}

export const WORKING: ReadonlySet<OrderStatusText> = new Set(['PendingSubmit', 'PreSubmitted', 'Submitted']);

export function isWorking(o: SimOrder): boolean {
  return !o.whatIf && o.transmit && !o.awaitingParent && o.whyHeld === '' && WORKING.has(o.status);
}

/** Still an open order at the Gateway: working, waiting for its parent, or held untransmitted. */
export function isOpen(o: SimOrder): boolean {
  if (o.whatIf || o.rejectCode !== undefined) return false;
  if (o.status === 'Inactive') return !o.transmit;
  return WORKING.has(o.status);
}

/** A stop-type order that waits for its trigger before it can fill. */
export function isStopType(orderType: string): boolean {
  return orderType === 'STP' || orderType === 'STP LMT' || orderType === 'TRAIL' || orderType === 'TRAIL LIMIT';
}

export function bookOrder(o: SimOrder): BookOrder {
  return {
    orderId: o.orderId,
    clientId: o.clientId,
    permId: o.permId,
    account: o.account,
    symbol: o.instrument?.localSymbol ?? o.symbol,
    action: o.action,
    quantity: o.totalQuantity,
    orderType: o.orderType,
    lmtPrice: o.lmtPrice ?? null,
    auxPrice: o.auxPrice ?? null,
    trailingPercent: o.trailingPercent ?? null,
    trailStopPrice: o.trailStopPrice ?? null,
    tif: o.tif,
    status: o.status,
    filled: o.filled,
    remaining: Math.max(0, o.totalQuantity - o.filled),
    avgFillPrice: o.avgFillPrice,
    whatIf: o.whatIf,
    transmit: o.transmit,
    parentId: o.parentId,
    ocaGroup: o.ocaGroup,
    ocaType: o.ocaType,
    outsideRth: o.outsideRth,
    submissions: o.submissions,
    rejectCode: o.rejectCode ?? null,
    rejectReason: o.rejectReason ?? null,
  };
}

export function bookFill(f: SimFill): BookFill {
  return {
    execId: f.execId,
    orderId: f.orderId,
    clientId: f.clientId,
    permId: f.permId,
    account: f.account,
    symbol: f.instrument.localSymbol,
    side: f.side,
    shares: f.shares,
    price: f.price,
    commission: f.commission,
    realizedPnl: f.realizedPnl ?? null,
    time: f.time,
  };
}

/**
 * IBKR Pro fixed-rate-like schedule: US stocks $0.005/share, $1.00 minimum, capped at 1% of trade value;
 * futures a flat $2.25 per contract (commission plus exchange fees); FX 0.2 bp of value, $2.00 minimum.
 */
export function commissionFor(instrument: Instrument, shares: number, price: number): number {
  let c: number;
  if (instrument.secType === 'FUT') c = 2.25 * shares;
  else if (instrument.secType === 'CASH') c = Math.max(2, shares * price * 0.00002);
  else c = Math.min(Math.max(1, 0.005 * shares), 0.01 * shares * price);
  return Math.round(c * 100) / 100;
}

/** The exchange a SMART-routed fill reports. */
export function executionExchange(instrument: Instrument): string {
  if (instrument.secType === 'FUT') return instrument.exchange;
  if (instrument.secType === 'CASH') return 'IDEALPRO';
  return instrument.primaryExch === 'ARCA' ? 'ARCA' : 'ISLAND';
}
