/**
 * Open orders, fills and the order life cycle on top of one connection at a time.
 *
 * The invariant that matters most: an order is never sent twice. So nothing is queued while disconnected,
 * ids are persisted before use, and after every (re)connect the book is reconciled — open orders, then
 * executions — before a new order may leave.
 */
import { EventName, MIN_SERVER_VER, type Contract, type Execution, type IBApi, type Order, type OrderState } from '@stoqey/ib';
import { orderKey, type Fill, type OrdersSnapshot, type OrderView, type ParsedTicket } from '../contract.ts';
import { AppError } from '../errors.ts';
import { Emitter } from '../util/emitter.ts';
import { parseExecTime } from './exec-time.ts';
import { ibError } from './ib-errors.ts';
import { missingFills } from './missing-fills.ts';
import { systemClock, type Clock } from '../util/clock.ts';
import { dec, decOr0 } from './num.ts';
import type { OrderIdStore } from './order-ids.ts';
import { RequestIds } from './request-ids.ts';
import { tradingDay } from '../risk/calendar.ts';
import { groupLegs, ticketContract, ticketOrder, type OrderLinkFields } from './tickets.ts';

/** How often, and how many times, executions are asked for again while an order's fills are missing. */
const FILL_RETRY_MS = 5_000;
const FILL_RETRIES = 3;

const DONE = new Set(['Filled', 'Cancelled', 'ApiCancelled', 'Inactive']);
/** The orders stream's order: newest order id first (a Master API client's orders by client id after). */
const newestFirst = (a: OrderView, b: OrderView) => b.orderId - a.orderId || a.clientId - b.clientId;
/**
 * A read-only Gateway gives the API no order information ("Information about orders is not available to the
 * API when read-only mode is enabled": IB's docs as erdewit/ib_insync#8 quotes them). It answers
 * reqAllOpenOrders with 321 "Error validating request:-'bY' : cause - The API interface is currently in
 * Read-Only mode." and never an openOrderEnd (erdewit/ib_insync#1, #7; ib_async/ib.py 2057-2063 skips the
 * request when readonly). The id is -1 (bankroll-py/bankroll#65), which stoqey hands to `info`
 * (dist/core/io/decoder.js ERR_MSG); a 2017 Gateway sent 2147483647 instead (ib_insync#1), an `error`.
 */
const READ_ONLY_TEXT = /Read-Only mode/i;
const UNSET_ID = 2147483647;
/** How the note on an order the read-only Gateway no longer reports begins. */
const LAST_KNOWN = 'Last known state';

export type OrdersUnreadable = NonNullable<OrdersSnapshot['unreadable']>;

/** Codes with which the Gateway refuses an order outright. */
const REJECTS = new Set([103, 110, 200, 201, 203, 321, 10141]);

export interface WhatIfResult {
  commission: string | null;
  initMarginChange: string | null;
  maintMarginChange: string | null;
  equityWithLoanAfter: string | null;
  warning: string | null;
}

export type OrderEvents = {
  change: [];
  /** With the execution's own contract (what the fill was in, exactly). */
  fill: [Fill, Contract];
  rejected: [{ orderId: number; message: string }];
  status: [OrderView];
  /** The Gateway refused a modify (110, 201, …): the order still works at its last accepted terms. */
  modifyRefused: [{ orderId: number }];
  modifyAccepted: [{ orderId: number }];
  /** Something the trader should know that is not an order event (missing fills after a reconcile). */
  notice: [{ level: 'info' | 'warn' | 'error'; text: string }];
  /**
   * A placeOrder frame for an order of ours was written to the Gateway's socket. stoqey queues every
   * message in its rate limiter (40/s as 4 per 100 ms, controller.js:38-41) before the socket sees it, so
   * `place()` returning means "queued"; this is when the order has left.
   */
  sent: [{ orderId: number; modify: boolean }];
};

/** Outgoing message id of placeOrder (IB's OUT.PLACE_ORDER; stoqey encoder.js OUT_MSG_ID.PLACE_ORDER). */
const PLACE_ORDER_MSG = 3;
/**
 * Below server version 145 (ORDER_CONTAINER) placeOrder carries a message version before the order id:
 * stoqey encoder.js placeOrder, and IB's ibapi/client.py placeOrder (`if self.serverVersion() <
 * MIN_SERVER_VER_ORDER_CONTAINER: flds.append(make_field(VERSION))`).
 */
