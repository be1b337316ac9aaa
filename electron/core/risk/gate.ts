/**
 * The stateful side of risk: the one object every order passes through on its way to the broker.
 *
 * - Reservations: an order let through reserves its exposure at once, before any `await`, so two orders
 *   evaluated before either reaches the Gateway see each other. Cancels, rejects and fills release it.
 * - A fill is counted twice for a short while (as the position in the next snapshot and as a "settling"
 *   reservation) because IB's position update arrives separately from the execution; erring towards
 *   double counting can refuse an order, never breach a limit.
 * - The kill switch, the PDT executions, the equity marks and the limits live in small files in `dir`;
 *   every decision goes to the audit log before the caller may send the order.
 */
import { join } from 'node:path';
import { z } from 'zod';
import {
  RiskLimits as RiskLimitsSchema,
  type AccountSnapshot,
  type AuditEntry,
  type ParsedTicket,
  type RiskLimits,
  type RiskState,
  type RiskVerdict,
} from '../contract.ts';
import { instrumentId } from '../contract/keys.ts';
import { AppError } from '../errors.ts';
import { attachedTickets } from './attached.ts';
import { AuditLog } from './audit.ts';
import { MARKET_TIME_ZONE, tradingDay } from './calendar.ts';
import { defaultLimits } from './defaults.ts';
import { evaluate } from './engine.ts';
import { lossBreach, lossFigures, netLiquidation } from './equity.ts';
import { buildBooks, grossExposure } from './exposure.ts';
import { readStored, realDisk, type Disk } from '../util/disk.ts';
import { expired, killActions, KillSwitchStore, OFF, type KillSwitchState } from './kill-switch.ts';
import { parseLimits } from './limits.ts';
import { format, gt, parse, parseOrNull, sign, sub, type Dec } from './money.ts';
import { PdtTracker } from './pdt.ts';
import {
  systemClock,
  type Clock,
  type KillAction,
  type MarketView,
  type RiskContext,
  type WorkingOrder,
} from './types.ts';

export interface GateOptions {
  /** Folder for this profile's risk state (kill switch, PDT, equity marks, limits, audit log). */
  dir: string;
  clock?: Clock;
  /** Used when no limits were saved yet. */
  limits?: RiskLimits;
  timeZone?: string;
  holidays?: ReadonlySet<string>;
  /** How long after a fill's time a snapshot must be before the fill counts as in its positions. */
  settleMs?: number;
  /** Where state is written; tests inject one that is full. */
  disk?: Disk;
  /** The user-visible log: failures the gate survives (an audit line it could not write) are said here. */
  log?: (level: 'info' | 'warn' | 'error', text: string) => void;
}

export interface Reservation {
  orderId: number;
  symbol: string;
  secType: string;
  /** A future's month (its own book, risk/exposure.ts instrumentKey). */
  lastTradeDateOrContractMonth?: string;
  side: 'BUY' | 'SELL';
  remaining: Dec;
  limitPrice: string | null;
  stopPrice: string | null;
  /** One-Cancels-All membership, so the books count a blocking group once (risk/oca.ts). */
  ocaGroup: string | null;
  ocaType: number | null;
  time: number;
  /** The order it is attached to (a bracket's exit being modified), 0 for none. */
  parentId?: number;
  /** Set for an API client's order (OrderLinks.at): the broker's open order it is the same as. */
  at?: GatewayOrderRef;
}

/** How the order being checked is linked to others (IB's parentId / a bracket's attached order ids). */
export interface OrderLinks {
  /** The order this one is attached to: a modify of a bracket's take-profit or stop-loss. */
  parentId?: number;
  /** The ids the ticket's attached orders will be sent under, for the one audit line of the bracket. */
  attachedIds?: number[];
  /**
   * Who the Gateway knows the order as, when that is not `orderId` on Gatehouse's own connection (an API
   * client's order through the firewall): the broker's open order with this client id and order id is the
   * same order, counted once (Gatehouse's master connection sees it too).
   */
  at?: GatewayOrderRef;
}

