/** The instruments the simulated Gateway knows, with the identifiers a real Gateway reports for them. */

export type SecType = 'STK' | 'FUT' | 'CASH';

export interface Instrument {
  conId: number;
  symbol: string;
  secType: SecType;
  /** For futures: contract month (yyyyMM) and last trade date. */
  lastTradeDateOrContractMonth: string;
  lastTradeDate: string;
  /** For futures: the month the contract delivers (yyyyMM); CL's trading ends in the month before it. */
  contractMonth?: string;
  multiplier: number;
  exchange: string;
  primaryExch: string;
  currency: string;
  localSymbol: string;
  tradingClass: string;
  marketName: string;
  longName: string;
  minTick: number;
  /** Decimal places of minTick, so prices print like IB's (no binary float noise). */
  priceDecimals: number;
  startPrice: number;
  /** Annualised-ish volatility per tick of the random walk (fraction). */
  tickVolatility: number;
  industry: string;
  category: string;
  subcategory: string;
  timeZoneId: string;
  orderTypes: string;
  validExchanges: string;
  stockType: string;
  marketRuleIds: string;
  /** A future's underlying as contract details name it (underConId, underSymbol, underSecType); absent when none is modelled. */
  underlying?: { conId: number; symbol: string; secType: string };
}

const STK_ORDER_TYPES =
  'ACTIVETIM,AD,ADJUST,ALERT,ALGO,ALLOC,AON,AVGCOST,BASKET,BENCHPX,CASHQTY,COND,CONDORDER,DARKONLY,DARKPOLL,DAY,DEACT,DEACTDIS,DEACTEOD,DIS,DUR,GAT,GTC,GTD,GTT,HID,IBKRATS,ICE,IMB,IOC,LIT,LMT,LOC,MIDPX,MIT,MKT,MOC,MTL,NGCOMB,NODARK,NONALGO,OCA,OPG,OPGREROUT,PEGBENCH,PEGMID,POSTATS,POSTONLY,PREOPGRTH,PRICECHK,REL,REL2MID,RELPCTOFS,RPI,RTH,SCALE,SCALEODD,SCALERST,SIZECHK,SMARTSTG,SNAPMID,SNAPMKT,SNAPREL,STP,STPLMT,SWEEP,TRAIL,TRAILLIT,TRAILLMT,TRAILMIT,WHATIF';
const STK_EXCHANGES =
  'SMART,AMEX,NYSE,CBOE,PHLX,ISE,CHX,ARCA,ISLAND,DRCTEDGE,BEX,BATS,EDGEA,BYX,IEX,EDGX,FOXRIVER,PEARL,NYSENAT,LTSE,MEMX,IBEOS,OVERNIGHT,TPLUS0,PSX';

/** CME Group's futures month codes (F Jan, G Feb, H Mar, J Apr, K May, M Jun, N Jul, Q Aug, U Sep, V Oct, X Nov, Z Dec). */
const MONTH_CODES = 'FGHJKMNQUVXZ';

function stock(
  conId: number,
  symbol: string,
  primaryExch: string,
  longName: string,
  startPrice: number,
  industry: string,
  category: string,
  subcategory: string,
  stockType = 'COMMON',
): Instrument {
  return {
    conId,
    symbol,
    secType: 'STK',
    lastTradeDateOrContractMonth: '',
    lastTradeDate: '',
    multiplier: 1,
    exchange: 'SMART',
    primaryExch,
    currency: 'USD',
    localSymbol: symbol,
    tradingClass: primaryExch === 'ARCA' ? symbol : 'NMS',
    marketName: primaryExch === 'ARCA' ? symbol : 'NMS',
    longName,
    minTick: 0.01,
    priceDecimals: 2,
    startPrice,
    tickVolatility: 0.0006,
    industry,
    category,
    subcategory,
    timeZoneId: 'US/Eastern',
    orderTypes: STK_ORDER_TYPES,
    validExchanges: STK_EXCHANGES,
    stockType,
    marketRuleIds: '26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26',
  };
}

