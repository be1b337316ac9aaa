/**
 * Last prices for the instruments the desk cares about (open positions, the ticket, risk checks). Falls
 * back to delayed data when the Gateway says there is no subscription, as a trader would in TWS. Keyed by
 * instrument (contract/keys.ts instrumentId): a stock by its symbol, a future by root and expiry, so two
 * months of ES are two quotes, each with its own price.
 */
import { EventName, type BarSizeSetting, type Contract, type IBApi, type WhatToShow } from '@stoqey/ib';
import type { Bars, ParsedTicket, Quote as QuoteView } from '../contract.ts';
import type { BAR_SIZES } from '../contract/constants.ts';
import { instrumentId } from '../contract/keys.ts';
import { AppError } from '../errors.ts';
import { RequestIds } from './request-ids.ts';
import { assertWireSafe, ticketContract } from './tickets.ts';

// Tick types (IB's TickType): 1 bid, 2 ask, 4 last, 6 high, 7 low, 9 close; sizes 0 bid, 3 ask, 5 last;
// 66-75 their delayed twins (66 bid, 67 ask, 68 last, 69 bid size, 70 ask size, 71 last size, 72 high,
// 73 low, 75 close).
const SIZE_FIELD: Record<number, 'bidSize' | 'askSize' | 'lastSize'> = { 0: 'bidSize', 3: 'askSize', 5: 'lastSize', 69: 'bidSize', 70: 'askSize', 71: 'lastSize' };

interface Quote {
  last: number | null;
  close: number | null;
  bid: number | null;
  ask: number | null;
  high: number | null;
  low: number | null;
  bidSize: number | null;
  askSize: number | null;
  lastSize: number | null;
  delayed: boolean;
}

type WatchTicket = Pick<ParsedTicket, 'symbol' | 'secType' | 'exchange' | 'currency'> & { lastTradeDateOrContractMonth?: string | undefined };

/**
 * The instrument an execution was in, as a market-data request: its conId names it exactly (a future's
 * month, a forex pair), with the type and currency it came with. Stocks are asked on SMART (IB's
 * consolidated quote); the execution's own venue (a dark pool, IBKRATS) may have no data to give.
 */
export function executedContract(c: Contract): Contract {
  const out: Contract = {};
  if (c.conId) out.conId = c.conId;
  if (c.symbol) out.symbol = c.symbol;
  if (c.secType) out.secType = c.secType;
  if (c.lastTradeDateOrContractMonth) out.lastTradeDateOrContractMonth = c.lastTradeDateOrContractMonth;
  if (c.currency) out.currency = c.currency;
  out.exchange = c.secType === 'STK' || !c.exchange ? 'SMART' : c.exchange;
  return out;
}

function numberOrNull(text: string | null): number | null {
  const n = text === null ? NaN : Number(text);
  return Number.isFinite(n) && n > 0 ? n : null;
}

const emptyQuote = (): Quote => ({ last: null, close: null, bid: null, ask: null, high: null, low: null, bidSize: null, askSize: null, lastSize: null, delayed: false });

/**
 * How far back each chart size looks: a day of minutes, two days of five minutes, six months of days. IB
 * duration strings ("Historical Bar Data", https://interactivebrokers.github.io/tws-api/historical_bars.html),
 * each well under IB's cap on bars per request.
 */
const BAR_DURATION: Record<(typeof BAR_SIZES)[number], string> = { '1 min': '1 D', '5 mins': '2 D', '1 day': '6 M' };
const BARS_TIMEOUT_MS = 15_000;

/**
 * A bar's time as IB sends it with formatDate=2: epoch seconds for intraday bars, `yyyyMMdd` for daily bars
 * (IB sends days as dates whatever formatDate says). Days become midnight UTC of that date.
 */
export function barTime(raw: string): number | null {
  const s = raw.trim();
  if (/^\d{8}$/.test(s)) return Date.UTC(Number(s.slice(0, 4)), Number(s.slice(4, 6)) - 1, Number(s.slice(6, 8)));
  if (/^\d{9,11}$/.test(s)) return Number(s) * 1000;
  return null;
}

