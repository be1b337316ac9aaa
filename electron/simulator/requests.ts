/**
 * Parsers for the requests a client sends, mirroring @stoqey/ib 1.6.10's encoder (dist/core/io/encoder.js)
 * at the negotiated server version. A malformed request throws RequestError; the session then drops
 * that client alone, as a real Gateway does with a client it cannot understand.
 */
import { V } from './versions.ts';

export class RequestError extends Error {
  override name = 'RequestError';
}

/** Out message ids (OUT_MSG_ID). */
export const OUT = {
  REQ_MKT_DATA: 1,
  CANCEL_MKT_DATA: 2,
  PLACE_ORDER: 3,
  CANCEL_ORDER: 4,
  REQ_OPEN_ORDERS: 5,
  REQ_ACCOUNT_DATA: 6,
  REQ_EXECUTIONS: 7,
  REQ_IDS: 8,
  REQ_CONTRACT_DATA: 9,
  REQ_AUTO_OPEN_ORDERS: 15,
  REQ_ALL_OPEN_ORDERS: 16,
  REQ_MANAGED_ACCTS: 17,
  REQ_CURRENT_TIME: 49,
  REQ_GLOBAL_CANCEL: 58,
  REQ_MARKET_DATA_TYPE: 59,
  REQ_POSITIONS: 61,
  REQ_ACCOUNT_SUMMARY: 62,
  CANCEL_ACCOUNT_SUMMARY: 63,
  CANCEL_POSITIONS: 64,
  START_API: 71,
  REQ_PNL: 92,
  CANCEL_PNL: 93,
  REQ_PNL_SINGLE: 94,
  CANCEL_PNL_SINGLE: 95,
  REQ_HISTORICAL_DATA: 20,
  CANCEL_HISTORICAL_DATA: 25,
  REQ_ACCOUNT_UPDATES_MULTI: 76,
  CANCEL_ACCOUNT_UPDATES_MULTI: 77,
  REQ_MATCHING_SYMBOLS: 81,
  REQ_COMPLETED_ORDERS: 99,
} as const;

/** Sequential reader over one request's fields. */
export class FieldReader {
  private index = 0;
  private readonly fields: readonly string[];

  constructor(fields: readonly string[]) {
    this.fields = fields;
  }

  get remaining(): number {
    return this.fields.length - this.index;
  }

  str(): string {
    if (this.index >= this.fields.length) throw new RequestError('request ended early');
    return this.fields[this.index++] as string;
  }

  int(): number {
    const text = this.str();
    if (text === '') return 0;
    const value = Number(text);
    if (!Number.isInteger(value)) throw new RequestError(`expected an integer, got ${JSON.stringify(text)}`);
    return value;
  }

  /** A double; empty (and Double.MAX_VALUE) mean unset. */
  optDbl(): number | undefined {
    const text = this.str();
    if (text === '') return undefined;
    const value = Number(text);
    if (Number.isNaN(value)) throw new RequestError(`expected a number, got ${JSON.stringify(text)}`);
    return value >= Number.MAX_VALUE ? undefined : value;
  }

  /** Booleans arrive as 1/0, and as "" where stoqey left a field unset. */
  bool(): boolean {
    const text = this.str();
    return text !== '' && text !== '0' && text.toLowerCase() !== 'false';
  }

  skip(count: number): void {
    for (let n = 0; n < count; n++) this.str();
  }
}

export interface ContractFields {
  conId: number;
  symbol: string;
  secType: string;
  lastTradeDateOrContractMonth: string;
  exchange: string;
  primaryExch: string;
  currency: string;
  localSymbol: string;
}

function readContract(r: FieldReader, withPrimaryExch: boolean): ContractFields {
  const conId = r.int();
  const symbol = r.str();
  const secType = r.str();
  const lastTradeDateOrContractMonth = r.str();
  r.str(); // strike
  r.str(); // right
  r.str(); // multiplier
  const exchange = r.str();
  const primaryExch = withPrimaryExch ? r.str() : '';
  const currency = r.str();
  const localSymbol = r.str();
  r.str(); // tradingClass
  return { conId, symbol, secType, lastTradeDateOrContractMonth, exchange, primaryExch, currency, localSymbol };
}