/**
 * One future root as its exchange lists it, with the exchange name IB uses for it. IB renamed GLOBEX to CME
 * and ECBOT to CBOT in 2022 (QuantConnect/Lean.Brokerages.InteractiveBrokers #35 "IB exchange future rename";
 * rust-ibapi #544: a current Gateway answers a GLOBEX request with error 200), so CME Group's four exchanges
 * are CME, CBOT, NYMEX and COMEX in contract details, each root on its own one (cmegroup.com contract specs).
 */
interface FutureSpec {
  symbol: string;
  exchange: 'CME' | 'CBOT' | 'NYMEX' | 'COMEX';
  longName: string;
  multiplier: number;
  minTick: number;
  priceDecimals: number;
  startPrice: number;
  /** Per later month, added to the front month's start price (carry). */
  carry: number;
  /** The months listed, 1-12, and how many of them the simulator lists. */
  months: readonly number[];
  listed: number;
  /** The month's last trade date (yyyyMMdd) by the exchange's rule. */
  lastTrade(year: number, month: number): string;
  /** A conId base, so every month has a conId of its own that stays the same for that month. */
  conIdBase: number;
  timeZoneId: string;
  marketRuleIds: string;
  underlying?: Instrument['underlying'];
}

const QUARTERLY = [3, 6, 9, 12] as const;

/**
 * The futures the simulator lists. Last trade dates follow cmegroup.com's contract specs, counting business
 * days as weekdays (exchange holidays are not modelled):
 * ES/NQ "Trading terminates at 9:30 a.m. ET on the 3rd Friday of the contract month", five quarterly months;
 * ZN "Seventh business day preceding the last business day of the delivery month", quarterly;
 * CL "Trading terminates 3 business days before the 25th calendar day of the month prior to the contract
 * month" (4 when the 25th is not a business day), every month;
 * GC "Trading terminates on the third last business day of the contract month", its active months
 * (Feb, Apr, Jun, Aug, Oct, Dec; the other listed months are not modelled).
 */
export const FUTURES: readonly FutureSpec[] = [
  {
    symbol: 'ES', exchange: 'CME', longName: 'E-mini S&P 500', multiplier: 50, minTick: 0.25, priceDecimals: 2,
    startPrice: 5925.25, carry: 45.5, months: QUARTERLY, listed: 5, lastTrade: thirdFridayDate, conIdBase: 495_000_000,
    timeZoneId: 'US/Central', marketRuleIds: '67,67', underlying: { conId: 11004968, symbol: 'SPX', secType: 'IND' },
  },
  {
    symbol: 'NQ', exchange: 'CME', longName: 'E-mini Nasdaq-100', multiplier: 20, minTick: 0.25, priceDecimals: 2,
    startPrice: 21150.5, carry: 160.25, months: QUARTERLY, listed: 5, lastTrade: thirdFridayDate, conIdBase: 496_000_000,
    timeZoneId: 'US/Central', marketRuleIds: '67,67',
  },
  {
    symbol: 'ZN', exchange: 'CBOT', longName: '10-Year T-Note', multiplier: 1000, minTick: 0.015625, priceDecimals: 6,
    startPrice: 111.5, carry: -0.25, months: QUARTERLY, listed: 3, conIdBase: 497_000_000,
    lastTrade: (y, m) => businessDaysBefore(lastBusinessDay(y, m), 7), timeZoneId: 'US/Central', marketRuleIds: '22,22',
  },
  {
    symbol: 'CL', exchange: 'NYMEX', longName: 'Light Sweet Crude Oil', multiplier: 1000, minTick: 0.01, priceDecimals: 2,
    startPrice: 68.45, carry: 0.2, months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], listed: 6, conIdBase: 498_000_000,
    lastTrade: clLastTrade, timeZoneId: 'US/Eastern', marketRuleIds: '32,32',
  },
  {
    symbol: 'GC', exchange: 'COMEX', longName: 'Gold', multiplier: 100, minTick: 0.1, priceDecimals: 1,
    startPrice: 2655.3, carry: 18.4, months: [2, 4, 6, 8, 10, 12], listed: 4, conIdBase: 499_000_000,
    lastTrade: (y, m) => businessDaysBefore(lastBusinessDay(y, m), 2), timeZoneId: 'US/Eastern', marketRuleIds: '26,26',
  },
];

