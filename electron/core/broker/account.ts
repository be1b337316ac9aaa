/**
 * One account snapshot per managed account, merged from the Gateway's own streams: account summary,
 * portfolio updates (positions with market prices), reqPnL, and reqPnLSingle per position (its daily P&L,
 * the per-row figure TWS shows). Subscriptions are made on each fresh
 * connection; after a disconnect the last values stay, marked stale.
 */
import { EventName, type Contract, type IBApi } from '@stoqey/ib';
import type { AccountSnapshot, Position } from '../contract.ts';
import { Emitter } from '../util/emitter.ts';
import { dec, decOr0 } from './num.ts';
import { PositionRows } from './position-rows.ts';
import { RequestIds } from './request-ids.ts';

export const SUMMARY_TAGS = [
  'NetLiquidation',
  'TotalCashValue',
  'SettledCash',
  'BuyingPower',
  'AvailableFunds',
  'ExcessLiquidity',
  'InitMarginReq',
  'MaintMarginReq',
  'GrossPositionValue',
  'DayTradesRemaining',
  'Cushion',
  'EquityWithLoanValue',
];

/** Per-position P&L subscriptions per session: 50 messages ≈ 1.25 s of the pacer at connect. */
const MAX_PNL_SINGLE = 50;

/** reqPnL's figures as IB sent them (doubles), not yet turned into decimal strings. */
type PnlFigures = readonly [daily: number, unrealized: number | undefined, realized: number | undefined];
/** reqPnLSingle's figures as IB sent them: position, daily, unrealized, value. */
type PnlSingleFigures = readonly [pos: number, daily: number, unrealized: number | undefined, value: number];

interface PnlSingleSub {
  account: string;
  conId: number;
  /** The last figures received (in `AccountBook.unsettled` until they are in the position's row). */
  figures: PnlSingleFigures | null;
}

interface AccountData {
  account: string;
  currency: string;
  summary: Record<string, string>;
  pnl: AccountSnapshot['pnl'];
  /** The last reqPnL figures received, while they are not yet in `pnl`. */
  pnlPending: PnlFigures | null;
  positions: PositionRows;
  /**
   * Positions the current session's download has reported. Until its positionEnd, positions from an
   * earlier session still show (marked stale by then); at positionEnd every one not reported goes.
   */
  confirmed: Set<number>;
  equityLine: { time: number; value: string }[];
  updatedAt: number;
}

export interface AccountBookOptions {
  /** The session's request-id allocator (one per session: errors are routed by its lookup). */
  requestIds?: RequestIds;
  equitySampleMs?: number;
  now?: () => number;
}

export class AccountBook extends Emitter<{ change: [] }> {
  private readonly accounts = new Map<string, AccountData>();
  private api: IBApi | null = null;
  private primary: string | null = null;
  private stale = true;
  private readonly requestIds: RequestIds;
  private readonly pnlReq = new Map<number, string>();
  /** reqPnLSingle per position: request id → where its answer goes, and `account:conId` → request id. */
  private readonly pnlSingleReq = new Map<number, PnlSingleSub>();
  /**
   * P&L lines received and not yet turned into rows: a tick flood brings one per position per price move
   * (issue 16's flood row), and every reader (the paced streams, the loss check) wants only the latest, so
   * the decimal strings are made when the book is read, not per message. Every read and every write of
   * the same rows settles these first, so arrival order is kept.
   */
  private readonly unsettled = new Set<PnlSingleSub>();
  private readonly unsettledPnl = new Set<AccountData>();
  private readonly pnlSingleBy = new Map<string, number>();
  private readonly equitySampleMs: number;
  private readonly now: () => number;
  private summaryReq: number | null = null;
  private changeTold = false;
  /** The book was read since 'change' was last told (changed()). */
  private read = true;

  constructor(opts: AccountBookOptions = {}) {
    super();
    this.requestIds = opts.requestIds ?? new RequestIds();
    this.equitySampleMs = opts.equitySampleMs ?? 15_000;
    this.now = opts.now ?? Date.now;
  }

  /** The managed accounts, primary first. */
  accountIds(): string[] {
    return [...this.accounts.keys()];
  }

  primaryAccount(): string | null {
    return this.primary;
  }