function placedOrderId(tokens: readonly unknown[], serverVersion: number): number | null {
  if (Number(tokens[0]) !== PLACE_ORDER_MSG) return null;
  const id = Number(tokens[serverVersion < MIN_SERVER_VER.ORDER_CONTAINER ? 2 : 1]);
  return Number.isInteger(id) ? id : null;
}

interface Waiter {
  match: (o: OrderView) => boolean;
  resolve: (o: OrderView) => void;
  reject: (e: AppError) => void;
  timer: NodeJS.Timeout;
}

export class OrderManager extends Emitter<OrderEvents> {
  private api: IBApi | null = null;
  private clientId = 0;
  private attachedOnce = false;
  private reconciledFlag = false;
  /** Set when the Gateway said its orders cannot be read on this connection (read-only API). */
  private unreadableReason: OrdersUnreadable | null = null;
  /**
   * Every order the connection reports, by orderKey (client id, order id): as the Master API client we see
   * other programs' orders, and their ids are numbered per client, so an order id alone may name two.
   */
  private readonly orders = new Map<string, OrderView>();
  /**
   * Keys of the orders that may be working: every open order is here, and a done one until the next
   * `openOrders()` drops it. Asked on every risk evaluation, which walked every order of the session (a
   * day's cancelled and filled ones too) and cost more the longer Gatehouse ran.
   */
  private readonly maybeOpen = new Set<string>();
  /** The snapshot's done list, newest first, while no done order came or changed (null: build it again). */
  private doneRows: OrderView[] | null = null;
  private readonly fills = new Map<string, Fill>();
  private readonly whatIfs = new Map<number, { resolve: (w: WhatIfResult) => void; reject: (e: AppError) => void; timer: NodeJS.Timeout }>();
  private readonly waiters = new Set<Waiter>();
  /** Working orders with a modify on its way: a reject code then refuses the modify, not the order. */
  private readonly modifying = new Set<number>();
  /** Orders handed to stoqey whose placeOrder frame has not reached the socket yet: id → is a modify. */
  private readonly queued = new Map<number, boolean>();
  /** execId → key in `fills` of the latest execution with that id (commission reports name only the id). */
  private readonly execKey = new Map<string, string>();
  /** The Gateway's zone from its handshake: zone-less execution times are in it. */
  private gatewayZone: string | null = null;
  private execReq: number | null = null;
  private readonly ids: OrderIdStore;
  private readonly now: () => number;
  private readonly clock: Clock;

  private readonly requestIds: RequestIds;

  constructor(opts: { ids: OrderIdStore; requestIds?: RequestIds; now?: () => number; clock?: Clock }) {
    super();
    this.ids = opts.ids;
    this.requestIds = opts.requestIds ?? new RequestIds();
    this.requestIds.setOrderIdCheck((id) => this.orders.has(this.ownKey(id)) || this.whatIfs.has(id));
    this.clock = opts.clock ?? systemClock;
    this.now = opts.now ?? (() => this.clock.now());
  }

  get reconciled(): boolean {
    return this.api !== null && this.reconciledFlag;
  }

  /** Why this connection cannot read the Gateway's orders (never reconciled then), or null. */
  get unreadable(): OrdersUnreadable | null {
    return this.api !== null ? this.unreadableReason : null;
  }

  /** The key of an order of this connection's own client id. */
  private ownKey(orderId: number): string {
    return orderKey({ clientId: this.clientId, orderId });
  }

  snapshot(): OrdersSnapshot {
    // The done list is sorted again only when a done order came or changed: most order events (placed,
    // Submitted, a modify) leave it as it was, and sorting the whole day's orders for each was most of
    // building this.
    if (this.doneRows === null) this.doneRows = [...this.orders.values()].filter((o) => DONE.has(o.status)).sort(newestFirst).slice(0, 200);
    return {
      open: this.openOrders().sort(newestFirst),
      done: this.doneRows,
      fills: [...this.fills.values()].sort((a, b) => b.time - a.time).slice(0, 500),
      reconciled: this.reconciled,
      ownClientId: this.attachedOnce ? this.clientId : null,
      ...(this.unreadable ? { unreadable: this.unreadable } : {}),
    };
  }

  openOrders(): OrderView[] {
    const open: OrderView[] = [];
    for (const key of this.maybeOpen) {
      const o = this.orders.get(key);
      if (o && !DONE.has(o.status)) open.push(o);
      else this.maybeOpen.delete(key);
    }
    return open;
  }

