/**
 * Orders in one OCA group with overfill protection (ocaType 1 or 2) can fill at most one between them
 * (https://interactivebrokers.github.io/tws-api/oca.html): the gate counts the group's largest member,
 * not the sum. Without the block (ocaType 3) several can fill, so they are summed as before.
 */
import { afterEach, expect, it } from 'vitest';
import { OrderAction, OrderType, SecType } from '@stoqey/ib';
import type { Contract, Order } from '@stoqey/ib';
import { firewallHarness, type FirewallHarness } from './harness.ts';

const aapl: Contract = { symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
const buy = (qty: number, lmtPrice: number, extra: Partial<Order> = {}): Order => ({
  action: OrderAction.BUY,
  orderType: OrderType.LMT,
  totalQuantity: qty,
  lmtPrice,
  ...extra,
});

let h: FirewallHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function setup(): Promise<FirewallHarness> {
  h = await firewallHarness(193);
  h.sim.setPrice('AAPL', 200);
  await h.gate.setLimits({ ...h.gate.limits, maxPositionQty: '300', maxOrderQty: '300', maxOrderNotional: '100000' });
  return h;
}

it('three entries in one OCA group (ocaType 1) count as the largest of them, not their sum', async () => {
  const h = await setup();
  const c = await h.client(7);
  c.ib.placeOrder(1, aapl, buy(200, 190, { ocaGroup: 'entry-1', ocaType: 1 }));
  c.ib.placeOrder(2, aapl, buy(250, 185, { ocaGroup: 'entry-1', ocaType: 1 }));
  c.ib.placeOrder(3, aapl, buy(150, 180, { ocaGroup: 'entry-1', ocaType: 1 }));
  for (const id of [1, 2, 3]) await c.next('orderStatus', (a) => a[0] === id && a[1] === 'Submitted');
  expect(h.sim.book().orders.map((o) => o.orderId)).toEqual([1, 2, 3]);

  // Outside the group, the group still weighs its largest member (250): 100 more would make 350 > 300.
  c.ib.placeOrder(4, aapl, buy(100, 175));
  expect((await c.error(201, 4)).message).toMatch(/^Order rejected - reason:.*could reach 350 shares/);
  // A fourth member larger than the others raises the group to its own size (300 fits); a second group adds its own.
  c.ib.placeOrder(5, aapl, buy(300, 170, { ocaGroup: 'entry-1', ocaType: 1 }));
  await c.next('orderStatus', (a) => a[0] === 5 && a[1] === 'Submitted');
  c.ib.placeOrder(6, aapl, buy(300, 165, { ocaGroup: 'entry-2', ocaType: 2 }));
  expect((await c.error(201, 6)).message).toMatch(/could reach 600 shares/);
  expect(h.sim.book().orders.map((o) => o.orderId)).toEqual([1, 2, 3, 5]);
});

it('without overfill protection (ocaType 3) the members are summed', async () => {
  const h = await setup();
  const c = await h.client(7);
  c.ib.placeOrder(1, aapl, buy(200, 190, { ocaGroup: 'loose', ocaType: 3 }));
  await c.next('orderStatus', (a) => a[0] === 1 && a[1] === 'Submitted');
  c.ib.placeOrder(2, aapl, buy(200, 185, { ocaGroup: 'loose', ocaType: 3 }));
  expect((await c.error(201, 2)).message).toMatch(/could reach 400 shares/);
  expect(h.sim.book().orders.map((o) => o.orderId)).toEqual([1]);
});
