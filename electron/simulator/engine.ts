/**
 * The simulated broker behind the sockets: market, accounts, order book and matching. It knows nothing
 * about the wire; it reports what happened through an EngineSink that the server turns into messages.
 */
import { Account } from './account.ts';
import { executionTime } from './gateway-time.ts';
import { Market } from './market.ts';
import type { OrderStatusText, SimFill, SimOrder } from './orders.ts';
import { commissionFor, executionExchange, isOpen, isStopType, isWorking } from './orders.ts';
import { parseGoodTillDate } from './gtd.ts';
import type { PlaceOrderRequest } from './requests.ts';
import type { Instrument } from './universe.ts';
import { UNIVERSE, conformsToTick, resolveInstrument, roundToTick } from './universe.ts';

export interface EngineSink {
  /** openOrder (+ orderStatus unless whatIf) for the owner and auto-bound clients. */
  orderChanged(order: SimOrder, withOrderStatus: boolean): void;
  /** A fill: execDetails, then the order's new state, then commissionReport. */
  filled(order: SimOrder, fill: SimFill): void;
  /** An order-related error for the owning client. */
  orderError(clientId: number, orderId: number, code: number, message: string): void;
  /** Cash, positions or P&L changed (fills). */
  accountChanged(instrument: Instrument): void;
  /** Prices moved (one step or setPrice). */
  pricesChanged(instruments: readonly Instrument[]): void;
}

/** Orders above this size fill in several executions (stock shares, futures contracts, FX base units). */
const MAX_CHUNK: Record<Instrument['secType'], number> = { STK: 500, FUT: 25, CASH: 5_000_000 };
/** Gap between the executions of a chunked fill; small, so tests stay fast, but observable. */
const CHUNK_GAP_MS = 15;

export interface EngineOptions {
  accounts: string[];
  startingCash: number;
  seed: number;
  positions: { symbol: string; quantity: number; avgCost: number }[];
  /** Fixes the execution-id stamp (tests: a Gateway that reuses ids, which core must survive). */
  execIdStamp?: number;
  /** Time for GTD expiry (core's util/clock.ts Clock fits); tests move a manual clock. */
  clock?: EngineClock;
  /** The zone of a goodTillDate written without one (the Gateway's login zone). */
  timeZone?: string;
}

export interface EngineClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: EngineClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** Displayed size at the touch: what an IOC / FOK order can take at once (the larger orders fill in chunks). */
const TOUCH_SIZE = MAX_CHUNK;

export class Engine {
  readonly market: Market;
  readonly accounts = new Map<string, Account>();
  readonly orders: SimOrder[] = [];
  readonly fills: SimFill[] = [];
  readonly defaultAccount: string;
  sink: EngineSink | undefined;
  /** Reason for the next placeOrder to be rejected (fault injection). */
  rejectNext: string | undefined;
  /** Stocks whose short sales wait for a locate (the `needLocate` fault). */
  private readonly locateNeeded = new Set<string>();
  private permCounter: number;
  private execCounter = 0;
  private readonly execPrefix: readonly [string, number];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly highestOrderId = new Map<number, number>();
  private readonly clock: EngineClock;
  private readonly timeZone: string;
  private readonly expiries = new Map<SimOrder, unknown>();

  constructor(opts: EngineOptions) {
    this.clock = opts.clock ?? realClock;
    this.timeZone = opts.timeZone ?? 'UTC';
    this.market = new Market(opts.seed);
    for (const id of opts.accounts) this.accounts.set(id, new Account(id, opts.startingCash, this.market));
    this.defaultAccount = opts.accounts[0] ?? 'DU1234567';
    const first = this.accounts.get(this.defaultAccount);
    for (const p of opts.positions) first?.seedPosition(p.symbol, p.quantity, p.avgCost);
    this.permCounter = 1_000_000_000 + (opts.seed % 100_000) * 1000;
    this.execPrefix = execIdPrefix(opts.seed, opts.execIdStamp);
  }

