/**
 * Issue 15, finding 16: "Order N sent" is logged when the placeOrder frame leaves stoqey's rate limiter for
 * the Gateway's socket, not when it joins the limiter's queue. The limiter (40 messages/s as 4 per 100 ms)
 * is saturated with harmless requests first, so the order waits behind them for seconds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LogLine } from '../../../electron/core/contract.ts';
import { runtimeOf } from '../../../electron/core/testing.ts';
import { coreHarness, type CoreHarness } from '../../support/core-harness.ts';
import { until } from '../../support/until.ts';

let h: CoreHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const sentLine = (orderId: number) => (line: LogLine) => line.text.startsWith(`Order ${orderId} sent:`);

describe('the "Order N sent" log line', () => {
  it('waits for the frame to leave the rate limiter, and then names the order', async () => {
    h = await coreHarness({ tickIntervalMs: 0 });
    const logs = () => h!.core.hub.get('logs') ?? [];
    const api = runtimeOf(h.core)!.broker.session.client!;
    // A first order for the symbol: its contract and quote are then known, so the next order needs no
    // request of its own before its placeOrder.
    const first = await h.call('orders.place', { symbol: 'AAPL', side: 'BUY', quantity: '1', type: 'LMT', limitPrice: '1.00' });
    await until(() => logs().some(sentLine(first.orderId)), { what: 'the first order sent' });
    // 160 messages ahead of the next order: about four seconds of stoqey's queue.
    for (let i = 0; i < 160; i++) api.reqCurrentTime();
    const { orderId } = await h.call('orders.place', { symbol: 'AAPL', side: 'BUY', quantity: '3', type: 'LMT', limitPrice: '1.00' });
    // Queued, not sent: the Gateway has not seen it and the log does not claim it left.
    expect(h.sim.book().orders.some((o) => o.orderId === orderId)).toBe(false);
    expect(logs().some(sentLine(orderId))).toBe(false);
    await until(() => logs().some(sentLine(orderId)), { what: 'the sent line', timeout: 30_000 });
    expect(logs().find(sentLine(orderId))?.text).toBe(`Order ${orderId} sent: BUY 3 AAPL LMT`);
    await until(() => h!.sim.book().orders.some((o) => o.orderId === orderId), { what: 'the order at the Gateway' });
  }, 60_000);
});
