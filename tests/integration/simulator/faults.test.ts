/**
 * Faults switched on at run time, misbehaving clients, and the HTTP control channel.
 */
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../support/until.ts';
import { OrderAction, OrderType, SecType } from '@stoqey/ib';
import type { Contract } from '@stoqey/ib';
import { MAX_FRAME_LENGTH } from '../../../electron/simulator/frames.ts';
import { controlRequest } from '../../../electron/simulator/control-client.ts';
import type { Fault, SimulatorHandle, SimulatorOptions } from '../../../electron/simulator/server.ts';
import { RecordingClient, simulatorRig } from './ib-client.ts';
import { RawClient } from './raw-client.ts';

const stock = (symbol: string): Contract => ({ symbol, secType: SecType.STK, exchange: 'SMART', currency: 'USD' });

let raws: RawClient[] = [];
let logs: string[] = [];
const rig = simulatorRig({ seed: 5, log: (l) => logs.push(l) });
const simAt = rig.sim;
const client = rig.client;

afterEach(() => {
  for (const r of raws) r.close();
  raws = [];
  logs = [];
});

async function raw(s: SimulatorHandle): Promise<RawClient> {
  const r = await RawClient.open(s.port);
  raws.push(r);
  return r;
}

function portRefuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

const VERSIONS = [176, 187, 193] as const;

describe.each(VERSIONS)('faults at server version %i', (sv) => {
  const sim = (opts: SimulatorOptions = {}) => simAt({ maxServerVersion: sv, ...opts });
  it('hang: nothing is answered, new connections get no handshake; clearing answers what waited', async () => {
    const s = await sim();
    const c = await client(s);
    s.fault({ kind: 'hang' });
    c.ib.reqCurrentTime();
    const r = await raw(s);
    r.write(RawClient.greeting());
    // Both have reached the Gateway and wait there: had it answered either, the answer would be written.
    await until(() => s.state().heldRequests === 2, { what: 'the request and the greeting held by the hang' });
    expect(c.all('currentTime')).toEqual([]);
    expect(r.received.length).toBe(0);
    expect(r.closed).toBe(false);
    expect(s.state().hung).toBe(true);
    s.fault({ kind: 'clear' });
    await c.next('currentTime');
    await until(() => r.serverVersion === sv, { what: 'the held handshake answered after clear' });
  });

  it('slow login delays the handshake reply but the login completes', async () => {
    const s = await sim();
    s.fault({ kind: 'slowLogin', delayMs: 150 });
    expect(s.state().slowLoginMs).toBe(150);
    const c = await client(s);
    expect(c.ib.serverVersion).toBe(sv);
  });

  it('dropSockets disconnects every client; the port stays open for reconnects', async () => {
    const s = await sim();
    const a = await client(s, 1);
    const b = await client(s, 2);
    s.fault({ kind: 'dropSockets' });
    await a.next('disconnected');
    await b.next('disconnected');
    const again = await client(s, 1);
    again.ib.reqCurrentTime();
    await again.next('currentTime');
  });

  it('connectivity lost (1100) and restored with data maintained (1102) or lost (1101)', async () => {
    const s = await sim();
    const a = await client(s, 1);
    const b = await client(s, 2);
    a.ib.reqMktData(5, stock('AAPL'), '', false, false);
    await a.next('tickPrice', (x) => x[0] === 5);
    s.fault({ kind: 'connectivityLost' });
    expect((await a.info(1100)).message).toBe('Connectivity between IB and Trader Workstation has been lost.');
    await b.info(1100);
    s.fault({ kind: 'connectivityRestored' });
    expect((await a.info(1102)).message).toMatch(/^Connectivity between IB and Trader Workstation has been restored - data maintained/);
    s.setPrice('AAPL', 231);
    await a.next('tickPrice', (x) => x[0] === 5 && x[2] === 231);
    s.fault({ kind: 'connectivityRestored', dataLost: true });
    await a.info(1101);
    const ticksBefore = a.all('tickPrice').length;
    s.setPrice('AAPL', 232);
    a.ib.reqCurrentTime();
    await a.next('currentTime');
    expect(a.all('tickPrice').length).toBe(ticksBefore); // the subscription is gone: resubscribe after 1101
  });

  it('rejectNextOrder rejects exactly one order with 201 and the reason', async () => {
    const s = await sim();
    const c = await client(s);
    s.fault({ kind: 'rejectNextOrder', reason: 'Exchange is closed.' });
    c.ib.placeOrder(1, stock('AAPL'), { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1 });
    expect((await c.error(201, 1)).message).toBe('Order rejected - reason:Exchange is closed.');
    c.ib.placeOrder(2, stock('AAPL'), { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1 });
    await c.next('orderStatus', (x) => x[0] === 2 && x[1] === 'Filled');
    expect(s.book().orders.map((o) => [o.orderId, o.status, o.rejectCode])).toEqual([
      [1, 'Inactive', 201],
      [2, 'Filled', null],
    ]);
  });

  it('malformedFrame: the client reports a decoding error and keeps working', async () => {
    const s = await sim();
    const c = await client(s);
    s.fault({ kind: 'malformedFrame' });
    await c.until(() => c.decodeErrors().length > 0, { what: 'a decoding error' });
    c.errors.length = 0; // expected here; the afterEach oracle is for unexpected ones
    c.ib.reqCurrentTime();
    await c.next('currentTime');
  });

  it('dailyRestart closes the port for a while, logs like IBC, then accepts logins again', async () => {
    const s = await sim();
    const c = await client(s);
    const port = s.port;
    s.fault({ kind: 'dailyRestart', downMs: 300 });
    await c.next('disconnected');
    await until(() => !s.state().listening, { what: 'the port closed for the daily restart' });
    expect(await portRefuses(port)).toBe(true);
    await until(() => s.state().listening, { what: 'the port open again' });
    expect(s.port).toBe(port);
    const again = await client(s, 1);
    again.ib.reqCurrentTime();
    await again.next('currentTime');
    expect(logs.some((l) => l.includes('IBC: Login has completed'))).toBe(true);
  });

  it('twoFactor keeps the port closed until approved', async () => {
    const s = await sim();
    s.fault({ kind: 'twoFactor' });
    await until(() => !s.state().listening, { what: 'the port closed for 2FA' });
    expect(s.state().awaitingTwoFactor).toBe(true);
    expect(await portRefuses(s.port)).toBe(true);
    s.fault({ kind: 'clear' });
    await until(() => s.state().listening, { what: 'the port open after approval' });
    await client(s);
    expect(logs).toContain('IBC: Second Factor Authentication initiated');
  });

  it('staleSession: the held client id gets 326 until the stale session times out', async () => {
    const s = await sim();
    s.fault({ kind: 'staleSession', clientId: 3, durationMs: 400 });
    const refused = new RecordingClient(s.port, 3);
    refused.ib.connect();
    await refused.info(326);
    await refused.next('disconnected');
    refused.close();
    expect(s.state().staleClientIds).toEqual([3]);
    const other = await client(s, 4);
    expect(other.ib.serverVersion).toBe(sv);
    await until(() => s.state().staleClientIds.length === 0, { what: 'the stale session timed out' });
    await client(s, 3);
  });

  it('crash is handed to the process owner (the launcher); the bare server ignores it', async () => {
    const seen: Fault[] = [];
    const s = await sim({ onProcessFault: (f) => seen.push(f) });
    s.fault({ kind: 'crash', exitCode: 3 });
    expect(seen).toEqual([{ kind: 'crash', exitCode: 3 }]);
    const bare = await sim();
    bare.fault({ kind: 'crash' });
    expect(bare.state().listening).toBe(true);
  });
});

