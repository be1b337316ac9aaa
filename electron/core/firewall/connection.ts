/**
 * One API client of the firewall and its own upstream connection to the Gateway, under the same
 * client id, so nextValidId, order binding, open orders per client and 326 stay the Gateway's own.
 *
 * - Server → client: every chunk is written to the client as it arrives, byte for byte; a copy is read
 *   only for the server hello (the negotiated version), orderStatus and errors.
 * - Client → server: frames are forwarded as they arrived, in order, except placeOrder, which is decoded
 *   at the negotiated version and checked (client policy, then the shared risk gate) before its bytes
 *   go on. Frames behind an order wait for its verdict, so nothing overtakes it.
 * - Brackets: orders with transmit=false stay here (the Gateway would only hold them too) until the order
 *   that transmits them arrives; then the bracket is checked as a whole and sent whole, or refused whole.
 * - Refused: the client gets error 201 "Order rejected - reason:…", framed as the Gateway frames it; with the
 *   profile's Read-Only API on, the 321 a read-only Gateway sends instead.
 * - An unreadable frame closes this client (and its upstream) only. Nothing is queued for later: when
 *   either side goes, both sockets close.
 */
import type { Socket } from 'node:net';
import type { ParsedTicket } from '../contract.ts';
import { zoneOfConnectionTime } from '../broker/exec-time.ts';
import { errorFrame, IN, ORDER_REJECTED, READ_ONLY_API, readCancelOrder, readError, readOnlyText, readOrderStatus, readStartApi, rejectionText } from './messages.ts';
import { decodePlaceOrder, OUT, UndecodableOrder, type DecodedOrder } from './place-order.ts';
import { policyReasons, type ClientPolicy } from './policy.ts';
import { bracketExits, isProtectiveExit, type BracketExits } from './bracket.ts';
import type { ApiOrigin, CheckLinks, FirewallRisk } from './risk.ts';
import { identityQuery, unnamedReason, withIdentity } from './identify.ts';
import { instrumentId } from '../contract/keys.ts';
import { toTicket } from './ticket.ts';
import { FrameReader, narrowGreeting, parseServerHello, type Frame } from './wire.ts';

/** An order this client has at the Gateway (kept per client id by the firewall, across reconnects). */
export interface LiveOrder {
  order: DecodedOrder;
  ticket: ParsedTicket | null;
  key: number;
  filled: string;
}

export interface ConnectionStats {
  sent: number;
  refused: number;
  filled: number;
  lastRefusal: { time: number; orderId: number; reason: string } | null;
}

export interface ConnectionDeps {
  risk: FirewallRisk;
  key(clientId: number, orderId: number): number;
  /** The live orders of a client id (shared by every connection that uses the id). */
  liveOrders(clientId: number): Map<number, LiveOrder>;
  policy(clientId: number): ClientPolicy;
  /** The profile's Read-Only API, asked per order (a profile saved meanwhile applies at once). */
  readOnlyApi(): boolean;
  now(): number;
  log(level: 'info' | 'warn' | 'error', text: string): void;
  changed(): void;
  closed(conn: ApiConnection): void;
}

interface Pending {
  order: DecodedOrder;
  raw: Buffer;
}

const TERMINAL = new Set(['Cancelled', 'ApiCancelled', 'Inactive', 'Filled']);
const ASCII_3 = 0x33;
const ASCII_4 = 0x34;

