/**
 * Gatehouse's own TWS API port: the trader's programs connect here exactly as they would to the
 * Gateway, and every placeOrder passes the same risk gate as the UI's orders (see connection.ts).
 *
 * Listens on 127.0.0.1 unless trusted addresses are configured (like the Gateway's own Trusted IPs);
 * connections from anywhere else are closed at once. When the Gateway cannot be reached a new client is
 * closed at once too (as a Gateway that is down would refuse it): nothing is queued for later.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { RiskLimits } from '../contract.ts';
import { ApiConnection, normalizeAddress, type LiveOrder } from './connection.ts';
import { clientPolicy, effectivePolicy, type ClientPolicy } from './policy.ts';
import { OrderKeys, type FirewallRisk } from './risk.ts';

export interface FirewallOptions {
  /** The firewall's port (0 = any free port, for tests). */
  port: number;
  /** Where the Gateway listens. */
  upstream: { host: string; port: number };
  /** Remote addresses allowed besides loopback; when any are given the port listens on all interfaces. */
  trustedAddresses?: readonly string[];
  risk: FirewallRisk;
  /** The profile's limits, for the default per-client policy. */
  limits: () => RiskLimits;
  /** Per-client overrides of the default policy, by client id. */
  policies?: Readonly<Record<number, Partial<ClientPolicy>>>;
  /** The profile's Read-Only API: placeOrder is answered with the Gateway's 321 and goes nowhere. */
  readOnlyApi?: () => boolean;
  /** False while the supervisor knows the Gateway is down: new clients are turned away without trying. */
  gatewayUp?: () => boolean;
  now?: () => number;
  log?: (level: 'info' | 'warn' | 'error', text: string) => void;
  /** Called whenever the list of clients or their counters change. */
  onChange?: () => void;
}

/** One connected program, as the "API clients" screen shows it. */
export interface ApiClientView {
  id: number;
  clientId: number | null;
  address: string;
  connectedSince: number;
  serverVersion: number | null;
  ordersSent: number;
  ordersRefused: number;
  ordersFilled: number;
  lastRefusal: { time: number; orderId: number; reason: string } | null;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1)$/;

export class ApiFirewall {
  private opts: FirewallOptions;
  private readonly now: () => number;
  private readonly log: NonNullable<FirewallOptions['log']>;
  private server: Server | null = null;
  private readonly connections = new Map<number, ApiConnection>();
  private readonly live = new Map<number, Map<number, LiveOrder>>();
  private readonly keys = new OrderKeys();
  private nextId = 1;
  private boundPort = 0;
  private problemText: string | null = null;
  private opening: Promise<void> | null = null;

  constructor(opts: FirewallOptions) {
    this.opts = opts;
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? (() => undefined);
  }

  get port(): number {
    return this.boundPort;
  }

  /** The port it was asked to open (the bound one may differ only when that was 0). */
  get configuredPort(): number {
    return this.opts.port;
  }

  get host(): string {
    return (this.opts.trustedAddresses?.length ?? 0) > 0 ? '0.0.0.0' : '127.0.0.1';
  }

  async listen(): Promise<number> {
    const server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const addr = server.address();
    this.boundPort = typeof addr === 'object' && addr ? addr.port : this.opts.port;
    this.log('info', `API firewall listening on ${this.host}:${this.boundPort} for the Gateway at ${this.opts.upstream.host}:${this.opts.upstream.port}`);
    return this.boundPort;
  }

  get listening(): boolean {
    return this.server !== null;
  }

  /** Why the port is not open, in words; null when it is (or was never tried). */
  get problem(): string | null {
    return this.problemText;
  }

  /** Opens the port if it is not open; a port taken by another program is reported, never thrown. */
  open(): Promise<void> {
    if (this.server) return Promise.resolve();
    this.opening ??= this.listen()
      .then(() => {
        this.problemText = null;
      })
      .catch((err: NodeJS.ErrnoException) => {
        this.problemText =
          err.code === 'EADDRINUSE'
            ? `Port ${this.opts.port} is already in use by another program: choose another API port for Gatehouse.`
            : `Could not open port ${this.opts.port}: ${err.message}`;
        this.log('warn', `API firewall: ${this.problemText}`);
      })
      .finally(() => {
        this.opening = null;
        this.opts.onChange?.();
      });
    return this.opening;
  }