/** An order as the Gateway names it: the API client id that placed it and its order id there. */
export interface GatewayOrderRef {
  clientId: number;
  orderId: number;
}

interface Settling {
  symbol: string;
  secType: string;
  lastTradeDateOrContractMonth?: string;
  side: 'BUY' | 'SELL';
  shares: Dec;
  time: number;
}

export interface GateDecision {
  verdict: RiskVerdict;
  /** Non-empty when this evaluation tripped the kill switch: the broker must carry these out. */
  actions: KillAction[];
}

/** An execution report as the gate needs it; the contract's `Fill` fits (plus `secType` when not STK). */
export interface FillReport {
  execId: string;
  orderId: number;
  symbol: string;
  side: 'BUY' | 'SELL';
  shares: string;
  time: number;
  secType?: string;
  /** A future's month; the reservation's when absent. */
  lastTradeDateOrContractMonth?: string;
}

const StoredMarks = z.object({
  day: z.string().nullable(),
  startOfDay: z.string().nullable(),
  peak: z.string().nullable(),
});
type StoredMarks = z.infer<typeof StoredMarks>;

const ONE_MINUTE = 60_000;

export class RiskGate {
  readonly dir: string;
  readonly audit: AuditLog;
  private readonly clock: Clock;
  private readonly timeZone: string;
  private readonly settleMs: number;
  private readonly killSwitch: KillSwitchStore;
  private readonly pdt: PdtTracker;
  private readonly limitsFile: string;
  private readonly marksFile: string;
  private readonly disk: Disk;
  private readonly log: NonNullable<GateOptions['log']>;
  private currentLimits: RiskLimits;
  /** Set when limits.json is there but unreadable: orders are refused until the user saves limits again. */
  private limitsProblem: string | null = null;
  /** The last kill-switch audit line that could not be written (the switch itself is in memory). */
  private killAuditProblem: string | null = null;
  private unwrittenKillLines: AuditEntry[] = [];
  /** Why equity.json could not be written last time (said once in the log), null when it was. */
  private marksProblem: string | null = null;
  private marks: StoredMarks;
  private readonly reservations = new Map<number, Reservation>();
  /** A modify's previous reservation, until the Gateway accepts or refuses the new terms. */
  private readonly priorTerms = new Map<number, { before: Reservation; sentRemaining: Dec }>();
  private settling: Settling[] = [];
  /** Working-order views of reservations and settling fills, made once per (immutable) object, not per scan. */
  private readonly views = new WeakMap<Reservation | Settling, WorkingOrder>();
  /** Times of orders let through, oldest first; `submittedHead` is the first still inside the minute. */
  private submitted: number[] = [];
  private submittedHead = 0;
  private ibDayTradesRemaining: number | null = null;
  private lastSnapshotAt = Number.NEGATIVE_INFINITY;

  constructor(options: GateOptions) {
    this.dir = options.dir;
    this.clock = options.clock ?? systemClock;
    this.timeZone = options.timeZone ?? MARKET_TIME_ZONE;
    this.settleMs = options.settleMs ?? 2_000;
    this.disk = options.disk ?? realDisk;
    this.log = options.log ?? (() => undefined);
    this.audit = new AuditLog(join(this.dir, 'audit.jsonl'), this.disk);
    this.killSwitch = KillSwitchStore.load(this.dir, this.disk);
    this.pdt = PdtTracker.load(
      this.dir,
      options.holidays ? { timeZone: this.timeZone, holidays: options.holidays } : { timeZone: this.timeZone },
    );
    this.limitsFile = join(this.dir, 'limits.json');
    this.marksFile = join(this.dir, 'equity.json');
    const storedLimits = readStored(this.limitsFile, RiskLimitsSchema);
    this.currentLimits = storedLimits.kind === 'ok' ? storedLimits.value : (options.limits ?? defaultLimits());
    if (storedLimits.kind === 'damaged') {
      this.limitsProblem =
        `limits.json was damaged (${storedLimits.problem}) — the limits shown are the defaults, not yours: ` +
        'review them on the Risk tab and save to trade again';
    }
    const storedMarks = readStored(this.marksFile, StoredMarks);
    this.marks = storedMarks.kind === 'ok' ? storedMarks.value : { day: null, startOfDay: null, peak: null };
  }