describe('misbehaving clients are dropped alone', () => {
  const sim = simAt;
  it('split and coalesced client writes are understood', async () => {
    const s = await sim();
    const r = await raw(s);
    await r.writeByteByByte(Buffer.concat([RawClient.greeting('v100..187'), RawClient.frame([71, 2, 8, ''])]));
    await until(() => r.has('nextValidId'), { what: 'nextValidId from byte-by-byte writes' });
    expect(r.serverVersion).toBe(187);
    r.write(Buffer.concat([RawClient.frame([49, 1]), RawClient.frame([17, 1])]));
    await until(() => r.has('currentTime') && r.events.filter((e) => e.name === 'managedAccounts').length === 2, { what: 'currentTime and both managedAccounts from coalesced writes' });
    expect(r.errors).toEqual([]);
  });

  it.each([
    ['a non-numeric message id', RawClient.frame(['hello', 'world'])],
    ['a truncated placeOrder', RawClient.frame([3, 1, 0, 'AAPL'])],
    ['an oversized frame', (() => { const b = Buffer.alloc(4); b.writeUInt32BE(MAX_FRAME_LENGTH + 1); return b; })()],
  ])('%s closes that client; others keep working', async (_name, bad) => {
    const s = await sim();
    const good = await client(s, 1);
    const r = await raw(s);
    r.write(Buffer.concat([RawClient.greeting(), RawClient.frame([71, 2, 2, ''])]));
    await until(() => r.has('nextValidId'), { what: 'nextValidId' });
    r.write(bad);
    await until(() => r.closed, { what: 'the bad client closed' });
    good.ib.reqCurrentTime();
    await good.next('currentTime');
    expect(s.clients().map((c) => c.clientId)).toEqual([1]);
  });

  it('a connection that does not speak the API protocol is closed', async () => {
    const s = await sim();
    const r = await raw(s);
    r.write(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    await until(() => r.closed, { what: 'the non-API connection closed' });
  });
});

describe('control channel', () => {
  const sim = simAt;
  it('serves /state and /book, moves prices and injects faults over loopback HTTP', async () => {
    const s = await sim({ controlPort: 0 });
    expect(s.controlPort).toBeGreaterThan(0);
    const target = { controlPort: s.controlPort!, token: s.controlToken! };
    const c = await client(s);
    const state = (await (await controlRequest(target, 'state')).json()) as { port: number; clients: { clientId: number }[] };
    expect(state.port).toBe(s.port);
    expect(state.clients.map((x) => x.clientId)).toEqual([1]);
    expect((await controlRequest(target, 'price', { symbol: 'AAPL', price: 200 })).status).toBe(200);
    expect((await controlRequest(target, 'fault', { kind: 'rejectNextOrder', reason: 'x' })).status).toBe(200);
    c.ib.placeOrder(1, stock('AAPL'), { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1 });
    await c.error(201, 1);
    c.ib.placeOrder(2, stock('AAPL'), { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1 });
    await c.next('orderStatus', (x) => x[0] === 2 && x[1] === 'Filled');
    const book = (await (await controlRequest(target, 'book')).json()) as { orders: { orderId: number; submissions: number }[]; fills: { price: number }[] };
    expect(book.orders.map((o) => [o.orderId, o.submissions])).toEqual([
      [1, 1],
      [2, 1],
    ]);
    expect(book.fills.map((f) => f.price)).toEqual([200.01]);
    expect((await controlRequest(target, 'fault', '{nope')).status).toBe(400);
    expect((await controlRequest(target, 'fault', { kind: 'explode' })).status).toBe(400);
    expect((await controlRequest(target, 'nothing')).status).toBe(404);
  });
});