export class MarketData {
  private api: IBApi | null = null;
  private readonly requestIds: RequestIds;
  /** Why an instrument has no price (no definition, no permission): what the desk shows instead of a price. */
  private readonly problems = new Map<string, string>();
  /** Delayed data asked for on this connection (after 354): the Gateway remembers it per connection. */
  private delayedAsked = false;
  private readonly bySymbol = new Map<string, { reqId: number; ticket: WatchTicket; contract: Contract | undefined }>();
  private readonly byReq = new Map<number, string>();
  private readonly quotes = new Map<string, Quote>();
  /**
   * Told that quotes changed since `views()` was last read, once until it is read again (the runtime
   * publishes the paced `quotes` stream from it, whose builder reads `views()` when it delivers, ≤ 10 times
   * a second: rpc.ts PACED_PER_SECOND). Telling it per socket read was 19,000 notices a second in a tick
   * flood, each through three emitters into a stream that mostly has no subscriber.
   */
  onQuote: (() => void) | null = null;
  private quoteTold = false;
  /** `views()` was read since onQuote was last told. */
  private quotesSeen = true;
  /** A future's multiplier as the contract lookup resolved it (ContractBook.multiplier), for the quote line. */
  private readonly multiplierOf: (symbol: string, secType: string) => string | null;

  constructor(requestIds: RequestIds = new RequestIds(), multiplierOf: (symbol: string, secType: string) => string | null = () => null) {
    this.requestIds = requestIds;
    this.multiplierOf = multiplierOf;
  }

  attach(api: IBApi): void {
    this.api = api;
    this.delayedAsked = false;
    for (const reqId of this.byReq.keys()) this.requestIds.release(reqId);
    this.byReq.clear();
    // Per tick in a flood (tens of thousands a second): a switch on the field, one lookup for the quote.
    api.on(EventName.tickPrice, (reqId, field, value) => {
      if (!(value > 0)) return;
      const symbol = this.byReq.get(reqId);
      if (!symbol) return;
      if (this.problems.size !== 0) this.problems.delete(symbol);
      const q = this.quoteOf(symbol);
      const f = Number(field);
      switch (f) {
        case 4: case 68: q.last = value; break;
        case 9: case 75: q.close = value; break;
        case 1: case 66: q.bid = value; break;
        case 2: case 67: q.ask = value; break;
        case 6: case 72: q.high = value; break;
        case 7: case 73: q.low = value; break;
      }
      if (f >= 66) q.delayed = true;
      this.changed();
    });
    api.on(EventName.tickSize, (reqId, field, value) => {
      const key = field === undefined ? undefined : SIZE_FIELD[Number(field)];
      if (!key || value === undefined || !(Number(value) >= 0)) return;
      const symbol = this.byReq.get(reqId);
      if (!symbol) return;
      this.quoteOf(symbol)[key] = Number(value);
      this.changed();
    });
    const wanted = [...this.bySymbol.values()];
    this.bySymbol.clear();
    for (const w of wanted) this.watch(w.ticket, w.contract);
  }

  detach(): void {
    this.api = null;
  }

  /** The instrument's quote, made on its first tick; ticks change it in place (readers copy it). */
  private quoteOf(symbol: string): Quote {
    let q = this.quotes.get(symbol);
    if (!q) {
      q = emptyQuote();
      this.quotes.set(symbol, q);
    }
    return q;
  }

  /** One notice until the next `views()`, told once the socket read's synchronous decoding is done. */
  private changed(): void {
    if (this.quoteTold || !this.quotesSeen) return;
    this.quoteTold = true;
    queueMicrotask(() => {
      this.quoteTold = false;
      this.quotesSeen = false;
      this.onQuote?.();
    });
  }