  /**
   * Real execution ids (`0000e0d5.6578a3b2.01.01`) are unique for the account, across Gateway restarts: the
   * prefix carries this engine's start time, and the middle part moves on every 255 executions.
   */
  private nextExecId(): string {
    const n = ++this.execCounter;
    const [head, stamp] = this.execPrefix;
    const middle = (stamp + Math.floor((n - 1) / 255)).toString(16).padStart(8, '0');
    return `${head}.${middle}.${(((n - 1) % 255) + 1).toString(16).padStart(2, '0')}.01`;
  }

  account(id: string): Account {
    return this.accounts.get(id) ?? (this.accounts.get(this.defaultAccount) as Account);
  }

  /** The next id a client may use: one past the highest it has used. */
  nextOrderId(clientId: number): number {
    return (this.highestOrderId.get(clientId) ?? 0) + 1;
  }

  findOrder(clientId: number, orderId: number): SimOrder | undefined {
    return this.orders.find((o) => o.clientId === clientId && o.orderId === orderId);
  }

  /** One random-walk step for every instrument, then matching. */
  step(): void {
    this.market.step();
    this.afterPriceChange(UNIVERSE);
  }

  /** Short sales of `symbol` need a locate (on) or the shares are found (off: the held orders work now). */
  needLocate(symbol: string, on: boolean): void {
    const sym = symbol.toUpperCase();
    if (on) {
      this.locateNeeded.add(sym);
      return;
    }
    this.locateNeeded.delete(sym);
    for (const o of this.orders) {
      if (o.whyHeld === 'locate' && o.instrument?.symbol === sym && o.status === 'PreSubmitted') this.activate(o);
    }
  }

  /** A sale of a flagged stock beyond the long position held: a short sale, which borrows shares. */
  private needsLocate(order: SimOrder): boolean {
    const i = order.instrument;
    if (order.action !== 'SELL' || !i || i.secType !== 'STK' || !this.locateNeeded.has(i.symbol)) return false;
    return order.totalQuantity > this.account(order.account).holding(i).quantity;
  }

  setPrice(instrument: Instrument, price: number): void {
    this.market.set(instrument, price);
    this.afterPriceChange([instrument]);
  }

  private afterPriceChange(instruments: readonly Instrument[]): void {
    this.sink?.pricesChanged(instruments);
    const ids = new Set(instruments.map((i) => i.conId));
    for (const order of this.orders) {
      if (order.instrument && ids.has(order.instrument.conId) && isWorking(order)) this.work(order);
    }
  }

  placeOrder(clientId: number, req: PlaceOrderRequest): void {
    const existing = this.findOrder(clientId, req.orderId);
    if (existing) {
      existing.submissions++;
      this.modify(existing, req);
      return;
    }
    const resolved = resolveInstrument({
      conId: req.contract.conId,
      symbol: req.contract.symbol,
      secType: req.contract.secType,
      currency: req.contract.currency,
      localSymbol: req.contract.localSymbol,
      lastTradeDateOrContractMonth: req.contract.lastTradeDateOrContractMonth,
      exchange: req.contract.exchange,
    });
    // An ES order without an expiry matches every listed month: error 200 "ambiguous" (universe.ts).
    const instrument = 'instrument' in resolved ? resolved.instrument : undefined;
    const now = Date.now();
    const order: SimOrder = {
      orderId: req.orderId,
      clientId,
      permId: ++this.permCounter,
      account: req.account && this.accounts.has(req.account) ? req.account : this.defaultAccount,
      instrument,
      symbol: req.contract.localSymbol || req.contract.symbol,
      action: req.action === 'SELL' ? 'SELL' : 'BUY',
      totalQuantity: req.totalQuantity,
      orderType: req.orderType,
      lmtPrice: req.lmtPrice,
      auxPrice: req.auxPrice,
      trailingPercent: req.trailingPercent,
      trailStopPrice: req.trailStopPrice,
      tif: req.tif,
      ocaGroup: req.ocaGroup,
      ocaType: req.ocaType ?? 0,
      goodTillDate: req.goodTillDate ?? '',
      orderRef: req.orderRef,
      parentId: req.parentId,
      awaitingParent: false,
      whyHeld: '',
      outsideRth: req.outsideRth,
      transmit: req.transmit,
      whatIf: req.whatIf,
      status: 'PendingSubmit',
      triggered: false,
      filled: 0,
      avgFillPrice: 0,
      lastFillPrice: 0,
      commission: 0,
      submissions: 1,
      rejectCode: undefined,
      rejectReason: undefined,
      filling: false,
      createdAt: now,
      updatedAt: now,
    };
    this.orders.push(order);
    const highest = this.highestOrderId.get(clientId) ?? 0;
    if (req.orderId <= highest) {
      // Ids must increase per client; an old id that is not an open order is a duplicate.
      return this.reject(order, 103, `Duplicate order id`, false);
    }
    this.highestOrderId.set(clientId, req.orderId);
    if (!instrument) {
      return this.reject(order, 200, 'message' in resolved ? resolved.message : 'No security definition has been found for the request', false);
    }
    const problem = this.validate(order, instrument);
    if (problem) return this.reject(order, problem.code, problem.message, problem.code === 201);
    if (this.rejectNext !== undefined) {
      const reason = this.rejectNext;
      this.rejectNext = undefined;
      return this.reject(order, 201, `Order rejected - reason:${reason}`, true);
    }
    const margin = this.marginCheck(order, instrument);
    if (margin) return this.reject(order, 201, margin, true);
    if (order.whatIf) {
      order.status = 'PreSubmitted';
      this.sink?.orderChanged(order, false);
      return;
    }
    if (!order.transmit) {
      // Held in the Gateway, not sent to IB: a real Gateway shows it as Inactive until transmitted.
      order.status = 'Inactive';
      this.sink?.orderChanged(order, true);
      return;
    }
    // "When the last child order is sent with transmit true, TWS transmits not only it but its parent and
    // the rest of its siblings" (https://interactivebrokers.github.io/tws-api/bracket_order.html).
    for (const held of this.heldGroupOf(order)) {
      held.transmit = true;
      this.activate(held);
    }
    this.activate(order);
  }

