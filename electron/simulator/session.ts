/**
 * One client connection: handshake, startApi, request dispatch and the subscriptions it holds.
 */
import type { Socket } from 'node:net';
import type { Engine } from './engine.ts';
import type { Field } from './frames.ts';
import type { ReaderEvent } from './frames.ts';
import { ClientFrameReader, encodeFrame, encodeServerHello } from './frames.ts';
import { accountTime, connectionTime, executionTime, type ExecTimeForm } from './gateway-time.ts';
import * as M from './messages.ts';
import type { SimFill, SimOrder } from './orders.ts';
import { isOpen } from './orders.ts';
import {
  FieldReader,
  OUT,
  RequestError,
  parseCancelOrder,
  parseContractDetailsRequest,
  parseExecutionsRequest,
  parseHistoricalDataRequest,
  parseMktDataRequest,
  parsePlaceOrder,
} from './requests.ts';
import { MAX_BARS, barSeconds, durationSeconds, generateBars } from './history.ts';
import { SUMMARY_TAGS, ledgerCurrencies, ledgerValues, summaryValues } from './summary.ts';
import type { Instrument } from './universe.ts';
import { UNIVERSE, matchInstruments, resolveInstrument } from './universe.ts';
import { MIN_CLIENT_VERSION } from './versions.ts';

/** What a session needs from the server that owns it. */
export interface Hub {
  readonly engine: Engine;
  readonly maxServerVersion: number;
  readonly accounts: readonly string[];
  /** True while the "hang" fault holds: nothing is answered or sent. */
  isHung(): boolean;
  /** Execution reports held back (fault `executionsDelayed`). */
  executionsDelayed(): boolean;
  isConnectivityLost(): boolean;
  slowLoginMs(): number;
  isSubscribed(instrument: Instrument): boolean;
  /** The Gateway's "Read-Only API" setting: orders, cancels and order information are refused with 321. */
  readonly readOnlyApi: boolean;
  /** SimulatorOptions.portfolioRefreshMs: how often account-update subscribers get portfolio values again. */
  readonly portfolioRefreshMs: number;
  /** The Gateway's zone (its machine's, or jts.ini TimeZone): connection and account times are in it. */
  readonly timeZone: string;
  /** Which execution-time form this Gateway writes (gateway-time.ts). */
  readonly execTimeForm: ExecTimeForm;
  /** Claims a client id; returns false if a live or stale session holds it. */
  claimClientId(session: Session, clientId: number): boolean;
  releaseClientId(session: Session): void;
  log(line: string): void;
}

interface MktDataSub {
  instrument: Instrument;
  delayed: boolean;
  /** The day's range as last sent: HIGH/LOW go out again whenever an extreme moves. */
  high: number;
  low: number;
}

const TICK = {
  BID_SIZE: 0,
  BID: 1,
  ASK: 2,
  ASK_SIZE: 3,
  LAST: 4,
  LAST_SIZE: 5,
  HIGH: 6,
  LOW: 7,
  VOLUME: 8,
  CLOSE: 9,
  LAST_TIMESTAMP: 45,
} as const;

/** Live tick type → its delayed twin (DELAYED_BID 66 … DELAYED_CLOSE 75, DELAYED_LAST_TIMESTAMP 88). */
const DELAYED_TICK: Record<number, number> = { 1: 66, 2: 67, 4: 68, 0: 69, 3: 70, 5: 71, 6: 72, 7: 73, 8: 74, 9: 75, 45: 88 };

/**
 * A read-only Gateway gives the API no order information: "Information about orders is not available to the
 * API when read-only mode is enabled" (IB's API docs, as erdewit/ib_insync#8 quotes them). reqOpenOrders at
 * connect got 321 "Error validating request:-'bY' : cause - The API interface is currently in Read-Only
 * mode." (erdewit/ib_insync#1; the maintainer removed the call after #7), reqCompletedOrders got the same
 * with 'b7' for reqId -1 (bankroll-py/bankroll#65; "reqCompletedOrders is not allowed when the API is in
 * read-only", ib_insync#224), and no End follows: ib_async's connect skips both requests when readonly
 * rather than wait for one (ib_async/ib.py 2057-2063). The two letters are IB's internal check and differ by
 * Gateway version; the id is -1 (2017's Gateway sent 2147483647 in ib_insync#1, 2019's -1 in bankroll#65).
 * Executions are not refused: ib_async and deephaven-ib's read-only client still ask for them.
 */
const ORDER_INFO_REFUSED = 'bY';
const COMPLETED_REFUSED = 'b7';