  get limits(): RiskLimits {
    return this.currentLimits;
  }

  /** Validates (field-level errors as `AppError('BAD_INPUT')`), saves, and audits new limits. */
  async setLimits(input: unknown): Promise<RiskLimits> {
    const limits = parseLimits(input);
    const before = this.currentLimits;
    try {
      this.disk.writeAtomic(this.limitsFile, JSON.stringify(limits, null, 2) + '\n');
    } catch (err) {
      throw new AppError('IO_ERROR', `Could not save the risk limits: ${(err as Error).message}`, {
        hint: 'Check free disk space and permissions of the Gatehouse data folder. The previous limits still apply.',
      });
    }
    this.currentLimits = limits;
    this.limitsProblem = null;
    await this.audit.append({
      time: this.clock.now(),
      kind: 'limits',
      order: null,
      verdict: 'info',
      reasons: ['limits changed'],
      inputs: { before, after: limits },
    });
    return limits;
  }

  /**
   * Takes in a fresh account snapshot: updates start-of-day and peak equity, IB's day-trade count, and
   * trips the kill switch when a loss limit is breached. Returns the actions the broker must carry out.
   */
  async observe(snapshot: AccountSnapshot | null, market?: MarketView): Promise<KillAction[]> {
    const { actions, entries } = this.observeNow(snapshot, market);
    // A trip is in force in memory already: a full disk may cost its audit line, never the trip itself.
    await this.appendInfo(entries);
    return actions;
  }

  /** Evaluates without reserving, counting or auditing: for the order ticket's live preview. */
  preview(
    ticket: ParsedTicket,
    snapshot: AccountSnapshot | null,
    market: MarketView,
    orderId?: number,
    links: OrderLinks = {},
  ): RiskVerdict {
    return evaluate(ticket, snapshot, this.currentLimits, this.clock, this.context(market, orderId, links.parentId, links.at));
  }

