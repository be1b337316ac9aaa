/**
 * Keeps one TWS API connection open for a profile.
 *
 * Lessons from @stoqey/ib's behaviour (see the TWS protocol notes) drive the shape:
 * - a fresh IBApi per attempt: a reused client can wedge after a Gateway restart, and its request queue
 *   survives a disconnect, which would replay stale orders;
 * - nothing is "ready" until nextValidId arrives, with our own timeout (the client waits forever);
 * - id -1 notices (326, 1100–1102, farms) arrive as `info`, not `error`;
 * - a Gateway that stays connected but goes silent is only noticed by our own reqCurrentTime probe.
 */
import { EventName, IBApi } from '@stoqey/ib';
import { every, systemClock, type Clock } from '../util/clock.ts';
import { Emitter } from '../util/emitter.ts';
import { zoneOfConnectionTime } from './exec-time.ts';
import { classifyNotice } from './ib-errors.ts';
import { RequestIds } from './request-ids.ts';

export type SessionPhase = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'stopped';

export interface SessionState {
  phase: SessionPhase;
  host: string;
  port: number;
  clientId: number;
  serverVersion: number | null;
  /** The Gateway's zone, from its handshake's connection time (`20261125 09:30:00 EST`); null if unnamed. */
  serverTimeZone: string | null;
  connectedAt: number | null;
  ibLink: 'ok' | 'lost';
  farms: Record<string, 'ok' | 'broken' | 'inactive'>;
  lastError: string | null;
  attempts: number;
}

export interface SessionOptions {
  host?: string;
  port: number;
  clientId: number;
  /** How many further ids to try when the Gateway says 326 (client id in use). */
  clientIdTries?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  connectTimeoutMs?: number;
  probeIntervalMs?: number;
  probeTimeoutMs?: number;
  log?: (level: 'info' | 'warn' | 'error', text: string) => void;
  /** Time and timers (backoff, connect timeout, probe); tests pass a ManualClock. */
  clock?: Clock;
}

export type SessionEvents = {
  state: [SessionState];
  /** A connection is usable: subscribe and reconcile on this api. */
  ready: [IBApi, number];
  /** The usable connection went away (socket closed, probe failed). */
  lost: [string];
  /** An error with an id (order or request) from the Gateway. */
  error: [{ id: number; code: number; message: string }];
  /** 1101: connectivity restored but data lost — subscriptions must be renewed. */
  resubscribe: [];
  info: [{ code: number; message: string }];
};

export class BrokerSession extends Emitter<SessionEvents> {
  private readonly opts: Required<Omit<SessionOptions, 'log' | 'clock'>> & Pick<SessionOptions, 'log'>;
  private api: IBApi | null = null;
  private readyApi: IBApi | null = null;
  private retryTimer: unknown = null;
  private stopProbe: (() => void) | null = null;
  private connectTimer: unknown = null;
  private readonly clock: Clock;
  private backoff: number;
  private idOffset = 0;
  private stopped = true;
  private probePending = false;
  private attemptSeq = 0;
  readonly state: SessionState;
  /** The one allocator of request ids on this session's connections (see request-ids.ts). */
  readonly requestIds = new RequestIds();

