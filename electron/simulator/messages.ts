/**
 * Encoders for every message the simulated Gateway sends, field by field in the order @stoqey/ib 1.6.10's
 * decoder (dist/core/io/decoder.js) reads them at the negotiated server version. Each returns the fields;
 * frames.ts turns them into bytes. The unit tests feed every one to stoqey's own Decoder.
 */
import type { Field } from './frames.ts';
import { UNSET_DOUBLE, UNSET_INT } from './frames.ts';
import type { SimOrderState } from './engine.ts';
import type { OrderTerms } from './requests.ts';
import type { Instrument } from './universe.ts';
import { V } from './versions.ts';

/** Incoming message ids (IN_MSG_ID). */
export const IN = {
  TICK_PRICE: 1,
  TICK_SIZE: 2,
  ORDER_STATUS: 3,
  ERR_MSG: 4,
  OPEN_ORDER: 5,
  ACCT_VALUE: 6,
  PORTFOLIO_VALUE: 7,
  ACCT_UPDATE_TIME: 8,
  NEXT_VALID_ID: 9,
  CONTRACT_DATA: 10,
  EXECUTION_DATA: 11,
  MANAGED_ACCTS: 15,
  TICK_STRING: 46,
  CURRENT_TIME: 49,
  CONTRACT_DATA_END: 52,
  OPEN_ORDER_END: 53,
  ACCT_DOWNLOAD_END: 54,
  EXECUTION_DATA_END: 55,
  TICK_SNAPSHOT_END: 57,
  MARKET_DATA_TYPE: 58,
  COMMISSION_REPORT: 59,
  POSITION: 61,
  POSITION_END: 62,
  ACCOUNT_SUMMARY: 63,
  ACCOUNT_SUMMARY_END: 64,
  TICK_REQ_PARAMS: 81,
  PNL: 94,
  PNL_SINGLE: 95,
  HISTORICAL_DATA: 17,
  ACCOUNT_UPDATE_MULTI: 73,
  ACCOUNT_UPDATE_MULTI_END: 74,
  SYMBOL_SAMPLES: 79,
  COMPLETED_ORDER: 101,
  COMPLETED_ORDERS_END: 102,
} as const;

/** A double, or IB's "unset" (Double.MAX_VALUE) when absent. */
export function dbl(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? UNSET_DOUBLE : String(value);
}

/** A double or the empty string: how IB prints optional order prices. */
function optDbl(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '' : String(value);
}

/** Money rounded to cents, as IB prints account values. */
export function money(value: number): string {
  return (Math.round(value * 100) / 100).toFixed(2);
}

export function nextValidId(orderId: number): Field[] {
  return [IN.NEXT_VALID_ID, 1, orderId];
}

export function managedAccounts(accounts: readonly string[]): Field[] {
  return [IN.MANAGED_ACCTS, 1, accounts.join(',')];
}

/** Error/notice. From ADVANCED_ORDER_REJECT (166) on, a JSON (or empty) advancedOrderRejectJson follows. */
export function error(sv: number, id: number, code: number, message: string, advancedOrderRejectJson = ''): Field[] {
  const fields: Field[] = [IN.ERR_MSG, 2, id, code, message];
  if (sv >= V.ADVANCED_ORDER_REJECT) fields.push(advancedOrderRejectJson);
  return fields;
}

export function currentTime(epochSeconds: number): Field[] {
  return [IN.CURRENT_TIME, 1, epochSeconds];
}

export function accountSummary(reqId: number, account: string, tag: string, value: string, currency: string): Field[] {
  return [IN.ACCOUNT_SUMMARY, 1, reqId, account, tag, value, currency];
}

export function accountSummaryEnd(reqId: number): Field[] {
  return [IN.ACCOUNT_SUMMARY_END, 1, reqId];
}

export function accountValue(key: string, value: string, currency: string, account: string): Field[] {
  return [IN.ACCT_VALUE, 2, key, value, currency, account];
}

export interface PortfolioLine {
  instrument: Instrument;
  position: number;
  marketPrice: number;
  marketValue: number;
  averageCost: number;
  unrealizedPnl: number;
  realizedPnl: number;
  account: string;
}