export const UNIVERSE: readonly Instrument[] = [
  stock(265598, 'AAPL', 'NASDAQ', 'APPLE INC', 228.5, 'Technology', 'Computers', 'Computers'),
  stock(272093, 'MSFT', 'NASDAQ', 'MICROSOFT CORP', 415.2, 'Technology', 'Software', 'Applications Software'),
  stock(756733, 'SPY', 'ARCA', 'SPDR S&P 500 ETF TRUST', 590.1, 'Funds', 'Equity Fund', 'Growth&Income-Large Cap', 'ETF'),
  stock(320227571, 'QQQ', 'NASDAQ', 'INVESCO QQQ TRUST SERIES 1', 505.4, 'Funds', 'Equity Fund', 'Growth-Large Cap', 'ETF'),
  stock(76792991, 'TSLA', 'NASDAQ', 'TESLA INC', 245.7, 'Consumer, Cyclical', 'Auto Manufacturers', 'Auto-Cars/Light Trucks'),
  stock(4815747, 'NVDA', 'NASDAQ', 'NVIDIA CORP', 131.4, 'Technology', 'Semiconductors', 'Electronic Compo-Semicon'),
  stock(3691937, 'AMZN', 'NASDAQ', 'AMAZON.COM INC', 198.3, 'Communications', 'Internet', 'E-Commerce/Products'),
  {
    conId: 12087792,
    symbol: 'EUR',
    secType: 'CASH',
    lastTradeDateOrContractMonth: '',
    lastTradeDate: '',
    multiplier: 1,
    exchange: 'IDEALPRO',
    primaryExch: '',
    currency: 'USD',
    localSymbol: 'EUR.USD',
    tradingClass: 'EUR.USD',
    marketName: 'EUR.USD',
    longName: 'European Monetary Union Euro',
    minTick: 0.00005,
    priceDecimals: 5,
    startPrice: 1.0825,
    tickVolatility: 0.00015,
    industry: '',
    category: '',
    subcategory: '',
    timeZoneId: 'US/Eastern',
    orderTypes: 'ACTIVETIM,AD,ADJUST,ALERT,ALGO,ALLOC,AVGCOST,BASKET,CASHQTY,COND,CONDORDER,DAY,DEACT,DEACTDIS,DEACTEOD,GAT,GTC,GTD,GTT,HID,IOC,LIT,LMT,MIT,MKT,NONALGO,OCA,REL,RELPCTOFS,SCALE,SCALERST,STP,STPLMT,TRAIL,TRAILLIT,TRAILLMT,TRAILMIT,WHATIF',
    validExchanges: 'IDEALPRO',
    stockType: '',
    marketRuleIds: '239',
  },
  ...FUTURES.flatMap((spec) => futuresChain(Date.now(), spec)),
];

/**
 * A root's listed months, front month first. A real Gateway answers reqContractDetails for a root without
 * an expiry with one contractDetails per listed month (rust-ibapi #102: "returns a Iterator of all active
 * contracts"), so the simulator lists every month that has not expired at its start.
 */