/** An order's terms, as the client writes them in placeOrder and the Gateway repeats them in openOrder. */
export interface OrderTerms {
  orderId: number;
  action: string;
  totalQuantity: number;
  orderType: string;
  lmtPrice: number | undefined;
  auxPrice: number | undefined;
  tif: string;
  ocaGroup: string;
  /** 1 cancel with block, 2 reduce with block, 3 reduce without block; 0 none (ibapi/order.py). */
  ocaType?: number;
  /** GTD expiry as the client wrote it ("20261231-21:00:00" UTC, or "20261231 16:00:00 US/Eastern"). */
  goodTillDate?: string;
  account: string;
  orderRef: string;
  parentId: number;
  outsideRth: boolean;
  trailStopPrice: number | undefined;
  trailingPercent: number | undefined;
  whatIf: boolean;
}

export interface PlaceOrderRequest extends OrderTerms {
  contract: ContractFields;
  /** stoqey sends "" for an unset `transmit`; see parsePlaceOrder. */
  transmit: boolean;
}

/** Reads a placeOrder up to `whatIf`; the fields after it (conditions, MiFID, …) are not needed. */
export function parsePlaceOrder(sv: number, fields: readonly string[]): PlaceOrderRequest {
  const r = new FieldReader(fields);
  r.int(); // msg id
  if (sv < V.ORDER_CONTAINER) r.int(); // version
  const orderId = r.int();
  const contract = readContract(r, true);
  r.skip(2); // secIdType, secId
  const action = r.str().toUpperCase();
  const qtyText = r.str();
  const totalQuantity = Number(qtyText);
  if (qtyText === '' || Number.isNaN(totalQuantity)) throw new RequestError('placeOrder without a quantity');
  const orderType = r.str().toUpperCase();
  const lmtPrice = r.optDbl();
  const auxPrice = r.optDbl();
  const tif = r.str().toUpperCase() || 'DAY';
  const ocaGroup = r.str();
  const account = r.str();
  r.str(); // openClose
  r.str(); // origin
  const orderRef = r.str();
  // @stoqey/ib sends `transmit` as "" unless the app set it (it joins `undefined` into an empty field),
  // while IB's own clients default it to true. Treating "" as true keeps stoqey apps working as they do
  // against a Gateway that has "transmit" defaulted; only an explicit "0" holds the order untransmitted.
  const transmitText = r.str();
  const transmit = transmitText === '' || transmitText === '1' || transmitText.toLowerCase() === 'true';
  const parentId = r.int();
  r.skip(4); // blockOrder, sweepToFill, displaySize, triggerMethod
  const outsideRth = r.bool();
  r.str(); // hidden
  if (contract.secType.toUpperCase() === 'BAG') {
    const legs = r.int();
    r.skip(legs * 8);
    const orderLegs = r.int();
    r.skip(orderLegs);
    const smartParams = r.int();
    r.skip(smartParams * 2);
  }
  r.str(); // deprecated sharesAllocation
  r.skip(2); // discretionaryAmt, goodAfterTime
  const goodTillDate = r.str(); // srv v12 and above (ibapi/client.py placeOrder)
  r.skip(3); // faGroup, faMethod, faPercentage
  if (sv < V.FA_PROFILE_DESUPPORT) r.str(); // faProfile
  if (sv >= V.MODELS_SUPPORT) r.str(); // modelCode
  r.skip(2); // shortSaleSlot, designatedLocation
  r.str(); // exemptCode
  const ocaType = r.int(); // srv v19 and above (ibapi/client.py placeOrder)
  r.skip(14); // rule80A … stockRangeUpper
  r.str(); // overridePercentageConstraints
  r.skip(2); // volatility, volatilityType
  const deltaNeutralOrderType = r.str();
  r.str(); // deltaNeutralAuxPrice
  if (deltaNeutralOrderType !== '') r.skip(8);
  r.skip(2); // continuousUpdate, referencePriceType
  const trailStopPrice = r.optDbl();
  const trailingPercent = r.optDbl();
  r.skip(2); // scaleInitLevelSize, scaleSubsLevelSize
  const scalePriceIncrement = r.str();
  if (scalePriceIncrement !== '') r.skip(7);
  r.skip(3); // scaleTable, activeStartTime, activeStopTime
  const hedgeType = r.str();
  if (hedgeType !== '') r.str();
  r.str(); // optOutSmartRouting
  r.skip(2); // clearingAccount, clearingIntent
  r.str(); // notHeld
  if (r.bool()) r.skip(3); // deltaNeutralContract
  const algoStrategy = r.str();
  if (algoStrategy !== '') {
    const count = r.int();
    r.skip(count * 2);
  }
  r.str(); // algoId
  const whatIf = r.bool();
  return {
    orderId,
    contract,
    action,
    totalQuantity,
    orderType,
    lmtPrice,
    auxPrice,
    tif,
    ocaGroup,
    account,
    orderRef,
    transmit,
    parentId,
    outsideRth,
    trailStopPrice,
    trailingPercent,
    whatIf,
    goodTillDate,
    ocaType,
  };
}

