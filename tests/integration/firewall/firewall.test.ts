/**
 * The risk firewall over real TCP: the real @stoqey/ib client connects to Gatehouse's API port at the
 * server versions Gateways negotiate, and the simulated Gateway's own book says what reached it.
 */
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../support/until.ts';
import { OrderAction, OrderType, SecType } from '@stoqey/ib';
import type { Contract, Order } from '@stoqey/ib';
import { encodeFrame } from '../../../electron/core/firewall/wire.ts';
import type { RecordingClient } from '../simulator/ib-client.ts';
import { RawClient } from '../simulator/raw-client.ts';
import { firewallHarness, type FirewallHarness } from './harness.ts';

const VERSIONS = [176, 187, 193] as const;
const stock = (symbol: string): Contract => ({ symbol, secType: SecType.STK, exchange: 'SMART', currency: 'USD' });
const lmt = (action: OrderAction, totalQuantity: number, lmtPrice: number, extra: Partial<Order> = {}): Order => ({
  action,
  orderType: OrderType.LMT,
  totalQuantity,
  lmtPrice,
  ...extra,
});

let harnesses: FirewallHarness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.map((h) => h.close()));
  harnesses = [];
});

async function setup(sv: number, ...rest: Parameters<typeof firewallHarness> extends [number, ...infer R] ? R : never) {
  const h = await firewallHarness(sv, ...rest);
  harnesses.push(h);
  return h;
}

function bookIds(h: FirewallHarness, clientId: number): number[] {
  return h.sim.book().orders.filter((o) => o.clientId === clientId).map((o) => o.orderId);
}

