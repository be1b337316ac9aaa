/**
 * The kill switch and bracket parts the firewall holds (transmit=false, waiting for the child that
 * transmits the bracket): they never reached the Gateway, so the switch drops them and tells their
 * program at once with 201, as for any refused order; nothing of them reaches the Gateway later.
 */
import { afterEach, expect, it } from 'vitest';
import { until } from '../../support/until.ts';
import { OrderAction, OrderType, SecType } from '@stoqey/ib';
import type { Contract } from '@stoqey/ib';
import { firewallApp, type FirewallApp } from './app.ts';

const amzn: Contract = { symbol: 'AMZN', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };

let app: FirewallApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

it("the app's kill switch drops held bracket parts, tells the program 201, and sends none of them later", async () => {
  app = await firewallApp();
  app.sim.setPrice('AMZN', 200);
  const c = await app.client(31);
  c.ib.placeOrder(1, amzn, { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 190, totalQuantity: 5, transmit: false });
  c.ib.placeOrder(2, amzn, { action: OrderAction.SELL, orderType: OrderType.LMT, lmtPrice: 220, totalQuantity: 5, parentId: 1, transmit: false });
  // Both parts are with the firewall (a frame after them is answered, so they were read).
  c.ib.reqCurrentTime();
  await c.next('currentTime');
  expect(app.sim.book().orders).toEqual([]);

  await app.call('risk.killSwitch', { active: true, reason: 'stop everything' });
  const [parent, exit] = await Promise.all([c.error(201, 1), c.error(201, 2)]);
  expect(parent.message).toMatch(/^Order rejected - reason:.*kill switch/i);
  expect(exit.message).toMatch(/^Order rejected - reason:.*kill switch/i);
  await until(() => app?.core().hub.get('apiClients')?.clients[0]?.ordersRefused === 2, { what: 'two orders refused for the client' });

  // The part that would have transmitted the bracket finds nothing held: refused on its own, alone.
  c.ib.placeOrder(3, amzn, { action: OrderAction.SELL, orderType: OrderType.STP, auxPrice: 180, totalQuantity: 5, parentId: 1, transmit: true });
  expect((await c.error(201, 3)).message).toMatch(/kill switch/i);
  await app.call('risk.killSwitch', { active: false });
  c.ib.reqCurrentTime();
  await c.next('currentTime', undefined, 2);
  expect(app.sim.book().orders).toEqual([]);
  const refused = (await app.call('risk.audit')).filter((e) => e.verdict === 'refused');
  expect(refused.map((e) => (e.order as { apiClient?: { orderId: number } }).apiClient?.orderId).sort()).toEqual([1, 2, 3]);
});