  /** After 1101 ("restored, data lost") the Gateway forgot our subscriptions: ask again for each one. */
  resubscribe(): void {
    const api = this.api;
    if (!api) return;
    const wanted = [...this.bySymbol.values()];
    for (const w of wanted) {
      try {
        api.cancelMktData(w.reqId);
      } catch {
        /* already gone at the Gateway */
      }
    }
    this.bySymbol.clear();
    for (const reqId of this.byReq.keys()) this.requestIds.release(reqId);
    this.byReq.clear();
    for (const w of wanted) this.watch(w.ticket, w.contract);
  }

  /**
   * Starts a price for the ticket's instrument (instrumentId). `contract`, when given, is what is asked for
   * instead of the contract built from the ticket: a fill names its instrument exactly (executedContract).
   * Each month of a future is a quote of its own; once a month is chosen, the bare root's "choose one"
   * line (a future watched without an expiry) has served its purpose and goes.
   */
  watch(ticket: WatchTicket, contract?: Contract): void {
    const id = instrumentId(ticket);
    if (this.bySymbol.has(id)) return;
    if (ticket.secType === 'FUT' && id !== ticket.symbol.toUpperCase()) this.unwatch(ticket.symbol.toUpperCase());
    const request = contract ? assertWireSafe('contract', contract) : ticketContract(ticket as ParsedTicket);
    const reqId = this.requestIds.take('market', (code, message) => this.onError(reqId, code, message));
    this.bySymbol.set(id, { reqId, ticket, contract });
    this.byReq.set(reqId, id);
    this.api?.reqMktData(reqId, request, '', false, false);
  }

  /** Stops one instrument's stream and forgets its quote. */
  private unwatch(symbol: string): void {
    const entry = this.bySymbol.get(symbol);
    if (!entry) return;
    // A request the Gateway already ended (200) gave its id back, and the id may be another's by now.
    if (this.byReq.get(entry.reqId) === symbol) {
      try {
        this.api?.cancelMktData(entry.reqId);
      } catch {
        /* already gone at the Gateway */
      }
      this.byReq.delete(entry.reqId);
      this.requestIds.release(entry.reqId);
    }
    this.bySymbol.delete(symbol);
    this.quotes.delete(symbol);
    this.problems.delete(symbol);
  }

  /**
   * The Gateway's errors for one of our requests (routed by the session's request ids). 354 = no live
   * subscription and nothing sent: ask for delayed data (type 3) and request again; the Gateway then says
   * 10167 and sends delayed ticks. 200 = no such instrument: say so instead of a price.
   */
  private onError(id: number, code: number, message: string): void {
    const had = this.problems.size;
    this.handleError(id, code, message);
    // The quote line shows why there is no price, so a new problem is a quote change too.
    if (this.problems.size !== had || code === 200 || code === 354) this.changed();
  }

  private handleError(id: number, code: number, message: string): void {
    const symbol = this.byReq.get(id);
    if (!symbol) return;
    const entry = this.bySymbol.get(symbol);
    if (code === 354 && this.api && entry) {
      if (this.delayedAsked) {
        // Delayed data was already on and still refused: no permission at all for this one.
        this.problems.set(symbol, `No market data for ${entry.ticket.symbol}: ${message} (354).`);
        return;
      }
      this.delayedAsked = true;
      this.api.reqMarketDataType(3);
      this.bySymbol.delete(symbol);
      this.byReq.delete(id);
      this.requestIds.release(id);
      this.watch(entry.ticket, entry.contract);
      return;
    }
    if (code === 10167 || code === 10168) return; // delayed data follows (the quote says `delayed`)
    if (code === 200) {
      const name = entry?.ticket.symbol ?? symbol;
      // The exchange only when the request named one: a root asked without one may list on any of them.
      const named = entry?.ticket.exchange && entry.ticket.exchange !== 'SMART' ? ` on ${entry.ticket.exchange}` : '';
      this.problems.set(
        symbol,
        /ambiguous/i.test(message) ? `${name}${named} has several expiries: choose one.` : `IB has no security definition for ${name} (200): ${message}.`,
      );
      this.byReq.delete(id);
      this.requestIds.release(id);
      return;
    }
    if (code < 2000) this.problems.set(symbol, `${message} (${code})`);
  }