  /** Held (transmit=false) orders that the transmitting `order` sends with it: its parent, then its siblings. */
  private heldGroupOf(order: SimOrder): SimOrder[] {
    const rootId = order.parentId || order.orderId;
    const held = (o: SimOrder) => o !== order && o.clientId === order.clientId && !o.transmit && o.status === 'Inactive' && o.rejectCode === undefined;
    return this.orders.filter((o) => held(o) && (o.orderId === rootId || o.parentId === rootId)).sort((a, b) => a.orderId - b.orderId);
  }

  private parentOf(order: SimOrder): SimOrder | undefined {
    return order.parentId ? this.findOrder(order.clientId, order.parentId) : undefined;
  }

  private activate(order: SimOrder): void {
    this.scheduleExpiry(order);
    const parent = this.parentOf(order);
    if (parent && parent.status !== 'Filled') {
      // Attached orders wait, accepted but not elected, until their parent fills (bracket_order.html,
      // "Attaching Orders"; IB reports such orders PreSubmitted, ibapi/wrapper.py orderStatus doc).
      order.awaitingParent = true;
      order.status = 'PreSubmitted';
      this.sink?.orderChanged(order, true);
      return;
    }
    order.awaitingParent = false;
    if (this.needsLocate(order)) {
      // Held while IB looks for shares to borrow (ibapi/wrapper.py orderStatus, whyHeld "locate").
      order.whyHeld = 'locate';
      order.status = 'PreSubmitted';
      this.sink?.orderChanged(order, true);
      return;
    }
    order.whyHeld = '';
    if (order.tif === 'OPG') {
      // At the opening auction only; the simulated market has no auction, so the order waits (never fills).
      order.status = 'PreSubmitted';
      this.sink?.orderChanged(order, true);
      return;
    }
    order.status = isStopType(order.orderType) || order.orderType === 'MKT' ? 'PreSubmitted' : 'Submitted';
    if (order.orderType.startsWith('TRAIL')) this.initTrail(order);
    this.sink?.orderChanged(order, true);
    this.work(order);
  }