/**
 * The contract as every message that carries one sends it (ibapi decoder.py's readContract order): conId,
 * symbol, secType, lastTradeDateOrContractMonth, strike, right, multiplier, exchange, currency, localSymbol,
 * tradingClass. The messages differ only in which exchange they name and what an unset right reads as.
 */
function contractFields(i: Instrument, exchange: string, right: string): Field[] {
  return [i.conId, i.symbol, i.secType, i.lastTradeDateOrContractMonth, 0, right, i.secType === 'FUT' ? i.multiplier : '', exchange, i.currency, i.localSymbol, i.tradingClass];
}

/** openOrder and completedOrder: a stock's unset right is "?" there (seen from a real Gateway, reference/openorder-v193-fields.tsv). */
const orderRight = (i: Instrument) => (i.secType === 'STK' ? '?' : '');

export function portfolioValue(p: PortfolioLine): Field[] {
  const i = p.instrument;
  return [
    IN.PORTFOLIO_VALUE,
    8,
    ...contractFields(i, i.primaryExch, ''),
    p.position,
    p.marketPrice,
    money(p.marketValue),
    p.averageCost,
    money(p.unrealizedPnl),
    money(p.realizedPnl),
    p.account,
  ];
}

export function accountUpdateTime(hhmm: string): Field[] {
  return [IN.ACCT_UPDATE_TIME, 1, hhmm];
}

export function accountDownloadEnd(account: string): Field[] {
  return [IN.ACCT_DOWNLOAD_END, 1, account];
}

export function position(account: string, i: Instrument, quantity: number, avgCost: number): Field[] {
  return [
    IN.POSITION,
    3,
    account,
    ...contractFields(i, i.secType === 'STK' ? i.primaryExch : i.exchange, ''),
    quantity,
    avgCost,
  ];
}

export function positionEnd(): Field[] {
  return [IN.POSITION_END, 1];
}

export function pnl(sv: number, reqId: number, daily: number, unrealized: number, realized: number): Field[] {
  const fields: Field[] = [IN.PNL, reqId, money(daily)];
  if (sv >= V.UNREALIZED_PNL) fields.push(money(unrealized));
  if (sv >= V.REALIZED_PNL) fields.push(money(realized));
  return fields;
}

export function pnlSingle(
  sv: number,
  reqId: number,
  pos: number,
  daily: number,
  unrealized: number,
  realized: number,
  value: number,
): Field[] {
  const fields: Field[] = [IN.PNL_SINGLE, reqId, pos, money(daily)];
  if (sv >= V.UNREALIZED_PNL) fields.push(money(unrealized));
  if (sv >= V.REALIZED_PNL) fields.push(money(realized));
  fields.push(money(value));
  return fields;
}

export function contractData(sv: number, reqId: number, i: Instrument): Field[] {
  const fields: Field[] = [IN.CONTRACT_DATA];
  if (sv < V.SIZE_RULES) fields.push(8);
  fields.push(reqId, i.symbol, i.secType, i.lastTradeDateOrContractMonth);
  if (sv >= V.LAST_TRADE_DATE) fields.push(i.lastTradeDate);
  fields.push(0, '', i.exchange, i.currency, i.localSymbol, i.marketName, i.tradingClass, i.conId, i.minTick);
  if (sv >= V.MD_SIZE_MULTIPLIER && sv < V.SIZE_RULES) fields.push(1);
  fields.push(
    i.secType === 'FUT' ? i.multiplier : '',
    i.orderTypes,
    i.validExchanges,
    1, // priceMagnifier
    i.underlying?.conId ?? 0, // underConId (ES → the SPX index)
    i.longName,
    i.primaryExch,
    i.secType === 'FUT' ? (i.contractMonth ?? i.lastTradeDateOrContractMonth.slice(0, 6)) : '',
    i.industry,
    i.category,
    i.subcategory,
    i.timeZoneId,
    tradingHours(i),
    liquidHours(i),
    '', // evRule
    '', // evMultiplier
  );
  if (i.secType === 'STK') fields.push(1, 'ISIN', isinFor(i));
  else fields.push(0);
  if (sv >= V.AGG_GROUP) fields.push(1);
  if (sv >= V.UNDERLYING_INFO) fields.push(i.underlying?.symbol ?? '', i.underlying?.secType ?? '');
  if (sv >= V.MARKET_RULES) fields.push(i.marketRuleIds);
  if (sv >= V.REAL_EXPIRATION_DATE) fields.push(i.secType === 'FUT' ? i.lastTradeDate : '');
  if (sv >= V.STOCK_TYPE) fields.push(i.stockType);
  if (sv >= V.FRACTIONAL_SIZE_SUPPORT && sv < V.SIZE_RULES) fields.push(i.secType === 'CASH' ? 1 : 1);
  if (sv >= V.SIZE_RULES) {
    const size = i.secType === 'STK' ? '0.0001' : '1';
    fields.push(size, size, '1');
  }
  // FUND fields (FUND_DATA_FIELDS) apply to secType FUND only, which the universe does not hold.
  if (sv >= V.INELIGIBILITY_REASONS) fields.push(0);
  return fields;
}