  /**
   * The check before `placeOrder` (and before a modify of `orderId`). Evaluation and reservation happen
   * synchronously — nothing can interleave — then the decision is made durable in the audit log. Send the
   * order only when `verdict.decision` is 'allow'; if the send fails, call `release(orderId)`.
   *
   * A bracket is one call: the parent's ticket with its `attached` orders. The engine checks it as a whole
   * (the parent carries the exposure, the attached orders only close it), one reservation and one audit
   * line cover it, and one refusal refuses every leg. API clients' brackets come through here the same way
   * (firewall: the parent's ticket; its protective exits are not counted again).
   */
  async submit(
    ticket: ParsedTicket,
    snapshot: AccountSnapshot | null,
    market: MarketView,
    orderId: number,
    links: OrderLinks = {},
  ): Promise<GateDecision> {
    const observed = this.observeNow(snapshot, market);
    const ctx = this.context(market, orderId, links.parentId, links.at);
    const verdict = evaluate(ticket, snapshot, this.currentLimits, this.clock, ctx);
    const previous = this.reservations.get(orderId);
    if (verdict.decision === 'allow') {
      const remaining = parse(ticket.quantity);
      this.reservations.set(orderId, {
        orderId,
        symbol: ticket.symbol.toUpperCase(),
        secType: ticket.secType,
        ...(ticket.secType === 'FUT' && ticket.lastTradeDateOrContractMonth ? { lastTradeDateOrContractMonth: ticket.lastTradeDateOrContractMonth } : {}),
        side: ticket.side,
        remaining,
        limitPrice: ticket.limitPrice ?? null,
        stopPrice: ticket.stopPrice ?? null,
        ocaGroup: ticket.ocaGroup ?? null,
        ocaType: ticket.ocaType ?? null,
        time: this.clock.now(),
        ...(links.parentId ? { parentId: links.parentId } : {}),
        ...(links.at ? { at: { ...links.at } } : {}),
      });
      if (previous) this.priorTerms.set(orderId, { before: this.priorTerms.get(orderId)?.before ?? previous, sentRemaining: remaining });
      // Every leg of a bracket is an order at the Gateway.
      for (let i = 0; i <= attachedTickets(ticket).length; i++) this.countSubmitted(this.clock.now());
    }
    const entry: AuditEntry = {
      time: this.clock.now(),
      kind: 'order',
      order: { orderId, ...ticket, ...(links.attachedIds?.length ? { attachedIds: links.attachedIds } : {}), ...(links.parentId ? { parentId: links.parentId } : {}) },
      verdict: verdict.decision === 'allow' ? 'allowed' : 'refused',
      reasons: verdict.reasons,
      inputs: this.decisionInputs(ticket, snapshot, ctx, verdict),
    };
    await this.appendInfo(observed.entries);
    try {
      await this.audit.append(entry);
    } catch (err) {
      // A refusal stands without its audit line (and may carry a kill switch's actions that must happen).
      if (verdict.decision !== 'allow') return { verdict, actions: observed.actions };
      // No audit record, no order: undo the reservation and fail closed.
      if (previous) this.reservations.set(orderId, previous);
      else this.reservations.delete(orderId);
      this.priorTerms.delete(orderId);
      throw new AppError('IO_ERROR', `Could not write the risk audit log: ${(err as Error).message}`, {
        hint: 'Check free disk space and permissions of the Gatehouse data folder.',
      });
    }
    return { verdict, actions: observed.actions };
  }

  /** The order is gone without (further) fills: cancelled, rejected by IB, or the send failed. */
  release(orderId: number): void {
    this.reservations.delete(orderId);
    this.priorTerms.delete(orderId);
  }

  /** The Gateway took the modified terms: the reservation made for them stands. */
  modifyAccepted(orderId: number): void {
    this.priorTerms.delete(orderId);
  }

  /**
   * The Gateway refused a modify and the order works on at its old terms: reserve those again, less
   * whatever filled since the modify was sent.
   */
  modifyRefused(orderId: number): void {
    const prior = this.priorTerms.get(orderId);
    if (!prior) return;
    this.priorTerms.delete(orderId);
    const now = this.reservations.get(orderId);
    const filledSince = now ? sub(prior.sentRemaining, now.remaining) : prior.sentRemaining;
    const remaining = sub(prior.before.remaining, filledSince);
    if (sign(remaining) <= 0) this.reservations.delete(orderId);
    else this.reservations.set(orderId, { ...prior.before, remaining });
  }

  /**
   * An execution. Moves the shares from the order's reservation to "settling" until a later snapshot
   * carries them in its positions, and records the execution for the PDT counter (once per execId).
   */
  onFill(fill: FillReport): void {
    const isNew = this.pdt.record({
      execId: fill.execId,
      symbol: fill.symbol,
      side: fill.side,
      shares: fill.shares,
      time: fill.time,
    });
    if (!isNew) return;
    const shares = parse(fill.shares);
    const r = this.reservations.get(fill.orderId);
    if (r) {
      const left = sub(r.remaining, shares);
      if (sign(left) <= 0) this.reservations.delete(fill.orderId);
      else this.reservations.set(fill.orderId, { ...r, remaining: left });
    }
    this.settling.push({
      symbol: fill.symbol.toUpperCase(),
      secType: fill.secType ?? r?.secType ?? 'STK',
      ...((fill.lastTradeDateOrContractMonth ?? r?.lastTradeDateOrContractMonth) ? { lastTradeDateOrContractMonth: fill.lastTradeDateOrContractMonth ?? r?.lastTradeDateOrContractMonth } : {}),
      side: fill.side,
      shares,
      time: fill.time,
    });
  }

