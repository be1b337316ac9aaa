/**
 * Gatehouse is the Gateway's Master API client (IBC OverrideTwsMasterClientID = the profile's client id), so
 * it sees every program's orders. Order ids are numbered per client: another program may well have an order
 * with the same id as one of Gatehouse's. Both are orders in the book, under (client id, order id).
 */
import { afterEach, expect, it } from 'vitest';
import { OrderAction, OrderType, SecType, type Contract } from '@stoqey/ib';
import { firewallApp, type FirewallApp } from '../firewall/app.ts';
import { RecordingClient } from '../simulator/ib-client.ts';
import { until } from '../../support/until.ts';
import type { OrderView } from '../../../electron/core/contract.ts';

const amzn: Contract = { symbol: 'AMZN', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };

let app: FirewallApp | null = null;
let other: RecordingClient | null = null;
afterEach(async () => {
  other?.close();
  other = null;
  await app?.close();
  app = null;
});

const orders = () => app!.core().hub.get('orders')!;
const all = (): OrderView[] => [...orders().open, ...orders().done];
const find = (clientId: number, orderId: number) => all().find((o) => o.clientId === clientId && o.orderId === orderId);

type Sent = { action: OrderAction; orderType: OrderType; totalQuantity: number; lmtPrice?: number };
const otherLimitSell: Sent = { action: OrderAction.SELL, orderType: OrderType.LMT, totalQuantity: 20, lmtPrice: 260 };
const otherMarketBuy: Sent = { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 5 };

async function withOtherOrder(order: Sent) {
  app = await firewallApp({ masterClientId: 7 });
  app.sim.setPrice('AMZN', 200);
  const { orderId } = await app.call('orders.place', { symbol: 'AMZN', side: 'BUY', quantity: '10', type: 'LMT', limitPrice: '150', tif: 'GTC' });
  await until(() => find(7, orderId)?.status === 'Submitted', { what: "Gatehouse's own order working" });
  // Another program straight on the Gateway's port, using the very same order id for its own order.
  other = await RecordingClient.connect(app.sim.port, 31);
  other.ib.placeOrder(orderId, amzn, order);
  await other.next('orderStatus', (a) => a[0] === orderId && a[1] === (order.orderType === OrderType.LMT ? 'Submitted' : 'Filled'));
  return orderId;
}

it("another program's order with the same order id is shown beside Gatehouse's own, neither overwriting the other", async () => {
  const id = await withOtherOrder(otherLimitSell);
  await until(() => find(31, id)?.status === 'Submitted', { what: "the other client's order in the blotter" });
  expect(find(7, id)).toMatchObject({ side: 'BUY', quantity: '10', limitPrice: '150', status: 'Submitted' });
  expect(find(31, id)).toMatchObject({ side: 'SELL', quantity: '20', limitPrice: '260', status: 'Submitted' });
  expect(orders().open.filter((o) => o.orderId === id)).toHaveLength(2);
  // Risk counts both: the other program's 20-share sell is the worst case (20 × 200), not hidden by our id.
  expect((await app!.call('risk.get')).usage.grossExposure).toBe('4000.00');
});

it("a fill of the other program's order lands on that order and its fill, not on Gatehouse's order with the same id", async () => {
  const id = await withOtherOrder(otherMarketBuy);
  await until(() => find(31, id)?.status === 'Filled' && orders().fills.some((f) => f.orderId === id), { what: "the other client's fill" });
  expect(find(31, id)).toMatchObject({ side: 'BUY', filled: '5', remaining: '0' });
  expect(find(7, id)).toMatchObject({ side: 'BUY', quantity: '10', status: 'Submitted', filled: '0', remaining: '10' });
  const fill = orders().fills.find((f) => f.orderId === id)!;
  expect(fill).toMatchObject({ clientId: 31, side: 'BUY', shares: '5' });
  // The gate still holds Gatehouse's 10 shares: the 5 held plus 10 that may fill, 15 × 200.
  await until(() => app!.core().hub.get('account')?.positions.some((p) => p.symbol === 'AMZN' && p.quantity === '5') ?? false, { what: 'the 5 AMZN in positions' });
  expect((await app!.call('risk.get')).usage.grossExposure).toBe('3000.00');
});

it('a cancel names the client too: cancelling the other program\'s order is refused (IB lets only its owner cancel it), and Gatehouse\'s own cancel leaves it working', async () => {
  const id = await withOtherOrder(otherLimitSell);
  await until(() => find(31, id)?.status === 'Submitted', { what: "the other client's order in the blotter" });
  const refused = await app!.fail('orders.cancel', { orderId: id, clientId: 31 });
  expect(refused.message).toMatch(/client 31/);
  await app!.call('orders.cancel', { orderId: id });
  await until(() => find(7, id)?.status === 'Cancelled', { what: "Gatehouse's own order cancelled" });
  expect(app!.sim.book().orders.find((o) => o.clientId === 31 && o.orderId === id)?.status).toBe('Submitted');
  expect(find(31, id)?.status).toBe('Submitted');
});
