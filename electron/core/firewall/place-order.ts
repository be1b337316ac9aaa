/**
 * Reads a client's placeOrder frame at the negotiated server version, every field to the last one.
 *
 * Field order: @stoqey/ib 1.6.10 `Encoder.placeOrder` (dist/core/io/encoder.js:504-1221) and IB's own
 * client (nautechsystems/nautilus_ibapi ibapi/client.py:1826-2773 `placeOrder`); the two agree for every
 * version the firewall accepts (100..193). Only the v100+ handshake is relayed, so every gate below 100
 * (srv v4 parentId, v36 whatIf, MIN_SERVER_VER_LINKING 70, ...) is always on and not tested here.
 *
 * The reader is strict: a missing field, a non-number where a number belongs, or fields left over after
 * the last one make the frame undecodable, and an undecodable order is refused, never forwarded blind.
 */

/** MIN_SERVER_VER_* gates that matter at 100+ (stoqey dist/api/data/enum/min-server-version.js). */
export const SV = {
  FRACTIONAL_POSITIONS: 101,
  PEGGED_TO_BENCHMARK: 102,
  MODELS_SUPPORT: 103,
  EXT_OPERATOR: 105,
  SOFT_DOLLAR_TIER: 106,
  CASH_QTY: 111,
  MARKET_CAP_PRICE: 131,
  DECISION_MAKER: 138,
  MIFID_EXECUTION: 139,
  AUTO_PRICE_FOR_HEDGE: 141,
  ORDER_CONTAINER: 145,
  D_PEG_ORDERS: 148,
  PRICE_MGMT_ALGO: 151,
  DURATION: 158,
  POST_TO_ATS: 160,
  AUTO_CANCEL_PARENT: 162,
  ADVANCED_ORDER_REJECT: 166,
  MANUAL_ORDER_TIME: 169,
  PEGBEST_PEGMID_OFFSETS: 170,
  FA_PROFILE_DESUPPORT: 177,
  CUSTOMER_ACCOUNT: 183,
  PROFESSIONAL_CUSTOMER: 184,
  RFQ_FIELDS: 187,
  INCLUDE_OVERNIGHT: 189,
  UNDO_RFQ_FIELDS: 190,
  CME_TAGGING_FIELDS: 192,
  ERROR_TIME: 194,
} as const;

/** Client → server message ids (stoqey encoder.js OUT_MSG_ID; ibapi/message.py OUT). */
export const OUT = {
  PLACE_ORDER: 3,
  CANCEL_ORDER: 4,
  REQ_GLOBAL_CANCEL: 58,
  START_API: 71,
} as const;

export interface DecodedContract {
  conId: string;
  symbol: string;
  secType: string;
  lastTradeDateOrContractMonth: string;
  strike: string;
  right: string;
  multiplier: string;
  exchange: string;
  primaryExch: string;
  currency: string;
  localSymbol: string;
  tradingClass: string;
  secIdType: string;
  secId: string;
  comboLegs: number;
}

export interface DecodedOrder {
  orderId: number;
  contract: DecodedContract;
  action: string;
  /** Decimal text as sent. */
  totalQuantity: string;
  orderType: string;
  /** Decimal text, or null when unset (empty or Java's Double.MAX_VALUE). */
  lmtPrice: string | null;
  auxPrice: string | null;
  tif: string;
  /** As sent: "" for none, else IB's date-time text ("yyyymmdd-hh:mm:ss" UTC, or with a zone; ibapi/order.py). */
  goodTillDate: string;
  ocaGroup: string;
  ocaType: string;
  account: string;
  orderRef: string;
  /** IB's clients default it to true; @stoqey/ib sends "" for an unset one, which the Gateway reads as true. */
  transmit: boolean;
  parentId: number;
  outsideRth: boolean;
  hidden: boolean;
  trailStopPrice: string | null;
  trailingPercent: string | null;
  scaled: boolean;
  hedgeType: string;
  algoStrategy: string;
  whatIf: boolean;
  conditions: number;
  cashQty: string | null;
}