function isinFor(i: Instrument): string {
  const known: Record<string, string> = {
    AAPL: 'US0378331005',
    MSFT: 'US5949181045',
    SPY: 'US78462F1030',
    QQQ: 'US46090E1038',
    TSLA: 'US88160R1014',
    NVDA: 'US67066G1040',
    AMZN: 'US0231351067',
  };
  return known[i.symbol] ?? '';
}

function tradingHours(i: Instrument): string {
  if (i.secType === 'FUT') return '20261124:1700-20261125:1600;20261125:1700-20261126:1200';
  if (i.secType === 'CASH') return '20261124:1715-20261125:1700;20261125:1715-20261126:1700';
  return '20261125:0400-20261125:2000;20261126:CLOSED';
}

function liquidHours(i: Instrument): string {
  if (i.secType === 'FUT') return '20261125:0830-20261125:1600;20261126:0830-20261126:1200';
  if (i.secType === 'CASH') return '20261124:1715-20261125:1700;20261125:1715-20261126:1700';
  return '20261125:0930-20261125:1600;20261126:CLOSED';
}

export function contractDataEnd(reqId: number): Field[] {
  return [IN.CONTRACT_DATA_END, 1, reqId];
}

/** tickPrice version 6: size and an attribute mask (bit 0 canAutoExecute) follow the price. */
export function tickPrice(tickerId: number, tickType: number, price: number, size: number, attribMask = 0): Field[] {
  return [IN.TICK_PRICE, 6, tickerId, tickType, price, size, attribMask];
}

export function tickSize(tickerId: number, tickType: number, size: number): Field[] {
  return [IN.TICK_SIZE, 6, tickerId, tickType, size];
}

export function tickString(tickerId: number, tickType: number, value: string): Field[] {
  return [IN.TICK_STRING, 6, tickerId, tickType, value];
}

export function tickSnapshotEnd(reqId: number): Field[] {
  return [IN.TICK_SNAPSHOT_END, 1, reqId];
}

export function marketDataType(reqId: number, type: number): Field[] {
  return [IN.MARKET_DATA_TYPE, 1, reqId, type];
}

export function tickReqParams(tickerId: number, minTick: number, bboExchange: string, snapshotPermissions: number): Field[] {
  return [IN.TICK_REQ_PARAMS, tickerId, minTick, bboExchange, snapshotPermissions];
}

export function orderStatus(
  sv: number,
  s: {
    orderId: number;
    status: string;
    filled: number;
    remaining: number;
    avgFillPrice: number;
    permId: number;
    parentId: number;
    lastFillPrice: number;
    clientId: number;
    whyHeld: string;
  },
): Field[] {
  const fields: Field[] = [IN.ORDER_STATUS];
  if (sv < V.MARKET_CAP_PRICE) fields.push(6);
  fields.push(s.orderId, s.status, s.filled, s.remaining, s.avgFillPrice, s.permId, s.parentId, s.lastFillPrice, s.clientId, s.whyHeld);
  if (sv >= V.MARKET_CAP_PRICE) fields.push(0);
  return fields;
}

/** openOrder's view of an order: its terms (a real Gateway reports ocaType 3 for one outside any group), where it stands, and who placed it. */
export interface OpenOrderView extends OrderTerms {
  instrument: Instrument;
  clientId: number;
  permId: number;
  status: string;
  filledQuantity: number;
  state: SimOrderState;
}

