/**
 * The only road an order travels: contract → risk gate → broker. No shell can reach the broker's order
 * methods except through here, so the risk engine cannot be bypassed.
 */
import type { Broker } from './broker/broker.ts';
import type { AppErrorShape, IntentState, ParsedTicket, Preview, RiskState, RiskVerdict, TradingMode } from './contract.ts';
import { AppError } from './errors.ts';
import { instrumentId } from './contract/keys.ts';
import type { KillAction, MarketView, WorkingOrder } from './risk/index.ts';
import type { RiskGate } from './risk/index.ts';
import { dec } from './broker/num.ts';
import { attachedTickets } from './risk/attached.ts';
import { riskRefusal } from './risk/refusal.ts';
import { systemClock, type Clock } from './util/clock.ts';
import { paced, type Paced } from './util/pace.ts';

const MAX_INTENTS = 1_000;

interface Intent extends IntentState {
  result: Promise<{ orderId: number }>;
}

function toErrorShape(err: unknown): AppErrorShape {
  if (err instanceof AppError) return err.toShape();
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

/** How long a first order for a symbol waits for its first price before risk judges it without one. */
const PRICE_WAIT_MS = 2_000;

/**
 * How long the background loss check may trail an account update: it runs at once after a quiet spell and
 * at most once per window in a burst, always on the latest snapshot (a loss still there at the window's
 * end trips the switch then). IB's account values come when a trade happens or every 3 minutes
 * (https://interactivebrokers.github.io/tws-api/pnl.html); only a flood of P&L lines (the bench's
 * simulator sends one per tick, hundreds a second) is thinned, to 20 checks a second. No order waits for
 * it: `gate.submit` runs the same check synchronously before every order.
 */
export const LOSS_CHECK_PACE_MS = 50;

export interface TradingDeskOptions {
  broker: Broker;
  gate: RiskGate;
  mode: TradingMode;
  log: (level: 'info' | 'warn' | 'error', text: string) => void;
  onRiskAlert: (title: string, body: string) => void;
  /** The kill switch went on (by hand or tripped): what else holds orders must let go of them (the API firewall). */
  onKillSwitch?: (reason: string | null) => void;
  /** The profile's Read-Only API: asked on every order, so a setting saved a moment ago applies at once. */
  readOnlyApi?: () => boolean;
  /** Paces the background loss check (LOSS_CHECK_PACE_MS); a test moves it by hand. */
  clock?: Clock;
  /**
   * A background loss check has run (its marks and any trip are in memory): it may run after the account
   * update that prompted it was shown, so the risk view must be published again from it.
   */
  onLossChecked?: () => void;
}

/**
 * Read-Only API on: no order leaves, as a read-only Gateway answers API orders with 321 "The API interface is
 * currently in Read-Only mode" (IbcAlpha/IBC resources/config.ini, ReadOnlyApi: "API programs cannot submit,
 * modify or cancel orders"). Refused here, before the gate reserves or audits anything, in the status's words.
 */
export function readOnlyRefusal(what: 'place' | 'modify'): AppError {
  return new AppError('READ_ONLY', `Not sent: the API is read-only, so orders cannot be ${what === 'place' ? 'placed' : 'modified'}.`, {
    hint: 'To trade, turn “Read-only API” off in the profile (Settings → Reopen setup wizard → API settings); a Gateway already running read-only keeps it until it restarts.',
  });
}

export class TradingDesk {
  private readonly broker: Broker;
  private readonly gate: RiskGate;
  private readonly mode: TradingMode;
  private readonly log: TradingDeskOptions['log'];
  private readonly onRiskAlert: TradingDeskOptions['onRiskAlert'];
  private readonly onKillSwitch: TradingDeskOptions['onKillSwitch'];
  private readonly readOnlyApi: () => boolean;
  private readonly offs: (() => void)[] = [];
  private observing = false;
  private observeQueued = false;
  private observeAgain = false;
  /** What the last loss check read; an account event that leaves all of it as it was needs no check. */
  private observed: { key: string; limits: unknown; killSwitch: boolean } | null = null;
  private readonly intents = new Map<string, Intent>();
  private readonly lossCheck: Paced;

  constructor(opts: TradingDeskOptions) {
    this.broker = opts.broker;
    this.gate = opts.gate;
    this.mode = opts.mode;
    this.log = opts.log;
    this.onRiskAlert = opts.onRiskAlert;
    this.onKillSwitch = opts.onKillSwitch;
    this.readOnlyApi = opts.readOnlyApi ?? (() => false);
    this.lossCheck = paced(opts.clock ?? systemClock, LOSS_CHECK_PACE_MS, () => {
      void this.observe();
      opts.onLossChecked?.();
    });
    this.offs.push(
      // Another API client's orders (seen as the Master API client) are the firewall's to report to the gate:
      // counted here too, a fill would count twice and another client's cancel could free our own reservation.
      // By the fill's own client id: another client's order may carry the same order id as one of ours.
      this.broker.on('fill', (f) => {
        if (this.ownClient(f.clientId)) this.gate.onFill(f);
      }),
      this.broker.orders.on('status', (o) => {
        if (!this.ownClient(o.clientId)) return;
        if (o.status === 'Cancelled' || o.status === 'ApiCancelled' || o.status === 'Inactive') this.gate.release(o.orderId);
      }),
      this.broker.orders.on('modifyAccepted', ({ orderId }) => this.gate.modifyAccepted(orderId)),
      this.broker.orders.on('modifyRefused', ({ orderId }) => this.gate.modifyRefused(orderId)),
      // Logged when the frame leaves stoqey's rate limiter for the socket, not when it joins the queue.
      this.broker.orders.on('sent', ({ orderId, modify }) => {
        const o = this.broker.orders.get(orderId);
        if (!modify && o) this.log('info', `Order ${orderId} sent: ${o.side} ${o.quantity} ${o.symbol} ${o.type}`);
      }),
      // The account book tells a change once until it is read again (AccountBook.changed): the check
      // runs right then after a quiet spell, and within LOSS_CHECK_PACE_MS of it in a flood.
      this.broker.on('account', () => this.lossCheck.poke()),
    );
    // The book as it stands now: a change since its last read was told before this listener was here, and
    // it is not told again until someone reads.
    this.lossCheck.poke();
  }

  dispose(): void {
    for (const off of this.offs) off();
    this.lossCheck.cancel();
  }

  /** An order of Gatehouse's own connection (unknown counts as ours: the gate then errs towards counting). */
  private ownClient(clientId: number | undefined): boolean {
    return clientId === undefined || clientId === this.broker.session.state.clientId;
  }

  /**
   * The open orders are listed on first read, once per view: the loss check after every account update
   * reads them only when a limit is breached, and a firewall price lookup never does (listing walks every
   * order of the session, done ones too, and ran ~1,000 times a second in a tick flood).
   */
  market(): MarketView {
    const orders = this.broker.orders;
    const market = this.broker.market;
    let open: readonly WorkingOrder[] | undefined;
    // One evaluation asks for a symbol's price once per position and working order in it: each answer is
    // formatted once per view (a view lives for one synchronous check, so no price moves under it).
    const prices = new Map<string, string | null>();
    return {
      mode: this.mode,
      lastPrice: (symbol) => {
        let p = prices.get(symbol);
        if (p === undefined) prices.set(symbol, (p = dec(market.lastPrice(symbol))));
        return p;
      },
      multiplier: (symbol, secType) => this.broker.contracts.multiplier(symbol, secType),
      get openOrders() {
        return (open ??= orders.openOrders());
      },
      ownClientId: orders.ownClientId,
    };
  }

  riskState(): RiskState {
    return this.gate.state(this.broker.account.snapshot(), this.market());
  }

  async preview(asked: ParsedTicket): Promise<Preview> {
    // A future on its own exchange (route); a failed lookup is the what-if's to report, as before.
    const ticket = await this.broker.contracts.route(asked).catch(() => asked);
    this.broker.market.watch(ticket);
    await this.firstPrice(instrumentId(ticket));
    const lastPrice = dec(this.broker.market.lastPrice(instrumentId(ticket)));
    const verdict = this.gate.preview(ticket, this.broker.account.snapshot(), this.market());
    return { whatIf: await this.whatIf(ticket), verdict, lastPrice };
  }

  /** IB's what-if for a ticket; null before reconciliation, a warning when IB could not answer. */
  private async whatIf(ticket: ParsedTicket): Promise<Preview['whatIf']> {
    if (!this.broker.orders.reconciled) return null;
    try {
      await this.broker.contracts.lookup(ticket);
      return await this.broker.orders.whatIf(ticket, this.broker.account.primaryAccount());
    } catch (err) {
      if (err instanceof AppError && (err.code === 'NOT_FOUND' || err.code === 'BAD_INPUT')) throw err;
      return {
        commission: null,
        initMarginChange: null,
        maintMarginChange: null,
        equityWithLoanAfter: null,
        warning: err instanceof Error ? err.message : String(err),
      };
    }
  }

  /**
   * One intent, one order: a second frame with the same key (a double keypress, a retry after a dropped
   * bridge) gets the first frame's answer, never a second order. Keys are kept for the last 1,000 intents.
   */
  place(ticket: ParsedTicket, intentId?: string): Promise<{ orderId: number }> {
    if (intentId === undefined) return this.placeOnce(ticket);
    const known = this.intents.get(intentId);
    if (known) return known.result;
    const entry: Intent = { state: 'pending', orderId: null, error: null, result: this.placeOnce(ticket) };
    entry.result.then(
      (r) => Object.assign(entry, { state: 'placed', orderId: r.orderId }),
      (err: unknown) => Object.assign(entry, { state: 'failed', error: toErrorShape(err) }),
    );
    this.intents.set(intentId, entry);
    if (this.intents.size > MAX_INTENTS) this.intents.delete(this.intents.keys().next().value!);
    return entry.result;
  }

  intent(intentId: string): IntentState {
    const e = this.intents.get(intentId);
    return e ? { state: e.state, orderId: e.orderId, error: e.error } : { state: 'unknown', orderId: null, error: null };
  }

  private async placeOnce(ticket: ParsedTicket): Promise<{ orderId: number }> {
    if (this.readOnlyApi()) throw readOnlyRefusal('place');
    ticket = await this.validateContract(ticket);
    const orderId = this.broker.orders.takeId();
    // A bracket: one id per attached order, all reserved before the one risk decision that covers them.
    const attachedIds = attachedTickets(ticket).map(() => this.broker.orders.takeId());
    const decision = await this.gate.submit(ticket, this.broker.account.snapshot(), this.market(), orderId, { attachedIds });
    // From the synced decision to the socket write without a further turn: an allowed order with no kill
    // switch actions awaits nothing more.
    if (decision.actions.length > 0) await this.carryOut(decision.actions);
    if (decision.verdict.decision !== 'allow') await this.refuseUnlessAllowed(decision.verdict, ticket);
    try {
      if (attachedIds.length > 0) this.broker.orders.placeGroup(ticket, this.broker.account.primaryAccount(), [orderId, ...attachedIds]);
      else this.broker.orders.place(ticket, this.broker.account.primaryAccount(), orderId);
    } catch (err) {
      this.gate.release(orderId);
      throw err;
    }
    return { orderId };
  }

  async modify(orderId: number, ticket: ParsedTicket, clientId = this.broker.orders.ownClientId): Promise<{ orderId: number }> {
    if (this.readOnlyApi()) throw readOnlyRefusal('modify');
    // Before the gate: a reservation under our own id for another program's order would be wrong twice.
    this.broker.orders.requireOwn(orderId, clientId, 'modify');
    // A modify changes terms (price, quantity, TIF), never the instrument: the reservation would move to
    // another instrument while the Gateway keeps the order on this one.
    const o = this.broker.orders.get(orderId);
    if (o && (ticket.secType !== o.secType || ticket.symbol.toUpperCase() !== o.symbol.toUpperCase() || ticket.side !== o.side)) {
      throw new AppError('BAD_INPUT', 'A modification cannot change the instrument (symbol, type of security) or side; cancel and place a new order.', {
        fields: { secType: 'cannot change on a modify' },
      });
    }
    if (ticket.attached) {
      throw new AppError('BAD_INPUT', 'A modification cannot attach orders; change the take-profit or stop-loss on its own row.', {
        fields: { attached: 'not on a modify' },
      });
    }
    // The instrument is the order's own: an edit from its row names the terms, and a future's month and
    // exchange come from the order (IB resolves a modify's contract like any order's, so "GC" alone is
    // ambiguous and GC on CME is no contract at all).
    if (o && ticket.secType === 'FUT') {
      if (!ticket.lastTradeDateOrContractMonth && o.lastTradeDateOrContractMonth) ticket = { ...ticket, lastTradeDateOrContractMonth: o.lastTradeDateOrContractMonth };
      ticket = await this.broker.contracts.route(ticket);
    }
    // An attached order (a bracket's exit) is checked as the exit it is while its parent works.
    const links = o?.parentId ? { parentId: o.parentId } : {};
    const decision = await this.gate.submit(ticket, this.broker.account.snapshot(), this.market(), orderId, links);
    await this.carryOut(decision.actions);
    await this.refuseUnlessAllowed(decision.verdict, ticket);
    this.broker.orders.modify(orderId, ticket);
    return { orderId };
  }

  cancel(orderId: number, clientId?: number): void {
    this.broker.orders.cancel(orderId, clientId);
  }

  cancelAll(): void {
    this.broker.orders.cancelAll();
  }

  async setKillSwitch(active: boolean, reason?: string): Promise<RiskState> {
    const actions = await this.gate.setKillSwitch(active, reason, this.broker.account.snapshot(), this.market());
    await this.carryOut(actions);
    this.warnIfUnsaved();
    return this.riskState();
  }

  /** The switch works from memory; say so when it is not on disk, since a restart would forget it. */
  private warnIfUnsaved(): void {
    const problem = this.gate.unsaved();
    if (problem === null) return;
    const on = this.gate.killSwitchActive();
    this.log('error', `Kill switch state not saved: ${problem}`);
    this.onRiskAlert(
      on ? 'Kill switch is ON but not saved' : 'Kill switch change not saved',
      `${on ? 'New orders stay blocked while Gatehouse runs, but' : 'It applies now, but'} the state could not be written (${problem}). ` +
        'Free disk space in the Gatehouse data folder so it survives a restart.',
    );
  }

  private async validateContract(ticket: ParsedTicket) {
    if (!this.broker.session.connected) {
      throw new AppError('NOT_CONNECTED', 'Not connected to the Gateway.', {
        hint: 'Orders are never queued while disconnected. Start the Gateway or wait for the reconnect.',
      });
    }
    const routed = await this.broker.contracts.route(ticket);
    // A ticket from a position names its future by conId (route); its root and month alone could match a
    // listing on another exchange, so the check is on the contract the conId named.
    await this.broker.contracts.lookup(ticket.secType === 'FUT' && ticket.conId ? routed : ticket);
    this.broker.market.watch(routed);
    await this.firstPrice(instrumentId(routed));
    return routed;
  }

  /**
   * Every order is valued against the market, so a symbol seen for the first time waits a moment for its
   * first price (a fresh subscription answers within milliseconds); without one, risk refuses the order.
   */
  private async firstPrice(symbol: string): Promise<void> {
    if (!this.broker.session.connected) return;
    for (let waited = 0; waited < PRICE_WAIT_MS && this.broker.market.lastPrice(symbol) === null; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Anything but `allow` throws the one refusal (risk/refusal.ts), with IB's what-if fetched only then. */
  private async refuseUnlessAllowed(verdict: RiskVerdict, ticket: ParsedTicket): Promise<void> {
    if (verdict.decision === 'allow') return;
    const refusal = riskRefusal(verdict, await this.whatIf(ticket).catch(() => null));
    if (refusal) throw refusal;
  }

  /**
   * Account events come in bursts (one socket read holds a portfolio line per position, the P&L, the
   * summary): the loss check runs once per burst, after it, on the latest snapshot — never skipping the
   * last event of a burst — and only when something it reads changed. The account book already tells once
   * per read; this is for a check that must run again after one that waited for the disk.
   */
  private observeSoon(): void {
    if (this.observeQueued) return;
    this.observeQueued = true;
    setImmediate(() => {
      this.observeQueued = false;
      void this.observe();
    });
  }

  /**
   * What the loss check reads from an account event: equity, IB's daily P&L and day-trade count,
   * staleness — plus the limits and the kill switch, so a new limit or a reset by hand is checked at
   * once. A market-value line for one position (most of a tick flood) changes none of it.
   */
  private unchanged(): boolean {
    const a = this.broker.account.riskInputs();
    const key = a
      ? `${a.account}|${a.currency}|${a.summary['NetLiquidation']}|${a.summary['DayTradesRemaining']}|${a.pnl.daily}|${a.stale}`
      : 'none';
    const seen = { key, limits: this.gate.limits, killSwitch: this.gate.killSwitchActive() };
    const same = this.observed !== null && this.observed.key === seen.key && this.observed.limits === seen.limits && this.observed.killSwitch === seen.killSwitch;
    this.observed = seen;
    return same;
  }

  /** Account updates feed the gate; a breached loss limit trips the kill switch and we act on it here. */
  private async observe() {
    if (this.observing) {
      this.observeAgain = true;
      return;
    }
    if (this.unchanged()) return;
    this.observing = true;
    try {
      const actions = await this.gate.observe(this.broker.account.snapshot(), this.market());
      if (actions.length) {
        const st = this.riskState();
        this.onRiskAlert('Kill switch tripped', st.killSwitch.reason ?? 'A loss limit was breached.');
        await this.carryOut(actions);
        this.warnIfUnsaved();
      }
    } catch (err) {
      this.log('error', `Risk check failed: ${(err as Error).message}`);
    } finally {
      this.observing = false;
      // Events that came while this check waited for the disk are checked now, not lost.
      if (this.observeAgain) {
        this.observeAgain = false;
        this.observeSoon();
      }
    }
  }

  private async carryOut(actions: KillAction[]) {
    // Every trip, by hand or by a limit, asks for cancel-all-orders (kill-switch.ts killActions).
    if (actions.some((a) => a.kind === 'cancel-all-orders')) this.onKillSwitch?.(this.gate.state(null).killSwitch.reason);
    for (const a of actions) {
      try {
        if (a.kind === 'cancel-all-orders') {
          if (this.broker.session.connected) this.broker.orders.cancelAll();
          this.log('warn', `Kill switch: cancelling ${a.orderIds.length} open order(s).`);
        } else {
          // Flattening only reduces risk, so it does not pass the gate (which is blocking everything now).
          // A future goes to the exchange its position names, or the one its contract details name (route).
          const ticket = await this.broker.contracts.route<ParsedTicket>({
            symbol: a.symbol,
            secType: a.secType as ParsedTicket['secType'],
            ...(a.lastTradeDateOrContractMonth ? { lastTradeDateOrContractMonth: a.lastTradeDateOrContractMonth } : {}),
            exchange: a.exchange ?? 'SMART',
            ...(a.conId ? { conId: a.conId } : {}),
            currency: a.currency,
            side: a.side,
            quantity: a.quantity,
            type: 'MKT',
            tif: 'DAY',
            outsideRth: false,
            confirmed: true,
          });
          this.broker.orders.place(ticket, this.broker.account.primaryAccount());
          this.log('warn', `Kill switch: flattening ${a.quantity} ${a.symbol}.`);
        }
      } catch (err) {
        this.log('error', `Kill switch action failed: ${(err as Error).message}`);
      }
    }
  }
}