export class ApiConnection {
  readonly id: number;
  readonly address: string;
  readonly connectedAt: number;
  clientId: number | null = null;
  serverVersion: number | null = null;
  /** The Gateway's zone, named in its handshake: a goodTillDate written without a zone is in it. */
  private gatewayZone: string | null = null;
  readonly stats: ConnectionStats = { sent: 0, refused: 0, filled: 0, lastRefusal: null };
  closeReason: string | null = null;
  private readonly deps: ConnectionDeps;
  private readonly client: Socket;
  private readonly upstream: Socket;
  private readonly clientReader = new FrameReader({ expectGreeting: true });
  /** Reads only the hello, orderStatus (3) and errors (4); everything else is skipped uncopied. */
  private readonly upstreamReader = new FrameReader({
    expectGreeting: false,
    select: (p, i) => i === 0 || (p.length > 1 && p[1] === 0 && (p[0] === ASCII_3 || p[0] === ASCII_4)),
  });
  private readonly backlog: Frame[] = [];
  private processing = false;
  private readonly held = new Map<number, Pending>();
  /** Times of this client's orders let through, for its orders-per-minute policy. */
  private readonly recent: number[] = [];
  private closed = false;

  constructor(id: number, client: Socket, upstream: Socket, deps: ConnectionDeps) {
    this.id = id;
    this.deps = deps;
    this.client = client;
    this.upstream = upstream;
    this.address = normalizeAddress(client.remoteAddress);
    this.connectedAt = deps.now();
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.on('data', (chunk: Buffer) => this.onClientData(chunk));
    upstream.on('data', (chunk: Buffer) => this.onUpstreamData(chunk));
    client.on('close', () => this.close('the client disconnected'));
    upstream.on('close', () => this.close('the Gateway closed the connection'));
    client.on('error', () => this.close('the client connection failed'));
    upstream.on('error', (err: Error) => this.close(`the Gateway connection failed: ${err.message}`));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Drops the orders held for a bracket (kill switch): they never reached the Gateway, so there is nothing to
   * cancel there; the program is told with 201, as for any refused order, so it does not wait for them.
   */
  dropHeld(reason: string): number {
    const sv = this.serverVersion;
    const dropped = [...this.held.values()];
    this.held.clear();
    if (this.closed || sv === null) return dropped.length;
    for (const { order } of dropped) {
      this.refusedStat(order.orderId, reason);
      this.client.write(errorFrame(sv, order.orderId, ORDER_REJECTED, rejectionText([reason])));
      const t = toTicket(order, { gatewayZone: this.gatewayZone });
      void this.audit(order.orderId, t.ok ? { ...t.ticket } : { ...order }, [reason]);
    }
    if (dropped.length) this.deps.changed();
    return dropped.length;
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.closeReason = reason;
    this.held.clear();
    this.backlog.length = 0;
    this.client.destroy();
    this.upstream.destroy();
    this.deps.log('info', `API client ${this.describe()} closed: ${reason}`);
    this.deps.closed(this);
  }

  describe(): string {
    return `${this.clientId ?? '?'} at ${this.address}`;
  }

  // ---------------------------------------------------------------------------------------------------

  private onClientData(chunk: Buffer): void {
    if (this.closed) return;
    for (const ev of this.clientReader.push(chunk)) {
      if (this.closed) return;
      if (ev.type === 'invalid') return this.close(`malformed data from the client: ${ev.reason}`);
      if (ev.type === 'greeting') {
        const narrowed = narrowGreeting(ev.greeting);
        if (!narrowed) {
          return this.close(`the client speaks versions ${ev.greeting.minVersion}..${ev.greeting.maxVersion}, Gatehouse reads 100..193`);
        }
        this.upstream.write(narrowed);
        continue;
      }
      this.backlog.push(ev.frame);
      if (!this.processing) void this.pump();
    }
  }

  /** Runs the client's frames in order; synchronous until a placeOrder has to wait for its verdict. */
  private async pump(): Promise<void> {
    this.processing = true;
    try {
      while (this.backlog.length > 0 && !this.closed) {
        const frame = this.backlog.shift() as Frame;
        const msgId = frame.fields[0] ?? '';
        if (!/^\d+$/.test(msgId)) {
          this.close(`malformed frame from the client (message id "${msgId.slice(0, 20)}")`);
          return;
        }
        const id = Number(msgId);
        if (id === OUT.PLACE_ORDER) await this.placeOrder(frame);
        else this.forward(id, frame);
      }
    } catch (err) {
      this.close(`internal error: ${(err as Error).message}`);
    } finally {
      this.processing = false;
    }
  }

  private forward(id: number, frame: Frame): void {
    if (id === OUT.START_API && this.clientId === null) {
      this.clientId = readStartApi(frame.fields);
      this.deps.changed();
    } else if (id === OUT.CANCEL_ORDER && this.serverVersion !== null) {
      const orderId = readCancelOrder(this.serverVersion, frame.fields);
      if (orderId !== null) this.held.delete(orderId);
    } else if (id === OUT.REQ_GLOBAL_CANCEL) {
      this.held.clear();
    }
    this.upstream.write(frame.raw);
  }

  private async placeOrder(frame: Frame): Promise<void> {
    const sv = this.serverVersion;
    const clientId = this.clientId;
    if (sv === null || clientId === null) {
      this.close('placeOrder before the API was started');
      return;
    }
    let order: DecodedOrder;
    try {
      order = decodePlaceOrder(sv, frame.fields);
    } catch (err) {
      if (!(err instanceof UndecodableOrder)) throw err;
      const guess = Number(frame.fields[sv < 145 ? 2 : 1]);
      const orderId = Number.isSafeInteger(guess) ? guess : -1;
      const reason = `Gatehouse could not read this order (${err.message}); the connection is closed`;
      this.refusedStat(orderId, reason);
      this.client.write(errorFrame(sv, orderId, ORDER_REJECTED, rejectionText([reason])));
      await this.audit(orderId, null, [reason]);
      this.close(`undecodable placeOrder: ${err.message}`);
      return;
    }
    if (order.whatIf) {
      // A what-if order never works at the Gateway: it only asks for margin and commission.
      this.upstream.write(frame.raw);
      return;
    }
    if (this.deps.readOnlyApi()) {
      // Answered as a read-only Gateway answers it (321), so programs written for one report it as usual;
      // before the gate, as for Gatehouse's own ticket: nothing reserved, nothing sent. Cancels still pass.
      this.refusedStat(order.orderId, 'the API is read-only (Read-only API is on in the profile)');
      this.client.write(errorFrame(sv, order.orderId, READ_ONLY_API, readOnlyText()));
      this.deps.log('warn', `API client ${this.describe()}: order ${order.orderId} refused, the API is read-only.`);
      this.deps.changed();
      return;
    }
    if (!order.transmit) {
      this.held.set(order.orderId, { order, raw: frame.raw });
      return;
    }
    const rootId = order.parentId || order.orderId;
    const group: Pending[] = [];
    const root = this.held.get(rootId);
    if (root && rootId !== order.orderId) group.push(root);
    for (const [id, p] of this.held) if (p.order.parentId === rootId && id !== order.orderId) group.push(p);
    group.push({ order, raw: frame.raw });
    for (const p of group) this.held.delete(p.order.orderId);
    await this.checkAndSend(clientId, sv, group);
  }

  /** The whole group (one order, or a bracket) is let through or refused together. */
  private async checkAndSend(clientId: number, sv: number, group: Pending[]): Promise<void> {
    const live = this.deps.liveOrders(clientId);
    const policy = this.deps.policy(clientId);
    const now = this.deps.now();
    const refusals = new Map<number, string[]>();
    const tickets = new Map<number, ParsedTicket>();
    const parentOf = (o: DecodedOrder): DecodedOrder | undefined =>
      o.parentId ? (group.find((p) => p.order.orderId === o.parentId)?.order ?? live.get(o.parentId)?.order) : undefined;

    const recent = [...this.recent];
    for (const { order } of group) {
      // A contract named by conId or local symbol is valued as the contract the Gateway resolves it to.
      let described = order;
      const query = identityQuery(order.contract);
      if (query) {
        try {
          described = { ...order, contract: withIdentity(order.contract, await this.deps.risk.identify(query)) };
        } catch (err) {
          if (this.closed) return;
          refusals.set(order.orderId, [unnamedReason(query, err instanceof Error ? err.message : String(err))]);
          continue;
        }
        if (this.closed) return;
      }
      const t = toTicket(described, { gatewayZone: this.gatewayZone });
      if (!t.ok) {
        refusals.set(order.orderId, [t.reason]);
        continue;
      }
      tickets.set(order.orderId, t.ticket);
      if (!policy.readOnly) {
        const origin: ApiOrigin = { clientId, address: this.address, orderId: order.orderId };
        for (const line of await this.deps.risk.prepare(t.ticket, origin)) this.deps.log('warn', line);
        if (this.closed) return;
      }
      // The market is asked only when the client has an order value cap of its own.
      const { symbol, secType } = t.ticket;
      const valued = policy.maxOrderValue !== null;
      const reasons = policyReasons(policy, t.ticket, recent, now, valued ? this.deps.risk.lastPrice(instrumentId(t.ticket)) : null, valued ? this.deps.risk.multiplier(symbol, secType) : null);
      if (reasons.length) refusals.set(order.orderId, reasons);
      else recent.push(now);
    }

    const checked: number[] = [];
    const byGate = new Set<number>();
    if (refusals.size === 0) {
      // One gate decision per bracket, as for the UI's: a new parent carries the exits sent with it as its
      // attached orders (bracket.ts); the parent goes first, so an exit judged on its own finds it working.
      const members = group.map(({ order }) => ({ order, ticket: tickets.get(order.orderId) as ParsedTicket }));
      const withParent = new Set<number>();
      const bundles = new Map<number, BracketExits>();
      for (const m of members) {
        const b = bracketExits(m.order, m.ticket, members);
        if (!b) continue;
        bundles.set(m.order.orderId, b);
        for (const id of b.ids) withParent.add(id);
      }
      const exit = (o: DecodedOrder) => isProtectiveExit(o, parentOf(o));
      const ordered = [...members.filter((m) => !exit(m.order)), ...members.filter((m) => exit(m.order))];
      for (const { order, ticket } of ordered) {
        if (withParent.has(order.orderId)) continue;
        const key = this.deps.key(clientId, order.orderId);
        const origin: ApiOrigin = { clientId, address: this.address, orderId: order.orderId };
        const bundle = bundles.get(order.orderId);
        const parent = parentOf(order);
        const links: CheckLinks = bundle
          ? { attachedIds: bundle.ids }
          : exit(order) && parent
            ? { parentId: this.deps.key(clientId, parent.orderId) }
            : {};
        const answer = await this.deps.risk.check(key, bundle ? { ...ticket, attached: bundle.attached } : ticket, origin, links);
        if (this.closed) return;
        if (!answer.allowed) {
          refusals.set(order.orderId, answer.reasons);
          byGate.add(order.orderId);
          break;
        }
        if (!live.has(order.orderId)) checked.push(key);
      }
    }

    if (refusals.size > 0) {
      // Reservations made for new members of a refused bracket are given back; a refused modification
      // leaves the order (and its reservation) as it was.
      for (const key of checked) this.deps.risk.release(key);
      const [firstId, firstReasons] = [...refusals][0] as [number, string[]];
      for (const { order } of group) {
        const own = refusals.get(order.orderId);
        const reasons = own ?? [`the bracket was refused as a whole (order ${firstId}: ${firstReasons.join('; ')})`];
        this.refusedStat(order.orderId, reasons.join('; '));
        this.client.write(errorFrame(sv, order.orderId, ORDER_REJECTED, rejectionText(reasons)));
        // The gate wrote its own audit line; refusals decided here get one too.
        if (own && !byGate.has(order.orderId)) await this.audit(order.orderId, { ...(tickets.get(order.orderId) ?? order) }, own);
      }
      this.deps.changed();
      return;
    }

    for (const { order, raw } of group) {
      const prev = live.get(order.orderId);
      live.set(order.orderId, {
        order,
        ticket: tickets.get(order.orderId) ?? null,
        key: this.deps.key(clientId, order.orderId),
        filled: prev?.filled ?? '0',
      });
      this.recent.push(now);
      this.stats.sent++;
      this.upstream.write(raw);
    }
    this.deps.changed();
  }

  private refusedStat(orderId: number, reason: string): void {
    this.stats.refused++;
    this.stats.lastRefusal = { time: this.deps.now(), orderId, reason };
  }

  private async audit(orderId: number, order: Record<string, unknown> | null, reasons: string[]): Promise<void> {
    try {
      await this.deps.risk.refuse({ clientId: this.clientId ?? -1, address: this.address, orderId }, order, reasons);
    } catch (err) {
      this.deps.log('error', `Could not audit a refused API order: ${(err as Error).message}`);
    }
  }

  // ---------------------------------------------------------------------------------------------------

  private onUpstreamData(chunk: Buffer): void {
    if (this.closed) return;
    this.client.write(chunk);
    for (const ev of this.upstreamReader.push(chunk)) {
      if (ev.type === 'invalid') return this.close(`unreadable data from the Gateway: ${ev.reason}`);
      if (ev.type !== 'frame') continue;
      const fields = ev.frame.fields;
      if (this.serverVersion === null) {
        const hello = parseServerHello(fields);
        if (!hello) return this.close('the Gateway did not answer the handshake');
        this.serverVersion = hello.serverVersion;
        this.gatewayZone = zoneOfConnectionTime(hello.connectionTime);
        this.deps.changed();
        continue;
      }
      if (Number(fields[0]) === IN.ORDER_STATUS) this.onStatus(fields);
      else if (Number(fields[0]) === IN.ERR_MSG) this.onError(fields);
    }
  }

  private onStatus(fields: string[]): void {
    if (this.clientId === null || this.serverVersion === null) return;
    const s = readOrderStatus(this.serverVersion, fields);
    if (!s) return;
    const live = this.deps.liveOrders(this.clientId);
    const entry = live.get(s.orderId);
    if (!entry) return;
    const filled = Number(s.filled);
    const before = Number(entry.filled);
    if (Number.isFinite(filled) && filled > before && entry.ticket) {
      this.deps.risk.fill({
        execId: `api-${this.clientId}-${s.orderId}-${s.filled}`,
        orderId: entry.key,
        symbol: entry.ticket.symbol,
        side: entry.ticket.side,
        shares: trimDecimal(filled - before),
        time: this.deps.now(),
        secType: entry.ticket.secType,
        ...(entry.ticket.lastTradeDateOrContractMonth ? { lastTradeDateOrContractMonth: entry.ticket.lastTradeDateOrContractMonth } : {}),
      });
      entry.filled = s.filled;
    }
    // A held bracket part is Inactive at the Gateway until its transmitting order arrives: not over yet.
    if (s.status === 'Inactive' && !entry.order.transmit) return;
    if (TERMINAL.has(s.status)) {
      if (s.status === 'Filled') this.stats.filled++;
      this.deps.risk.release(entry.key);
      live.delete(s.orderId);
      this.deps.changed();
    }
  }

  private onError(fields: string[]): void {
    if (this.clientId === null) return;
    const e = readError(fields);
    // 321: the Gateway itself is read-only (set in the Gateway, not in the profile) and refused the order.
    if (!e || (e.code !== ORDER_REJECTED && e.code !== READ_ONLY_API)) return;
    const live = this.deps.liveOrders(this.clientId);
    const entry = live.get(e.id);
    if (!entry) return;
    // The Gateway itself rejected what the firewall let through: the order is not working.
    this.deps.risk.release(entry.key);
    live.delete(e.id);
  }
}

function trimDecimal(n: number): string {
  return n.toFixed(8).replace(/\.?0+$/, '');
}

export function normalizeAddress(addr: string | undefined): string {
  if (!addr) return 'unknown';
  return addr.startsWith('::ffff:') ? addr.slice(7) : addr;
}
