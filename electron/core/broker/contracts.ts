/**
 * Contract lookup with a cache; an unknown symbol becomes a clear message with a suggestion. A future is
 * never resolved by taking the first contract-details row: without an expiry the Gateway lists every
 * listed month (and refuses an order or market data for it with error 200 "ambiguous"), so the desk asks
 * which month, offering them front month first (`expiries`).
 */
import { EventName, type Contract, type ContractDetails, type IBApi, type SecType } from '@stoqey/ib';
import type { ContractInfo, FutureExpiry, ParsedTicket } from '../contract.ts';
import { AppError } from '../errors.ts';
import { RequestIds } from './request-ids.ts';
import { checkSymbol } from './symbols.ts';
import { assertWireSafe, ticketContract } from './tickets.ts';

type LookupTicket = Pick<ParsedTicket, 'symbol' | 'secType' | 'exchange' | 'currency'> & {
  lastTradeDateOrContractMonth?: string | undefined;
  conId?: number | undefined;
};

/** How an API client may name a contract (any subset; the Gateway resolves it). */
export interface ContractQuery {
  conId?: number;
  symbol?: string;
  secType?: string;
  lastTradeDateOrContractMonth?: string;
  localSymbol?: string;
  exchange?: string;
  currency?: string;
}

/** The contract a query named, as the Gateway resolved it. */
export type ResolvedContract = ContractInfo & { localSymbol: string };

export class ContractBook {
  private readonly cache = new Map<string, ContractInfo>();
  /** Root symbol → multiplier of the futures resolved so far (the same for every month of a root). */
  private readonly multipliers = new Map<string, number>();
  /** API clients' contract descriptions resolved so far (a conId names one contract for good). */
  private readonly resolved = new Map<string, ResolvedContract>();
  private readonly getApi: () => IBApi | null;
  private readonly requestIds: RequestIds;
  private readonly now: () => number;

  constructor(getApi: () => IBApi | null, requestIds: RequestIds = new RequestIds(), now: () => number = Date.now) {
    this.getApi = getApi;
    this.requestIds = requestIds;
    this.now = now;
  }

