/**
 * Time in force from an API client, as the program sent it: IOC, FOK, GTD (with its goodTillDate) and OPG
 * reach the Gateway in the program's own bytes and are judged by the gate as the UI's orders are
 * (TWS API Order.tif / goodTillDate / outsideRth, ibapi/order.py; goodTillDate forms: IB's orders page,
 * "Changes in the date/time field": "yyyymmdd-hh:mm:ss" is UTC, "yyyymmdd hh:mm:ss zone" names its zone).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OrderAction, OrderType, SecType, TimeInForce } from '@stoqey/ib';
import type { Contract, Order } from '@stoqey/ib';
import { firewallHarness, type FirewallHarness } from './harness.ts';

let h: FirewallHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const aapl: Contract = { symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
const buy = (extra: Partial<Order>): Order => ({ action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity: 5, lmtPrice: 190, ...extra });
const utc = (ms: number) => new Date(ms).toISOString().replace(/[-]/g, '').replace('T', '-').slice(0, 17);

describe.each([176, 187, 193] as const)('time in force through the firewall at server version %i', (sv) => {
  it('GTD with a UTC goodTillDate and outside-RTH reach the Gateway as sent; IOC and FOK are not turned into DAY', async () => {
    h = await firewallHarness(sv);
    h.sim.setPrice('AAPL', 200);
    const c = await h.client(7);
    const gtdAt = Date.now() + 3 * 86_400_000;
    const until = utc(gtdAt);
    c.ib.placeOrder(1, aapl, buy({ tif: TimeInForce.GTD, goodTillDate: until, outsideRth: true }));
    await c.next('orderStatus', (a) => a[0] === 1 && a[1] === 'Submitted');
    const [, , gtd] = (await c.next('openOrder', (a) => a[0] === 1)) as [number, Contract, Order];
    expect(gtd).toMatchObject({ tif: 'GTD', goodTillDate: until, outsideRth: true });

    // A limit below the market: nothing can fill at once, so IOC and FOK are cancelled, not left working a day.
    c.ib.placeOrder(2, aapl, buy({ tif: TimeInForce.IOC }));
    c.ib.placeOrder(3, aapl, buy({ tif: TimeInForce.FOK }));
    await c.next('orderStatus', (a) => a[0] === 2 && a[1] === 'Cancelled');
    await c.next('orderStatus', (a) => a[0] === 3 && a[1] === 'Cancelled');
    expect(h.sim.book().orders.map((o) => [o.orderId, o.tif, o.outsideRth, o.status])).toEqual([
      [1, 'GTD', true, 'Submitted'],
      [2, 'IOC', false, 'Cancelled'],
      [3, 'FOK', false, 'Cancelled'],
    ]);
    const audit = (await h.gate.audit.read()).filter((e) => e.kind === 'order' && e.verdict === 'allowed');
    // The gate judged each as sent: the GTD with its expiry as an instant (UTC, as the program wrote it).
    const judged = audit.map((e) => e.order as { apiClient: { orderId: number }; tif: string; goodTillDate?: number });
    expect(judged.map((o) => [o.apiClient.orderId, o.tif, o.goodTillDate]).sort()).toEqual([
      [1, 'GTD', Math.floor(gtdAt / 1000) * 1000],
      [2, 'IOC', undefined],
      [3, 'FOK', undefined],
    ]);
  });

  it('a goodTillDate with a zone is read in that zone; OPG market-on-open is let through', async () => {
    h = await firewallHarness(sv);
    h.sim.setPrice('AAPL', 200);
    const c = await h.client(7);
    // One wall time, four hours ahead of UTC's: in Tokyo (UTC+9) it was five hours ago, in New York it is ahead.
    const wall = utc(Date.now() + 4 * 3_600_000).replace('-', ' ');
    c.ib.placeOrder(1, aapl, buy({ tif: TimeInForce.GTD, goodTillDate: `${wall} Asia/Tokyo` }));
    c.ib.placeOrder(2, aapl, buy({ tif: TimeInForce.GTD, goodTillDate: `${wall} America/New_York` }));
    c.ib.placeOrder(3, aapl, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 2, tif: TimeInForce.OPG });
    expect((await c.error(201, 1)).message).toBe('Order rejected - reason:The GTD expiry is in the past — pick a later date and time.');
    await c.next('orderStatus', (a) => a[0] === 2 && a[1] === 'Submitted');
    await c.next('openOrder', (a) => a[0] === 3);
    expect(h.sim.book().orders.map((o) => [o.orderId, o.tif])).toEqual([
      [2, 'GTD'],
      [3, 'OPG'],
    ]);
  });

  it('what the gate refuses for the UI it refuses for a program, in the same words', async () => {
    h = await firewallHarness(sv);
    h.sim.setPrice('AAPL', 200);
    const c = await h.client(7);
    c.ib.placeOrder(1, aapl, buy({ tif: TimeInForce.GTD, goodTillDate: utc(Date.now() - 3_600_000) }));
    c.ib.placeOrder(2, aapl, buy({ tif: TimeInForce.GTD }));
    c.ib.placeOrder(3, aapl, { action: OrderAction.BUY, orderType: OrderType.STP, auxPrice: 210, totalQuantity: 2, tif: TimeInForce.OPG });
    c.ib.placeOrder(4, aapl, buy({ tif: TimeInForce.OPG, outsideRth: true }));
    const words = await Promise.all([1, 2, 3, 4].map(async (id) => (await c.error(201, id)).message));
    expect(words).toEqual([
      'Order rejected - reason:The GTD expiry is in the past — pick a later date and time.',
      'Order rejected - reason:A GTD order needs the date and time it expires — pick one, or choose DAY or GTC.',
      'Order rejected - reason:OPG (at the open) is for market or limit orders only, not STP — choose MKT or LMT, or another time in force.',
      'Order rejected - reason:An OPG order works in the opening auction; it cannot also work outside regular hours.',
    ]);
    expect(h.sim.book().orders).toEqual([]);
  });
});