  /**
   * Historical bars for a chart: one reqHistoricalData (TRADES for stocks and futures, MIDPOINT for forex,
   * which IB has no trades for), collected until IB's "finished" row. Errors for the request (162 pacing
   * or no data, 200 unknown, 321 bad request) end it with IB's words.
   */
  bars(ticket: Pick<ParsedTicket, 'symbol' | 'secType' | 'exchange' | 'currency'>, barSize: (typeof BAR_SIZES)[number]): Promise<Bars> {
    const api = this.api;
    if (!api) return Promise.reject(new AppError('NOT_CONNECTED', 'Not connected to the Gateway.', { hint: 'The chart loads once the Gateway is connected.' }));
    return new Promise<Bars>((resolve, reject) => {
      const rows: Bars['bars'] = [];
      let timer: ReturnType<typeof setTimeout> | null = null;
      const finish = (err: AppError | null) => {
        if (timer) clearTimeout(timer);
        api.off(EventName.historicalData, onBar);
        this.requestIds.release(reqId);
        if (err) reject(err);
        else resolve({ symbol: ticket.symbol, barSize, bars: rows });
      };
      const reqId = this.requestIds.take('history', (code, message) => {
        if (code >= 2000) return; // farm notices, not about this request
        finish(new AppError('IB_ERROR', `IB sent no bars for ${ticket.symbol}: ${message} (${code}).`, { ibCode: code }));
      });
      const onBar = (id: number, time: string, open: number, high: number, low: number, close: number, volume: number) => {
        if (id !== reqId) return;
        if (time.startsWith('finished')) {
          finish(null);
          return;
        }
        const t = barTime(time);
        if (t !== null && open > 0) rows.push({ time: t, open, high, low, close, volume: volume > 0 ? volume : 0 });
      };
      api.on(EventName.historicalData, onBar);
      timer = setTimeout(
        () => finish(new AppError('IB_ERROR', `No bars for ${ticket.symbol} within ${BARS_TIMEOUT_MS / 1000} s.`, { hint: 'The Gateway may be pacing historical requests; try again in a moment.' })),
        BARS_TIMEOUT_MS,
      );
      const what = (ticket.secType === 'CASH' ? 'MIDPOINT' : 'TRADES') as WhatToShow;
      api.reqHistoricalData(reqId, ticketContract(ticket as ParsedTicket), '', BAR_DURATION[barSize], barSize as BarSizeSetting, what, 0, 2, false);
    });
  }

  /** Why a watched instrument (instrumentId) has no price, or null. */
  problem(symbol: string): string | null {
    return this.problems.get(symbol) ?? null;
  }

  /** Last, else the mid, else the close: what a trader would call "the price" right now (by instrumentId). */
  lastPrice(symbol: string): number | null {
    const q = this.quotes.get(symbol);
    if (!q) return null;
    if (q.last) return q.last;
    if (q.bid && q.ask) return (q.bid + q.ask) / 2;
    return q.close;
  }

  quote(symbol: string): Quote | null {
    return this.quotes.get(symbol) ?? null;
  }

  /**
   * Every watched instrument's quote as the ticket shows it, keyed by instrumentId, with the reason when
   * there is no price. A future's line names its month and multiplier: its prices are per index point,
   * and one contract is worth price × multiplier.
   */
  views(): Record<string, QuoteView> {
    this.quotesSeen = true;
    const out: Record<string, QuoteView> = {};
    for (const [id, w] of this.bySymbol) {
      const q = this.quotes.get(id) ?? emptyQuote();
      const t = w.ticket;
      const future = t.secType === 'FUT' ? { lastTradeDateOrContractMonth: t.lastTradeDateOrContractMonth ?? '', multiplier: numberOrNull(this.multiplierOf(t.symbol, 'FUT')) } : {};
      out[id] = { symbol: t.symbol.toUpperCase(), secType: t.secType, ...future, ...q, problem: this.problems.get(id) ?? null };
    }
    return out;
  }
}