describe.each(VERSIONS)('through the firewall at server version %i', (sv) => {
  it('market and account data arrive exactly as on a direct connection, at the negotiated version', async () => {
    const h = await setup(sv);
    const direct = await h.direct(11);
    const relayed = await h.client(12);
    expect(relayed.ib.serverVersion).toBe(sv);
    expect(h.firewall.clients()).toMatchObject([{ clientId: 12, address: '127.0.0.1', serverVersion: sv }]);
    for (const c of [direct, relayed]) {
      c.ib.reqAccountSummary(1, 'All', 'NetLiquidation,TotalCashValue,BuyingPower');
      c.ib.reqPositions();
      c.ib.reqMktData(2, stock('AAPL'), '', true, false);
      c.ib.reqContractDetails(3, stock('MSFT'));
    }
    for (const c of [direct, relayed]) {
      await c.next('accountSummaryEnd');
      await c.next('positionEnd');
      await c.next('tickSnapshotEnd');
      await c.next('contractDetailsEnd');
    }
    const data = (c: RecordingClient) =>
      c.events
        .filter((e) => ['accountSummary', 'position', 'tickPrice', 'tickSize', 'contractDetails', 'managedAccounts'].includes(e.name))
        .map((e) => [e.name, e.args]);
    expect(data(relayed).length).toBeGreaterThan(5);
    expect(data(relayed)).toEqual(data(direct));
    expect(relayed.decodeErrors()).toEqual([]);
  });

  it('an allowed order is placed, modified and cancelled, and the audit log names the client', async () => {
    const h = await setup(sv);
    h.sim.setPrice('AMZN', 200);
    const c = await h.client(7);
    c.ib.placeOrder(1, stock('AMZN'), lmt(OrderAction.BUY, 10, 190));
    await c.next('orderStatus', (a) => a[0] === 1 && a[1] === 'Submitted');
    c.ib.placeOrder(1, stock('AMZN'), lmt(OrderAction.BUY, 15, 191.5));
    const [, , modified] = (await c.next('openOrder', (a) => a[0] === 1, 2)) as [number, Contract, Order];
    expect(modified).toMatchObject({ lmtPrice: 191.5, totalQuantity: 15 });
    expect(h.gate.reserved()).toHaveLength(1);
    c.ib.cancelOrder(1, {});
    await c.next('orderStatus', (a) => a[0] === 1 && a[1] === 'Cancelled');
    expect(h.sim.book().orders.map((o) => [o.clientId, o.orderId, o.status, o.submissions])).toEqual([[7, 1, 'Cancelled', 2]]);
    await until(() => h.gate.reserved().length === 0, { what: 'every reservation released' });
    const audit = (await h.gate.audit.read()).filter((e) => e.kind === 'order');
    expect(audit.map((e) => [e.verdict, (e.order as { apiClient: unknown }).apiClient])).toEqual([
      ['allowed', { clientId: 7, address: '127.0.0.1', orderId: 1 }],
      ['allowed', { clientId: 7, address: '127.0.0.1', orderId: 1 }],
    ]);
    expect(h.firewall.clients()[0]).toMatchObject({ ordersSent: 2, ordersRefused: 0 });
  });

  it('a limit breach is refused with 201 and the rule\'s words, and never reaches the Gateway', async () => {
    const h = await setup(sv);
    const c = await h.client(7);
    c.ib.placeOrder(1, stock('AAPL'), { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 5000 });
    const err = await c.error(201, 1);
    expect(err.message).toMatch(/^Order rejected - reason:.*1,?000/);
    expect(bookIds(h, 7)).toEqual([]);
    // The connection stays usable: the next, allowed order goes through.
    c.ib.placeOrder(2, stock('AAPL'), { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1 });
    await c.next('orderStatus', (a) => a[0] === 2 && a[1] === 'Filled');
    expect(bookIds(h, 7)).toEqual([2]);
    expect(h.firewall.clients()[0]).toMatchObject({ ordersSent: 1, ordersRefused: 1, ordersFilled: 1 });
    expect(h.firewall.clients()[0]?.lastRefusal?.orderId).toBe(1);
    const refused = (await h.gate.audit.read()).find((e) => e.verdict === 'refused');
    expect(refused?.order).toMatchObject({ symbol: 'AAPL', quantity: '5000', apiClient: { clientId: 7 } });
  });

  it('a bracket is checked as a whole: a sound one is sent whole, a breaching one is refused whole', async () => {
    const h = await setup(sv);
    h.sim.setPrice('AAPL', 200);
    const c = await h.client(7);
    const aapl = stock('AAPL');
    c.ib.placeOrder(1, aapl, lmt(OrderAction.BUY, 100, 190, { transmit: false }));
    c.ib.placeOrder(2, aapl, lmt(OrderAction.SELL, 100, 220, { parentId: 1, transmit: false }));
    c.ib.placeOrder(3, aapl, { action: OrderAction.SELL, orderType: OrderType.STP, auxPrice: 180, totalQuantity: 100, parentId: 1, transmit: true });
    await c.next('orderStatus', (a) => a[0] === 3);
    expect(bookIds(h, 7)).toEqual([1, 2, 3]);

    // Parent fine on its own, but its exit is bigger than it (so not an exit) and breaches the size limit.
    c.ib.placeOrder(4, aapl, lmt(OrderAction.BUY, 10, 190, { transmit: false }));
    c.ib.placeOrder(5, aapl, lmt(OrderAction.SELL, 5000, 220, { parentId: 4, transmit: false }));
    c.ib.placeOrder(6, aapl, { action: OrderAction.SELL, orderType: OrderType.STP, auxPrice: 180, totalQuantity: 10, parentId: 4, transmit: true });
    const errors = await Promise.all([c.error(201, 4), c.error(201, 5), c.error(201, 6)]);
    expect(errors[1]?.message).toMatch(/^Order rejected - reason:/);
    expect(errors[0]?.message).toMatch(/bracket was refused as a whole \(order 5/);
    expect(bookIds(h, 7)).toEqual([1, 2, 3]);
    // The parent's reservation made before the refusal is given back: only bracket 1's parent holds one.
    expect(h.gate.reserved().map((r) => r.remaining)).toEqual([expect.anything()]);
  });

  it('the kill switch refuses every client and cancels their open orders', async () => {
    const h = await setup(sv);
    h.sim.setPrice('MSFT', 400);
    const a = await h.client(7);
    const b = await h.client(8);
    a.ib.placeOrder(1, stock('MSFT'), lmt(OrderAction.BUY, 5, 390));
    b.ib.placeOrder(1, stock('MSFT'), lmt(OrderAction.BUY, 5, 380));
    await a.next('orderStatus', (x) => x[0] === 1 && x[1] === 'Submitted');
    await b.next('orderStatus', (x) => x[0] === 1 && x[1] === 'Submitted');
    await h.killSwitch();
    await a.next('orderStatus', (x) => x[0] === 1 && x[1] === 'Cancelled');
    await b.next('orderStatus', (x) => x[0] === 1 && x[1] === 'Cancelled');
    a.ib.placeOrder(2, stock('MSFT'), lmt(OrderAction.BUY, 1, 390));
    b.ib.placeOrder(2, stock('MSFT'), lmt(OrderAction.BUY, 1, 390));
    expect((await a.error(201, 2)).message).toMatch(/kill switch/i);
    expect((await b.error(201, 2)).message).toMatch(/kill switch/i);
    expect(h.sim.book().orders.map((o) => [o.clientId, o.orderId, o.status]).sort()).toEqual([
      [7, 1, 'Cancelled'],
      [8, 1, 'Cancelled'],
    ]);
  });

  it('two clients with different ids keep their own orders under the same order id', async () => {
    const h = await setup(sv);
    h.sim.setPrice('AMZN', 200);
    const a = await h.client(7);
    const b = await h.client(8);
    a.ib.placeOrder(1, stock('AMZN'), lmt(OrderAction.BUY, 3, 150));
    b.ib.placeOrder(1, stock('AMZN'), lmt(OrderAction.SELL, 4, 250));
    await a.next('orderStatus', (x) => x[0] === 1);
    await b.next('orderStatus', (x) => x[0] === 1);
    a.ib.cancelOrder(1, {});
    await a.next('orderStatus', (x) => x[0] === 1 && x[1] === 'Cancelled');
    const book = h.sim.book().orders.map((o) => [o.clientId, o.orderId, o.action, o.quantity, o.status]).sort();
    expect(book).toEqual([
      [7, 1, 'BUY', 3, 'Cancelled'],
      [8, 1, 'SELL', 4, 'Submitted'],
    ]);
    expect(b.statuses(1)).not.toContain('Cancelled');
    expect(h.gate.reserved()).toHaveLength(1);
  });
});

describe('frames the firewall cannot read', () => {
  it('a malformed frame closes that client only; an undecodable placeOrder is refused and closes it', async () => {
    const h = await setup(193);
    const good = await h.client(7);

    const raw = await RawClient.open(h.firewall.port);
    raw.write(RawClient.greeting());
    await until(() => raw.serverVersion === 193, { what: 'the handshake through the firewall' });
    raw.write(encodeFrame([71, 2, 9, '']));
    await until(() => raw.has('nextValidId'), { what: 'nextValidId through the firewall' });
    raw.write(encodeFrame(['not-a-message-id', 'x']));
    await until(() => raw.closed, { what: 'the firewall to close the connection' });

    const raw2 = await RawClient.open(h.firewall.port);
    raw2.write(RawClient.greeting());
    await until(() => raw2.serverVersion === 193, { what: 'the second handshake through the firewall' });
    raw2.write(encodeFrame([71, 2, 10, '']));
    await until(() => raw2.has('nextValidId'), { what: 'nextValidId on the second connection' });
    // A placeOrder cut short after the contract.
    raw2.write(encodeFrame([3, 5, 0, 'AAPL', 'STK', '', '', '', '', 'SMART', '', 'USD']));
    await until(() => raw2.closed, { what: 'the firewall to close the second connection' });
    expect(raw2.errors).toEqual([expect.objectContaining({ code: 201, message: expect.stringMatching(/^Order rejected - reason:Gatehouse could not read this order/) })]);
    expect(h.sim.book().orders).toEqual([]);

    // The well-behaved client is untouched and keeps trading.
    good.ib.placeOrder(1, stock('AAPL'), { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1 });
    await good.next('orderStatus', (a) => a[0] === 1 && a[1] === 'Filled');
    expect(h.firewall.clients().map((c) => c.clientId)).toEqual([7]);
  });
});

describe('restarts and a Gateway that goes away', () => {
  it('a Gatehouse restart leaves no order sent twice, and a held bracket part is not replayed', async () => {
    const h = await setup(193);
    h.sim.setPrice('AMZN', 200);
    const c = await h.client(7);
    c.ib.placeOrder(1, stock('AMZN'), lmt(OrderAction.BUY, 2, 150));
    await c.next('orderStatus', (a) => a[0] === 1 && a[1] === 'Submitted');
    c.ib.placeOrder(2, stock('AMZN'), lmt(OrderAction.BUY, 2, 150, { transmit: false }));
    await h.restart();
    await c.until(() => !c.ib.isConnected, { what: 'disconnect' });
    c.close();
    const again = await h.client(7);
    const [next] = await again.next('nextValidId');
    expect(next).toBe(2);
    again.ib.placeOrder(3, stock('AMZN'), lmt(OrderAction.BUY, 1, 150));
    await again.next('orderStatus', (a) => a[0] === 3 && a[1] === 'Submitted');
    expect(h.sim.book().orders.map((o) => [o.orderId, o.submissions])).toEqual([
      [1, 1],
      [3, 1],
    ]);
  });

  it('when the Gateway goes away clients are closed and new connections refused until it is back', async () => {
    const h = await setup(193);
    const c = await h.client(7);
    await h.sim.close();
    await c.until(() => !c.ib.isConnected, { what: 'disconnect' });
    const closed = await new Promise<boolean>((resolve) => {
      const s = connect(h.firewall.port, '127.0.0.1');
      s.on('error', () => resolve(true));
      s.on('close', () => resolve(true));
      s.write(RawClient.greeting());
      setTimeout(() => resolve(false), 5000);
    });
    expect(closed).toBe(true);
    expect(h.firewall.clients()).toEqual([]);
  });
});
