/**
 * The broker's notices (issue 17): what the broker says to the trader (an order Filled whose fills did not
 * arrive, its fills arriving later) reaches the Logs screen through the whole core, not only the broker's
 * own listeners. The broker writes each notice to the log it is given (runtime.ts: the 'broker' source)
 * before emitting 'notice', so nothing in runtime has to listen for it.
 */
import { afterEach, expect, it } from 'vitest';
import { coreHarness, type CoreHarness } from '../../support/core-harness.ts';
import { until } from '../../support/until.ts';

let h: CoreHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

it('an order Filled without its fill after a reconnect is said on the Logs screen, from the broker', async () => {
  h = await coreHarness();
  h.sim.fault({ kind: 'executionsDelayed' });
  const placed = await h.call('orders.place', { symbol: 'AAPL', side: 'BUY', quantity: '10', type: 'MKT' });
  await until(() => h!.latest('orders')!.done.some((o) => o.orderId === placed.orderId && o.status === 'Filled'), { what: 'Filled' });
  h.sim.fault({ kind: 'dropSockets' });
  const said = async () => (await h!.call('gateway.logs', { filter: `Order ${placed.orderId} (AAPL)` })).filter((l) => l.source === 'broker');
  let lines: Awaited<ReturnType<typeof said>> = [];
  await until(async () => (lines = await said()).length > 0, { what: 'the notice on the Logs screen', timeout: 15_000 });
  expect(lines[0]).toMatchObject({ level: 'warn', text: expect.stringMatching(/IB reports 10 filled but only 0 arrived in Fills/) });
});