  constructor(options: SessionOptions) {
    super();
    this.clock = options.clock ?? systemClock;
    this.opts = {
      host: options.host ?? '127.0.0.1',
      port: options.port,
      clientId: options.clientId,
      clientIdTries: options.clientIdTries ?? 5,
      // A refused connect to the Gateway's local port costs nothing, and nothing else may tell the session
      // the port is back (an attached Gateway restarted by someone else): try soon, and never wait long.
      backoffInitialMs: options.backoffInitialMs ?? 250,
      backoffMaxMs: options.backoffMaxMs ?? 5_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 8000,
      // A silent Gateway is declared lost when a probe is still unanswered at the next one: found within
      // 5–10 s. One reqCurrentTime per 5 s is 0.4 % of IB's 50 messages/s; a live Gateway answers it in
      // milliseconds, so 5 s of silence is never a busy Gateway. (10 s took 10–20 s; ib_async's watchdog
      // waits 20 s idle + a 4 s probe.)
      probeIntervalMs: options.probeIntervalMs ?? 5000,
      probeTimeoutMs: options.probeTimeoutMs ?? 5000,
      log: options.log,
    };
    this.backoff = this.opts.backoffInitialMs;
    this.state = {
      phase: 'idle',
      host: this.opts.host,
      port: this.opts.port,
      clientId: this.opts.clientId,
      serverVersion: null,
      serverTimeZone: null,
      connectedAt: null,
      ibLink: 'ok',
      farms: {},
      lastError: null,
      attempts: 0,
    };
  }

  /** The connected client, or null: callers must never queue work on a connection that is not ready. */
  get client(): IBApi | null {
    return this.readyApi;
  }

  get connected(): boolean {
    return this.readyApi !== null;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.backoff = this.opts.backoffInitialMs;
    this.attempt();
  }

  /** Point at another port (e.g. the Gateway moved after 1300) and reconnect. */
  retarget(port: number): void {
    this.opts.port = port;
    this.state.port = port;
    if (!this.stopped) {
      this.teardown();
      this.attempt();
    }
  }

  /** Try again now (e.g. the supervisor reports the API port ready) instead of waiting out the backoff. */
  kick(): void {
    if (this.stopped || this.readyApi) return;
    if (this.retryTimer) this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.backoff = this.opts.backoffInitialMs;
    this.teardown();
    this.attempt();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.teardown();
    this.update({ phase: 'stopped' });
  }

  private update(patch: Partial<SessionState>) {
    Object.assign(this.state, patch);
    this.emit('state', { ...this.state, farms: { ...this.state.farms } });
  }

  private attempt(): void {
    if (this.stopped) return;
    const seq = ++this.attemptSeq;
    const clientId = this.opts.clientId + this.idOffset;
    this.update({
      phase: this.state.connectedAt ? 'reconnecting' : 'connecting',
      clientId,
      attempts: this.state.attempts + 1,
    });
    const api = new IBApi({ host: this.opts.host, port: this.opts.port, clientId });
    this.api = api;
    let gotNextId = false;
    let saw326 = false;
    const current = () => seq === this.attemptSeq && this.api === api;

    api.on(EventName.server, (version: number, connectionTime: string) => {
      if (!current()) return;
      this.state.serverVersion = version;
      this.state.serverTimeZone = zoneOfConnectionTime(connectionTime);
    });
    api.on(EventName.nextValidId, (orderId: number) => {
      if (!current() || gotNextId) return;
      gotNextId = true;
      if (this.connectTimer) this.clock.clearTimeout(this.connectTimer);
      this.connectTimer = null;
      this.backoff = this.opts.backoffInitialMs;
      this.readyApi = api;
      this.requestIds.reset();
      this.update({ phase: 'connected', connectedAt: this.clock.now(), lastError: null, ibLink: 'ok' });
      this.opts.log?.('info', `API connected on port ${this.opts.port} as client ${clientId} (server ${this.state.serverVersion})`);
      this.startProbe(api);
      this.emit('ready', api, orderId);
    });
    api.on(EventName.currentTime, () => {
      this.probePending = false;
    });
    api.on(EventName.info, (message: string, code: number) => {
      if (!current()) return;
      if (code === 326) {
        saw326 = true;
        return;
      }
      this.onNotice(code, message);
    });
    api.on(EventName.error, (err: Error, code: number, reqId: number) => {
      if (!current()) return;
      const message = err?.message ?? String(err);
      if (code === 326) {
        saw326 = true;
        return;
      }
      if (reqId === -1 || reqId === undefined) {
        const notice = classifyNotice(code, message);
        if (notice.kind !== 'error') return this.onNotice(code, message);
        this.state.lastError = message;
        this.opts.log?.('warn', `Gateway: ${message}${code ? ` (${code})` : ''}`);
        return;
      }
      this.emit('error', { id: reqId, code, message });
    });
    api.on(EventName.disconnected, () => {
      if (!current()) return;
      const wasReady = this.readyApi === api;
      this.teardown();
      if (this.stopped) return;
      if (saw326 && this.idOffset < this.opts.clientIdTries) {
        this.idOffset++;
        const next = this.opts.clientId + this.idOffset;
        const why = `Client id ${clientId} is in use by another program; trying client id ${next}.`;
        this.opts.log?.('warn', why);
        this.update({ lastError: why });
        this.attempt();
        return;
      }
      if (wasReady) this.emit('lost', 'The Gateway closed the API connection.');
      this.schedule(saw326 ? `Client ids ${this.opts.clientId}–${clientId} are all in use.` : 'Connection closed.');
    });

    this.connectTimer = this.clock.setTimeout(() => {
      if (!current() || gotNextId) return;
      this.teardown();
      this.schedule(`No API answer on port ${this.opts.port} within ${this.opts.connectTimeoutMs} ms.`);
    }, this.opts.connectTimeoutMs);

    try {
      api.connect(clientId);
    } catch (err) {
      this.teardown();
      this.schedule((err as Error).message);
    }
  }