export class UndecodableOrder extends Error {
  override readonly name = 'UndecodableOrder';
}

const UNSET_DOUBLE = /^1\.7976931348623157e\+?308$/i;

class Reader {
  private i = 0;
  private readonly fields: readonly string[];
  constructor(fields: readonly string[]) {
    this.fields = fields;
  }
  str(what: string): string {
    if (this.i >= this.fields.length) throw new UndecodableOrder(`placeOrder ends before ${what}`);
    return this.fields[this.i++] as string;
  }
  skip(n: number, what: string): void {
    for (let k = 0; k < n; k++) this.str(what);
  }
  int(what: string): number {
    const text = this.str(what);
    if (!/^-?\d+$/.test(text)) throw new UndecodableOrder(`placeOrder ${what} is not a whole number: "${text}"`);
    return Number(text);
  }
  /** An int field where "" means 0/unset. */
  count(what: string): number {
    const text = this.str(what);
    if (text === '') return 0;
    if (!/^\d+$/.test(text)) throw new UndecodableOrder(`placeOrder ${what} is not a count: "${text}"`);
    const n = Number(text);
    if (!Number.isSafeInteger(n)) throw new UndecodableOrder(`placeOrder ${what} is out of range: "${text}"`);
    return n;
  }
  /** A double field: null when unset. */
  num(what: string): string | null {
    const text = this.str(what);
    if (text === '' || UNSET_DOUBLE.test(text)) return null;
    if (!Number.isFinite(Number(text)) && !/^-?inf(inity)?$/i.test(text)) {
      throw new UndecodableOrder(`placeOrder ${what} is not a number: "${text}"`);
    }
    return text;
  }
  bool(what: string): boolean {
    const text = this.str(what).toLowerCase();
    if (text === '' || text === '0' || text === 'false') return false;
    if (text === '1' || text === 'true') return true;
    throw new UndecodableOrder(`placeOrder ${what} is not a boolean: "${text}"`);
  }
  end(): void {
    if (this.i !== this.fields.length) {
      throw new UndecodableOrder(`placeOrder has ${this.fields.length - this.i} field(s) more than this version defines`);
    }
  }
}