export function parseCancelOrder(sv: number, fields: readonly string[]): { orderId: number } {
  const r = new FieldReader(fields);
  r.int();
  if (sv < V.CME_TAGGING_FIELDS) r.int(); // version
  return { orderId: r.int() };
}

export function parseContractDetailsRequest(fields: readonly string[]): { reqId: number; contract: ContractFields } {
  const r = new FieldReader(fields);
  r.int();
  r.int(); // version 8
  const reqId = r.int();
  return { reqId, contract: readContract(r, true) };
}

export interface MktDataRequest {
  reqId: number;
  contract: ContractFields;
  genericTickList: string;
  snapshot: boolean;
}

export function parseMktDataRequest(fields: readonly string[]): MktDataRequest {
  const r = new FieldReader(fields);
  r.int();
  r.int(); // version 11
  const reqId = r.int();
  const contract = readContract(r, true);
  if (contract.secType.toUpperCase() === 'BAG') {
    const legs = r.int();
    r.skip(legs * 4);
  }
  if (r.bool()) r.skip(3); // deltaNeutralContract
  const genericTickList = r.str();
  const snapshot = r.bool();
  return { reqId, contract, genericTickList, snapshot };
}

export interface ExecutionFilterRequest {
  reqId: number;
  clientId: number;
  acctCode: string;
  symbol: string;
  secType: string;
  side: string;
}

export function parseExecutionsRequest(fields: readonly string[]): ExecutionFilterRequest {
  const r = new FieldReader(fields);
  r.int();
  r.int(); // version 3
  const reqId = r.int();
  const clientIdText = r.str();
  const acctCode = r.str();
  r.str(); // time
  const symbol = r.str();
  const secType = r.str();
  r.str(); // exchange
  const side = r.str();
  return { reqId, clientId: clientIdText === '' ? 0 : Number(clientIdText), acctCode, symbol, secType, side };
}

export interface HistoricalDataRequest {
  reqId: number;
  contract: ContractFields;
  endDateTime: string;
  barSize: string;
  duration: string;
  whatToShow: string;
  formatDate: number;
}

/** reqHistoricalData as stoqey's encoder writes it (encoder.js reqHistoricalData), up to formatDate. */
export function parseHistoricalDataRequest(sv: number, fields: readonly string[]): HistoricalDataRequest {
  const r = new FieldReader(fields);
  r.int(); // msg id
  if (sv < V.SYNT_REALTIME_BARS) r.int(); // version
  const reqId = r.int();
  const contract = readContract(r, true);
  r.str(); // includeExpired
  const endDateTime = r.str();
  const barSize = r.str();
  const duration = r.str();
  r.str(); // useRTH
  const whatToShow = r.str();
  const formatDate = r.int();
  return { reqId, contract, endDateTime, barSize, duration, whatToShow, formatDate };
}