  /** Trip (with the actions to carry out) or reset the kill switch by hand. */
  async setKillSwitch(
    active: boolean,
    reason: string | undefined,
    snapshot: AccountSnapshot | null,
    market?: MarketView,
  ): Promise<KillAction[]> {
    const now = this.clock.now();
    const was = this.killSwitch.state;
    const state: KillSwitchState = active
      ? { active: true, reason: reason ?? 'stopped by you', since: now, source: 'manual' }
      : OFF;
    // In memory first: on a full disk the switch still blocks orders; `unsaved()` tells the user.
    this.killSwitch.set(state);
    const working = this.working(market?.openOrders ?? [], market?.ownClientId);
    const actions = active ? killActions(snapshot, working, this.currentLimits) : [];
    await this.appendInfo([{
      time: now,
      kind: 'kill-switch',
      order: null,
      verdict: 'info',
      reasons: [active ? `kill switch on: ${state.reason}` : 'kill switch reset by you'],
      inputs: { was, now: state, actions },
    }]);
    return actions;
  }

  /**
   * Why the kill switch's state or its audit line is not on disk, or null when all is saved. The switch
   * works regardless; this is for telling the user it would not survive a restart.
   */
  unsaved(): string | null {
    return this.killSwitch.unsaved ?? this.killAuditProblem;
  }

  /**
   * Audit lines for information (kill switch, resets): written when possible, never blocking the action.
   * Kill-switch lines that could not be written wait and go first with the next write.
   */
  private async appendInfo(entries: AuditEntry[]): Promise<void> {
    // The loss check after every account update has nothing to write almost always: no copies, no awaits.
    if (entries.length === 0 && this.unwrittenKillLines.length === 0) return;
    const todo = [...this.unwrittenKillLines, ...entries];
    this.unwrittenKillLines = [];
    for (const e of todo) {
      try {
        await this.audit.append(e);
      } catch (err) {
        const kept = e.kind === 'kill-switch';
        if (kept) {
          this.unwrittenKillLines.push(e);
          this.killAuditProblem = `the audit log could not be written: ${(err as Error).message}`;
        }
        this.log(
          'error',
          `Risk audit line not written (${e.reasons.join('; ')}): ${(err as Error).message}.` +
            (kept ? ' It is written with the next audit line once the disk has room.' : ''),
        );
      }
    }
    this.unwrittenKillLines = this.unwrittenKillLines.slice(-100);
    if (this.unwrittenKillLines.length === 0) this.killAuditProblem = null;
  }

  /**
   * The `risk.get` view. A read: it never writes. A switch from an earlier trading day already shows as
   * off; the reset itself (file and audit line) is written by the next `observe` or `submit`.
   */
  state(snapshot: AccountSnapshot | null, market?: MarketView): RiskState {
    const ks = this.effectiveKillSwitch();
    const figures = lossFigures(snapshot, this.marks);
    const lastPrice = market?.lastPrice ?? (() => null);
    const gross = grossExposure(buildBooks(snapshot, this.working(market?.openOrders ?? [], market?.ownClientId), lastPrice, market?.multiplier));
    return {
      limits: this.currentLimits,
      killSwitch: { active: ks.active, reason: ks.reason, since: ks.since },
      usage: {
        dailyLoss: format(figures.dailyLoss, 2),
        drawdown: format(figures.drawdown, 2),
        grossExposure: format(gross, 2),
        ordersLastMinute: this.ordersLastMinute(),
        startOfDayEquity: this.marks.startOfDay,
        peakEquity: figures.peak ? format(figures.peak) : null,
      },
      pdt: {
        dayTrades: this.pdt.dayTrades(this.clock.now(), this.currentLimits.pdt.windowDays),
        dayTradesRemainingIb: this.ibDayTradesRemaining,
      },
    };
  }