export function futuresChain(now: number, spec: FutureSpec): Instrument[] {
  return expiriesOf(now, spec).map((lastTradeDate, n) => {
    const contractMonth = contractMonthOf(spec, lastTradeDate);
    const code = `${MONTH_CODES[Number(contractMonth.slice(4, 6)) - 1] ?? '?'}${contractMonth.slice(3, 4)}`;
    return {
      // A conId per expiry, stable for a given month (real conIds are arbitrary, e.g. 637533641 for ESZ6).
      conId: spec.conIdBase + Number(contractMonth),
      symbol: spec.symbol,
      secType: 'FUT',
      lastTradeDateOrContractMonth: lastTradeDate,
      lastTradeDate,
      contractMonth,
      multiplier: spec.multiplier,
      exchange: spec.exchange,
      primaryExch: '',
      currency: 'USD',
      localSymbol: `${spec.symbol}${code}`,
      tradingClass: spec.symbol,
      marketName: spec.symbol,
      longName: spec.longName,
      minTick: spec.minTick,
      priceDecimals: spec.priceDecimals,
      startPrice: Number((spec.startPrice + n * spec.carry).toFixed(spec.priceDecimals)),
      tickVolatility: 0.0004,
      industry: '',
      category: '',
      subcategory: '',
      timeZoneId: spec.timeZoneId,
      orderTypes:
        'ACTIVETIM,AD,ADJUST,ALERT,ALLOC,AVGCOST,BASKET,BENCHPX,COND,CONDORDER,DAY,DEACT,DEACTDIS,DEACTEOD,GAT,GTC,GTD,GTT,HID,ICE,IOC,LIT,LMT,LTH,MIT,MKT,MTL,NGCOMB,NONALGO,OCA,PEGBENCH,SCALE,SCALERST,SNAPMID,SNAPMKT,SNAPREL,STP,STPLMT,TRAIL,TRAILLIT,TRAILLMT,TRAILMIT,WHATIF',
      validExchanges: `${spec.exchange},QBALGO`,
      stockType: '',
      marketRuleIds: spec.marketRuleIds,
      ...(spec.underlying ? { underlying: spec.underlying } : {}),
    } satisfies Instrument;
  });
}

/** ES as CME lists it (the first of FUTURES): five quarterly months, front month first. */
export function esChain(now: number): Instrument[] {
  return futuresChain(now, FUTURES[0]!);
}

/** The contract month (yyyyMM) of a last trade date: CL's trading ends in the month before its contract month. */
function contractMonthOf(spec: FutureSpec, lastTradeDate: string): string {
  let year = Number(lastTradeDate.slice(0, 4));
  let month = Number(lastTradeDate.slice(4, 6));
  if (spec.lastTrade === clLastTrade) {
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  return `${year}${String(month).padStart(2, '0')}`;
}

/** Today on New York's calendar as yyyyMMdd. */
function newYorkToday(now: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(now))
    .replaceAll('-', '');
}