  /** Every write of a view goes here, so an order that works again is in `maybeOpen` again. */
  private put(key: string, view: OrderView): void {
    const was = this.orders.get(key);
    this.orders.set(key, view);
    if (!DONE.has(view.status)) this.maybeOpen.add(key);
    if (DONE.has(view.status) || (was && DONE.has(was.status))) this.doneRows = null;
  }

  /**
   * A changed order is a new object, never an edit of the one the book held: the orders stream skips a row
   * that is the object it diffed last time without comparing it (contract/changes.ts REPLACED_ROWS), so an
   * order event costs the rows that changed, not a comparison of every working and done order of the day.
   */
  private edit(o: OrderView, patch: Partial<OrderView>): OrderView {
    const next = { ...o, ...patch };
    this.put(orderKey(o), next);
    return next;
  }

  /** An order by its id and the client that placed it; Gatehouse's own connection's by default. */
  get(orderId: number, clientId = this.clientId): OrderView | undefined {
    return this.orders.get(orderKey({ clientId, orderId }));
  }

  /** The client id Gatehouse's connection has now (the profile's, or the next free one after a 326). */
  get ownClientId(): number {
    return this.clientId;
  }

  attach(api: IBApi, clientId: number, nextValidId: number, gatewayZone: string | null = null): void {
    this.api = api;
    this.clientId = clientId;
    this.attachedOnce = true;
    this.gatewayZone = gatewayZone;
    this.reconciledFlag = false;
    this.unreadableReason = null;
    this.ids.sync(nextValidId);
    api.on(EventName.nextValidId, (id) => this.ids.sync(id));
    this.queued.clear(); // a new connection: whatever waited in the old one's limiter was never sent
    api.on(EventName.sent, (tokens) => {
      const orderId = placedOrderId(tokens, api.serverVersion);
      const modify = orderId === null ? undefined : this.queued.get(orderId);
      if (orderId === null || modify === undefined) return;
      this.queued.delete(orderId);
      // stoqey emits `sent` after write() even when the socket is already gone (socket.js send).
      if (!api.isConnected) return;
      this.emit('sent', { orderId, modify });
    });
    api.on(EventName.openOrder, (orderId, contract, order, state) => this.onOpenOrder(orderId, contract, order, state));
    api.on(EventName.orderStatus, (orderId, status, filled, remaining, avgFillPrice, permId, _parentId, _last, clientId, whyHeld) =>
      this.onStatus(orderId, String(status), filled, remaining, avgFillPrice, clientId, permId, whyHeld),
    );
    api.on(EventName.execDetails, (_reqId, contract, execution) => this.onExec(contract, execution));
    api.on(EventName.commissionReport, (report) => {
      const key = report.execId ? this.execKey.get(report.execId) : undefined;
      const fill = key ? this.fills.get(key) : undefined;
      if (!key || !fill) return;
      this.fills.set(key, { ...fill, commission: dec(report.commission, 4), realizedPnl: dec(report.realizedPNL, 2) });
      this.emit('change');
    });
    const seen = new Set<string>();
    const onSeen = (orderId: number, _c: Contract, order: Order) => seen.add(orderKey({ clientId: order.clientId ?? this.clientId, orderId, permId: order.permId ?? 0 }));
    api.on(EventName.openOrder, onSeen);
    api.on(EventName.execDetails, (_r, _c, e) => e.orderId !== undefined && seen.add(orderKey({ clientId: e.clientId ?? this.clientId, orderId: e.orderId, permId: e.permId ?? 0 })));
    let awaitingOpenOrders = true;
    const askExecutions = () => {
      if (this.execReq !== null) this.requestIds.release(this.execReq);
      this.execReq = this.requestIds.take('executions');
      api.reqExecutions(this.execReq, {});
    };
    api.once(EventName.openOrderEnd, () => {
      awaitingOpenOrders = false;
      // The book is read again: a note that an order was only "last known" (a read-only spell) is over.
      for (const o of this.orders.values()) if (o.lastError?.startsWith(LAST_KNOWN)) this.edit(o, { lastError: null });
      // Executions second: fills that happened while we were away are recorded before anything is sent.
      askExecutions();
    });
    const onReadOnly = (code: number, message: string) => {
      if (code !== 321 || !READ_ONLY_TEXT.test(message) || !awaitingOpenOrders || this.api !== api) return;
      // No openOrderEnd will come: stop waiting, and say why instead of "reconciling" for ever. Executions
      // are still asked for (ib_async and deephaven-ib's read-only clients ask for them), for the fills.
      awaitingOpenOrders = false;
      this.unreadableReason = 'read-only';
      // Orders from an earlier connection stay listed, but only as last seen: they may have filled or been
      // cancelled since, and this Gateway will not say.
      for (const o of this.orders.values()) {
        if (DONE.has(o.status)) continue;
        this.edit(o, { lastError: `${LAST_KNOWN} (${o.status}): the Gateway's API is now read-only and shows no orders, so this order may have filled or been cancelled since. Check TWS or Client Portal.` });
      }
      this.emit('notice', { level: 'warn', text: "The Gateway's API is read-only: it gives programs no order information, so working orders cannot be listed and nothing can be sent." });
      this.emit('change');
      askExecutions();
    };
    api.on(EventName.info, (message: string, code: number) => onReadOnly(code, message));
    api.on(EventName.error, (err: Error, code: number, reqId: number) => {
      if (reqId === UNSET_ID) onReadOnly(code, err?.message ?? String(err));
    });
    api.on(EventName.execDetailsEnd, (reqId) => {
      if (reqId !== this.execReq || this.api !== api) return;
      // Unreadable orders: the fills are in, but nothing can be checked against the Gateway's orders, so no
      // order is called lost and the book is not reconciled.
      if (this.unreadableReason) return void this.emit('change');
      api.off(EventName.openOrder, onSeen);
      // An order we sent but the Gateway knows nothing of (no open order, no execution) never arrived:
      // the socket reset while it was on its way. Say so; never resend it on our own.
      for (const o of this.orders.values()) {
        if (seen.has(orderKey(o)) || DONE.has(o.status)) continue;
        const neverArrived = o.status === 'PendingSubmit';
        const lastError = neverArrived
          ? 'The Gateway never received this order (the connection dropped while sending). It was not placed; send it again if you still want it.'
          : 'The Gateway no longer reports this order after reconnecting (expired, cancelled elsewhere, or lost in a Gateway restart). Check TWS or Client Portal before sending it again.';
        const gone = this.edit(o, { status: 'Inactive', lastError, updatedAt: this.now() });
        this.emit('rejected', { orderId: gone.orderId, message: lastError });
        this.settle(gone);
      }
      this.reconciledFlag = true;
      this.emit('change');
      this.checkFills(api, 0);
    });
    // All clients' orders, not just this client id's: after a 326 we may be on another id, and a trader
    // wants to see every working order in the account, as TWS shows them.
    api.reqAllOpenOrders();
    this.emit('change');
  }