  async lookup(ticket: LookupTicket, timeoutMs = 5000): Promise<ContractInfo> {
    const check = checkSymbol(ticket.symbol, ticket.secType);
    if (!check.ok) {
      throw new AppError('BAD_INPUT', check.message, { hint: check.suggestion ?? 'Check the ticker.', fields: { symbol: check.message } });
    }
    const expiry = ticket.secType === 'FUT' ? (ticket.lastTradeDateOrContractMonth ?? '') : '';
    const key = `${ticket.secType}:${check.symbol}:${ticket.currency}:${expiry}:${ticket.secType === 'FUT' ? namedExchange(ticket) : ''}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const found = await this.details(ticketContract({ ...ticket, symbol: check.symbol } as ParsedTicket), check.symbol, namedExchange(ticket), timeoutMs);
    const live = ticket.secType === 'FUT' ? found.filter((d) => !expired(d, this.now())) : found;
    if (live.length === 0) throw notFound(check.symbol);
    if (live.length > 1 && ticket.secType === 'FUT') throw ambiguous(check.symbol, namedExchange(ticket) || exchangeOfRows(live));
    const info = this.remember(live[0]!, ticket.secType, ticket.currency, check.symbol, expiry);
    this.cache.set(key, info);
    return info;
  }

  /**
   * The ticket as it goes to the Gateway: a future named without its exchange (the desk's ticket, a close of
   * a position whose message left it empty, a flatten) gets the one its contract details name, so ZN goes
   * to CBOT and CL to NYMEX. The lookup is cached, so after the ticket's own lookup this asks nothing. A
   * future without its month stays ambiguous (lookup throws which month to choose). A ticket from a position
   * (Close, a row hotkey, a flatten) carries the position's conId, IB's unique name for the contract, and is
   * routed by it: a root and month can be listed on more than one exchange, a conId names one.
   */
  async route<T extends LookupTicket>(ticket: T, timeoutMs = 5000): Promise<T> {
    if (ticket.secType !== 'FUT' || namedExchange(ticket)) return ticket;
    if (ticket.conId) {
      const held = await this.resolve({ conId: ticket.conId }, timeoutMs);
      // The conId decides the exchange and month, so it must be the ticket's own root, not another contract.
      if (held.symbol.toUpperCase() !== ticket.symbol.trim().toUpperCase()) {
        throw new AppError('BAD_INPUT', `conId ${ticket.conId} is ${held.symbol}, not ${ticket.symbol}.`, {
          hint: 'Close the position from its own row.',
          fields: { symbol: 'does not match the contract id' },
        });
      }
      return {
        ...ticket,
        ...(held.exchange ? { exchange: held.exchange } : {}),
        ...(!ticket.lastTradeDateOrContractMonth && held.lastTradeDateOrContractMonth ? { lastTradeDateOrContractMonth: held.lastTradeDateOrContractMonth } : {}),
      };
    }
    const info = await this.lookup(ticket, timeoutMs);
    return info.exchange ? { ...ticket, exchange: info.exchange } : ticket;
  }

  /**
   * The one contract an API client's description names, however it names it: by conId alone (with an
   * exchange), by local symbol ("ESZ6") and type, or by root and month. This is what the Gateway does with
   * such an order (IB's contracts page: "the conId is the unique identifier... a contract can be defined
   * by its conId and exchange"; a future "by its local symbol"), so the firewall asks the same
   * reqContractDetails and values the order as the contract the Gateway will trade. Several matches
   * (a root without its month) is IB's error 200 "ambiguous", thrown as such; none is "not found".
   */
  async resolve(query: ContractQuery, timeoutMs = 5000): Promise<ResolvedContract> {
    const key = query.conId ? `conId:${query.conId}` : `${query.secType ?? ''}:${query.localSymbol ?? ''}:${query.symbol ?? ''}:${query.lastTradeDateOrContractMonth ?? ''}:${query.currency ?? ''}`;
    const hit = this.resolved.get(key);
    if (hit) return hit;
    const request: Contract = {};
    if (query.conId) request.conId = query.conId;
    if (query.symbol) request.symbol = query.symbol;
    if (query.secType) request.secType = query.secType as SecType;
    if (query.lastTradeDateOrContractMonth) request.lastTradeDateOrContractMonth = query.lastTradeDateOrContractMonth;
    if (query.localSymbol) request.localSymbol = query.localSymbol;
    if (query.exchange) request.exchange = query.exchange;
    if (query.currency) request.currency = query.currency;
    const label = query.localSymbol || query.symbol || (query.conId ? `conId ${query.conId}` : 'the contract');
    const found = await this.details(assertWireSafe('contract', request), label, query.exchange ?? '', timeoutMs);
    const live = found.filter((d) => !expired(d, this.now()));
    if (live.length === 0) throw notFound(label);
    if (live.length > 1) throw ambiguous(label, query.exchange || exchangeOfRows(live));
    const d = live[0]!;
    const info = this.remember(d, String(d.contract?.secType ?? query.secType ?? ''), query.currency ?? 'USD', label, '');
    const out: ResolvedContract = { ...info, localSymbol: d.contract?.localSymbol ?? '' };
    this.resolved.set(key, out);
    return out;
  }

  /** A contract-details row as the desk describes it; a future's multiplier is kept for its root. */
  private remember(d: ContractDetails, secType: string, currency: string, symbol: string, expiry: string): ContractInfo {
    const c = d.contract!;
    const info: ContractInfo = {
      conId: c.conId ?? 0,
      symbol: c.secType === 'CASH' ? `${c.symbol}.${c.currency}` : (c.symbol ?? symbol),
      secType: String(c.secType ?? secType),
      exchange: c.exchange ?? '',
      primaryExchange: c.primaryExch ?? '',
      currency: c.currency ?? currency,
      longName: d.longName ?? '',
      minTick: d.minTick ?? 0.01,
      ...(secType === 'FUT'
        ? { lastTradeDateOrContractMonth: c.lastTradeDateOrContractMonth ?? expiry, multiplier: Number(c.multiplier ?? 1) || 1 }
        : {}),
    };
    if (info.multiplier !== undefined) this.multipliers.set(info.symbol, info.multiplier);
    return info;
  }

  /** A future's multiplier as resolved from the Gateway (ES: 50), as a decimal string; null before a lookup. */
  multiplier(symbol: string, secType: string): string | null {
    if (secType !== 'FUT') return '1';
    const m = this.multipliers.get(symbol.toUpperCase());
    return m === undefined ? null : String(m);
  }

  /** A future's listed expiries: front month first, months already past on the injected clock left out. */
  async expiries(ticket: Pick<LookupTicket, 'symbol' | 'exchange' | 'currency'>, timeoutMs = 5000): Promise<FutureExpiry[]> {
    const check = checkSymbol(ticket.symbol, 'FUT');
    if (!check.ok) {
      throw new AppError('BAD_INPUT', check.message, { hint: check.suggestion ?? 'Check the ticker.', fields: { symbol: check.message } });
    }
    const found = await this.details(
      ticketContract({ symbol: check.symbol, secType: 'FUT', exchange: ticket.exchange, currency: ticket.currency } as ParsedTicket),
      check.symbol,
      namedExchange(ticket),
      timeoutMs,
    );
    const now = this.now();
    const out = found
      .filter((d) => !expired(d, now))
      .map((d) => {
        const c = d.contract!;
        const date = lastTradeDate(d);
        return {
          lastTradeDateOrContractMonth: date,
          localSymbol: c.localSymbol ?? '',
          conId: c.conId ?? 0,
          multiplier: Number(c.multiplier ?? 1) || 1,
          label: monthLabel(d.contractMonth || date),
        };
      })
      .sort((a, b) => a.lastTradeDateOrContractMonth.localeCompare(b.lastTradeDateOrContractMonth));
    if (out.length === 0) throw notFound(check.symbol);
    return out;
  }

  /** Every contract-details row the Gateway sends for a description, up to contractDetailsEnd. */
  private async details(contract: Contract, label: string, exchange: string, timeoutMs: number): Promise<ContractDetails[]> {
    const api = this.getApi();
    if (!api) throw new AppError('NOT_CONNECTED', 'Not connected to the Gateway.', { hint: 'Symbol lookup needs the API connection.' });
    let fail: (code: number, message: string) => void = () => undefined;
    const reqId = this.requestIds.take('contract', (code, message) => fail(code, message));
    return new Promise<ContractDetails[]>((resolve, reject) => {
      const found: ContractDetails[] = [];
      const cleanup = () => {
        clearTimeout(timer);
        this.requestIds.release(reqId);
        api.off(EventName.contractDetails, onDetails);
        api.off(EventName.contractDetailsEnd, onEnd);
      };
      const onDetails = (id: number, d: ContractDetails) => {
        if (id === reqId && d.contract) found.push(d);
      };
      const onEnd = (id: number) => {
        if (id !== reqId) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new AppError('IB_ERROR', `No answer for ${label} from the Gateway.`, { hint: 'Is the sec-def data farm connected? Try again.' }));
      }, timeoutMs);
      fail = (code, message) => {
        cleanup();
        if (code === 200 && /ambiguous/i.test(message)) reject(ambiguous(label, exchange));
        else reject(code === 200 ? notFound(label) : new AppError('IB_ERROR', message, { ibCode: code }));
      };
      api.on(EventName.contractDetails, onDetails);
      api.on(EventName.contractDetailsEnd, onEnd);
      api.reqContractDetails(reqId, contract);
    });
  }
}

/** The exchange a future's ticket names itself, '' when it names none (SMART is a stock router, not a futures exchange). */
function namedExchange(ticket: Pick<LookupTicket, 'exchange'>): string {
  return ticket.exchange && ticket.exchange !== 'SMART' ? ticket.exchange : '';
}

/** The exchange every row names (a root's months all trade on one), '' when they differ or name none. */
function exchangeOfRows(rows: readonly ContractDetails[]): string {
  const names = new Set(rows.map((d) => d.contract?.exchange ?? ''));
  return names.size === 1 ? [...names][0]! : '';
}

/** The row's last trade date: IB sends it in `lastTradeDateOrContractMonth` (YYYYMMDD) for a future. */
function lastTradeDate(d: ContractDetails): string {
  return d.contract?.lastTradeDateOrContractMonth ?? d.realExpirationDate ?? '';
}

/** A month is past once its last trade date is before today (UTC date of the injected clock). */
function expired(d: ContractDetails, now: number): boolean {
  const date = lastTradeDate(d);
  if (!/^\d{6,8}$/.test(date)) return false;
  const today = new Date(now).toISOString().slice(0, 10).replaceAll('-', '');
  return (date.length === 6 ? `${date}31` : date) < today;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function monthLabel(yyyymm: string): string {
  const month = MONTHS[Number(yyyymm.slice(4, 6)) - 1];
  return month ? `${month} ${yyyymm.slice(0, 4)}` : yyyymm;
}

function ambiguous(symbol: string, exchange: string): AppError {
  return new AppError('BAD_INPUT', `${symbol}${exchange ? ` on ${exchange}` : ''} has several expiries: choose one.`, {
    hint: 'Pick the contract month in the ticket (the front month is offered first).',
    ibCode: 200,
    fields: { lastTradeDateOrContractMonth: 'choose an expiry' },
  });
}

function notFound(symbol: string): AppError {
  return new AppError('NOT_FOUND', `IB knows no instrument "${symbol}" of that type.`, {
    hint: 'Check the ticker, security type and currency (US stocks: plain ticker such as AAPL).',
    ibCode: 200,
    fields: { symbol: 'unknown symbol' },
  });
}
