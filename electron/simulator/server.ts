/**
 * The simulated IB Gateway: a real TCP server speaking the TWS API, with a simulated broker behind it
 * and faults that can be switched on at run time.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import type { AccountValues } from './account.ts';
import { startControlServer } from './control.ts';
import type { ControlServer } from './control.ts';
import { Engine, type EngineClock } from './engine.ts';
import type { Fault } from './faults.ts';
import { encodeFrame } from './frames.ts';
import { localZone, type ExecTimeForm } from './gateway-time.ts';
import type { BookSnapshot, SimFill, SimOrder } from './orders.ts';
import { bookFill, bookOrder } from './orders.ts';
import type { Hub } from './session.ts';
import { Session } from './session.ts';
import type { Instrument } from './universe.ts';
import { UNIVERSE, instrumentBySymbol } from './universe.ts';
import { MAX_SUPPORTED_VERSION } from './versions.ts';

export type { Fault } from './faults.ts';
export type { BookSnapshot, BookOrder, BookFill } from './orders.ts';

export interface SimulatorOptions {
  /** Time for GTD expiry in the engine (tests: a manual clock). */
  clock?: EngineClock;
  port?: number; // 0 = random
  host?: string; // default 127.0.0.1
  accounts?: string[]; // default ['DU1234567']
  maxServerVersion?: number; // default 193
  startingCash?: number; // default 1_000_000
  seed?: number; // random walk seed
  tickIntervalMs?: number; // market data tick period, default 250 (0 = no random walk; setPrice only)
  positions?: { symbol: string; quantity: number; avgCost: number }[]; // initial positions
  log?: (line: string) => void;
  /** Symbols without a live market-data subscription: they get 10167 and delayed data. */
  unsubscribedSymbols?: string[];
  /** The Gateway's "Read-Only API" setting (IBC: ReadOnlyApi=yes): orders, cancels and order information requests get error 321. */
  readOnlyApi?: boolean;
  /**
   * How often reqAccountUpdates subscribers get portfolio values again while prices move (default 1000 ms).
   * IB's own: "on a trade for that instrument, or every 3 minutes" (tws-api pnl.html, "P&L data in the
   * Account Window"; ib_insync#513: per-position marketPrice "only updates every 30-180 seconds"). The live
   * figures between those come from reqPnLSingle, sent as prices move.
   */
  portfolioRefreshMs?: number;
  /**
   * The Gateway's "Master API client ID" (API settings; IBC sets it from config.ini OverrideTwsMasterClientID,
   * IbcTws.java:566-575): that client also gets every other client's openOrder, orderStatus and fills.
   */
  masterClientId?: number | null;
  /** The Gateway's time zone (default: this process's zone, as a Gateway on this machine would have). */
  timeZone?: string;
  /**
   * How execution times are written (gateway-time.ts). Default `utc` (`20231214-20:57:37`), the form
   * Gateways at server versions up to 193 have been quoted sending.
   */
  execTimeForm?: ExecTimeForm;
  /** Fixes the execution-id stamp so two runs reuse ids (tests of core's duplicate handling only). */
  execIdStamp?: number;
  /** Also start the loopback HTTP control channel (port 0 = random). */
  controlPort?: number;
  /** The token the control channel asks for (`Authorization: Bearer …`); default: a fresh random one. */
  controlToken?: string;
  /** Called for faults the server cannot act on itself (the launcher handles `crash`). */
  onProcessFault?: (fault: Fault) => void;
}

export interface SimulatorState {
  port: number;
  listening: boolean;
  serverVersion: number;
  hung: boolean;
  /**
   * Requests and greetings the hang holds (received, not answered): a test waits for them to arrive instead
   * of sleeping to show that nothing answers. Not a Gateway figure: the control channel's own.
   */
  heldRequests: number;
  connectivityLost: boolean;
  slowLoginMs: number;
  awaitingTwoFactor: boolean;
  clients: { clientId: number; connectedAt: number; serverVersion: number }[];
  staleClientIds: number[];
  accounts: Record<string, AccountValues>;
  prices: Record<string, { bid: number; ask: number; last: number }>;
}

export interface SimulatorHandle {
  readonly port: number;
  /** The HTTP control channel's port, when `controlPort` was given. */
  readonly controlPort: number | null;
  /** The token the control channel asks for, when it runs. */
  readonly controlToken: string | null;
  close(): Promise<void>;
  /**
   * The Gateway going down for a restart its launcher drives (IBC's RESTART, AutoRestartTime, the
   * Sunday re-login): the API port and every socket close, the broker state (orders, fills) stays at "IB".
   */
  pause(): Promise<void>;
  /** The restarted Gateway listening again on the same port. */
  resume(): Promise<void>;
  fault(f: Fault): void; // see Fault union in electron/simulator/faults.ts
  book(): BookSnapshot; // orders + fills, with submission counts
  setPrice(symbol: string, price: number): void; // moves the market deterministically (fills, P&L)
  clients(): { clientId: number; connectedAt: number }[];
  state(): SimulatorState;
}

