/** The instruments the simulated Gateway knows, with the identifiers a real Gateway reports for them. */

export type SecType = 'STK' | 'FUT' | 'CASH';

export interface Instrument {
  conId: number;
  symbol: string;
  secType: SecType;
  /** For futures: contract month (yyyyMM) and last trade date. */
  lastTradeDateOrContractMonth: string;
  lastTradeDate: string;
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
}

const STK_ORDER_TYPES =
  'ACTIVETIM,AD,ADJUST,ALERT,ALGO,ALLOC,AON,AVGCOST,BASKET,BENCHPX,CASHQTY,COND,CONDORDER,DARKONLY,DARKPOLL,DAY,DEACT,DEACTDIS,DEACTEOD,DIS,DUR,GAT,GTC,GTD,GTT,HID,IBKRATS,ICE,IMB,IOC,LIT,LMT,LOC,MIDPX,MIT,MKT,MOC,MTL,NGCOMB,NODARK,NONALGO,OCA,OPG,OPGREROUT,PEGBENCH,PEGMID,POSTATS,POSTONLY,PREOPGRTH,PRICECHK,REL,REL2MID,RELPCTOFS,RPI,RTH,SCALE,SCALEODD,SCALERST,SIZECHK,SMARTSTG,SNAPMID,SNAPMKT,SNAPREL,STP,STPLMT,SWEEP,TRAIL,TRAILLIT,TRAILLMT,TRAILMIT,WHATIF';
const STK_EXCHANGES =
  'SMART,AMEX,NYSE,CBOE,PHLX,ISE,CHX,ARCA,ISLAND,DRCTEDGE,BEX,BATS,EDGEA,BYX,IEX,EDGX,FOXRIVER,PEARL,NYSENAT,LTSE,MEMX,IBEOS,OVERNIGHT,TPLUS0,PSX';

/** CME's month codes for the March quarterly cycle. */
const QUARTER_CODES: Record<number, string> = { 3: 'H', 6: 'M', 9: 'U', 12: 'Z' };

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
  ...esChain(Date.now()),
];

/**
 * ES as CME lists it: "Five months in the March Quarterly Cycle (Mar, Jun, Sep, Dec)", trading terminating
 * on the 3rd Friday of the contract month (cmegroup.com, e-mini-sandp500_contractSpecs_futures.html). A real
 * Gateway answers reqContractDetails for `ES FUT CME` without an expiry with one contractDetails per listed
 * month (rust-ibapi #102: "returns a Iterator of all active contracts"), so the simulator lists every month
 * that has not expired at its start, front month first. Month codes are CME's (H, M, U, Z).
 */
export function esChain(now: number): Instrument[] {
  return quarterlyExpiries(now, 5).map((lastTradeDate, n) => {
    const month = Number(lastTradeDate.slice(4, 6));
    const code = `${QUARTER_CODES[month] ?? '?'}${lastTradeDate.slice(3, 4)}`;
    return {
      // A conId per expiry, stable for a given month (real ES conIds are arbitrary, e.g. 637533641 for ESZ6).
      conId: 495_000_000 + Number(lastTradeDate.slice(0, 6)),
      symbol: 'ES',
      secType: 'FUT',
      lastTradeDateOrContractMonth: lastTradeDate,
      lastTradeDate,
      multiplier: 50,
      exchange: 'CME',
      primaryExch: '',
      currency: 'USD',
      localSymbol: `ES${code}`,
      tradingClass: 'ES',
      marketName: 'ES',
      longName: 'E-mini S&P 500',
      minTick: 0.25,
      priceDecimals: 2,
      // Later months trade at a small carry above the front month.
      startPrice: 5925.25 + n * 45.5,
      tickVolatility: 0.0004,
      industry: '',
      category: '',
      subcategory: '',
      timeZoneId: 'US/Central',
      orderTypes:
        'ACTIVETIM,AD,ADJUST,ALERT,ALLOC,AVGCOST,BASKET,BENCHPX,COND,CONDORDER,DAY,DEACT,DEACTDIS,DEACTEOD,GAT,GTC,GTD,GTT,HID,ICE,IOC,LIT,LMT,LTH,MIT,MKT,MTL,NGCOMB,NONALGO,OCA,PEGBENCH,SCALE,SCALERST,SNAPMID,SNAPMKT,SNAPREL,STP,STPLMT,TRAIL,TRAILLIT,TRAILLMT,TRAILMIT,WHATIF',
      validExchanges: 'CME,QBALGO',
      stockType: '',
      marketRuleIds: '67,67',
    } satisfies Instrument;
  });
}

/** The next `count` quarterly last trade dates (3rd Friday, yyyyMMdd) not yet past on New York's calendar. */
export function quarterlyExpiries(now: number, count: number): string[] {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(now))
    .replaceAll('-', '');
  let year = Number(today.slice(0, 4));
  let month = Math.ceil(Number(today.slice(4, 6)) / 3) * 3;
  const out: string[] = [];
  while (out.length < count) {
    const day = thirdFriday(year, month);
    const date = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
    if (date >= today) out.push(date);
    month += 3;
    if (month > 12) {
      month -= 12;
      year++;
    }
  }
  return out;
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
