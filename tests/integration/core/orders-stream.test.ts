/**
 * The orders stream skips a row that is the same object it diffed last time (contract/changes.ts
 * REPLACED_ROWS): the order book makes a new object for every change (broker/orders.ts edit). These
 * follow the stream as the renderer does (snapshot, then changes applied, each through JSON as over the
 * bridge) and check that what the screen holds is what core holds after changes a row edited in place
 * would hide: a notice set on a done order after a reconnect, and an open order's status.
 */
import { afterEach, expect, it } from 'vitest';
import { applyMessage, type StreamMessage } from '../../../electron/core/contract/changes.ts';
import type { OrdersSnapshot } from '../../../electron/core/contract.ts';
import { coreHarness, type CoreHarness } from '../../support/core-harness.ts';
import { until } from '../../support/until.ts';

let h: CoreHarness | null = null;
let off: (() => void) | null = null;
afterEach(async () => {
  off?.();
  off = null;
  await h?.close();
  h = null;
});

/** The renderer's copy of the orders stream. */
function screen(core: CoreHarness['core']): () => OrdersSnapshot | undefined {
  let state: OrdersSnapshot | undefined;
  off = core.hub.follow('orders', (m) => {
    state = applyMessage('orders', state, JSON.parse(JSON.stringify(m)) as StreamMessage<OrdersSnapshot>);
  });
  return () => state;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

it('a done order whose fills are missing after a reconnect shows the notice on screen', async () => {
  h = await coreHarness();
  const shown = screen(h.core);
  h.sim.fault({ kind: 'executionsDelayed' });
  const placed = await h.call('orders.place', { symbol: 'AAPL', side: 'BUY', quantity: '10', type: 'MKT' });
  const row = () => shown()?.done.find((o) => o.orderId === placed.orderId);
  await until(() => row()?.status === 'Filled', { what: 'Filled on screen' });
  expect(row()!.lastError).toBeNull();

  h.sim.fault({ kind: 'dropSockets' });
  await until(() => /IB reports 10 filled but only 0 arrived in Fills/.test(row()?.lastError ?? ''), { what: 'the notice on the done order', timeout: 15_000 });
  await until(() => same(shown(), h!.latest('orders')), { what: 'the screen holding what core holds' });
});

it('an open order placed, working and cancelled: every step reaches the screen, which ends holding what core holds', async () => {
  h = await coreHarness();
  const shown = screen(h.core);
  const placed = await h.call('orders.place', { symbol: 'AAPL', side: 'BUY', quantity: '1', type: 'LMT', limitPrice: '1.00' });
  await until(() => shown()?.open.find((o) => o.orderId === placed.orderId)?.status === 'Submitted', { what: 'Submitted on screen' });
  await h.call('orders.cancel', { orderId: placed.orderId });
  await until(() => shown()?.done.find((o) => o.orderId === placed.orderId)?.status === 'Cancelled', { what: 'Cancelled on screen' });
  expect(shown()!.open.some((o) => o.orderId === placed.orderId)).toBe(false);
  await until(() => same(shown(), h!.latest('orders')), { what: 'the screen holding what core holds' });
});