const DEFAULT_DOWN_MS = 2000;

export async function startSimulator(opts: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const sim = new Simulator(opts);
  await sim.listen(opts.port ?? 0);
  if (opts.controlPort !== undefined) await sim.startControl(opts.controlPort, opts.controlToken ?? randomBytes(24).toString('hex'));
  return sim.handle();
}

class Simulator implements Hub {
  readonly engine: Engine;
  readonly maxServerVersion: number;
  readonly accounts: readonly string[];
  readonly readOnlyApi: boolean;
  readonly portfolioRefreshMs: number;
  readonly timeZone: string;
  readonly execTimeForm: ExecTimeForm;
  private readonly host: string;
  private readonly opts: SimulatorOptions;
  private server: Server | undefined;
  private port = 0;
  private readonly sessions = new Set<Session>();
  private readonly sockets = new Set<Socket>();
  private readonly claimed = new Map<number, Session>();
  private readonly stale = new Map<number, number>();
  private readonly unsubscribed: Set<string>;
  private hung = false;
  private connectivityLost = false;
  private slowLogin = 0;
  private awaitingTwoFactor = false;
  private delayedExecutions = false;
  private closed = false;
  private ticker: NodeJS.Timeout | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private control: ControlServer | undefined;

  constructor(opts: SimulatorOptions) {
    this.opts = opts;
    this.host = opts.host ?? '127.0.0.1';
    this.readOnlyApi = opts.readOnlyApi ?? false;
    this.portfolioRefreshMs = opts.portfolioRefreshMs ?? 1000;
    this.timeZone = opts.timeZone ?? localZone();
    this.execTimeForm = opts.execTimeForm ?? 'utc';
    this.accounts = opts.accounts?.length ? [...opts.accounts] : ['DU1234567'];
    this.maxServerVersion = Math.min(opts.maxServerVersion ?? MAX_SUPPORTED_VERSION, MAX_SUPPORTED_VERSION);
    this.unsubscribed = new Set((opts.unsubscribedSymbols ?? []).map((s) => s.toUpperCase()));
    this.engine = new Engine({
      accounts: [...this.accounts],
      startingCash: opts.startingCash ?? 1_000_000,
      seed: opts.seed ?? 1,
      positions: opts.positions ?? [],
      ...(opts.execIdStamp !== undefined ? { execIdStamp: opts.execIdStamp } : {}),
      ...(opts.clock ? { clock: opts.clock } : {}),
      timeZone: this.timeZone,
    });
    this.engine.sink = {
      orderChanged: (order, withStatus) => this.forOrder(order, (s) => s.sendOrder(order, withStatus)),
      filled: (order, fill) => this.onFill(order, fill),
      orderError: (clientId, orderId, code, message) => {
        for (const s of this.sessions) if (s.ready && s.clientId === clientId) s.sendError(orderId, code, message);
      },
      accountChanged: (instrument) => {
        for (const s of this.sessions) s.onAccountChanged(instrument);
      },
      pricesChanged: (instruments) => {
        for (const s of this.sessions) s.onPrices(instruments);
      },
    };
    const interval = opts.tickIntervalMs ?? 250;
    if (interval > 0) {
      this.ticker = setInterval(() => {
        if (!this.hung) this.engine.step();
      }, interval);
      this.ticker.unref();
    }
  }

  log(line: string): void {
    this.opts.log?.(line);
  }

  isHung(): boolean {
    return this.hung;
  }

  executionsDelayed(): boolean {
    return this.delayedExecutions;
  }

  isConnectivityLost(): boolean {
    return this.connectivityLost;
  }

  slowLoginMs(): number {
    return this.slowLogin;
  }

  isSubscribed(instrument: Instrument): boolean {
    return !this.unsubscribed.has(instrument.symbol) && !this.unsubscribed.has(instrument.localSymbol);
  }

  claimClientId(session: Session, clientId: number): boolean {
    const staleUntil = this.stale.get(clientId);
    if (staleUntil !== undefined && staleUntil > Date.now()) return false;
    const holder = this.claimed.get(clientId);
    if (holder && holder !== session) return false;
    this.claimed.set(clientId, session);
    return true;
  }