  private modify(order: SimOrder, req: PlaceOrderRequest): void {
    if (order.status === 'Filled') {
      return this.sink?.orderError(order.clientId, order.orderId, 104, 'Cannot modify a filled order.');
    }
    if (order.status === 'Cancelled' || (order.status === 'Inactive' && order.rejectCode !== undefined)) {
      return this.sink?.orderError(order.clientId, order.orderId, 103, 'Duplicate order id');
    }
    // A what-if preview never became an order: placing its id for real activates it like a new one.
    const wasPreview = order.whatIf && !req.whatIf;
    const instrument = order.instrument;
    if (!instrument) return;
    const symbol = req.contract.symbol.toUpperCase();
    if (req.action !== order.action || (symbol !== '' && symbol !== instrument.symbol)) {
      return this.sink?.orderError(order.clientId, order.orderId, 105, 'Order being modified does not match original order.');
    }
    // The modify's contract is resolved like any order's: a future without its month (ambiguous) or on an
    // exchange it does not trade on is error 200, and another month of the same root is not this order.
    const named = resolveInstrument(req.contract);
    if (!('instrument' in named)) return this.sink?.orderError(order.clientId, order.orderId, named.code, named.message);
    if (named.instrument.conId !== instrument.conId) {
      return this.sink?.orderError(order.clientId, order.orderId, 105, 'Order being modified does not match original order.');
    }
    const candidate: SimOrder = {
      ...order,
      totalQuantity: req.totalQuantity,
      orderType: req.orderType,
      lmtPrice: req.lmtPrice,
      auxPrice: req.auxPrice,
      trailingPercent: req.trailingPercent,
      trailStopPrice: req.trailStopPrice ?? order.trailStopPrice,
      tif: req.tif,
      goodTillDate: req.goodTillDate ?? order.goodTillDate,
      orderRef: req.orderRef,
      outsideRth: req.outsideRth,
    };
    const problem = this.validate(candidate, instrument);
    if (problem) return this.sink?.orderError(order.clientId, order.orderId, problem.code, problem.message);
    if (candidate.totalQuantity < order.filled) {
      return this.sink?.orderError(order.clientId, order.orderId, 201, 'Order rejected - reason:Quantity below filled quantity');
    }
    const wasHeld = order.status === 'Inactive' && !order.transmit;
    Object.assign(order, {
      totalQuantity: candidate.totalQuantity,
      orderType: candidate.orderType,
      lmtPrice: candidate.lmtPrice,
      auxPrice: candidate.auxPrice,
      trailingPercent: candidate.trailingPercent,
      trailStopPrice: candidate.trailStopPrice,
      tif: candidate.tif,
      goodTillDate: candidate.goodTillDate,
      orderRef: candidate.orderRef,
      outsideRth: candidate.outsideRth,
      transmit: req.transmit,
      whatIf: req.whatIf,
      updatedAt: Date.now(),
    });
    if (req.whatIf) {
      this.sink?.orderChanged(order, false);
      return;
    }
    if (order.awaitingParent) {
      // New terms for an attached order still waiting: it keeps waiting for its parent.
      this.sink?.orderChanged(order, true);
      return;
    }
    if (wasHeld || wasPreview || order.status === 'PendingSubmit') {
      if (order.transmit) {
        for (const held of this.heldGroupOf(order)) {
          held.transmit = true;
          this.activate(held);
        }
        this.activate(order);
      } else {
        order.status = 'Inactive';
        this.sink?.orderChanged(order, true);
      }
      return;
    }
    if (order.orderType.startsWith('TRAIL') && !order.triggered) this.initTrail(order);
    if (order.filled >= order.totalQuantity) order.status = 'Filled';
    this.sink?.orderChanged(order, true);
    this.work(order);
  }