  /**
   * After a reconcile: an order the Gateway calls filled whose executions have not all arrived gets a
   * notice (log line + the order's message) and executions are asked for again, every FILL_RETRY_MS on the
   * injected clock, up to FILL_RETRIES times; never silently left as Filled without its fills.
   */
  private checkFills(api: IBApi, attempt: number): void {
    if (this.api !== api) return;
    const missing = missingFills(this.orders.values(), this.fills.values(), this.clientId);
    for (const m of missing) {
      const o = this.orders.get(orderKey(m))!;
      const last = attempt >= FILL_RETRIES;
      const lastError = last
        ? `IB reports ${m.filled} filled but only ${m.known} arrived in Fills after ${attempt} retries; check the executions in TWS or Client Portal.`
        : `IB reports ${m.filled} filled but only ${m.known} arrived in Fills; asking the Gateway for its executions again.`;
      this.edit(o, { lastError });
      this.emit('notice', { level: last ? 'error' : 'warn', text: `Order ${m.orderId} (${m.symbol}): ${lastError}` });
    }
    for (const o of this.orders.values()) {
      // Fills that arrived on a retry clear the order's notice.
      if (o.lastError?.startsWith('IB reports ') && !missing.some((m) => m.orderId === o.orderId && m.clientId === o.clientId)) {
        this.edit(o, { lastError: null });
        this.emit('notice', { level: 'info', text: `Order ${o.orderId} (${o.symbol}): its missing fills arrived.` });
      }
    }
    if (missing.length > 0) this.emit('change');
    if (missing.length === 0 || attempt >= FILL_RETRIES) return;
    this.clock.setTimeout(() => {
      if (this.api !== api) return;
      const reqId = this.requestIds.take('executions');
      const onEnd = (id: number) => {
        if (id !== reqId) return;
        api.off(EventName.execDetailsEnd, onEnd);
        this.requestIds.release(reqId);
        this.checkFills(api, attempt + 1);
      };
      api.on(EventName.execDetailsEnd, onEnd);
      api.reqExecutions(reqId, {});
    }, FILL_RETRY_MS);
  }

