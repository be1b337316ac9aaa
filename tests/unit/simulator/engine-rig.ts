/**
 * The simulator engine's unit tests share this: an engine with a recording sink (disposed after each test),
 * an instrument by symbol, and orders built from IB's defaults with only what a test says changed.
 */
import { afterEach } from 'vitest';
import { Engine, type EngineOptions } from '../../../electron/simulator/engine.ts';
import type { SimFill, SimOrder } from '../../../electron/simulator/orders.ts';
import type { OrderTerms, PlaceOrderRequest } from '../../../electron/simulator/requests.ts';
import { instrumentBySymbol } from '../../../electron/simulator/universe.ts';
import type { Instrument } from '../../../electron/simulator/universe.ts';

export function inst(symbol: string): Instrument {
  const i = instrumentBySymbol(symbol);
  if (!i) throw new Error(symbol);
  return i;
}

export interface Recorded {
  statuses: { orderId: number; status: string; filled: number }[];
  fills: SimFill[];
  errors: { clientId: number; orderId: number; code: number; message: string }[];
}

let engines: Engine[] = [];
afterEach(() => {
  for (const e of engines) e.dispose();
  engines = [];
});

/** An engine for account DU1234567 with $1,000,000, seed 7, and a sink that records statuses, fills, errors. */
export function engineRig(opts: Partial<Pick<EngineOptions, 'positions' | 'clock' | 'timeZone'>> = {}): { engine: Engine; rec: Recorded } {
  const engine = new Engine({ accounts: ['DU1234567'], startingCash: 1_000_000, seed: 7, positions: [], ...opts });
  engines.push(engine);
  const rec: Recorded = { statuses: [], fills: [], errors: [] };
  engine.sink = {
    orderChanged: (o: SimOrder, withStatus) => {
      if (withStatus) rec.statuses.push({ orderId: o.orderId, status: o.status, filled: o.filled });
    },
    filled: (o, f) => {
      rec.fills.push(f);
      rec.statuses.push({ orderId: o.orderId, status: o.status, filled: o.filled });
    },
    orderError: (clientId, orderId, code, message) => rec.errors.push({ clientId, orderId, code, message }),
    accountChanged: () => undefined,
    pricesChanged: () => undefined,
  };
  return { engine, rec };
}

/** A market order to buy 100, DAY, no group, no account, no ref: what stoqey sends for a bare Order. */
export const BARE_TERMS: Omit<OrderTerms, 'orderId'> = {
  action: 'BUY',
  totalQuantity: 100,
  orderType: 'MKT',
  lmtPrice: undefined,
  auxPrice: undefined,
  tif: 'DAY',
  ocaGroup: '',
  account: '',
  orderRef: '',
  parentId: 0,
  outsideRth: false,
  trailStopPrice: undefined,
  trailingPercent: undefined,
  whatIf: false,
};

/** placeOrder for `symbol` as the client sends it: the bare terms, transmitted, with `o` changed. */
export function order(orderId: number, symbol: string, o: Partial<PlaceOrderRequest> = {}): PlaceOrderRequest {
  const i = inst(symbol);
  return {
    orderId,
    contract: {
      conId: 0,
      symbol: i.symbol,
      secType: i.secType,
      lastTradeDateOrContractMonth: i.lastTradeDateOrContractMonth,
      exchange: i.exchange,
      primaryExch: '',
      currency: i.currency,
      localSymbol: '',
    },
    ...BARE_TERMS,
    transmit: true,
    ...o,
  };
}
