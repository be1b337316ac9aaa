/**
 * IB's orderStatus whyHeld (issue 17): "used to identify an order held when TWS is trying to locate shares
 * for a short sell. The value used to indicate this is 'locate'" (ibapi/wrapper.py orderStatus). Core keeps
 * it on the order's view, so the blotter can say why a PreSubmitted order does not work.
 */
import { afterEach, expect, it } from 'vitest';
import { coreHarness, type CoreHarness } from '../../support/core-harness.ts';
import { until } from '../../support/until.ts';

let h: CoreHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

it('a short sale held for a locate shows whyHeld "locate" on its view, and loses it once the shares are found', async () => {
  h = await coreHarness();
  h.sim.fault({ kind: 'needLocate', symbol: 'TSLA' });
  const short = await h.call('orders.place', { symbol: 'TSLA', side: 'SELL', quantity: '10', type: 'LMT', limitPrice: '1.00' });
  await until(() => h!.latest('orders')!.open.some((o) => o.orderId === short.orderId && o.whyHeld === 'locate'), { what: 'held for a locate' });
  const view = h.latest('orders')!.open.find((o) => o.orderId === short.orderId)!;
  expect(view).toMatchObject({ status: 'PreSubmitted', whyHeld: 'locate', filled: '0' });
  expect(h.sim.book().orders.find((o) => o.orderId === short.orderId)).toMatchObject({ status: 'PreSubmitted', filled: 0 });

  // A sale that only reduces a long position borrows nothing: no locate, it works at once.
  h.sim.fault({ kind: 'needLocate', symbol: 'AAPL' });
  const buy = await h.call('orders.place', { symbol: 'AAPL', side: 'BUY', quantity: '5', type: 'MKT' });
  await until(() => h!.latest('orders')!.done.some((o) => o.orderId === buy.orderId && o.status === 'Filled'), { what: 'bought AAPL' });
  const sell = await h.call('orders.place', { symbol: 'AAPL', side: 'SELL', quantity: '5', type: 'MKT' });
  await until(() => h!.latest('orders')!.done.some((o) => o.orderId === sell.orderId && o.status === 'Filled'), { what: 'sold AAPL without a locate' });

  // Shares located: the order works (a limit of $1 to sell fills at the market) and the reason is gone.
  h.sim.fault({ kind: 'needLocate', symbol: 'TSLA', on: false });
  await until(() => h!.latest('orders')!.done.some((o) => o.orderId === short.orderId && o.status === 'Filled'), { what: 'the short sale filled' });
  expect(h.latest('orders')!.done.find((o) => o.orderId === short.orderId)!.whyHeld ?? '').toBe('');
});