  snapshot(account?: string): AccountSnapshot | null {
    this.read = true;
    this.settle();
    const id = account ?? this.primary;
    const a = id ? this.accounts.get(id) : undefined;
    if (!a) return null;
    return {
      account: a.account,
      currency: a.currency,
      summary: { ...a.summary },
      pnl: { ...a.pnl },
      // The same frozen array while no position changed (position-rows.ts), so the stream's diff is a walk.
      positions: a.positions.open() as Position[],
      equityLine: [...a.equityLine],
      updatedAt: a.updatedAt,
      stale: this.stale,
    };
  }

  /**
   * What the risk gate's loss check reads (equity, P&L, staleness), without copying the positions: asked
   * on every account event, where `snapshot()` would copy a 10,000-position book each time.
   */
  riskInputs(account?: string): Pick<AccountSnapshot, 'account' | 'currency' | 'pnl' | 'stale'> & { summary: Readonly<Record<string, string>> } | null {
    this.read = true;
    this.settle();
    const id = account ?? this.primary;
    const a = id ? this.accounts.get(id) : undefined;
    return a ? { account: a.account, currency: a.currency, summary: a.summary, pnl: a.pnl, stale: this.stale } : null;
  }

  attach(api: IBApi, preferredAccount?: string | null): void {
    this.detach();
    this.api = api;
    // A new session (after a reconnect or a Gateway restart) reports the account afresh: P&L from the last
    // one is history, and positions are rebuilt from this session's download (see positionEnd below).
    for (const a of this.accounts.values()) {
      a.pnl = { daily: null, unrealized: null, realized: null };
      a.pnlPending = null;
    }
    this.unsettledPnl.clear();
    const once = (accounts: string) => {
      const ids = accounts.split(',').map((s) => s.trim()).filter(Boolean);
      for (const id of ids) this.ensure(id);
      this.primary = preferredAccount && ids.includes(preferredAccount) ? preferredAccount : (ids[0] ?? null);
      this.subscribe();
    };
    api.once(EventName.managedAccounts, once);
    api.on(EventName.accountSummary, (reqId, account, tag, value, currency) => {
      if (reqId !== this.summaryReq) return;
      const a = this.ensure(account);
      const v = dec(value);
      if (v !== null) a.summary[tag] = v;
      if (tag === 'NetLiquidation' && currency) a.currency = currency;
      this.touch(a, tag === 'NetLiquidation');
    });
    api.on(EventName.updatePortfolio, (contract, position, marketPrice, marketValue, averageCost, unrealizedPNL, realizedPNL, accountName) => {
      const a = this.ensure(accountName ?? this.primary ?? '');
      this.upsertPosition(a, contract, {
        quantity: decOr0(position),
        avgCost: decOr0(averageCost),
        marketPrice: dec(marketPrice),
        marketValue: dec(marketValue, 2),
        unrealizedPnl: dec(unrealizedPNL, 2),
        realizedPnl: dec(realizedPNL, 2),
      });
      this.touch(a, false);
    });
    api.on(EventName.position, (account, contract, pos, avgCost) => {
      const a = this.ensure(account);
      this.upsertPosition(a, contract, { quantity: decOr0(pos), avgCost: decOr0(avgCost) });
      this.touch(a, false);
    });
    api.on(EventName.positionEnd, () => {
      this.settle();
      for (const a of this.accounts.values()) {
        for (const conId of [...a.positions.keys()]) if (!a.confirmed.has(conId)) a.positions.delete(conId);
        this.touch(a, false);
      }
    });
    api.on(EventName.pnl, (reqId, daily, unrealized, realized) => {
      const id = this.pnlReq.get(reqId);
      const a = id ? this.accounts.get(id) : undefined;
      if (!a) return;
      a.pnlPending = [daily, unrealized, realized];
      this.unsettledPnl.add(a);
      this.changed();
    });
    api.on(EventName.pnlSingle, (reqId, pos, daily, unrealized, _realized, value) => {
      const sub = this.pnlSingleReq.get(reqId);
      if (!sub) return;
      const f = sub.figures;
      if (f && f[0] === pos && f[1] === daily && f[2] === unrealized && f[3] === value) return;
      sub.figures = [pos, daily, unrealized, value];
      this.unsettled.add(sub);
      this.changed();
    });
    // managedAccounts arrives right after connect; if it came before attach, ask again.
    api.reqManagedAccts();
  }

  /** Ask the Gateway again (manual refresh, or after 1101 "data lost"). */
  resubscribe(): void {
    if (this.api) this.subscribe();
  }