  private validate(order: SimOrder, instrument: Instrument): { code: number; message: string } | undefined {
    if (!(order.totalQuantity > 0)) return { code: 201, message: 'Order rejected - reason:Invalid order size' };
    const type = order.orderType;
    const supported = ['MKT', 'LMT', 'STP', 'STP LMT', 'TRAIL', 'TRAIL LIMIT'];
    if (!supported.includes(type)) {
      return { code: 201, message: `Order rejected - reason:Unsupported order type ${type}` };
    }
    if (!['DAY', 'GTC', 'IOC', 'GTD', 'OPG', 'FOK'].includes(order.tif)) {
      return { code: 201, message: `Order rejected - reason:Invalid time in force ${order.tif}` };
    }
    // OPG is market-on-open or limit-on-open only; GTD needs its date-time (TWS API Order.tif / goodTillDate).
    if (order.tif === 'OPG' && type !== 'MKT' && type !== 'LMT') {
      return { code: 201, message: `Order rejected - reason:Time in force OPG is not valid for ${type} orders` };
    }
    if (order.tif === 'GTD') {
      const at = parseGoodTillDate(order.goodTillDate, this.timeZone);
      if (at === null) return { code: 201, message: `Order rejected - reason:Invalid good till date "${order.goodTillDate}"` };
      if (at <= this.clock.now()) return { code: 201, message: 'Order rejected - reason:The good till date is in the past' };
    }
    const needsLimit = type === 'LMT' || type === 'STP LMT' || type === 'TRAIL LIMIT';
    const needsStop = type === 'STP' || type === 'STP LMT';
    if (needsLimit && (order.lmtPrice === undefined || order.lmtPrice <= 0)) {
      return { code: 201, message: 'Order rejected - reason:The limit price is not valid' };
    }
    if (needsStop && (order.auxPrice === undefined || order.auxPrice <= 0)) {
      return { code: 201, message: 'Order rejected - reason:The stop price is not valid' };
    }
    if (type.startsWith('TRAIL') && !(order.auxPrice ?? 0) && !(order.trailingPercent ?? 0)) {
      return { code: 201, message: 'Order rejected - reason:A trailing amount or percent is required' };
    }
    const prices = [needsLimit ? order.lmtPrice : undefined, needsStop ? order.auxPrice : undefined];
    if (type.startsWith('TRAIL') && order.trailingPercent === undefined) prices.push(order.auxPrice);
    for (const p of prices) {
      if (p !== undefined && !conformsToTick(instrument, p)) {
        return {
          code: 110,
          message: 'The price does not conform to the minimum price variation for this contract.',
        };
      }
    }
    return undefined;
  }

  /** Buying-power check against the initial margin the order adds. */
  private marginCheck(order: SimOrder, instrument: Instrument): string | undefined {
    const account = this.account(order.account);
    const q = this.market.quote(instrument);
    const price = order.lmtPrice ?? (order.action === 'BUY' ? q.ask : q.bid);
    const held = account.holding(instrument).quantity;
    const signed = order.action === 'BUY' ? order.totalQuantity : -order.totalQuantity;
    // Orders that only reduce a position need no margin.
    if (held !== 0 && Math.sign(held) !== Math.sign(signed) && Math.abs(signed) <= Math.abs(held)) return undefined;
    const values = account.values();
    const added = account.marginFor(instrument, order.totalQuantity, price);
    if (order.whatIf || added <= values.availableFunds) return undefined;
    const required = values.initMarginReq + added;
    return (
      'Order rejected - reason:YOUR ORDER IS NOT ACCEPTED. IN ORDER TO OBTAIN THE DESIRED POSITION YOUR EQUITY WITH LOAN VALUE ' +
      `[${values.equityWithLoanValue.toFixed(2)} USD] MUST EXCEED THE INITIAL MARGIN [${required.toFixed(2)} USD]`
    );
  }

  private reject(order: SimOrder, code: number, message: string, withStatus: boolean): void {
    order.status = 'Inactive';
    order.rejectCode = code;
    order.rejectReason = message;
    order.updatedAt = Date.now();
    this.sink?.orderError(order.clientId, order.orderId, code, message);
    if (withStatus && order.instrument) this.sink?.orderChanged(order, true);
  }

  /** What-if figures: margin before/change/after and the commission the order would cost. */
  whatIfState(order: SimOrder): SimOrderState {
    const instrument = order.instrument as Instrument;
    const account = this.account(order.account);
    const values = account.values();
    const q = this.market.quote(instrument);
    const price = order.lmtPrice ?? (order.action === 'BUY' ? q.ask : q.bid);
    const initChange = account.marginFor(instrument, order.totalQuantity, price);
    const maintChange = account.maintMarginFor(instrument, order.totalQuantity, price);
    const commission = commissionFor(instrument, order.totalQuantity, price);
    const ewlChange = -commission;
    return {
      initMarginBefore: round2(values.initMarginReq),
      maintMarginBefore: round2(values.maintMarginReq),
      equityWithLoanBefore: round2(values.equityWithLoanValue),
      initMarginChange: round2(initChange),
      maintMarginChange: round2(maintChange),
      equityWithLoanChange: round2(ewlChange),
      initMarginAfter: round2(values.initMarginReq + initChange),
      maintMarginAfter: round2(values.maintMarginReq + maintChange),
      equityWithLoanAfter: round2(values.equityWithLoanValue + ewlChange),
      commission,
      minCommission: undefined,
      maxCommission: undefined,
      commissionCurrency: instrument.currency,
      warningText: '',
    };
  }

