/**
 * A fill changes a position, so the broker starts watching a price for it. It must ask for the filled
 * instrument itself (the execution's contract: its conId, type, exchange and currency), not a US stock of
 * the same name: EUR.USD asked for as a SMART/USD stock is "no security definition" and the position
 * would sit without a price.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { brokerHarness, ticket, type Harness } from '../../support/broker-harness.ts';
import { until } from '../../support/until.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('the price watched after a fill', () => {
  it('is the filled contract: a forex fill gets a EUR.USD price, not an unknown stock', async () => {
    h = await brokerHarness({ tickIntervalMs: 20 });
    const orderId = h.broker.orders.place(
      ticket({ symbol: 'EUR.USD', secType: 'CASH', exchange: 'IDEALPRO', currency: 'USD', side: 'BUY', quantity: '20000', type: 'MKT' }),
      null,
    );
    await until(() => h!.broker.orders.snapshot().fills.some((f) => f.orderId === orderId), { what: 'the forex fill' });
    await until(() => h!.broker.market.lastPrice('EUR.USD') !== null || h!.broker.market.problem('EUR.USD') !== null, { what: 'a price or a problem' });
    expect(h.broker.market.problem('EUR.USD')).toBeNull();
    expect(h.broker.market.lastPrice('EUR.USD')).toBeGreaterThan(0.5);
  });
});
