/**
 * Gatehouse's own connection is the Gateway's Master API client (IBC OverrideTwsMasterClientID = the
 * profile's client id): it sees the orders API clients send through the firewall. Seen twice — relayed by
 * the firewall and reported to the master — such an order is still reserved once in the risk gate.
 */
import { afterEach, expect, it } from 'vitest';
import { OrderAction, OrderType, SecType } from '@stoqey/ib';
import type { Contract } from '@stoqey/ib';
import { firewallApp, type FirewallApp } from './app.ts';
import { until } from '../../support/until.ts';

const amzn: Contract = { symbol: 'AMZN', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
const buy = (totalQuantity: number, lmtPrice: number) => ({ action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity, lmtPrice });

let app: FirewallApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

async function setup(masterClientId: number | null): Promise<FirewallApp> {
  app = await firewallApp({ masterClientId });
  app.sim.setPrice('AMZN', 200);
  const { limits } = await app.call('risk.get');
  await app.call('risk.setLimits', { ...limits, maxPositionQty: '1000', maxOrderQty: '1000', maxOrderNotional: '200000' });
  return app;
}

it("an API client's order, seen by Gatehouse's master connection too, is reserved once", async () => {
  const app = await setup(7);
  const c = await app.client(31);
  c.ib.placeOrder(1, amzn, buy(600, 190));
  await c.next('orderStatus', (a) => a[0] === 1 && a[1] === 'Submitted');
  // The master connection (client 7) sees client 31's order: it is on Gatehouse's Orders screen.
  await until(() => !!app.core().hub.get('orders')?.open.some((o) => o.clientId === 31 && o.orderId === 1 && o.status === 'Submitted'), { what: 'master sees the order' });
  expect((await app.call('risk.get')).usage.grossExposure).toBe('120000.00');

  // 600 working + 300 = 900 of 1000: allowed (counted twice it would be 1500).
  c.ib.placeOrder(2, amzn, buy(300, 190));
  await c.next('orderStatus', (a) => a[0] === 2 && a[1] === 'Submitted');
  // And the limit still holds: 900 + 200 = 1100 is refused.
  c.ib.placeOrder(3, amzn, buy(200, 190));
  expect((await c.error(201, 3)).message).toMatch(/could reach 1,?100 shares/);
  expect(app.sim.book().orders.map((o) => [o.clientId, o.orderId])).toEqual([
    [31, 1],
    [31, 2],
  ]);
});

it('without a master client id Gatehouse does not see the API client\'s order, and the firewall still counts it', async () => {
  const app = await setup(null);
  const c = await app.client(31);
  c.ib.placeOrder(1, amzn, buy(600, 190));
  await c.next('orderStatus', (a) => a[0] === 1 && a[1] === 'Submitted');
  c.ib.reqCurrentTime();
  await c.next('currentTime');
  expect(app.core().hub.get('orders')?.open.some((o) => o.clientId === 31)).toBe(false);
  c.ib.placeOrder(2, amzn, buy(500, 190));
  expect((await c.error(201, 2)).message).toMatch(/could reach 1,?100 shares/);
});

it("an API client's fills, reported to the firewall and to the master connection, count once (one day trade, not two)", async () => {
  const app = await setup(7);
  const c = await app.client(31);
  c.ib.placeOrder(1, amzn, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 10 });
  await c.next('orderStatus', (a) => a[0] === 1 && a[1] === 'Filled');
  c.ib.placeOrder(2, amzn, { action: OrderAction.SELL, orderType: OrderType.MKT, totalQuantity: 10 });
  await c.next('orderStatus', (a) => a[0] === 2 && a[1] === 'Filled');
  await until(() => (app.core().hub.get('orders')?.fills.length ?? 0) >= 2, { what: 'master saw both fills' });
  await until(async () => (await app.call('risk.get')).pdt.dayTrades === 1, { what: 'the day trade counted' });
  c.ib.reqCurrentTime();
  await c.next('currentTime');
  expect((await app.call('risk.get')).pdt.dayTrades).toBe(1);
});