  detach(): void {
    this.api = null;
    this.reconciledFlag = false;
    this.unreadableReason = null;
    this.modifying.clear();
    for (const w of this.whatIfs.values()) {
      clearTimeout(w.timer);
      w.reject(notConnected());
    }
    this.whatIfs.clear();
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(notConnected());
    }
    this.waiters.clear();
    this.emit('change');
  }

  /** Errors the session routes to us by id. Returns true when the id was an order of ours. */
  onError(id: number, code: number, message: string): boolean {
    const wi = this.whatIfs.get(id);
    if (wi) {
      clearTimeout(wi.timer);
      this.whatIfs.delete(id);
      wi.reject(new AppError('IB_ERROR', ibError(code, message).message, { hint: ibError(code, message).hint ?? '', ibCode: code }));
      return true;
    }
    // The Gateway sends an order's errors to the client that placed it: an id here is one of ours.
    const was = this.orders.get(this.ownKey(id));
    if (!was) return false;
    if (code === 202) return true; // "Order Canceled": the status message carries the state
    const lastError = `${message} (${code})`;
    const modifyRefused = REJECTS.has(code) && this.modifying.delete(id);
    // The Gateway refused the order itself (not a modify of it): it will never work.
    const o = this.edit(was, { lastError, updatedAt: this.now(), ...(REJECTS.has(code) && !modifyRefused ? { status: 'Inactive' } : {}) });
    if (modifyRefused) {
      // IB refuses the new terms (110 tick, 201 reason) and the order keeps working as it was.
      this.emit('rejected', { orderId: id, message: lastError });
      this.emit('modifyRefused', { orderId: id });
    } else if (REJECTS.has(code)) {
      this.emit('rejected', { orderId: id, message: lastError });
    } else if (code < 2000 && code !== 399) {
      // A modify or cancel was refused (104, 105, 135, 161, 10147, 10148): the order stays as it was.
      this.emit('rejected', { orderId: id, message: lastError });
    }
    this.settle(o);
    this.emit('change');
    return true;
  }

  private requireReady(): IBApi {
    if (!this.api) throw notConnected();
    if (this.unreadableReason === 'read-only') {
      throw new AppError('READ_ONLY', "Not sent: the Gateway's API is read-only, so it takes no orders and shows none to programs.", {
        hint: 'Turn Read-Only API off (in the profile, or in the Gateway: Configure → Settings → API) and restart the Gateway to trade.',
      });
    }
    if (!this.reconciledFlag) {
      throw new AppError('NOT_CONNECTED', 'Orders are being reconciled after the reconnect.', {
        hint: 'Wait a moment: Gatehouse checks open orders and fills first so nothing is sent twice.',
      });
    }
    return this.api;
  }

  /** Takes the next order id (persisted), so risk can reserve against it before anything is sent. */
  takeId(): number {
    this.requireReady();
    return this.ids.take();
  }

  place(ticket: ParsedTicket, account: string | null, reservedId?: number): number {
    const api = this.requireReady();
    const contract = ticketContract(ticket);
    const order = ticketOrder(ticket, account ? { account } : {});
    const orderId = reservedId ?? this.ids.take();
    this.put(this.ownKey(orderId), this.viewFromTicket(orderId, ticket, account));
    this.queued.set(orderId, false);
    api.placeOrder(orderId, contract, { ...order, orderId });
    this.emit('change');
    return orderId;
  }

  /**
   * A ticket with attached orders (bracket) under the ids reserved for it, parent first: sent in IB's
   * order with transmit=false on all but the last leg, so the Gateway holds the group until it is whole
   * (tickets.ts groupLegs). All legs are in the book at once, so nothing else can take their ids.
   */
  placeGroup(ticket: ParsedTicket, account: string | null, ids: readonly number[]): number[] {
    const api = this.requireReady();
    const legs = groupLegs(ticket, ids);
    const built = legs.map((l) => ({ leg: l, contract: ticketContract(l.ticket), order: ticketOrder(l.ticket, { ...(account ? { account } : {}), ...l.links }) }));
    for (const { leg } of built) this.put(this.ownKey(leg.orderId), this.viewFromTicket(leg.orderId, leg.ticket, account, leg.links));
    for (const { leg, contract, order } of built) {
      this.queued.set(leg.orderId, false);
      api.placeOrder(leg.orderId, contract, { ...order, orderId: leg.orderId });
    }
    this.emit('change');
    return legs.map((l) => l.orderId);
  }

  modify(orderId: number, ticket: ParsedTicket, clientId = this.clientId): void {
    const api = this.requireReady();
    this.requireOwn(orderId, clientId, 'modify');
    const o = this.orders.get(this.ownKey(orderId));
    if (!o) throw new AppError('NOT_FOUND', `Order ${orderId} is not known.`, { hint: 'Refresh open orders.' });
    if (DONE.has(o.status)) throw new AppError('BAD_INPUT', `Order ${orderId} is ${o.status} and cannot be modified.`);
    if (ticket.symbol !== o.symbol || ticket.side !== o.side) {
      throw new AppError('BAD_INPUT', 'A modification cannot change the symbol or side; cancel and place a new order.');
    }
    // An attached order keeps its parent and OCA group: IB matches a modify to the order it changes.
    const links: OrderLinkFields = {
      ...(o.parentId ? { parentId: o.parentId } : {}),
      ...(o.ocaGroup ? { ocaGroup: o.ocaGroup, ...(o.ocaType ? { ocaType: o.ocaType } : {}) } : {}),
    };
    const order = ticketOrder(ticket, { ...(o.account ? { account: o.account } : {}), ...links });
    // The view keeps the terms the Gateway confirmed; its openOrder answer brings the new ones (or an error
    // such as 105 leaves the old ones standing, as they really are).
    this.edit(o, { lastError: null });
    if (o.status !== 'PendingSubmit') this.modifying.add(orderId);
    this.queued.set(orderId, true);
    api.placeOrder(orderId, ticketContract(ticket), { ...order, orderId });
    this.emit('change');
  }

  /**
   * cancelOrder and a placeOrder of a live id name only an order id, which the Gateway reads in the sending
   * client's own numbering: only the client that placed an order may cancel or modify it, the Master API
   * client included ("only the placing client (or client 0 after binding) may modify or cancel",
   * shared/reference/tws-protocol.md; IB's cancelOrder page: an order can be cancelled by the client id that
   * placed it, https://interactivebrokers.github.io/tws-api/cancel_order.html). Sent for another client's
   * order it would cancel Gatehouse's own order with that id. reqGlobalCancel (the kill switch) reaches all.
   */
  requireOwn(orderId: number, clientId: number, what: 'cancel' | 'modify'): void {
    if (clientId === this.clientId) return;
    throw new AppError('BAD_INPUT', `Order ${orderId} of client ${clientId} was placed by another program; only that program can ${what} it.`, {
      hint: 'IB lets only the client that placed an order change or cancel it. The kill switch (global cancel) cancels every client’s orders.',
    });
  }

  cancel(orderId: number, clientId = this.clientId): void {
    if (!this.api) throw notConnected();
    this.requireOwn(orderId, clientId, 'cancel');
    const o = this.orders.get(this.ownKey(orderId));
    if (!o) throw new AppError('NOT_FOUND', `Order ${orderId} is not known.`, { hint: 'It may be done already; refresh open orders.' });
    if (DONE.has(o.status)) throw new AppError('BAD_INPUT', `Order ${orderId} is already ${o.status}.`);
    this.api.cancelOrder(orderId, '');
  }

  cancelAll(): void {
    if (!this.api) throw notConnected();
    this.api.reqGlobalCancel();
  }

  whatIf(ticket: ParsedTicket, account: string | null, timeoutMs = 5000): Promise<WhatIfResult> {
    const api = this.requireReady();
    const contract = ticketContract(ticket);
    const order = ticketOrder(ticket, { ...(account ? { account } : {}), whatIf: true });
    const orderId = this.ids.take();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.whatIfs.delete(orderId);
        reject(new AppError('IB_ERROR', 'The Gateway did not answer the what-if preview in time.', { hint: 'Try again.' }));
      }, timeoutMs);
      this.whatIfs.set(orderId, { resolve, reject, timer });
      api.placeOrder(orderId, contract, { ...order, orderId });
    });
  }

  /** Resolves when an order reaches a state, e.g. Submitted; used by the UI flow and the benchmarks. */
  waitFor(orderId: number, match: (o: OrderView) => boolean, timeoutMs = 10_000): Promise<OrderView> {
    const key = this.ownKey(orderId);
    const o = this.orders.get(key);
    if (o && match(o)) return Promise.resolve({ ...o });
    return new Promise((resolve, reject) => {
      const w: Waiter = {
        match: (v) => orderKey(v) === key && match(v),
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(w);
          reject(new AppError('IB_ERROR', `Order ${orderId} did not reach the expected state in time.`));
        }, timeoutMs),
      };
      this.waiters.add(w);
    });
  }

  private settle(o: OrderView) {
    for (const w of [...this.waiters]) {
      if (w.match(o)) {
        clearTimeout(w.timer);
        this.waiters.delete(w);
        w.resolve({ ...o });
      }
    }
    this.emit('status', { ...o });
  }

  private viewFromTicket(orderId: number, t: ParsedTicket, account: string | null, links: OrderLinkFields = {}): OrderView {
    const ocaGroup = links.ocaGroup ?? t.ocaGroup;
    return {
      ...(links.parentId ? { parentId: links.parentId } : {}),
      ...(ocaGroup ? { ocaGroup, ocaType: links.ocaType ?? t.ocaType ?? 1 } : {}),
      orderId,
      permId: 0,
      clientId: this.clientId,
      account: account ?? '',
      symbol: t.symbol,
      secType: t.secType,
      ...(t.secType === 'FUT' && t.lastTradeDateOrContractMonth ? { lastTradeDateOrContractMonth: t.lastTradeDateOrContractMonth } : {}),
      side: t.side,
      quantity: t.quantity,
      type: t.type,
      limitPrice: t.limitPrice ?? null,
      stopPrice: t.stopPrice ?? null,
      trailAmount: t.trailAmount ?? null,
      trailPercent: t.trailPercent ?? null,
      tif: t.tif,
      outsideRth: t.outsideRth,
      status: 'PendingSubmit',
      filled: '0',
      remaining: t.quantity,
      avgFillPrice: null,
      lastError: null,
      updatedAt: this.now(),
      submittedAt: this.now(),
    };
  }

  private onOpenOrder(orderId: number, contract: Contract, order: Order, state: OrderState) {
    const clientId = order.clientId ?? this.clientId;
    const own = clientId === this.clientId;
    const wi = own ? this.whatIfs.get(orderId) : undefined;
    if (wi || order.whatIf) {
      if (!wi) return;
      clearTimeout(wi.timer);
      this.whatIfs.delete(orderId);
      wi.resolve({
        commission: dec(state.commission, 4),
        initMarginChange: dec(state.initMarginChange, 2),
        maintMarginChange: dec(state.maintMarginChange, 2),
        equityWithLoanAfter: dec(state.equityWithLoanAfter, 2),
        warning: state.warningText || null,
      });
      return;
    }
    const key = orderKey({ clientId, orderId, permId: order.permId ?? 0 });
    const prev = this.orders.get(key);
    // The Gateway's answer carries the terms it accepted: a modify in flight is settled.
    if (own && this.modifying.delete(orderId)) this.emit('modifyAccepted', { orderId });
    const type = String(order.orderType ?? prev?.type ?? 'MKT');
    // First reported while connected and reconciled: it was submitted just now (another client's, or a child
    // the Gateway made). First seen in the reconcile's download: it was working before, at a time IB does not say.
    const submittedAt = prev?.submittedAt ?? (this.reconciledFlag ? this.now() : undefined);
    const view: OrderView = {
      orderId,
      permId: order.permId ?? prev?.permId ?? 0,
      clientId,
      account: order.account ?? prev?.account ?? '',
      symbol: contract.secType === 'CASH' ? `${contract.symbol}.${contract.currency}` : (contract.symbol ?? prev?.symbol ?? '?'),
      secType: String(contract.secType ?? prev?.secType ?? 'STK'),
      ...(contract.secType === 'FUT' && (contract.lastTradeDateOrContractMonth || prev?.lastTradeDateOrContractMonth)
        ? { lastTradeDateOrContractMonth: contract.lastTradeDateOrContractMonth || prev?.lastTradeDateOrContractMonth }
        : {}),
      side: order.action === 'SELL' ? 'SELL' : 'BUY',
      quantity: decOr0(order.totalQuantity),
      type,
      limitPrice: type === 'LMT' || type === 'STP LMT' ? dec(order.lmtPrice) : null,
      stopPrice: type === 'STP' || type === 'STP LMT' ? dec(order.auxPrice) : type === 'TRAIL' ? dec(order.trailStopPrice) : null,
      trailAmount: type === 'TRAIL' && !dec(order.trailingPercent) ? dec(order.auxPrice) : null,
      trailPercent: type === 'TRAIL' ? dec(order.trailingPercent) : null,
      tif: String(order.tif ?? 'DAY'),
      ...(order.goodTillDate ? { goodTillDate: String(order.goodTillDate) } : {}),
      outsideRth: Boolean(order.outsideRth),
      ...(order.parentId ? { parentId: order.parentId } : {}),
      ...(order.ocaGroup ? { ocaGroup: order.ocaGroup, ocaType: order.ocaType ?? 0 } : {}),
      status: String(state.status ?? prev?.status ?? 'Submitted'),
      // openOrder carries no whyHeld: the last orderStatus's reason stands until the next orderStatus.
      ...(prev?.whyHeld && state.status === prev.status ? { whyHeld: prev.whyHeld } : {}),
      // openOrder(Filled) can arrive before orderStatus(Filled); Filled means all of it.
      filled: state.status === 'Filled' ? decOr0(order.totalQuantity) : (prev?.filled ?? '0'),
      remaining: state.status === 'Filled' ? '0' : (prev?.remaining ?? decOr0(order.totalQuantity)),
      avgFillPrice: prev?.avgFillPrice ?? null,
      lastError: prev?.lastError ?? null,
      updatedAt: this.now(),
      ...(submittedAt !== undefined ? { submittedAt } : {}),
    };
    this.put(key, view);
    this.settle(view);
    this.emit('change');
  }

  private onStatus(orderId: number, status: string, filled: number, remaining: number, avg: number, clientId?: number, permId?: number, whyHeld?: string) {
    const was = this.orders.get(orderKey({ clientId: clientId ?? this.clientId, orderId, permId: permId ?? 0 }));
    if (!was) return; // openOrder always comes first for orders we may act on
    // Every orderStatus says it afresh: a reason the last one gave is gone when this one gives none.
    const { whyHeld: _before, ...rest } = was;
    const o = this.edit(rest, { status, filled: decOr0(filled), remaining: decOr0(remaining), avgFillPrice: filled > 0 ? dec(avg) : null, updatedAt: this.now(), ...(whyHeld ? { whyHeld } : {}) });
    this.settle(o);
    this.emit('change');
  }

  private onExec(contract: Contract, e: Execution) {
    if (!e.execId) return;
    const time = parseExecTime(e.time, this.gatewayZone) ?? this.now();
    const known = this.fills.get(e.execId);
    const clientId = e.clientId ?? this.clientId;
    // The same execution comes twice (live, then in the reqExecutions replay after a reconnect): keep one.
    // An id that is not this execution (another order, another trading day) is never dropped.
    if (known && known.orderId === (e.orderId ?? 0) && known.clientId === clientId && tradingDay(known.time) === tradingDay(time)) return;
    const key = known ? `${e.execId}#${e.permId ?? e.orderId ?? 0}@${tradingDay(time)}` : e.execId;
    if (this.fills.has(key)) return;
    const fill: Fill = {
      execId: e.execId,
      orderId: e.orderId ?? 0,
      clientId,
      account: e.acctNumber ?? '',
      symbol: contract.secType === 'CASH' ? `${contract.symbol}.${contract.currency}` : (contract.symbol ?? '?'),
      ...executedInstrument(contract),
      side: e.side === 'SLD' || e.side === 'SELL' ? 'SELL' : 'BUY',
      shares: decOr0(e.shares),
      price: decOr0(e.price),
      time,
      commission: null,
      realizedPnl: null,
    };
    this.fills.set(key, fill);
    this.execKey.set(e.execId, key);
    this.emit('fill', fill, contract);
    this.emit('change');
  }
}

/** What a fill says of its instrument beyond the symbol (schemas.ts Fill): a stock says nothing more. */
function executedInstrument(c: Contract): Pick<Fill, 'secType' | 'lastTradeDateOrContractMonth' | 'localSymbol'> {
  if (!c.secType || c.secType === 'STK') return {};
  return {
    secType: String(c.secType),
    ...(c.secType === 'FUT' && c.lastTradeDateOrContractMonth ? { lastTradeDateOrContractMonth: c.lastTradeDateOrContractMonth } : {}),
    ...(c.localSymbol && c.secType === 'FUT' ? { localSymbol: c.localSymbol } : {}),
  };
}

function notConnected(): AppError {
  return new AppError('NOT_CONNECTED', 'Not connected to the Gateway.', {
    hint: 'Orders are never queued while disconnected. Wait for the connection, then send again.',
  });
}