  /** Closes the port and every client (their upstream connections with them). */
  async close(): Promise<void> {
    for (const c of [...this.connections.values()]) c.close('Gatehouse stopped the API port');
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    this.opts.onChange?.();
  }

  /**
   * The profile's API port settings changed: policies hold from the next order on; a new port or address
   * list reopens the port (connected programs are closed and reconnect, as after a Gateway restart).
   */
  async reconfigure(next: Pick<FirewallOptions, 'port' | 'trustedAddresses' | 'policies'>): Promise<void> {
    const before = this.opts;
    this.opts = { ...before, ...next };
    const same = (a: readonly string[] = [], b: readonly string[] = []) => a.length === b.length && a.every((x, i) => x === b[i]);
    if (next.port === before.port && same(next.trustedAddresses, before.trustedAddresses)) return;
    const wasOpen = this.server !== null;
    await this.close();
    this.problemText = null;
    if (wasOpen) await this.open();
  }

  clients(): ApiClientView[] {
    return [...this.connections.values()].map((c) => ({
      id: c.id,
      clientId: c.clientId,
      address: c.address,
      connectedSince: c.connectedAt,
      serverVersion: c.serverVersion,
      ordersSent: c.stats.sent,
      ordersRefused: c.stats.refused,
      ordersFilled: c.stats.filled,
      lastRefusal: c.stats.lastRefusal,
    }));
  }

  disconnect(id: number): boolean {
    const c = this.connections.get(id);
    if (!c) return false;
    c.close('disconnected by you in Gatehouse');
    return true;
  }

  /**
   * The kill switch tripped: the gate already refuses every new order; bracket parts waiting here for
   * their transmitting order are dropped (they never reached the Gateway). Open orders are cancelled by
   * the caller through Gatehouse's own connection (reqGlobalCancel cancels every client's orders).
   */
  onKillSwitch(reason?: string | null): void {
    const why = `Kill switch is on${reason ? ` (${reason})` : ''} — this untransmitted bracket part was dropped, nothing of it reached the Gateway`;
    let dropped = 0;
    for (const c of this.connections.values()) dropped += c.dropHeld(why);
    if (dropped) this.log('warn', `Kill switch: ${dropped} untransmitted bracket order(s) of API clients dropped.`);
  }

  /** Gateway went away (supervisor): every client is closed, as the Gateway itself would. */
  gatewayDown(): void {
    for (const c of [...this.connections.values()]) c.close('the Gateway went away');
  }

  /** What the firewall itself checks for this client (the gate checks the profile's limits). */
  policy(clientId: number): ClientPolicy {
    return clientPolicy(this.opts.policies?.[clientId]);
  }

  /** What this client is held to in effect: its own policy, else the profile's limits. */
  effectivePolicy(clientId: number): ClientPolicy {
    return effectivePolicy(this.opts.limits(), this.opts.policies?.[clientId]);
  }

  // ---------------------------------------------------------------------------------------------------

  private accept(socket: Socket): void {
    const address = normalizeAddress(socket.remoteAddress);
    if (!LOOPBACK.test(address) && !(this.opts.trustedAddresses ?? []).includes(address)) {
      this.log('warn', `API connection from ${address} refused: not a trusted address.`);
      socket.destroy();
      return;
    }
    if (this.opts.gatewayUp && !this.opts.gatewayUp()) {
      this.log('warn', `API connection from ${address} refused: the Gateway is not running.`);
      socket.destroy();
      return;
    }
    socket.pause();
    const upstream = connect({ host: this.opts.upstream.host, port: this.opts.upstream.port });
    const id = this.nextId++;
    const conn = new ApiConnection(id, socket, upstream, {
      risk: this.opts.risk,
      key: (clientId, orderId) => this.keys.key(clientId, orderId),
      liveOrders: (clientId) => {
        let m = this.live.get(clientId);
        if (!m) this.live.set(clientId, (m = new Map()));
        return m;
      },
      policy: (clientId) => this.policy(clientId),
      readOnlyApi: () => this.opts.readOnlyApi?.() ?? false,
      now: this.now,
      log: this.log,
      changed: () => this.opts.onChange?.(),
      closed: (c) => {
        this.connections.delete(c.id);
        this.opts.onChange?.();
      },
    });
    this.connections.set(id, conn);
    // Client bytes are read only once the Gateway is there; a Gateway that refuses closes both (see 'error').
    upstream.once('connect', () => socket.resume());
    this.log('info', `API client connected from ${address}.`);
    this.opts.onChange?.();
  }
}
