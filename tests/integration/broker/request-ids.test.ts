/**
 * Request ids and order ids share the Gateway's error channel: an error names only the id. One allocator in
 * the session hands out request ids that can never be an order id and routes each error to its owner.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { brokerHarness, ticket, type Harness } from '../../support/broker-harness.ts';
import { until } from '../../support/until.ts';
import { tempDir } from '../../support/temp-dir.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('request ids owned by one allocator', () => {
  it('a market-data error 200 never marks a live order Inactive, even when the order id is past 600,000', async () => {
    const dataDir = tempDir('gh-reqids-');
    // A long-used account: its next order id is 600,000 (where market-data ids used to start).
    writeFileSync(path.join(dataDir, 'order-ids-test.json'), JSON.stringify({ next: 600_000 }));
    h = await brokerHarness({}, { dataDir });
    const id = h.broker.orders.place(ticket({ symbol: 'AAPL', side: 'BUY', quantity: '10', type: 'LMT', limitPrice: '1.00', tif: 'GTC' }), null);
    expect(id).toBeGreaterThanOrEqual(600_000);
    await h.broker.orders.waitFor(id, (o) => o.status === 'Submitted');
    const notices: string[] = [];
    h.broker.on('notice', (n) => notices.push(n.text));
    // A symbol the Gateway has no definition for: it answers the market-data request with error 200.
    h.broker.market.watch({ symbol: 'ZZZZ', secType: 'STK', exchange: 'SMART', currency: 'USD' });
    const market = h.broker.market as { problem?: (s: string) => string | null };
    await until(() => h!.broker.orders.get(id)!.status !== 'Submitted' || (market.problem?.('ZZZZ') ?? null) !== null, { what: 'the error 200' });
    const order = h.broker.orders.get(id)!;
    expect(order.status).toBe('Submitted');
    expect(market.problem?.('ZZZZ')).toMatch(/no security definition/i);
    expect(order.lastError).toBeNull();
    expect(h.sim.book().orders.find((o) => o.orderId === id)?.status).toBe('Submitted');
  });
});
