/**
 * Last prices for the symbols the desk cares about (open positions, the ticket, risk checks). Falls back
 * to delayed data when the Gateway says there is no subscription, as a trader would in TWS.
 */
import { EventName, type IBApi } from '@stoqey/ib';
import type { ParsedTicket } from '../contract.ts';
import { ticketContract } from './tickets.ts';

// Tick types: 1 bid, 2 ask, 4 last, 9 close; 66/67/68/75 their delayed twins.
const LAST = new Set([4, 68]);
const CLOSE = new Set([9, 75]);
const BID = new Set([1, 66]);
const ASK = new Set([2, 67]);

interface Quote {
  last: number | null;
  close: number | null;
  bid: number | null;
  ask: number | null;
  delayed: boolean;
}

export class MarketData {
  private api: IBApi | null = null;
  private reqSeq = 600_000;
  private readonly bySymbol = new Map<string, { reqId: number; ticket: Pick<ParsedTicket, 'symbol' | 'secType' | 'exchange' | 'currency'> }>();
  private readonly byReq = new Map<number, string>();
  private readonly quotes = new Map<string, Quote>();
  ticks = 0;

  attach(api: IBApi): void {
    this.api = api;
    this.byReq.clear();
    api.on(EventName.tickPrice, (reqId, field, value) => {
      const symbol = this.byReq.get(reqId);
      if (!symbol || !(value > 0)) return;
      this.ticks++;
      const q = this.quotes.get(symbol) ?? { last: null, close: null, bid: null, ask: null, delayed: false };
      const f = Number(field);
      if (LAST.has(f)) q.last = value;
      else if (CLOSE.has(f)) q.close = value;
      else if (BID.has(f)) q.bid = value;
      else if (ASK.has(f)) q.ask = value;
      if (f >= 66) q.delayed = true;
      this.quotes.set(symbol, q);
    });
    const wanted = [...this.bySymbol.values()];
    this.bySymbol.clear();
    for (const w of wanted) this.watch(w.ticket);
  }

  detach(): void {
    this.api = null;
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
    this.byReq.clear();
    for (const w of wanted) this.watch(w.ticket);
  }

  watch(ticket: Pick<ParsedTicket, 'symbol' | 'secType' | 'exchange' | 'currency'>): void {
    if (this.bySymbol.has(ticket.symbol)) return;
    const reqId = this.reqSeq++;
    this.bySymbol.set(ticket.symbol, { reqId, ticket });
    this.byReq.set(reqId, ticket.symbol);
    this.api?.reqMktData(reqId, ticketContract(ticket as ParsedTicket), '', false, false);
  }

  /** True when the id was ours; no subscription → ask for delayed data instead. */
  onError(id: number, code: number): boolean {
    const symbol = this.byReq.get(id);
    if (!symbol) return false;
    if ((code === 354 || code === 10167 || code === 10168) && this.api) {
      this.api.reqMarketDataType(3);
      const entry = this.bySymbol.get(symbol);
      if (entry && code === 354) {
        this.bySymbol.delete(symbol);
        this.byReq.delete(id);
        this.watch(entry.ticket);
      }
    }
    return true;
  }

  /** Last, else the mid, else the close: what a trader would call "the price" right now. */
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
}