  detach(): void {
    // What the last session reported stays on show (marked stale): settle it before its requests go.
    this.settle();
    if (this.api) {
      try {
        if (this.summaryReq !== null) this.api.cancelAccountSummary(this.summaryReq);
        for (const id of this.pnlReq.keys()) this.api.cancelPnL(id);
        for (const id of this.pnlSingleReq.keys()) this.api.cancelPnLSingle(id);
        if (this.summaryReq !== null) this.requestIds.release(this.summaryReq);
        for (const id of this.pnlReq.keys()) this.requestIds.release(id);
        for (const id of this.pnlSingleReq.keys()) this.requestIds.release(id);
      } catch {
        /* socket gone */
      }
    }
    this.api = null;
    this.summaryReq = null;
    this.pnlReq.clear();
    this.pnlSingleReq.clear();
    this.pnlSingleBy.clear();
    this.markStale();
  }

  markStale(): void {
    if (this.stale) return;
    this.stale = true;
    this.changed();
  }

  private subscribe() {
    const api = this.api;
    if (!api) return;
    if (this.summaryReq !== null) {
      api.cancelAccountSummary(this.summaryReq);
      this.requestIds.release(this.summaryReq);
    }
    this.settle();
    this.summaryReq = this.requestIds.take('account');
    api.reqAccountSummary(this.summaryReq, 'All', SUMMARY_TAGS.join(','));
    for (const id of this.pnlReq.keys()) {
      api.cancelPnL(id);
      this.requestIds.release(id);
    }
    this.pnlReq.clear();
    for (const id of this.pnlSingleReq.keys()) {
      api.cancelPnLSingle(id);
      this.requestIds.release(id);
    }
    this.pnlSingleReq.clear();
    this.pnlSingleBy.clear();
    for (const account of this.accounts.keys()) {
      const req = this.requestIds.take('pnl');
      this.pnlReq.set(req, account);
      api.reqPnL(req, account, '');
    }
    if (this.primary) api.reqAccountUpdates(true, this.primary);
    for (const a of this.accounts.values()) a.confirmed.clear();
    api.reqPositions();
    this.stale = false;
    this.changed();
  }

  private ensure(account: string): AccountData {
    let a = this.accounts.get(account);
    if (!a) {
      a = {
        account,
        currency: 'USD',
        summary: {},
        pnl: { daily: null, unrealized: null, realized: null },
        pnlPending: null,
        positions: new PositionRows(),
        confirmed: new Set(),
        equityLine: [],
        updatedAt: 0,
      };
      this.accounts.set(account, a);
    }
    return a;
  }

  private upsertPosition(a: AccountData, c: Contract, patch: Partial<Position>) {
    // A P&L line that came before this one must not land on top of it later.
    this.settle();
    const conId = c.conId ?? 0;
    // A position first reported in this session starts afresh: nothing carries over from the last one.
    const prev = a.confirmed.has(conId) ? a.positions.get(conId) : undefined;
    a.confirmed.add(conId);
    const next: Position = {
      account: a.account,
      conId,
      symbol: c.localSymbol && c.secType === 'CASH' ? c.localSymbol : (c.symbol ?? '?'),
      secType: String(c.secType ?? 'STK'),
      ...(c.secType === 'FUT' && c.lastTradeDateOrContractMonth ? { lastTradeDateOrContractMonth: c.lastTradeDateOrContractMonth } : {}),
      currency: c.currency ?? a.currency,
      ...contractIdentity(c),
      quantity: '0',
      avgCost: '0',
      marketPrice: null,
      marketValue: null,
      unrealizedPnl: null,
      realizedPnl: null,
      ...prev,
      ...patch,
    };
    a.positions.set(conId, Object.freeze(next));
    this.watchPnl(a.account, conId);
  }

  /**
   * One reqPnLSingle per position, for as long as this session lasts (IB streams it until cancelled). Each
   * is one message through stoqey's 40 msg/s pacer, first in first out with orders: beyond the first
   * MAX_PNL_SINGLE positions the rows show no daily P&L rather than make an order wait behind the requests.
   */
  private watchPnl(account: string, conId: number) {
    const key = `${account}:${conId}`;
    if (!this.api || !conId || this.pnlSingleBy.has(key) || this.pnlSingleBy.size >= MAX_PNL_SINGLE) return;
    const req = this.requestIds.take('pnl');
    this.pnlSingleReq.set(req, { account, conId, figures: null });
    this.pnlSingleBy.set(key, req);
    this.api.reqPnLSingle(req, account, '', conId);
  }