  releaseClientId(session: Session): void {
    this.sessions.delete(session);
    if (session.clientId !== undefined && this.claimed.get(session.clientId) === session) {
      this.claimed.delete(session.clientId);
      this.log(`client ${session.clientId} disconnected`);
    }
  }

  /**
   * Order updates go to the owning client, to client 0 when it auto-binds, and to the Master API client:
   * "Master API client ID - ... receives all order status and trade reports from all clients" (IB's TWS
   * guide, Global Configuration > API > Settings, https://ibkrguides.com/traderworkstation/api.htm); ib_async
   * relies on it: "feed in open orders or order updates from other clients and TWS if clientId=master id"
   * (ib_async/wrapper.py, Wrapper.openOrder). It only sees them: binding stays with the owner (only the
   * submitting client may modify, https://interactivebrokers.github.io/tws-api/open_orders.html).
   */
  private forOrder(order: SimOrder, fn: (s: Session) => void): void {
    const master = this.opts.masterClientId ?? null;
    for (const s of this.sessions) {
      if (!s.ready) continue;
      if (s.clientId === order.clientId || (s.autoBind && s.clientId === 0) || (master !== null && s.clientId === master)) fn(s);
    }
  }

  private onFill(order: SimOrder, fill: SimFill): void {
    this.forOrder(order, (s) => s.sendFill(order, fill));
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = createServer((socket) => this.accept(socket));
      server.once('error', reject);
      server.listen(port, this.host, () => {
        server.off('error', reject);
        const address = server.address();
        this.port = typeof address === 'object' && address ? address.port : port;
        this.server = server;
        this.log(`API server listening on ${this.host}:${this.port}`);
        resolve();
      });
    });
  }

  private accept(socket: Socket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    const session = new Session(this, socket);
    this.sessions.add(session);
  }

  async startControl(port: number, token: string): Promise<void> {
    this.control = await startControlServer(this.handle(), port, token);
  }

  private closePort(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.dropSockets();
    return new Promise((resolve) => {
      if (!server) return resolve();
      server.close(() => resolve());
    });
  }

  private dropSockets(): void {
    for (const s of [...this.sessions]) s.close();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.closed) fn();
    }, ms);
    this.timers.add(t);
  }

  private broadcastError(code: number, message: string): void {
    for (const s of this.sessions) if (s.ready) s.sendError(-1, code, message);
  }

  fault(f: Fault): void {
    this.log(`fault: ${JSON.stringify(f)}`);
    switch (f.kind) {
      case 'crash':
        if (this.opts.onProcessFault) this.opts.onProcessFault(f);
        else this.log('crash fault ignored: only the launcher has a process to end');
        return;
      case 'hang':
        this.hung = true;
        if (f.durationMs !== undefined) this.later(f.durationMs, () => this.unhang());
        return;
      case 'slowLogin':
        this.slowLogin = f.delayMs;
        return;
      case 'dropSockets':
        this.dropSockets();
        return;
      case 'connectivityLost':
        this.connectivityLost = true;
        this.broadcastError(1100, 'Connectivity between IB and Trader Workstation has been lost.');
        return;
      case 'connectivityRestored':
        this.connectivityLost = false;
        if (f.dataLost) {
          for (const s of this.sessions) s.dropMarketData();
          this.broadcastError(1101, 'Connectivity between IB and Trader Workstation has been restored - data lost.*');
        } else {
          this.broadcastError(
            1102,
            'Connectivity between IB and Trader Workstation has been restored - data maintained. All data farms are connected: usfarm; ushmds; secdefil.',
          );
        }
        return;
      case 'rejectNextOrder':
        this.engine.rejectNext = f.reason ?? 'Simulated rejection';
        return;
      case 'needLocate':
        this.engine.needLocate(f.symbol, f.on !== false);
        return;
      case 'malformedFrame': {
        const garbage = encodeFrame(['XYZ', '\u0001garbage', '']);
        for (const s of this.sessions) if (s.ready) s.sendRaw(garbage);
        return;
      }
      case 'dailyRestart': {
        const downMs = f.downMs ?? DEFAULT_DOWN_MS;
        this.log('IBC: Restarting the Gateway: closing down');
        void this.closePort().then(() => {
          // A restarted Gateway is a fresh JVM: whatever hung the old one is gone.
          this.hung = false;
          this.later(downMs, () => {
            this.log('IBC: Starting session');
            this.log('IBC: autorestart file found: restarting without authentication');
            void this.reopen().then(() => {
              this.log('IBC: Login has completed');
              this.log(`IBC: TWS API socket port now set to ${this.port}`);
            });
          });
        });
        return;
      }
      case 'twoFactor': {
        this.awaitingTwoFactor = true;
        this.log('IBC: Second Factor Authentication initiated');
        void this.closePort().then(() => {
          if (f.durationMs !== undefined) this.later(f.durationMs, () => this.approveTwoFactor());
        });
        return;
      }
      case 'staleSession':
        this.stale.set(f.clientId, Date.now() + f.durationMs);
        return;
      case 'executionsDelayed':
        this.delayedExecutions = true;
        return;
      case 'clear':
        if (this.delayedExecutions) {
          this.delayedExecutions = false;
          for (const s of this.sessions) s.releaseExecutions();
        }
        this.unhang();
        this.slowLogin = 0;
        if (this.awaitingTwoFactor) this.approveTwoFactor();
        return;
    }
  }

  private unhang(): void {
    if (!this.hung) return;
    this.hung = false;
    for (const s of [...this.sessions]) s.drain();
  }

  private approveTwoFactor(): void {
    if (!this.awaitingTwoFactor) return;
    this.awaitingTwoFactor = false;
    this.log('IBC: Second Factor Authentication completed');
    void this.reopen().then(() => {
      this.log('IBC: Login has completed');
      this.log(`IBC: TWS API socket port now set to ${this.port}`);
    });
  }

  private async reopen(): Promise<void> {
    if (this.closed || this.server) return;
    try {
      await this.listen(this.port);
    } catch (err) {
      this.log(`could not reopen port ${this.port}: ${(err as Error).message}`);
    }
  }

  setPrice(symbol: string, price: number): void {
    const instrument = instrumentBySymbol(symbol);
    if (!instrument) throw new Error(`unknown symbol ${symbol}`);
    if (!(price > 0)) throw new Error(`price must be positive, got ${price}`);
    this.engine.setPrice(instrument, price);
  }

  book(): BookSnapshot {
    const positions: BookSnapshot['positions'] = [];
    for (const id of this.accounts) {
      for (const h of this.engine.account(id).holdings.values()) {
        if (h.quantity === 0) continue;
        positions.push({ account: id, symbol: h.instrument.localSymbol, conId: h.instrument.conId, quantity: h.quantity, avgCost: Math.round(h.avgCost * 10000) / 10000 });
      }
    }
    return { orders: this.engine.orders.map(bookOrder), fills: this.engine.fills.map(bookFill), positions };
  }

  clients(): { clientId: number; connectedAt: number }[] {
    return [...this.sessions]
      .filter((s) => s.ready && s.clientId !== undefined)
      .map((s) => ({ clientId: s.clientId as number, connectedAt: s.connectedAt }));
  }

  state(): SimulatorState {
    const now = Date.now();
    const accounts: SimulatorState['accounts'] = {};
    for (const id of this.accounts) accounts[id] = this.engine.account(id).values();
    const prices: SimulatorState['prices'] = {};
    for (const instrument of UNIVERSE) {
      const q = this.engine.market.quote(instrument);
      prices[instrument.localSymbol] = { bid: q.bid, ask: q.ask, last: q.last };
    }
    return {
      port: this.port,
      listening: this.server !== undefined,
      serverVersion: this.maxServerVersion,
      hung: this.hung,
      heldRequests: [...this.sessions].reduce((n, s) => n + s.waiting, 0),
      connectivityLost: this.connectivityLost,
      slowLoginMs: this.slowLogin,
      awaitingTwoFactor: this.awaitingTwoFactor,
      clients: [...this.sessions]
        .filter((s) => s.ready && s.clientId !== undefined)
        .map((s) => ({ clientId: s.clientId as number, connectedAt: s.connectedAt, serverVersion: s.serverVersion })),
      staleClientIds: [...this.stale].filter(([, until]) => until > now).map(([id]) => id),
      accounts,
      prices,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ticker) clearInterval(this.ticker);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.engine.dispose();
    await this.control?.close();
    await this.closePort();
  }

  handle(): SimulatorHandle {
    const port = () => this.port;
    const controlPort = () => this.control?.port ?? null;
    const controlToken = () => this.control?.token ?? null;
    return {
      get port() {
        return port();
      },
      get controlPort() {
        return controlPort();
      },
      get controlToken() {
        return controlToken();
      },
      close: () => this.close(),
      pause: () => {
        // A restarted Gateway is a fresh JVM: whatever hung the old one is gone.
        this.hung = false;
        return this.closePort();
      },
      resume: () => this.reopen(),
      fault: (f) => this.fault(f),
      book: () => this.book(),
      setPrice: (symbol, price) => this.setPrice(symbol, price),
      clients: () => this.clients(),
      state: () => this.state(),
    };
  }
}