export class Session {
  readonly socket: Socket;
  readonly connectedAt = Date.now();
  clientId: number | undefined;
  serverVersion = 0;
  private readonly hub: Hub;
  private readonly reader = new ClientFrameReader();
  private readonly inbox: ReaderEvent[] = [];
  private state: 'greeting' | 'awaiting-start' | 'ready' | 'closed' = 'greeting';
  private marketDataType = 1;
  private readonly mktData = new Map<number, MktDataSub>();
  /** Execution reports held back while `executionsDelayed` is on, for this socket. */
  private readonly withheld: SimFill[] = [];
  private readonly summaries = new Map<number, Set<string>>();
  private accountUpdates: string | undefined;
  private lastPortfolioPush = 0;
  private positionsSubscribed = false;
  private readonly pnlSubs = new Map<number, string>();
  private readonly pnlSingleSubs = new Map<number, { account: string; conId: number }>();
  /** Client 0 after reqAutoOpenOrders(true): receives every client's order updates. */
  autoBind = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(hub: Hub, socket: Socket) {
    this.hub = hub;
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
  }

  /** A method, not a field test, because close() can run in the middle of a loop (TS would narrow it away). */
  isClosed(): boolean {
    return this.state === 'closed';
  }

  /** What the client sent that is not handled yet: only while the Gateway is "hung" is it ever above 0. */
  get waiting(): number {
    return this.inbox.length;
  }