  cancelOrder(clientId: number, orderId: number): void {
    const order = this.findOrder(clientId, orderId);
    if (!order || order.whatIf) {
      return this.sink?.orderError(clientId, orderId, 10147, `OrderId ${orderId} that needs to be cancelled is not found.`);
    }
    if (order.status === 'Filled') {
      return this.sink?.orderError(
        clientId,
        orderId,
        10148,
        `OrderId ${orderId} that needs to be cancelled cannot be cancelled, state: Filled.`,
      );
    }
    if (order.status === 'Cancelled' || order.rejectCode !== undefined) {
      return this.sink?.orderError(
        clientId,
        orderId,
        161,
        `Cancel attempted when order is not in a cancellable state.  Order permId =${order.permId}`,
      );
    }
    this.cancel(order);
  }

  globalCancel(): void {
    for (const order of this.orders) {
      if (isOpen(order) && order.status !== 'Cancelled') this.cancel(order);
    }
  }

  private cancel(order: SimOrder): void {
    if (order.status === 'Cancelled' || order.status === 'Filled') return;
    order.status = 'Cancelled';
    order.awaitingParent = false;
    order.updatedAt = Date.now();
    this.clearExpiry(order);
    this.sink?.orderError(order.clientId, order.orderId, 202, 'Order Canceled - reason:');
    this.sink?.orderChanged(order, true);
    // Cancelling a parent cancels its attached orders (a child cannot outlive the order it closes).
    for (const child of this.orders) {
      if (child.parentId === order.orderId && child.clientId === order.clientId && isOpen(child)) this.cancel(child);
    }
  }

  /** GTD: the order is cancelled at its goodTillDate, on the engine's clock. */
  private scheduleExpiry(order: SimOrder): void {
    if (order.tif !== 'GTD' || this.expiries.has(order)) return;
    const at = parseGoodTillDate(order.goodTillDate, this.timeZone);
    if (at === null) return;
    this.expiries.set(
      order,
      this.clock.setTimeout(() => {
        this.expiries.delete(order);
        if (isOpen(order)) this.cancel(order);
      }, Math.max(0, at - this.clock.now())),
    );
  }

  private clearExpiry(order: SimOrder): void {
    const handle = this.expiries.get(order);
    if (handle === undefined) return;
    this.expiries.delete(order);
    this.clock.clearTimeout(handle);
  }

  /**
   * After a fill: the parent's attached orders start to work once it is complete; the other members of the
   * order's OCA group are cancelled (ocaType 1) or reduced by the same share of their size (2, 3)
   * (https://interactivebrokers.github.io/tws-api/oca.html: "completion of one piece of the group order
   * causes cancellation of the remaining group orders while partial completion causes the group to
   * re-balance"). A bracket's children are siblings of one group even when the client named none.
   */
  private afterFill(order: SimOrder, shares: number): void {
    if (order.status === 'Filled') {
      this.clearExpiry(order);
      for (const child of this.orders) {
        if (child.parentId !== order.orderId || child.clientId !== order.clientId || !child.awaitingParent) continue;
        this.activate(child);
      }
    }
    const siblings = this.orders.filter(
      (o) =>
        o !== order &&
        o.clientId === order.clientId &&
        isOpen(o) &&
        o.status !== 'Inactive' &&
        ((order.ocaGroup !== '' && o.ocaGroup === order.ocaGroup) || (order.parentId !== 0 && o.parentId === order.parentId)),
    );
    for (const o of siblings) {
      const type = order.ocaGroup !== '' ? order.ocaType || 1 : 2;
      if (type === 1 || order.status === 'Filled') {
        this.cancel(o);
        continue;
      }
      const cut = Math.round((shares * o.totalQuantity) / order.totalQuantity);
      o.totalQuantity = Math.max(o.filled, o.totalQuantity - cut);
      if (o.totalQuantity <= o.filled) this.cancel(o);
      else this.sink?.orderChanged(o, true);
    }
  }