/**
 * openOrder as the real Gateway sends it (141 fields at 193; see reference/openorder-v193-fields.tsv).
 * `ov` is the decoder's `version`: the server version from ORDER_CONTAINER on, else an explicit field.
 */
export function openOrder(sv: number, o: OpenOrderView): Field[] {
  const ov = sv < V.ORDER_CONTAINER ? 34 : sv;
  const i = o.instrument;
  const f: Field[] = [IN.OPEN_ORDER];
  if (sv < V.ORDER_CONTAINER) f.push(ov);
  f.push(o.orderId);
  f.push(...contractFields(i, i.exchange, orderRight(i)));
  f.push(o.action, o.totalQuantity, o.orderType, o.lmtPrice ?? '0.0', o.auxPrice ?? '0.0', o.tif, o.ocaGroup, o.account);
  f.push('', 0, o.orderRef, o.clientId, o.permId, o.outsideRth, 0, 0, '');
  f.push(`${o.permId}.0/${o.account}/${o.totalQuantity}`); // deprecated sharesAllocation
  f.push('', '', ''); // faGroup, faMethod, faPercentage
  if (ov < V.FA_PROFILE_DESUPPORT) f.push(''); // faProfile
  // modelCode from server version 103, as IB's decoders read it (ibapi/orderdecoder.py:139-141). stoqey
  // 1.6.10 gates it on the message version (decoder.js:2253, 34 below 145) and misreads 103–144; a
  // real Gateway sends it there, so the simulator does too.
  if (sv >= V.MODELS_SUPPORT) f.push('');
  f.push(o.goodTillDate ?? '', '', '', '', 0, '', -1, 0); // goodTillDate, rule80A, percentOffset, settlingFirm, shortSaleSlot, designatedLocation, exemptCode, auctionStrategy
  f.push('', '', '', '', ''); // startingPrice, stockRefPrice, delta, stockRangeLower, stockRangeUpper
  f.push(UNSET_INT, 0, 0, 0, '', o.ocaType || 3, 0, 0, '', o.parentId, 0); // displaySize, …, ocaType, …, parentId, triggerMethod
  f.push('', 0, 'None', '', 0, '', '', '', '?', 0, 0, '', 0, 0); // volatility … referencePriceType
  f.push(optDbl(o.trailStopPrice), optDbl(o.trailingPercent), '', ''); // trailStopPrice, trailingPercent, basisPoints(+Type)
  f.push('', 0, 0, 0); // comboLegsDescrip, comboLegs, orderComboLegs, smartComboRoutingParams
  f.push(UNSET_INT, UNSET_INT, ''); // scale init/subs level size, scalePriceIncrement
  f.push('', 0, '', 'IB', 0, 0, '', 0); // hedgeType, optOutSmartRouting, clearingAccount, clearingIntent, notHeld, deltaNeutralContract, algoStrategy, solicited
  f.push(o.whatIf, o.status);
  const s = o.state;
  if (sv >= V.WHAT_IF_EXT_FIELDS) {
    f.push(dbl(s.initMarginBefore), dbl(s.maintMarginBefore), dbl(s.equityWithLoanBefore));
    f.push(dbl(s.initMarginChange), dbl(s.maintMarginChange), dbl(s.equityWithLoanChange));
  }
  f.push(dbl(s.initMarginAfter), dbl(s.maintMarginAfter), dbl(s.equityWithLoanAfter));
  f.push(optDbl(s.commission), optDbl(s.minCommission), optDbl(s.maxCommission), s.commissionCurrency, s.warningText);
  f.push(0, 0); // randomizeSize, randomizePrice
  if (sv >= V.PEGGED_TO_BENCHMARK) {
    f.push(0); // conditions
    f.push('None', UNSET_DOUBLE, dbl(o.trailStopPrice), UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE, UNSET_DOUBLE, 0);
  }
  if (sv >= V.SOFT_DOLLAR_TIER) f.push('', '', '');
  if (sv >= V.CASH_QTY) f.push(0);
  if (sv >= V.AUTO_PRICE_FOR_HEDGE) f.push(1); // dontUseAutoPriceForHedge
  if (sv >= V.ORDER_CONTAINER) f.push(0);
  if (sv >= V.D_PEG_ORDERS) f.push(0);
  if (sv >= V.PRICE_MGMT_ALGO) f.push(0);
  if (sv >= V.DURATION) f.push('');
  if (sv >= V.POST_TO_ATS) f.push('');
  if (sv >= V.AUTO_CANCEL_PARENT) f.push(0);
  if (sv >= V.PEGBEST_PEGMID_OFFSETS) f.push('', 100, 0.02, '', '');
  if (sv >= V.CUSTOMER_ACCOUNT) f.push('');
  if (sv >= V.PROFESSIONAL_CUSTOMER) f.push(0);
  if (sv >= V.BOND_ACCRUED_INTEREST) f.push('');
  if (sv >= V.INCLUDE_OVERNIGHT) f.push(0);
  if (sv >= V.CME_TAGGING_FIELDS_IN_OPEN_ORDER) f.push('', UNSET_INT);
  return f;
}