  get ready(): boolean {
    return this.state === 'ready';
  }

  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.hub.releaseClientId(this);
    this.socket.destroy();
  }

  /** Sends one message unless the Gateway is "hung". */
  send(fields: Field[]): void {
    if (this.state === 'closed' || this.hub.isHung()) return;
    this.socket.write(encodeFrame(fields));
  }

  sendRaw(bytes: Buffer): void {
    if (this.state === 'closed' || this.hub.isHung()) return;
    this.socket.write(bytes);
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private onData(chunk: Buffer): void {
    if (this.state === 'closed') return;
    this.inbox.push(...this.reader.push(chunk));
    this.drain();
  }

  /**
   * Handles what the client sent. While the Gateway is "hung" nothing is handled: like a frozen JVM, the
   * bytes wait in the socket and get answered (greeting included) once the hang ends.
   */
  drain(): void {
    while (this.inbox.length > 0 && !this.isClosed() && !this.hub.isHung()) {
      const event = this.inbox.shift() as ReaderEvent;
      if (event.type === 'invalid') {
        this.hub.log(`client ${this.clientId ?? '?'}: ${event.reason}; closing its socket`);
        this.close();
        return;
      }
      if (event.type === 'greeting') {
        this.onGreeting(event.minVersion, event.maxVersion);
        continue;
      }
      try {
        this.onFrame(event.fields);
      } catch (err) {
        if (!(err instanceof RequestError)) throw err;
        this.hub.log(`client ${this.clientId ?? '?'}: malformed request (${err.message}); closing its socket`);
        this.close();
        return;
      }
    }
  }

  private onGreeting(minVersion: number, maxVersion: number): void {
    const version = Math.min(maxVersion, this.hub.maxServerVersion);
    if (version < Math.max(minVersion, MIN_CLIENT_VERSION)) {
      this.hub.log(`client asked for v${minVersion}..${maxVersion}; not supported`);
      this.close();
      return;
    }
    this.serverVersion = version;
    const reply = () => {
      if (this.state === 'closed') return;
      this.state = 'awaiting-start';
      this.sendRaw(encodeServerHello(version, connectionTime(Date.now(), this.hub.timeZone)));
    };
    const delay = this.hub.slowLoginMs();
    if (delay > 0) this.later(delay, reply);
    else reply();
  }

  private onFrame(fields: string[]): void {
    const id = Number(fields[0]);
    if (!Number.isInteger(id)) throw new RequestError(`message id ${JSON.stringify(fields[0])} is not a number`);
    if (this.state === 'awaiting-start') {
      if (id !== OUT.START_API) throw new RequestError(`expected startApi, got message ${id}`);
      const r = new FieldReader(fields);
      r.int();
      r.int();
      this.onStartApi(r.int());
      return;
    }
    if (this.state !== 'ready') throw new RequestError(`message ${id} before the handshake`);
    this.dispatch(id, fields);
  }

  private onStartApi(clientId: number): void {
    const sv = this.serverVersion;
    if (!this.hub.claimClientId(this, clientId)) {
      this.send(M.error(sv, -1, 326, 'Unable to connect as the client id is already in use. Retry with a unique client id.'));
      this.hub.log(`client id ${clientId} already in use: refused`);
      // Let the error frame flush before the socket goes, as the Gateway does; the session is over now.
      this.state = 'closed';
      for (const t of this.timers) clearTimeout(t);
      this.hub.releaseClientId(this);
      this.socket.end(() => this.socket.destroy());
      return;
    }
    this.clientId = clientId;
    this.state = 'ready';
    this.hub.log(`client ${clientId} connected (server version ${sv})`);
    this.send(M.managedAccounts(this.hub.accounts));
    this.send(M.nextValidId(this.hub.engine.nextOrderId(clientId)));
    this.send(M.error(sv, -1, 2104, 'Market data farm connection is OK:usfarm'));
    this.send(M.error(sv, -1, 2106, 'HMDS data farm connection is OK:ushmds'));
    this.send(M.error(sv, -1, 2158, 'Sec-def data farm connection is OK:secdefil'));
  }

  private dispatch(id: number, fields: string[]): void {
    const sv = this.serverVersion;
    const engine = this.hub.engine;
    const r = new FieldReader(fields);
    r.int();
    switch (id) {
      case OUT.REQ_IDS:
        this.send(M.nextValidId(engine.nextOrderId(this.clientId ?? 0)));
        return;
      case OUT.REQ_CURRENT_TIME:
        this.send(M.currentTime(Math.floor(Date.now() / 1000)));
        return;
      case OUT.REQ_MANAGED_ACCTS:
        this.send(M.managedAccounts(this.hub.accounts));
        return;
      case OUT.REQ_ACCOUNT_SUMMARY: {
        r.int();
        const reqId = r.int();
        r.str(); // group
        const tags = new Set(r.str().split(',').map((t) => t.trim()).filter(Boolean));
        this.summaries.set(reqId, tags);
        this.sendSummary(reqId, tags);
        return;
      }
      case OUT.CANCEL_ACCOUNT_SUMMARY:
        r.int();
        this.summaries.delete(r.int());
        return;
      case OUT.REQ_ACCOUNT_DATA: {
        r.int();
        const subscribe = r.bool();
        const account = r.str() || this.hub.accounts[0] || '';
        if (subscribe) {
          this.accountUpdates = account;
          this.lastPortfolioPush = Date.now();
          this.sendAccountUpdates(true);
        } else {
          this.accountUpdates = undefined;
        }
        return;
      }
      case OUT.REQ_POSITIONS:
        this.positionsSubscribed = true;
        this.sendAllPositions();
        return;
      case OUT.CANCEL_POSITIONS:
        this.positionsSubscribed = false;
        return;
      case OUT.REQ_PNL: {
        const reqId = r.int();
        const account = r.str() || this.hub.accounts[0] || '';
        this.pnlSubs.set(reqId, account);
        this.sendPnl(reqId, account);
        return;
      }
      case OUT.CANCEL_PNL:
        this.pnlSubs.delete(r.int());
        return;
      case OUT.REQ_PNL_SINGLE: {
        const reqId = r.int();
        const account = r.str() || this.hub.accounts[0] || '';
        r.str(); // modelCode
        const conId = r.int();
        if (!UNIVERSE.some((i) => i.conId === conId)) {
          this.send(M.error(sv, reqId, 200, 'No security definition has been found for the request'));
          return;
        }
        this.pnlSingleSubs.set(reqId, { account, conId });
        this.sendPnlSingle(reqId, account, conId);
        return;
      }
      case OUT.CANCEL_PNL_SINGLE:
        this.pnlSingleSubs.delete(r.int());
        return;
      case OUT.REQ_CONTRACT_DATA: {
        const { reqId, contract } = parseContractDetailsRequest(fields);
        // Every match, one contractData each: `ES FUT CME` without an expiry lists every listed month, as a
        // real Gateway does (universe.ts esChain); only requests that need one contract call it ambiguous.
        const found = matchInstruments(contract);
        if (found.length === 0) {
          this.send(M.error(sv, reqId, 200, 'No security definition has been found for the request'));
          return;
        }
        for (const instrument of found) this.send(M.contractData(sv, reqId, instrument));
        this.send(M.contractDataEnd(reqId));
        return;
      }
      case OUT.REQ_MARKET_DATA_TYPE:
        r.int();
        this.marketDataType = r.int() || 1;
        return;
      case OUT.REQ_MKT_DATA:
        this.onMktData(fields);
        return;
      case OUT.CANCEL_MKT_DATA:
        r.int();
        this.mktData.delete(r.int());
        return;
      case OUT.PLACE_ORDER: {
        const req = parsePlaceOrder(sv, fields);
        if (this.hub.readOnlyApi) return this.readOnlyRefusal(req.orderId, 'bN');
        engine.placeOrder(this.clientId ?? 0, req);
        return;
      }
      case OUT.CANCEL_ORDER: {
        const { orderId } = parseCancelOrder(sv, fields);
        if (this.hub.readOnlyApi) return this.readOnlyRefusal(orderId, 'cN');
        engine.cancelOrder(this.clientId ?? 0, orderId);
        return;
      }
      case OUT.REQ_GLOBAL_CANCEL:
        if (this.hub.readOnlyApi) return this.readOnlyRefusal(-1, 'gC');
        engine.globalCancel();
        return;
      case OUT.REQ_OPEN_ORDERS:
        if (this.hub.readOnlyApi) return this.readOnlyRefusal(-1, ORDER_INFO_REFUSED);
        this.sendOpenOrders((o) => o.clientId === this.clientId || (this.clientId === 0 && this.autoBind));
        return;
      case OUT.REQ_ALL_OPEN_ORDERS:
        if (this.hub.readOnlyApi) return this.readOnlyRefusal(-1, ORDER_INFO_REFUSED);
        this.sendOpenOrders(() => true);
        return;
      case OUT.REQ_AUTO_OPEN_ORDERS: {
        r.int();
        const bind = r.bool();
        if (this.clientId !== 0) {
          this.send(M.error(sv, -1, 327, 'Only clients with clientId = 0 can auto bind to TWS orders.'));
          return;
        }
        this.autoBind = bind;
        if (bind) this.sendOpenOrders(() => true, false);
        return;
      }
      case OUT.REQ_EXECUTIONS:
        this.onExecutions(fields);
        return;
      case OUT.REQ_HISTORICAL_DATA:
        this.onHistoricalData(fields);
        return;
      case OUT.CANCEL_HISTORICAL_DATA:
        return;
      case OUT.REQ_ACCOUNT_UPDATES_MULTI: {
        r.int();
        const reqId = r.int();
        const account = r.str();
        const modelCode = r.str();
        const ledgerAndNlv = r.bool();
        this.sendAccountUpdatesMulti(reqId, account, modelCode, ledgerAndNlv);
        return;
      }
      case OUT.CANCEL_ACCOUNT_UPDATES_MULTI:
        return;
      case OUT.REQ_MATCHING_SYMBOLS: {
        const reqId = r.int();
        this.send(M.symbolSamples(sv, reqId, matchingSymbols(r.str())));
        return;
      }
      case OUT.REQ_COMPLETED_ORDERS:
        // The day's filled and cancelled orders ("only for the given day": rust-ibapi #299, quoting IB's
        // TWS API docs, #completed-orders), one completedOrder each, then the End every client waits for
        // (ib_async's connect waits 20 s for it). Every order here is an API order, so apiOnly changes nothing.
        r.int(); // apiOnly
        if (this.hub.readOnlyApi) return this.readOnlyRefusal(-1, COMPLETED_REFUSED);
        this.sendCompletedOrders();
        return;
      default:
        // Requests the simulator does not model are ignored, as a Gateway ignores ones it cannot serve.
        this.hub.log(`client ${this.clientId}: ignoring message ${id}`);
    }
  }

  /**
   * What a Gateway with "Read-Only API" ticked answers to anything that would trade and to requests for
   * order information (ORDER_INFO_REFUSED above), in the words programs
   * report: "Error validating request:-'bh' : cause - The API interface is currently in Read-Only mode."
   * (IbcAlpha/IBC#10, a placeOrder; erdewit/ib_insync#1; bankroll-py/bankroll#65). The two letters vary.
   */
  private readOnlyRefusal(id: number, request: string): void {
    this.send(
      M.error(this.serverVersion, id, 321, `Error validating request:-'${request}' : cause - The API interface is currently in Read-Only mode.`),
    );
  }

  private onMktData(fields: string[]): void {
    const sv = this.serverVersion;
    const req = parseMktDataRequest(fields);
    const resolved = resolveInstrument(req.contract);
    if (!('instrument' in resolved)) {
      this.send(M.error(sv, req.reqId, resolved.code, resolved.message));
      return;
    }
    const instrument = resolved.instrument;
    // With a live subscription the data is live whatever type was asked for (IB: a request for delayed
    // data is ignored when live data is available). Without one: live (type 1/2) gets 354 and nothing else;
    // delayed (3/4) gets 10167 and delayed ticks.
    const delayed = !this.hub.isSubscribed(instrument);
    if (delayed && this.marketDataType !== 3 && this.marketDataType !== 4) {
      this.send(
        M.error(
          sv,
          req.reqId,
          354,
          'Requested market data is not subscribed. Check API status by selecting the Account menu then under Management choose Market Data Subscription Manager and/or Market Data Subscriptions for Paper Trading.',
        ),
      );
      return;
    }
    if (delayed) {
      this.send(M.error(sv, req.reqId, 10167, 'Requested market data is not subscribed. Displaying delayed market data.'));
    }
    this.send(M.tickReqParams(req.reqId, instrument.minTick, instrument.secType === 'STK' ? '9c0001' : '', 3));
    this.send(M.marketDataType(req.reqId, delayed ? this.marketDataType : 1));
    this.sendTicks(req.reqId, instrument, delayed, true);
    if (req.snapshot) {
      this.send(M.tickSnapshotEnd(req.reqId));
      return;
    }
    const q = this.hub.engine.market.quote(instrument);
    this.mktData.set(req.reqId, { instrument, delayed, high: q.high, low: q.low });
  }

  private sendTicks(reqId: number, instrument: Instrument, delayed: boolean, full: boolean): void {
    const q = this.hub.engine.market.quote(instrument);
    const t = (live: number) => (delayed ? (DELAYED_TICK[live] ?? live) : live);
    // stoqey drops a size carried inside tickPrice for BID (tick type 0 is falsy), so sizes also go as tickSize.
    this.send(M.tickPrice(reqId, t(TICK.BID), q.bid, q.bidSize, 1));
    this.send(M.tickSize(reqId, t(TICK.BID_SIZE), q.bidSize));
    this.send(M.tickPrice(reqId, t(TICK.ASK), q.ask, q.askSize, 1));
    this.send(M.tickSize(reqId, t(TICK.ASK_SIZE), q.askSize));
    this.send(M.tickPrice(reqId, t(TICK.LAST), q.last, q.lastSize, 0));
    this.send(M.tickSize(reqId, t(TICK.LAST_SIZE), q.lastSize));
    this.send(M.tickSize(reqId, t(TICK.VOLUME), q.volume));
    const sub = this.mktData.get(reqId);
    // A Gateway sends HIGH/LOW when the day's extreme moves, so the last price never leaves the range.
    if (full || (sub && sub.high !== q.high)) this.send(M.tickPrice(reqId, t(TICK.HIGH), q.high, 0, 0));
    if (full || (sub && sub.low !== q.low)) this.send(M.tickPrice(reqId, t(TICK.LOW), q.low, 0, 0));
    if (sub) {
      sub.high = q.high;
      sub.low = q.low;
    }
    if (full) this.send(M.tickPrice(reqId, t(TICK.CLOSE), q.close, 0, 0));
    const ts = String(Math.floor(Date.now() / 1000));
    this.send(M.tickString(reqId, t(TICK.LAST_TIMESTAMP), ts));
  }

  private onHistoricalData(fields: string[]): void {
    const sv = this.serverVersion;
    const req = parseHistoricalDataRequest(sv, fields);
    const resolved = resolveInstrument(req.contract);
    if (!('instrument' in resolved)) {
      this.send(M.error(sv, req.reqId, resolved.code, resolved.message));
      return;
    }
    const instrument = resolved.instrument;
    const step = barSeconds(req.barSize);
    const span = durationSeconds(req.duration);
    if (!step || !span) {
      this.send(M.error(sv, req.reqId, 321, `Error validating request:-'bK' : cause - Historical data bar size or duration is invalid: ${req.barSize} / ${req.duration}`));
      return;
    }
    const count = Math.min(MAX_BARS, Math.max(1, Math.floor(span / step)));
    const end = Math.floor(Date.now() / 1000 / step) * step + step;
    const zone = instrument.timeZoneId;
    const format = (t: number) =>
      req.formatDate === 2 ? String(t) : step >= 86_400 ? executionTime(t * 1000, 'zoned', zone).slice(0, 8) : executionTime(t * 1000, 'zoned', zone);
    const last = this.hub.engine.market.quote(instrument).last;
    const bars = generateBars({ instrument, last, endSeconds: end, barSeconds: step, count, seed: instrument.conId, formatTime: format });
    this.send(M.historicalData(sv, req.reqId, format(end - count * step), format(end), bars));
  }

  private sendAccountUpdatesMulti(reqId: number, accountId: string, modelCode: string, ledgerAndNlv: boolean): void {
    const ids = accountId && accountId !== 'All' ? [accountId] : this.hub.accounts;
    for (const id of ids) {
      const account = this.hub.engine.account(id);
      const values = summaryValues(account);
      if (!ledgerAndNlv) {
        for (const tag of SUMMARY_TAGS) {
          const [value, currency] = values[tag];
          this.send(M.accountUpdateMulti(reqId, id, modelCode, tag, value, currency));
        }
      } else {
        const [nlv, cur] = values.NetLiquidation;
        this.send(M.accountUpdateMulti(reqId, id, modelCode, 'NetLiquidation', nlv, cur));
      }
      for (const currency of ['BASE', 'USD']) {
        for (const [tag, value, cur] of ledgerValues(account, currency, id)) this.send(M.accountUpdateMulti(reqId, id, modelCode, tag, value, cur));
      }
    }
    this.send(M.accountUpdateMultiEnd(reqId));
  }

  private onExecutions(fields: string[]): void {
    const sv = this.serverVersion;
    const filter = parseExecutionsRequest(fields);
    for (const fill of this.hub.executionsDelayed() ? [] : this.hub.engine.fills) {
      // Like the Gateway, a client sees its own executions; client 0 (the master) sees all.
      if (this.clientId !== 0 && fill.clientId !== this.clientId) continue;
      if (filter.clientId && fill.clientId !== filter.clientId) continue;
      if (filter.acctCode && fill.account !== filter.acctCode) continue;
      if (filter.symbol && fill.instrument.symbol !== filter.symbol.toUpperCase()) continue;
      if (filter.secType && fill.instrument.secType !== filter.secType.toUpperCase()) continue;
      if (filter.side && !sideMatches(filter.side, fill.side)) continue;
      this.send(M.execDetails(sv, executionView(filter.reqId, fill, this.hub)));
      this.send(M.commissionReport(fill.execId, fill.commission, fill.instrument.currency, fill.realizedPnl));
    }
    this.send(M.execDetailsEnd(filter.reqId));
  }

  sendOpenOrders(filter: (o: SimOrder) => boolean, withEnd = true): void {
    for (const order of this.hub.engine.orders) {
      if (!isOpen(order) || !filter(order)) continue;
      this.sendOrder(order, true);
    }
    if (withEnd) this.send(M.openOrderEnd());
  }

  private sendCompletedOrders(): void {
    const zone = this.hub.timeZone;
    const today = executionTime(Date.now(), 'zoned', zone).slice(0, 8);
    for (const order of this.hub.engine.orders) {
      if (order.whatIf || !order.instrument || (order.status !== 'Filled' && order.status !== 'Cancelled')) continue;
      const completedTime = executionTime(order.updatedAt, 'zoned', zone);
      if (completedTime.slice(0, 8) !== today) continue;
      this.send(
        M.completedOrder(this.serverVersion, {
          ...this.orderView(order, { commissionCurrency: '', warningText: '' }),
          completedTime,
          completedStatus: order.status,
        }),
      );
    }
    this.send(M.completedOrdersEnd());
  }

  private orderView(order: SimOrder, state: M.OpenOrderView['state']): M.OpenOrderView {
    return {
      orderId: order.orderId,
      instrument: order.instrument!,
      action: order.action,
      totalQuantity: order.totalQuantity,
      orderType: order.orderType,
      lmtPrice: order.lmtPrice,
      auxPrice: order.auxPrice,
      tif: order.tif,
      ocaGroup: order.ocaGroup,
      ocaType: order.ocaType,
      goodTillDate: order.goodTillDate,
      account: order.account,
      orderRef: order.orderRef,
      clientId: order.clientId,
      permId: order.permId,
      outsideRth: order.outsideRth,
      parentId: order.parentId,
      trailStopPrice: order.orderType.startsWith('TRAIL') ? order.trailStopPrice : undefined,
      trailingPercent: order.trailingPercent,
      whatIf: order.whatIf,
      status: order.status,
      filledQuantity: order.filled,
      state,
    };
  }

  /** openOrder then (unless what-if) orderStatus: IBApiNext needs openOrder first to track by permId. */
  sendOrder(order: SimOrder, withStatus: boolean): void {
    if (!order.instrument) return;
    const sv = this.serverVersion;
    const engine = this.hub.engine;
    const state = order.whatIf
      ? engine.whatIfState(order)
      : {
          commission: order.status === 'Filled' ? order.commission : undefined,
          commissionCurrency: order.status === 'Filled' ? order.instrument.currency : '',
          warningText: '',
        };
    this.send(M.openOrder(sv, this.orderView(order, state)));
    if (withStatus && !order.whatIf) {
      this.send(
        M.orderStatus(sv, {
          orderId: order.orderId,
          status: order.status,
          filled: order.filled,
          remaining: Math.max(0, order.totalQuantity - order.filled),
          avgFillPrice: order.avgFillPrice,
          permId: order.permId,
          parentId: order.parentId,
          lastFillPrice: order.lastFillPrice,
          clientId: order.clientId,
          whyHeld: order.whyHeld,
        }),
      );
    }
  }

  /** The fill sequence a real Gateway sends: execDetails, openOrder/orderStatus, commissionReport. */
  sendFill(order: SimOrder, fill: SimFill): void {
    if (this.hub.executionsDelayed()) {
      // The order's status goes out; its execution report waits, for this socket only (a dropped socket
      // loses it: the next session has to ask with reqExecutions once the delay is over).
      this.sendOrder(order, true);
      this.withheld.push(fill);
      return;
    }
    this.send(M.execDetails(this.serverVersion, executionView(-1, fill, this.hub)));
    this.sendOrder(order, true);
    this.send(M.commissionReport(fill.execId, fill.commission, fill.instrument.currency, fill.realizedPnl));
  }

  /** The delay is over: the execution reports held back for this socket arrive late. */
  releaseExecutions(): void {
    const fills = this.withheld.splice(0);
    for (const fill of fills) {
      this.send(M.execDetails(this.serverVersion, executionView(-1, fill, this.hub)));
      this.send(M.commissionReport(fill.execId, fill.commission, fill.instrument.currency, fill.realizedPnl));
    }
  }

  sendError(id: number, code: number, message: string): void {
    this.send(M.error(this.serverVersion, id, code, message));
  }

  /** Market moved: ticks for subscribed instruments; P&L for P&L subscribers. */
  onPrices(instruments: readonly Instrument[]): void {
    if (!this.ready || this.hub.isConnectivityLost()) return;
    const ids = new Set(instruments.map((i) => i.conId));
    for (const [reqId, sub] of this.mktData) {
      if (ids.has(sub.instrument.conId)) this.sendTicks(reqId, sub.instrument, sub.delayed, false);
    }
    for (const [reqId, account] of this.pnlSubs) this.sendPnl(reqId, account);
    for (const [reqId, sub] of this.pnlSingleSubs) {
      if (ids.has(sub.conId)) this.sendPnlSingle(reqId, sub.account, sub.conId);
    }
    // The Gateway refreshes portfolio values periodically, not on every tick.
    const now = Date.now();
    if (this.accountUpdates && now - this.lastPortfolioPush >= this.hub.portfolioRefreshMs) {
      this.lastPortfolioPush = now;
      this.sendAccountUpdates(false);
    }
  }

  /** A fill changed the account: push to the subscriptions that follow it. */
  onAccountChanged(instrument: Instrument): void {
    if (!this.ready) return;
    for (const [reqId, tags] of this.summaries) this.sendSummary(reqId, tags);
    if (this.accountUpdates) this.sendAccountUpdates(false, instrument);
    if (this.positionsSubscribed) {
      for (const account of this.hub.accounts) {
        const h = this.hub.engine.account(account).holding(instrument);
        this.send(M.position(account, instrument, h.quantity, round(h.avgCost)));
      }
    }
    for (const [reqId, account] of this.pnlSubs) this.sendPnl(reqId, account);
    for (const [reqId, sub] of this.pnlSingleSubs) this.sendPnlSingle(reqId, sub.account, sub.conId);
  }

  /** After 1101 (data lost) the client must resubscribe: the Gateway forgot its market data. */
  dropMarketData(): void {
    this.mktData.clear();
  }

  private sendSummary(reqId: number, tags: Set<string>): void {
    const all = tags.has('All');
    const ledger = ledgerCurrencies(tags);
    for (const id of this.hub.accounts) {
      const account = this.hub.engine.account(id);
      const values = summaryValues(account);
      for (const tag of SUMMARY_TAGS) {
        if (!all && !tags.has(tag)) continue;
        const [value, currency] = values[tag];
        this.send(M.accountSummary(reqId, id, tag, value, currency));
      }
      for (const currency of ledger) {
        for (const [tag, value, cur] of ledgerValues(account, currency, id)) this.send(M.accountSummary(reqId, id, tag, value, cur));
      }
    }
    this.send(M.accountSummaryEnd(reqId));
  }

  private sendAccountUpdates(full: boolean, only?: Instrument): void {
    const id = this.accountUpdates;
    if (!id) return;
    const account = this.hub.engine.account(id);
    const values = summaryValues(account);
    const v = account.values();
    if (full) this.send(M.accountValue('AccountCode', id, '', id));
    for (const tag of SUMMARY_TAGS) {
      const [value, currency] = values[tag];
      this.send(M.accountValue(tag, value, currency, id));
    }
    this.send(M.accountValue('CashBalance', M.money(v.totalCashValue), 'USD', id));
    this.send(M.accountValue('CashBalance', M.money(v.totalCashValue), 'BASE', id));
    this.send(M.accountValue('UnrealizedPnL', M.money(v.unrealizedPnl), 'USD', id));
    this.send(M.accountValue('RealizedPnL', M.money(v.realizedPnl), 'USD', id));
    this.send(M.accountValue('Currency', 'USD', 'USD', id));
    for (const h of account.holdings.values()) {
      if (only && h.instrument.conId !== only.conId) continue;
      if (!only && h.quantity === 0) continue;
      const mark = this.hub.engine.market.quote(h.instrument).last;
      this.send(
        M.portfolioValue({
          instrument: h.instrument,
          position: h.quantity,
          marketPrice: mark,
          marketValue: account.marketValue(h),
          averageCost: round(h.avgCost),
          unrealizedPnl: account.unrealized(h),
          realizedPnl: h.realizedPnl,
          account: id,
        }),
      );
    }
    this.send(M.accountUpdateTime(accountTime(Date.now(), this.hub.timeZone)));
    if (full) this.send(M.accountDownloadEnd(id));
  }

  private sendAllPositions(): void {
    for (const id of this.hub.accounts) {
      const account = this.hub.engine.account(id);
      for (const h of account.holdings.values()) {
        // The Gateway keeps reporting positions closed today (with quantity 0) until the next reset.
        this.send(M.position(id, h.instrument, h.quantity, round(h.avgCost)));
      }
    }
    this.send(M.positionEnd());
  }

  private sendPnl(reqId: number, accountId: string): void {
    const v = this.hub.engine.account(accountId).values();
    this.send(M.pnl(this.serverVersion, reqId, v.dailyPnl, v.unrealizedPnl, v.realizedPnl));
  }

  private sendPnlSingle(reqId: number, accountId: string, conId: number): void {
    const account = this.hub.engine.account(accountId);
    const instrument = UNIVERSE.find((i) => i.conId === conId);
    if (!instrument) return;
    const h = account.holding(instrument);
    this.send(
      M.pnlSingle(
        this.serverVersion,
        reqId,
        h.quantity,
        account.daily(h),
        account.unrealized(h),
        h.realizedPnl,
        account.marketValue(h),
      ),
    );
  }
}