  /** The P&L lines received since the book was last read, made into its figures and rows. */
  private settle(): void {
    if (this.unsettled.size === 0 && this.unsettledPnl.size === 0) return;
    // The change was told when the line arrived; a read that settles it must not tell it again.
    const now = this.now();
    for (const a of this.unsettledPnl) {
      const [daily, unrealized, realized] = a.pnlPending!;
      a.pnlPending = null;
      const next = { daily: dec(daily, 2), unrealized: dec(unrealized, 2), realized: dec(realized, 2) };
      if (next.daily === a.pnl.daily && next.unrealized === a.pnl.unrealized && next.realized === a.pnl.realized) continue;
      a.pnl = next;
      a.updatedAt = now;
    }
    this.unsettledPnl.clear();
    for (const sub of this.unsettled) {
      const a = this.accounts.get(sub.account);
      const p = a?.positions.get(sub.conId);
      if (!a || !p || !sub.figures) continue;
      const [pos, daily, unrealized, value] = sub.figures;
      // A new frozen row on every change, never an edit: the stream hub skips unchanged rows by identity
      // (contract/changes.ts REPLACED_ROWS).
      // Marks only where the figures are in the position's own currency: IB's pnlSingle is not documented
      // as converting, and a EUR stock's value must not be replaced by a figure in another currency.
      const next = { ...p, dailyPnl: dec(daily, 2), ...(p.currency === a.currency ? liveMarks(p, pos, unrealized, value) : {}) };
      if (next.dailyPnl === p.dailyPnl && next.marketValue === p.marketValue && next.unrealizedPnl === p.unrealizedPnl) continue;
      a.positions.set(p.conId, Object.freeze(next));
      a.updatedAt = now;
    }
    this.unsettled.clear();
  }

  /**
   * 'change' means "the book changed since it was last read", and it is told once until someone reads it
   * again (`snapshot`, `riskInputs`). Every listener (the paced account and risk streams, the loss check)
   * only schedules a read of the latest book, so telling it again before that read would tell it nothing:
   * telling it once per socket read was 4,000 notices a second in issue 16's tick flood, each through three
   * emitters into two paced streams and the paced loss check. Told at the end of the read, once
   * its synchronous decoding is done; the flag is cleared before the listeners run, so a read they make
   * counts. A listener must read when it acts, never keep what it had when told.
   */
  private changed(): void {
    if (this.changeTold || !this.read) return;
    this.changeTold = true;
    queueMicrotask(() => {
      this.changeTold = false;
      this.read = false;
      this.emit('change');
    });
  }

  private touch(a: AccountData, equityChanged: boolean) {
    const now = this.now();
    a.updatedAt = now;
    const nl = a.summary['NetLiquidation'];
    if (equityChanged && nl !== undefined) {
      const last = a.equityLine.at(-1);
      if (!last || now - last.time >= this.equitySampleMs) {
        a.equityLine.push({ time: now, value: nl });
        if (a.equityLine.length > 2000) a.equityLine.splice(0, a.equityLine.length - 2000);
      } else {
        last.value = nl;
      }
    }
    this.changed();
  }
}

/** A future's (or option's) local symbol, multiplier and exchange (its month is set above); nothing for a stock. */
function contractIdentity(c: Contract): Pick<Position, 'localSymbol' | 'multiplier' | 'exchange'> {
  const out: Pick<Position, 'localSymbol' | 'multiplier' | 'exchange'> = {};
  if (c.localSymbol && c.secType !== 'STK') out.localSymbol = c.localSymbol;
  // Only a future's: a stock's position names its listing, not a venue an order can go to (schemas.ts Position).
  if (c.exchange && c.secType === 'FUT') out.exchange = c.exchange;
  const m = dec(c.multiplier);
  if (m !== null && Number(m) > 0) out.multiplier = m;
  return out;
}

/**
 * The position's value and unrealized P&L as reqPnLSingle reports them while prices move, and the mark they
 * imply (value / (quantity × multiplier)). The portfolio line of reqAccountUpdates comes only on a trade or
 * every 3 minutes (tws-api pnl.html, "P&L data in the Account Window"), so without these a row's price, value
 * and unrealized P&L could be minutes old. A figure IB leaves unset keeps the last one.
 */
function liveMarks(p: Position, pos: number, unrealized: number | undefined, value: number): Partial<Position> {
  const out: Partial<Position> = {};
  const u = dec(unrealized, 2);
  if (u !== null) out.unrealizedPnl = u;
  const v = dec(value, 2);
  if (v === null) return out;
  out.marketValue = v;
  const units = pos * (Number(p.multiplier ?? 1) || 1);
  if (units !== 0) out.marketPrice = dec(value / units, 6);
  return out;
}