  /** The reservations this gate holds (for diagnostics and tests). */
  reserved(): Reservation[] {
    return [...this.reservations.values()];
  }

  /** The full engine context: the market view plus the gate's own state. */
  context(market: MarketView, excludeOrderId?: number, attachedTo?: number, excludeAt?: GatewayOrderRef): RiskContext {
    const now = this.clock.now();
    const working = this.working(market.openOrders, market.ownClientId, excludeOrderId, excludeAt);
    const ks = this.effectiveKillSwitch();
    // Who places the order being checked: an API client through the firewall, else Gatehouse's own connection.
    const placedBy = excludeAt?.clientId ?? market.ownClientId;
    return {
      ...(attachedTo ? { attachedTo } : {}),
      ...(placedBy !== undefined ? { placedBy } : {}),
      mode: market.mode,
      lastPrice: market.lastPrice,
      ...(market.multiplier ? { multiplier: market.multiplier } : {}),
      openOrders: working,
      killSwitch: { active: ks.active, reason: ks.reason },
      limitsProblem: this.limitsProblem,
      ordersLastMinute: this.ordersLastMinute(),
      equity: { startOfDay: this.marks.startOfDay, peak: this.marks.peak },
      pdt: {
        dayTrades: this.pdt.dayTrades(now, this.currentLimits.pdt.windowDays),
        dayTradesRemainingIb: this.ibDayTradesRemaining,
        wouldDayTrade: (symbol, side) => this.pdt.wouldDayTrade(symbol, side, now, working),
      },
    };
  }

  // -------------------------------------------------------------------------------------------------------

  /**
   * Broker orders we do not track ourselves, our reservations, and fills not yet in the positions. Runs on
   * every evaluation and every risk view, so it only walks the lists: each reservation's view (with its
   * formatted remaining) is built once when the reservation is made, and settling fills are filtered only
   * when one of them has expired.
   */
  private working(openOrders: readonly WorkingOrder[], ownClientId?: number, excludeOrderId?: number, excludeAt?: GatewayOrderRef): WorkingOrder[] {
    if (this.settling.some((s) => !this.stillSettling(s))) this.settling = this.settling.filter((s) => this.stillSettling(s));
    const list: WorkingOrder[] = [];
    // An open order the gate reserved already is counted by its reservation, not twice: Gatehouse's own by
    // order id, an API client's by (client id, order id) as the master connection reports it.
    const apiReserved = new Map<string, number>();
    for (const r of this.reservations.values()) if (r.at) apiReserved.set(`${r.at.clientId}:${r.at.orderId}`, r.orderId);
    for (const o of openOrders) {
      // The gate's own reservations are by order id on Gatehouse's connection; another client's order with
      // the same id (seen as the Master API client) is a different order and counts on its own.
      const ours = o.clientId === undefined || ownClientId === undefined || o.clientId === ownClientId;
      if (ours && o.orderId === excludeOrderId) continue;
      // The API order being modified, as the Gateway reports it (also when this gate never reserved it:
      // placed before Gatehouse restarted, and known now only from the Gateway's open orders).
      if (excludeAt && o.clientId === excludeAt.clientId && o.orderId === excludeAt.orderId) continue;
      if (o.clientId !== undefined && apiReserved.has(`${o.clientId}:${o.orderId}`)) continue;
      const own = ours ? this.reservations.get(o.orderId) : undefined;
      if (own && !own.at) continue;
      // An API bracket's exit names its parent by the client's order id; the parent is counted by its
      // reservation, so the exit points there and stays a held exit (adds nothing while the parent works).
      const parentKey = o.parentId && o.clientId !== undefined ? apiReserved.get(`${o.clientId}:${o.parentId}`) : undefined;
      list.push(parentKey === undefined ? o : { ...o, parentId: parentKey });
    }
    for (const r of this.reservations.values()) {
      if (r.orderId === excludeOrderId) continue;
      // A reservation is the order of the client that placed it (an API client's, else Gatehouse's own), so
      // its exits, reported by the Gateway with that client id, find it as their parent (exposure.ts).
      const clientId = r.at?.clientId ?? ownClientId;
      let v = this.views.get(r);
      if (!v || v.clientId !== clientId) {
        v = {
          orderId: r.orderId,
          ...(clientId !== undefined ? { clientId } : {}),
          symbol: r.symbol,
          secType: r.secType,
          ...(r.lastTradeDateOrContractMonth ? { lastTradeDateOrContractMonth: r.lastTradeDateOrContractMonth } : {}),
          side: r.side,
          remaining: format(r.remaining),
          limitPrice: r.limitPrice,
          stopPrice: r.stopPrice,
          ocaGroup: r.ocaGroup,
          ocaType: r.ocaType,
          ...(r.parentId ? { parentId: r.parentId } : {}),
        };
        this.views.set(r, v);
      }
      list.push(v);
    }
    for (const s of this.settling) {
      let v = this.views.get(s);
      // Settling fills have no order any more; -1 keeps them out of cancel lists.
      if (!v) this.views.set(s, (v = { orderId: -1, symbol: s.symbol, secType: s.secType, lastTradeDateOrContractMonth: s.lastTradeDateOrContractMonth, side: s.side, remaining: format(s.shares) }));
      list.push(v);
    }
    return list;
  }