  /** Tries to trigger and fill a working order at current prices. */
  private work(order: SimOrder): void {
    if (!isWorking(order) || order.filling || !order.instrument) return;
    const instrument = order.instrument;
    const q = this.market.quote(instrument);
    const buy = order.action === 'BUY';
    if (order.orderType.startsWith('TRAIL') && !order.triggered) this.updateTrail(order, q.last);
    if (isStopType(order.orderType) && !order.triggered) {
      const stop = order.orderType.startsWith('TRAIL') ? order.trailStopPrice : order.auxPrice;
      if (stop === undefined) return;
      const hit = buy ? q.last >= stop : q.last <= stop;
      if (!hit) return;
      order.triggered = true;
      order.status = 'Submitted';
      this.sink?.orderChanged(order, true);
    }
    const limited = order.orderType === 'LMT' || order.orderType === 'STP LMT' || order.orderType === 'TRAIL LIMIT';
    const touch = buy ? q.ask : q.bid;
    const immediate = order.tif === 'IOC' || order.tif === 'FOK';
    if (limited) {
      const limit = order.orderType === 'TRAIL LIMIT' ? this.trailLimit(order) : (order.lmtPrice as number);
      if (buy ? touch > limit : touch < limit) {
        if (order.status === 'PreSubmitted' && order.orderType === 'LMT') order.status = 'Submitted';
        // IOC / FOK: nothing can fill now, so nothing waits (TWS API Order.tif: "any portion that is not
        // filled as soon as it becomes available in the market is canceled"; FOK: all or none, at once).
        if (immediate) this.cancel(order);
        return;
      }
    }
    if (immediate) return this.fillImmediately(order, instrument);
    this.fillChunks(order, 0);
  }

  /**
   * IOC takes what the touch shows (one chunk) and cancels the rest; FOK fills the whole order in one
   * execution or, when the touch cannot take it all, cancels it without a fill.
   */
  private fillImmediately(order: SimOrder, instrument: Instrument): void {
    const remaining = order.totalQuantity - order.filled;
    const available = TOUCH_SIZE[instrument.secType];
    if (order.tif === 'FOK' && remaining > available) return this.cancel(order);
    const q = this.market.quote(instrument);
    const buy = order.action === 'BUY';
    let price = buy ? q.ask : q.bid;
    if (order.orderType === 'LMT' || order.orderType === 'STP LMT') price = buy ? Math.min(price, order.lmtPrice as number) : Math.max(price, order.lmtPrice as number);
    this.execute(order, instrument, Math.min(remaining, available), price);
    if (order.status !== 'Filled') this.cancel(order);
  }

  private trailLimit(order: SimOrder): number {
    const instrument = order.instrument as Instrument;
    const offset = order.lmtPrice ?? 0;
    const stop = order.trailStopPrice ?? 0;
    return roundToTick(instrument, order.action === 'BUY' ? stop + offset : stop - offset);
  }