  private onNotice(code: number, message: string) {
    const n = classifyNotice(code, message);
    if (n.kind === 'link') {
      this.update({ ibLink: n.state === 'lost' ? 'lost' : 'ok' });
      if (n.state === 'restored-data-lost') this.emit('resubscribe');
    } else if (n.kind === 'farm') {
      this.update({ farms: { ...this.state.farms, [n.farm]: n.state } });
    } else if (n.kind === 'port-changed' && n.port !== null && n.port !== this.opts.port) {
      this.opts.log?.('warn', `The Gateway moved its API port to ${n.port} (1300): reconnecting there.`);
      this.emit('info', { code, message });
      this.retarget(n.port);
      return;
    }
    this.emit('info', { code, message });
  }

  private schedule(reason: string) {
    if (this.stopped || this.retryTimer) return;
    const wait = this.backoff;
    this.backoff = Math.min(this.backoff * 2, this.opts.backoffMaxMs);
    this.update({ phase: this.state.connectedAt ? 'reconnecting' : 'connecting', lastError: reason });
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = null;
      this.attempt();
    }, wait);
  }

  private startProbe(api: IBApi) {
    this.stopProbe?.();
    this.probePending = false;
    this.stopProbe = every(this.clock, this.opts.probeIntervalMs, () => {
      if (this.readyApi !== api) return;
      if (this.probePending) {
        // The socket is open but the Gateway stopped answering: treat it as gone and start over.
        this.opts.log?.('warn', `Gateway did not answer the API probe within ${this.opts.probeIntervalMs} ms.`);
        this.teardown();
        this.emit('lost', 'The Gateway stopped answering.');
        this.schedule('The Gateway stopped answering (probe timeout).');
        return;
      }
      this.probePending = true;
      try {
        api.reqCurrentTime();
      } catch {
        /* the disconnect handler takes over */
      }
    });
  }

  private teardown() {
    if (this.connectTimer) this.clock.clearTimeout(this.connectTimer);
    this.stopProbe?.();
    this.connectTimer = null;
    this.stopProbe = null;
    const api = this.api;
    this.api = null;
    this.readyApi = null;
    this.attemptSeq++;
    if (api) {
      api.removeAllListeners();
      // An 'error' with no listener would throw inside eventemitter3 consumers; keep one sink.
      api.on(EventName.error, () => {});
      try {
        api.disconnect();
      } catch {
        /* already closed */
      }
    }
    if (this.state.phase === 'connected') this.update({ phase: 'reconnecting', serverVersion: null });
  }
}