export function openOrderEnd(): Field[] {
  return [IN.OPEN_ORDER_END, 1];
}

export interface ExecutionView {
  reqId: number;
  orderId: number;
  instrument: Instrument;
  execId: string;
  time: string;
  account: string;
  exchange: string;
  side: 'BOT' | 'SLD';
  shares: number;
  price: number;
  permId: number;
  clientId: number;
  cumQty: number;
  avgPrice: number;
  orderRef: string;
}

export function execDetails(sv: number, e: ExecutionView): Field[] {
  const i = e.instrument;
  const f: Field[] = [IN.EXECUTION_DATA];
  if (sv < V.LAST_LIQUIDITY) f.push(10);
  f.push(e.reqId, e.orderId, ...contractFields(i, e.exchange, ''));
  f.push(e.execId, e.time, e.account, e.exchange, e.side, e.shares, e.price, e.permId, e.clientId, 0);
  f.push(e.cumQty, e.avgPrice, e.orderRef, '', '');
  if (sv >= V.MODELS_SUPPORT) f.push('');
  if (sv >= V.LAST_LIQUIDITY) f.push(2);
  if (sv >= V.PENDING_PRICE_REVISION) f.push(0);
  return f;
}

export function execDetailsEnd(reqId: number): Field[] {
  return [IN.EXECUTION_DATA_END, 1, reqId];
}

export function commissionReport(execId: string, commission: number, currency: string, realizedPnl: number | undefined): Field[] {
  return [IN.COMMISSION_REPORT, 1, execId, commission, currency, dbl(realizedPnl), UNSET_DOUBLE, ''];
}

/** accountUpdateMulti version 1: one key of one account (and model). */
export function accountUpdateMulti(reqId: number, account: string, modelCode: string, key: string, value: string, currency: string): Field[] {
  return [IN.ACCOUNT_UPDATE_MULTI, 1, reqId, account, modelCode, key, value, currency];
}

export function accountUpdateMultiEnd(reqId: number): Field[] {
  return [IN.ACCOUNT_UPDATE_MULTI_END, 1, reqId];
}

export interface Bar {
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  wap: number;
  count: number;
}

/** historicalData: from SYNT_REALTIME_BARS (124) no version and no hasGaps (stoqey decoder.js:1018-1052). */
export function historicalData(sv: number, reqId: number, start: string, end: string, bars: readonly Bar[]): Field[] {
  const f: Field[] = [IN.HISTORICAL_DATA];
  const old = sv < V.SYNT_REALTIME_BARS;
  if (old) f.push(3);
  f.push(reqId, start, end, bars.length);
  for (const b of bars) {
    f.push(b.date, b.open, b.high, b.low, b.close, b.volume, b.wap);
    if (old) f.push(0); // hasGaps
    f.push(b.count);
  }
  return f;
}

export interface SymbolSample {
  conId: number;
  symbol: string;
  secType: string;
  primaryExch: string;
  currency: string;
  derivativeSecTypes: readonly string[];
  description: string;
}

/** symbolSamples: description and issuerId from BOND_ISSUERID (176) (stoqey decoder.js:1630-1657). */
export function symbolSamples(sv: number, reqId: number, samples: readonly SymbolSample[]): Field[] {
  const f: Field[] = [IN.SYMBOL_SAMPLES, reqId, samples.length];
  for (const s of samples) {
    f.push(s.conId, s.symbol, s.secType, s.primaryExch, s.currency, s.derivativeSecTypes.length, ...s.derivativeSecTypes);
    if (sv >= V.BOND_ISSUERID) f.push(s.description, '');
  }
  return f;
}