  /** Fills the rest of an order, at most MAX_CHUNK per execution, walking the book a tick per chunk. */
  private fillChunks(order: SimOrder, chunkIndex: number): void {
    if (!isWorking(order) || !order.instrument) {
      order.filling = false;
      return;
    }
    const instrument = order.instrument;
    const q = this.market.quote(instrument);
    const buy = order.action === 'BUY';
    const remaining = order.totalQuantity - order.filled;
    if (remaining <= 0) {
      order.filling = false;
      return;
    }
    const shares = Math.min(remaining, MAX_CHUNK[instrument.secType]);
    const touch = buy ? q.ask : q.bid;
    const slipped = roundToTick(instrument, touch + (buy ? 1 : -1) * chunkIndex * instrument.minTick);
    let price = slipped;
    if (order.orderType === 'LMT' || order.orderType === 'STP LMT') {
      const limit = order.lmtPrice as number;
      if (buy ? touch > limit : touch < limit) {
        order.filling = false;
        return; // the market moved away: the rest waits for the next crossing
      }
      price = buy ? Math.min(slipped, limit) : Math.max(slipped, limit);
    }
    this.execute(order, instrument, shares, price);
    if (order.filled < order.totalQuantity) {
      order.filling = true;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        order.filling = false;
        this.fillChunks(order, chunkIndex + 1);
      }, CHUNK_GAP_MS);
      this.timers.add(timer);
    } else {
      order.filling = false;
    }
  }

  private execute(order: SimOrder, instrument: Instrument, shares: number, price: number): void {
    const account = this.account(order.account);
    const commission = commissionFor(instrument, shares, price);
    const realized = account.applyFill(instrument, order.action, shares, price, commission);
    const cost = order.avgFillPrice * order.filled + price * shares;
    order.filled += shares;
    order.avgFillPrice = Number((cost / order.filled).toFixed(6));
    order.lastFillPrice = price;
    order.commission = Math.round((order.commission + commission) * 100) / 100;
    order.status = order.filled >= order.totalQuantity ? 'Filled' : 'Submitted';
    order.updatedAt = Date.now();
    const fill: SimFill = {
      execId: this.nextExecId(),
      orderId: order.orderId,
      clientId: order.clientId,
      permId: order.permId,
      account: account.id,
      instrument,
      side: order.action === 'BUY' ? 'BOT' : 'SLD',
      shares,
      price,
      cumQty: order.filled,
      avgPrice: order.avgFillPrice,
      time: executionTime(Date.now(), 'utc', 'UTC'),
      exchange: executionExchange(instrument),
      commission,
      realizedPnl: realized,
      orderRef: order.orderRef,
      at: Date.now(),
    };
    this.fills.push(fill);
    this.sink?.filled(order, fill);
    this.sink?.accountChanged(instrument);
    this.afterFill(order, shares);
  }

  private initTrail(order: SimOrder): void {
    const q = this.market.quote(order.instrument as Instrument);
    if (order.trailStopPrice === undefined) order.trailStopPrice = this.trailFrom(order, q.last);
  }

  private trailFrom(order: SimOrder, last: number): number {
    const instrument = order.instrument as Instrument;
    const amount = order.trailingPercent !== undefined ? (last * order.trailingPercent) / 100 : (order.auxPrice ?? 0);
    return roundToTick(instrument, order.action === 'SELL' ? last - amount : last + amount);
  }

  /** A trailing stop follows the market in the favourable direction only. */
  private updateTrail(order: SimOrder, last: number): void {
    const candidate = this.trailFrom(order, last);
    const current = order.trailStopPrice;
    if (current === undefined) order.trailStopPrice = candidate;
    else if (order.action === 'SELL' && candidate > current) order.trailStopPrice = candidate;
    else if (order.action === 'BUY' && candidate < current) order.trailStopPrice = candidate;
  }

  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const h of this.expiries.values()) this.clock.clearTimeout(h);
    this.expiries.clear();
  }
}

/** Start stamps already handed out in this process: two engines started in one second still differ. */
let lastExecStamp = 0;

/** `[8 hex digits, unix-seconds stamp]`: the head differs per process, the stamp per engine start. */
function execIdPrefix(seed: number, fixed: number | undefined): readonly [string, number] {
  const stamp = fixed ?? Math.max(Math.floor(Date.now() / 1000), lastExecStamp + 1024);
  if (fixed === undefined) lastExecStamp = stamp;
  const head = ((0xe0d5 + (seed % 0xfff) * 0x10000 + (process.pid % 0xffff)) >>> 0).toString(16).padStart(8, '0');
  return [head, stamp];
}

export interface SimOrderState {
  initMarginBefore?: number;
  maintMarginBefore?: number;
  equityWithLoanBefore?: number;
  initMarginChange?: number;
  maintMarginChange?: number;
  equityWithLoanChange?: number;
  initMarginAfter?: number;
  maintMarginAfter?: number;
  equityWithLoanAfter?: number;
  commission?: number;
  minCommission?: number;
  maxCommission?: number;
  commissionCurrency: string;
  warningText: string;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

export type { OrderStatusText };