/** The next `spec.listed` last trade dates of the root's months not yet past on New York's calendar. */
function expiriesOf(now: number, spec: FutureSpec): string[] {
  const today = newYorkToday(now);
  let year = Number(today.slice(0, 4));
  let month = Number(today.slice(4, 6));
  const out: string[] = [];
  while (out.length < spec.listed) {
    if (spec.months.includes(month)) {
      const date = spec.lastTrade(year, month);
      if (date >= today) out.push(date);
    }
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  return out;
}

/** The next `count` quarterly last trade dates (3rd Friday, yyyyMMdd) not yet past on New York's calendar: ES's months. */
export function quarterlyExpiries(now: number, count: number): string[] {
  return expiriesOf(now, { ...FUTURES[0]!, listed: count });
}

function ymd(d: Date): string {
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

function weekday(d: Date): boolean {
  return d.getUTCDay() !== 0 && d.getUTCDay() !== 6;
}

function thirdFridayDate(year: number, month: number): string {
  return `${year}${String(month).padStart(2, '0')}${String(thirdFriday(year, month)).padStart(2, '0')}`;
}

/** The last weekday of a month. */
function lastBusinessDay(year: number, month: number): Date {
  const d = new Date(Date.UTC(year, month, 0));
  while (!weekday(d)) d.setUTCDate(d.getUTCDate() - 1);
  return d;
}

/** The date `n` weekdays before `from`, as yyyyMMdd. */
function businessDaysBefore(from: Date, n: number): string {
  const d = new Date(from);
  for (let left = n; left > 0; ) {
    d.setUTCDate(d.getUTCDate() - 1);
    if (weekday(d)) left--;
  }
  return ymd(d);
}

/**
 * CL's last trade date for the contract month after (year, month): 3 business days before the 25th of
 * (year, month), or 3 before the business day preceding it when the 25th is a weekend (NYMEX CL specs).
 * `month` here is the month trading ends in; contractMonthOf names the month after it.
 */
function clLastTrade(year: number, month: number): string {
  const d25 = new Date(Date.UTC(year, month - 1, 25));
  return businessDaysBefore(d25, weekday(d25) ? 3 : 4);
}

function thirdFriday(year: number, month: number): number {
  const firstWeekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  return 1 + ((5 - firstWeekday + 7) % 7) + 14;
}

export interface ContractQuery {
  conId?: number;
  symbol?: string;
  secType?: string;
  currency?: string;
  localSymbol?: string;
  lastTradeDateOrContractMonth?: string;
  exchange?: string;
}

/** Every instrument a client's contract description matches: conId wins, then symbol/type/currency/expiry. */
export function matchInstruments(query: ContractQuery): Instrument[] {
  if (query.conId) {
    const byId = UNIVERSE.find((i) => i.conId === query.conId);
    if (byId) return [byId];
    if (!query.symbol && !query.localSymbol) return [];
  }
  const symbol = (query.symbol ?? '').toUpperCase();
  const localSymbol = (query.localSymbol ?? '').toUpperCase();
  return UNIVERSE.filter((i) => {
    if (query.secType && query.secType.toUpperCase() !== i.secType) return false;
    if (query.currency && query.currency.toUpperCase() !== i.currency) return false;
    // A named exchange must be one the contract trades on (its validExchanges): ZN asked on CME is "No
    // security definition has been found" (error 200) as GLOBEX is on a current Gateway (rust-ibapi #544).
    // No exchange at all is a search over every exchange (rust-ibapi #102: a future "without an exchange"
    // is "a valid contract for a contract_details request").
    if (query.exchange && !i.validExchanges.split(',').includes(query.exchange.toUpperCase())) return false;
    if (
      i.secType === 'FUT' &&
      query.lastTradeDateOrContractMonth &&
      !i.lastTradeDateOrContractMonth.startsWith(query.lastTradeDateOrContractMonth)
    ) {
      return false;
    }
    if (localSymbol) return localSymbol === i.localSymbol;
    return symbol === i.symbol || (i.secType === 'CASH' && symbol === i.localSymbol);
  });
}

/**
 * Resolves a description to the one instrument a market-data request, order or historical request needs.
 * Several matches (ES FUT without an expiry) is an error 200 on a real Gateway too: "The contract
 * description specified for GDX is ambiguous." (FueledByChai/SumZeroTrading #10; ib_insync #539 for KWEB;
 * IB's docs: "If there is more than one contract matching the same description, TWS will return an error
 * notifying you there is an ambiguity", interactivebrokers.github.io/tws-api/contracts.html).
 */
export function resolveInstrument(query: ContractQuery): { instrument: Instrument } | { code: 200; message: string } {
  const found = matchInstruments(query);
  if (found.length === 1) return { instrument: found[0]! };
  if (found.length === 0) return { code: 200, message: NO_DEFINITION };
  return { code: 200, message: `The contract description specified for ${found[0]!.symbol} is ambiguous.` };
}

export const NO_DEFINITION = 'No security definition has been found for the request';

/** The one instrument a description names, or undefined (none, or ambiguous). */
export function findInstrument(query: ContractQuery): Instrument | undefined {
  const r = resolveInstrument(query);
  return 'instrument' in r ? r.instrument : undefined;
}

/** Finds by the symbol users type ("AAPL", "ESZ6", "EUR.USD"); a bare future root ("ES") is its front month. */
export function instrumentBySymbol(symbol: string): Instrument | undefined {
  const s = symbol.toUpperCase();
  return UNIVERSE.find((i) => i.localSymbol === s) ?? UNIVERSE.find((i) => i.symbol === s);
}

/** A price rounded to the instrument's tick, printed without float noise. */
export function roundToTick(instrument: Instrument, price: number): number {
  const ticks = Math.round(price / instrument.minTick);
  return Number((ticks * instrument.minTick).toFixed(instrument.priceDecimals));
}

export function conformsToTick(instrument: Instrument, price: number): boolean {
  const ticks = price / instrument.minTick;
  return Math.abs(ticks - Math.round(ticks)) < 1e-6;
}