/**
 * One row of reqCompletedOrders: a filled or cancelled order of the day, in the field order of IB's
 * decoder (ibapi/decoder.py processCompletedOrderMsg, read with the message version unset so every
 * version gate is open; stoqey 1.6.10 decoder.js decodeMsg_COMPLETED_ORDER reads the same up to
 * professionalCustomer). Unlike openOrder there is no order id, client id, sharesAllocation or what-if
 * block; the order state is its status, then completedTime and completedStatus near the end.
 */
export function completedOrder(sv: number, o: OpenOrderView & { completedTime: string; completedStatus: string }): Field[] {
  const i = o.instrument;
  const f: Field[] = [IN.COMPLETED_ORDER];
  f.push(...contractFields(i, i.exchange, orderRight(i)));
  f.push(o.action, o.totalQuantity, o.orderType, o.lmtPrice ?? '0.0', o.auxPrice ?? '0.0', o.tif, o.ocaGroup, o.account);
  f.push('', 0, o.orderRef, o.permId, o.outsideRth, 0, 0, ''); // openClose, origin, orderRef, permId, outsideRth, hidden, discretionaryAmt, goodAfterTime
  f.push('', '', ''); // faGroup, faMethod, faPercentage (no faProfile: the message version is unset)
  f.push(''); // modelCode
  f.push(o.goodTillDate ?? '', '', '', ''); // goodTillDate, rule80A, percentOffset, settlingFirm
  f.push(0, '', -1); // shortSaleSlot, designatedLocation, exemptCode
  f.push('', '', '', '', ''); // startingPrice, stockRefPrice, delta, stockRangeLower, stockRangeUpper
  f.push(UNSET_INT, 0, 0, '', o.ocaType || 3, 0); // displaySize, sweepToFill, allOrNone, minQty, ocaType, triggerMethod
  // volatility, volatilityType, deltaNeutralOrderType ("None" is not empty, so conId and the short-sale trio follow), auxPrice
  f.push('', 0, 'None', '', 0, 0, 0, '', 0, 0); // … deltaNeutralConId, shortSale, shortSaleSlot, designatedLocation, continuousUpdate, referencePriceType
  f.push(optDbl(o.trailStopPrice), optDbl(o.trailingPercent));
  f.push('', 0, 0, 0); // comboLegsDescrip, comboLegs, orderComboLegs, smartComboRoutingParams
  f.push(UNSET_INT, UNSET_INT, ''); // scale init/subs level size, scalePriceIncrement
  f.push('', '', 'IB', 0, 0, '', 0); // hedgeType, clearingAccount, clearingIntent, notHeld, deltaNeutralContract, algoStrategy, solicited
  f.push(o.status);
  f.push(0, 0); // randomizeSize, randomizePrice
  if (sv >= V.PEGGED_TO_BENCHMARK) f.push(0); // conditions (no peg-to-benchmark params for these order types)
  f.push(optDbl(o.trailStopPrice), UNSET_DOUBLE); // trailStopPrice, lmtPriceOffset
  if (sv >= V.CASH_QTY) f.push(UNSET_DOUBLE);
  if (sv >= V.AUTO_PRICE_FOR_HEDGE) f.push(1); // dontUseAutoPriceForHedge
  if (sv >= V.ORDER_CONTAINER) f.push(0); // isOmsContainer
  f.push('', o.filledQuantity, 0, 0, '', 0, 0, 0); // autoCancelDate, filledQuantity, refFuturesConId, autoCancelParent, shareholder, imbalanceOnly, routeMarketableToBbo, parentPermId
  f.push(o.completedTime, o.completedStatus);
  if (sv >= V.PEGBEST_PEGMID_OFFSETS) f.push('', 100, 0.02, '', '');
  if (sv >= V.CUSTOMER_ACCOUNT) f.push('');
  if (sv >= V.PROFESSIONAL_CUSTOMER) f.push(0);
  return f;
}

export function completedOrdersEnd(): Field[] {
  return [IN.COMPLETED_ORDERS_END];
}