function executionView(reqId: number, fill: SimFill, hub: Hub): M.ExecutionView {
  return {
    reqId,
    orderId: fill.orderId,
    instrument: fill.instrument,
    execId: fill.execId,
    time: executionTime(fill.at, hub.execTimeForm, hub.timeZone),
    account: fill.account,
    exchange: fill.exchange,
    side: fill.side,
    shares: fill.shares,
    price: fill.price,
    permId: fill.permId,
    clientId: fill.clientId,
    cumQty: fill.cumQty,
    avgPrice: fill.avgPrice,
    orderRef: fill.orderRef,
  };
}

function sideMatches(filter: string, side: 'BOT' | 'SLD'): boolean {
  const f = filter.toUpperCase();
  return f === side || (f === 'BUY' && side === 'BOT') || (f === 'SELL' && side === 'SLD');
}

function round(n: number): number {
  return Math.round(n * 10000) / 10000;
}

/** reqMatchingSymbols: symbols starting with the pattern, then names containing it (up to 16, as IB). */
function matchingSymbols(pattern: string): M.SymbolSample[] {
  const p = pattern.trim().toUpperCase();
  if (!p) return [];
  const starts = UNIVERSE.filter((i) => i.symbol.startsWith(p));
  const names = UNIVERSE.filter((i) => !i.symbol.startsWith(p) && i.longName.toUpperCase().includes(p));
  const seen = new Set<string>();
  const out: M.SymbolSample[] = [];
  for (const i of [...starts, ...names]) {
    const key = `${i.symbol}:${i.secType}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      conId: i.conId,
      symbol: i.symbol,
      secType: i.secType,
      primaryExch: i.secType === 'STK' ? i.primaryExch : i.exchange,
      currency: i.currency,
      derivativeSecTypes: i.secType === 'STK' ? ['CFD', 'OPT', 'WAR'] : [],
      description: i.longName,
    });
  }
  return out.slice(0, 16);
}