  private stillSettling(s: Settling): boolean {
    return this.lastSnapshotAt < s.time + this.settleMs;
  }

  /** Kept in time order, so the minute's window is a moving head instead of a filter per order. */
  private countSubmitted(time: number): void {
    const list = this.submitted;
    let i = list.length;
    while (i > this.submittedHead && list[i - 1]! > time) i--;
    list.splice(i, 0, time);
  }

  private ordersLastMinute(): number {
    const since = this.clock.now() - ONE_MINUTE;
    const list = this.submitted;
    while (this.submittedHead < list.length && list[this.submittedHead]! <= since) this.submittedHead++;
    if (this.submittedHead > 1024 && this.submittedHead * 2 > list.length) {
      this.submitted = list.slice(this.submittedHead);
      this.submittedHead = 0;
    }
    return this.submitted.length - this.submittedHead;
  }

  /**
   * Whether the kill switch blocks orders now, without building the risk view (the status line's and every
   * API order's question): one left on from an earlier trading day is off, as `state()` says.
   */
  killSwitchActive(): boolean {
    const state = this.killSwitch.state;
    return state.active && !expired(state, this.clock.now(), this.timeZone);
  }

  /** The switch as it stands now: one tripped on an earlier trading day is off, written or not yet. */
  private effectiveKillSwitch(): KillSwitchState {
    const state = this.killSwitch.state;
    return expired(state, this.clock.now(), this.timeZone) ? OFF : state;
  }

  /** Resets a kill switch left on from an earlier trading day; returns the audit entry when it did. */
  private expireKillSwitch(now = this.clock.now()): AuditEntry | null {
    const state = this.killSwitch.state;
    if (!expired(state, now, this.timeZone)) return null;
    this.killSwitch.set(OFF);
    return {
      time: now,
      kind: 'kill-switch',
      order: null,
      verdict: 'info',
      reasons: ['kill switch reset: new trading day'],
      inputs: { was: state },
    };
  }

