/**
 * The trader's own OCA group end to end through the contract: two orders placed from the ticket with one
 * group name reach the simulated Gateway in that group, and when one fills the other is cancelled.
 */
import { afterEach, expect, it } from 'vitest';
import { coreHarness, type CoreHarness } from '../../support/core-harness.ts';
import { until } from '../../support/until.ts';

let h: CoreHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const entry = (limitPrice: string) =>
  ({ symbol: 'AAPL', side: 'BUY', quantity: '100', type: 'LMT', limitPrice, ocaGroup: 'entry-AAPL', ocaType: 1 }) as const;

it('two orders in one OCA group reach the Gateway together, and the fill of one cancels the other', async () => {
  h = await coreHarness({ tickIntervalMs: 0 });
  h.sim.setPrice('AAPL', 200);
  const { orderId: a } = await h.call('orders.place', entry('199'));
  const { orderId: b } = await h.call('orders.place', entry('195'));
  const working = () => h!.latest('orders')!.open.filter((o) => (o.orderId === a || o.orderId === b) && o.status === 'Submitted');
  await until(() => working().length === 2, { what: 'both orders working' });
  const atGateway = h.sim.book().orders.filter((o) => !o.whatIf).map((o) => [o.orderId, o.ocaGroup, o.ocaType]);
  expect(atGateway).toEqual([
    [a, 'entry-AAPL', 1],
    [b, 'entry-AAPL', 1],
  ]);

  h.sim.setPrice('AAPL', 198.5);
  await until(() => h!.latest('orders')!.done.find((o) => o.orderId === b)?.status === 'Cancelled', { what: 'the other order cancelled by the fill' });
  expect(h.latest('orders')!.done.find((o) => o.orderId === a)?.status).toBe('Filled');
});