/** Decodes a placeOrder frame's fields (message id first). Throws `UndecodableOrder`. */
export function decodePlaceOrder(sv: number, fields: readonly string[]): DecodedOrder {
  const r = new Reader(fields);
  if (r.int('message id') !== OUT.PLACE_ORDER) throw new UndecodableOrder('not a placeOrder');
  if (sv < SV.ORDER_CONTAINER) r.int('version'); // encoder.js:737-740
  const orderId = r.int('order id');
  // Contract (encoder.js:741-768; client.py:2333-2353).
  const conId = r.str('conId');
  const symbol = r.str('symbol');
  const secType = r.str('secType');
  const lastTradeDateOrContractMonth = r.str('expiry');
  const strike = r.str('strike');
  const right = r.str('right');
  const multiplier = r.str('multiplier');
  const exchange = r.str('exchange');
  const primaryExch = r.str('primaryExch');
  const currency = r.str('currency');
  const localSymbol = r.str('localSymbol');
  const tradingClass = r.str('tradingClass');
  const secIdType = r.str('secIdType');
  const secId = r.str('secId');
  // Main order fields (encoder.js:770-789; client.py:2355-2376).
  const action = r.str('action').toUpperCase();
  const totalQuantity = r.num('totalQuantity');
  if (totalQuantity === null) throw new UndecodableOrder('placeOrder without a quantity');
  const orderType = r.str('orderType').toUpperCase();
  const lmtPrice = r.num('lmtPrice');
  const auxPrice = r.num('auxPrice');
  // Extended fields (encoder.js:791-816; client.py:2378-2393).
  const tif = r.str('tif').toUpperCase();
  const ocaGroup = r.str('ocaGroup');
  const account = r.str('account');
  r.skip(2, 'openClose/origin');
  const orderRef = r.str('orderRef');
  const transmitText = r.str('transmit').toLowerCase();
  const transmit = transmitText === '' || transmitText === '1' || transmitText === 'true';
  if (!transmit && transmitText !== '0' && transmitText !== 'false') {
    throw new UndecodableOrder(`placeOrder transmit is not a boolean: "${transmitText}"`);
  }
  const parentId = r.count('parentId');
  r.skip(4, 'blockOrder/sweepToFill/displaySize/triggerMethod');
  const outsideRth = r.bool('outsideRth');
  const hidden = r.bool('hidden');
  let comboLegs = 0;
  if (secType.toUpperCase() === 'BAG') {
    // encoder.js:817-866: legs (8 fields each at 100+), order combo leg prices, smart routing params.
    comboLegs = r.count('combo legs');
    if (comboLegs > 1000) throw new UndecodableOrder(`placeOrder with ${comboLegs} combo legs`);
    r.skip(comboLegs * 8, 'combo leg');
    r.skip(r.count('order combo legs'), 'order combo leg price');
    r.skip(r.count('smart combo routing params') * 2, 'smart combo routing param');
  }
  r.str('sharesAllocation'); // deprecated, always "" (encoder.js:867-870)
  r.skip(2, 'discretionaryAmt/goodAfterTime');
  const goodTillDate = r.str('goodTillDate'); // encoder.js:876-878; client.py:2458 ("srv v12 and above")
  r.skip(3, 'faGroup/faMethod/faPercentage');
  if (sv < SV.FA_PROFILE_DESUPPORT) r.str('faProfile'); // encoder.js:885-886
  if (sv >= SV.MODELS_SUPPORT) r.str('modelCode');
  r.skip(2, 'shortSaleSlot/designatedLocation');
  r.str('exemptCode');
  // encoder.js:899-926: ocaType, rule80A … stockRangeUpper (15 fields at 38+).
  const ocaType = r.str('ocaType');
  r.skip(14, 'rule80A … stockRangeUpper');
  r.str('overridePercentageConstraints');
  r.skip(2, 'volatility/volatilityType');
  const deltaNeutralOrderType = r.str('deltaNeutralOrderType');
  r.str('deltaNeutralAuxPrice');
  // encoder.js:936-956: both groups are sent only with a delta-neutral order type.
  if (deltaNeutralOrderType !== '') r.skip(8, 'delta neutral fields');
  r.str('continuousUpdate');
  r.str('referencePriceType');
  const trailStopPrice = r.num('trailStopPrice');
  const trailingPercent = r.num('trailingPercent');
  r.skip(2, 'scaleInitLevelSize/scaleSubsLevelSize');
  const scalePriceIncrement = r.str('scalePriceIncrement');
  // encoder.js:987-996 sends the scale group whenever the increment is set (stoqey: not undefined).
  if (scalePriceIncrement !== '') r.skip(7, 'scale fields');
  r.skip(3, 'scaleTable/activeStartTime/activeStopTime');
  const hedgeType = r.str('hedgeType');
  if (hedgeType !== '') r.str('hedgeParam');
  r.str('optOutSmartRouting');
  r.skip(2, 'clearingAccount/clearingIntent');
  r.str('notHeld');
  if (r.bool('deltaNeutralContract')) r.skip(3, 'delta neutral contract');
  const algoStrategy = r.str('algoStrategy');
  if (algoStrategy !== '') r.skip(r.count('algo params') * 2, 'algo param');
  r.str('algoId');
  const whatIf = r.bool('whatIf');
  r.str('orderMiscOptions');
  r.str('solicited');
  r.skip(2, 'randomizeSize/randomizePrice');
  let conditions = 0;
  if (sv >= SV.PEGGED_TO_BENCHMARK) {
    // encoder.js:1061-1145; client.py:2644-2688.
    if (orderType === 'PEG BENCH' || orderType === 'PEGBENCH') r.skip(5, 'pegged to benchmark fields');
    conditions = r.count('conditions');
    for (let c = 0; c < conditions; c++) {
      const type = r.int('condition type');
      r.str('conjunction');
      const width = CONDITION_FIELDS[type];
      if (width === undefined) throw new UndecodableOrder(`placeOrder has an unknown condition type ${type}`);
      r.skip(width, 'condition');
    }
    if (conditions > 0) r.skip(2, 'conditionsIgnoreRth/conditionsCancelOrder');
    r.skip(7, 'adjusted order fields');
  }
  if (sv >= SV.EXT_OPERATOR) r.str('extOperator');
  if (sv >= SV.SOFT_DOLLAR_TIER) r.skip(2, 'softDollarTier');
  const cashQty = sv >= SV.CASH_QTY ? r.num('cashQty') : null;
  if (sv >= SV.DECISION_MAKER) r.skip(2, 'mifid2Decision');
  if (sv >= SV.MIFID_EXECUTION) r.skip(2, 'mifid2Execution');
  if (sv >= SV.AUTO_PRICE_FOR_HEDGE) r.str('dontUseAutoPriceForHedge');
  if (sv >= SV.ORDER_CONTAINER) r.str('isOmsContainer');
  if (sv >= SV.D_PEG_ORDERS) r.str('discretionaryUpToLimitPrice');
  if (sv >= SV.PRICE_MGMT_ALGO) r.str('usePriceMgmtAlgo');
  if (sv >= SV.DURATION) r.str('duration');
  if (sv >= SV.POST_TO_ATS) r.str('postToAts');
  if (sv >= SV.AUTO_CANCEL_PARENT) r.str('autoCancelParent');
  if (sv >= SV.ADVANCED_ORDER_REJECT) r.str('advancedErrorOverride');
  if (sv >= SV.MANUAL_ORDER_TIME) r.str('manualOrderTime');
  if (sv >= SV.PEGBEST_PEGMID_OFFSETS) {
    // encoder.js:1185-1203; client.py:2728-2744.
    if (exchange === 'IBKRATS') r.str('minTradeQty');
    let midOffsets = false;
    if (orderType === 'PEG BEST' || orderType === 'PEGBEST') {
      r.str('minCompeteSize');
      midOffsets = /^inf(inity)?$/i.test(r.str('competeAgainstBestOffset'));
    } else if (orderType === 'PEG MID' || orderType === 'PEGMID') {
      midOffsets = true;
    }
    if (midOffsets) r.skip(2, 'midOffsetAtWhole/midOffsetAtHalf');
  }
  if (sv >= SV.CUSTOMER_ACCOUNT) r.str('customerAccount');
  if (sv >= SV.PROFESSIONAL_CUSTOMER) r.str('professionalCustomer');
  if (sv >= SV.RFQ_FIELDS && sv < SV.UNDO_RFQ_FIELDS) r.skip(2, 'RFQ fields'); // encoder.js:1210-1214
  if (sv >= SV.INCLUDE_OVERNIGHT) r.str('includeOvernight');
  if (sv >= SV.CME_TAGGING_FIELDS) r.str('manualOrderIndicator');
  r.end();
  return {
    orderId,
    contract: {
      conId,
      symbol,
      secType,
      lastTradeDateOrContractMonth,
      strike,
      right,
      multiplier,
      exchange,
      primaryExch,
      currency,
      localSymbol,
      tradingClass,
      secIdType,
      secId,
      comboLegs,
    },
    action,
    totalQuantity,
    orderType,
    lmtPrice,
    auxPrice,
    tif,
    goodTillDate,
    ocaGroup,
    ocaType,
    account,
    orderRef,
    transmit,
    parentId,
    outsideRth,
    hidden,
    trailStopPrice,
    trailingPercent,
    scaled: scalePriceIncrement !== '',
    hedgeType,
    algoStrategy,
    whatIf,
    conditions,
    cashQty,
  };
}

/**
 * Fields after (type, conjunction) per condition type (encoder.js:1072-1130): Price 1 = operator(2) +
 * contract(2) + triggerMethod; Time 3 and Margin 4 = operator(2); Execution 5 = secType, exchange,
 * symbol; Volume 6 and PercentChange 7 = operator(2) + contract(2).
 */
const CONDITION_FIELDS: Record<number, number> = { 1: 5, 3: 2, 4: 2, 5: 3, 6: 4, 7: 4 };