  /** The synchronous part of `observe`, shared with `submit` so a breach is caught in the same tick. */
  /**
   * `market`'s open orders are read only when a limit is breached (to cancel them): the loss check after
   * every account update must not list the session's orders to find nothing to do.
   */
  private observeNow(
    snapshot: AccountSnapshot | null,
    market: Pick<MarketView, 'openOrders' | 'ownClientId'> | undefined,
  ): { actions: KillAction[]; entries: AuditEntry[] } {
    const entries: AuditEntry[] = [];
    this.killSwitch.retry();
    const now = this.clock.now();
    const reset = this.expireKillSwitch(now);
    if (reset) entries.push(reset);
    if (snapshot) {
      this.lastSnapshotAt = Math.max(this.lastSnapshotAt, snapshot.updatedAt);
      const remaining = parseOrNull(snapshot.summary.DayTradesRemaining);
      if (remaining !== null) this.ibDayTradesRemaining = Number(format(remaining, 0));
      this.updateMarks(snapshot, now);
    }
    if (this.killSwitch.state.active || snapshot === null || snapshot.stale) return { actions: [], entries };

    const figures = lossFigures(snapshot, this.marks);
    const breach = lossBreach(figures, this.currentLimits, snapshot.currency);
    if (breach === null) return { actions: [], entries };
    const state: KillSwitchState = { active: true, reason: breach, since: now, source: 'auto' };
    this.killSwitch.set(state);
    const actions = killActions(snapshot, this.working(market?.openOrders ?? [], market?.ownClientId), this.currentLimits);
    entries.push({
      time: now,
      kind: 'kill-switch',
      order: null,
      verdict: 'info',
      reasons: [`kill switch tripped: ${breach}`],
      inputs: {
        netLiq: figures.netLiq ? format(figures.netLiq) : null,
        startOfDay: this.marks.startOfDay,
        peak: this.marks.peak,
        dailyLoss: format(figures.dailyLoss),
        drawdown: format(figures.drawdown),
        actions,
      },
    });
    return { actions, entries };
  }

  private updateMarks(snapshot: AccountSnapshot, now: number): void {
    const netLiq = netLiquidation(snapshot);
    if (netLiq === null) return;
    const today = tradingDay(now, this.timeZone);
    const peak = this.marks.peak;
    let { day, startOfDay } = this.marks;
    if (day !== today) {
      // The earliest equity sample of today is a better start than "whenever the app started".
      const first = snapshot.equityLine
        .filter((s) => tradingDay(s.time, this.timeZone) === today)
        .sort((a, b) => a.time - b.time)[0];
      day = today;
      startOfDay = first ? first.value : format(netLiq);
    }
    const newPeak = peak === null || gt(netLiq, parse(peak)) ? format(netLiq) : peak;
    if (day !== this.marks.day || startOfDay !== this.marks.startOfDay || newPeak !== peak) {
      this.saveMarks({ day, startOfDay, peak: newPeak });
    }
  }

  /** In memory first: a mark that cannot be written must not stop the loss check that follows it. */
  private saveMarks(marks: StoredMarks): void {
    this.marks = marks;
    try {
      this.disk.writeAtomic(this.marksFile, JSON.stringify(marks, null, 2) + '\n');
      this.marksProblem = null;
    } catch (err) {
      // Written again with the next change of marks; said once, not on every account update.
      const problem = (err as Error).message;
      if (problem !== this.marksProblem) {
        this.log('warn', `Start-of-day and peak equity not saved (${problem}): a restart now would measure the daily loss and drawdown from a later start.`);
      }
      this.marksProblem = problem;
    }
  }

  private decisionInputs(
    ticket: ParsedTicket,
    snapshot: AccountSnapshot | null,
    ctx: RiskContext,
    verdict: RiskVerdict,
  ): Record<string, unknown> {
    const figures = lossFigures(snapshot, this.marks);
    return {
      mode: ctx.mode,
      lastPrice: ctx.lastPrice(instrumentId(ticket)),
      netLiq: figures.netLiq ? format(figures.netLiq) : null,
      dailyLoss: format(figures.dailyLoss),
      drawdown: format(figures.drawdown),
      ordersLastMinute: ctx.ordersLastMinute,
      dayTrades: ctx.pdt.dayTrades,
      working: ctx.openOrders.length,
      killSwitch: ctx.killSwitch.active,
      decision: verdict.decision,
      rules: verdict.rules,
      limits: this.currentLimits,
    };
  }
}
