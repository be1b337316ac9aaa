/**
 * Order safety (issue 15) through the contract, over real TCP to the simulated Gateway: what the Gateway's
 * book holds is the witness, not core's own account of it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { coreHarness, type CoreHarness } from '../../support/core-harness.ts';
import { until } from '../../support/broker-harness.ts';

let h: CoreHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const realOrders = (sim: CoreHarness['sim']) => sim.book().orders.filter((o) => !o.whatIf);

describe('a refused modify', () => {
  it('leaves the working order and its reservation at the last accepted terms (110 from the Gateway)', async () => {
    h = await coreHarness();
    const limits = (await h.call('risk.get')).limits;
    await h.call('risk.setLimits', { ...limits, maxOrderQty: '150', maxPositionQty: '150' });
    const buy = { symbol: 'AAPL', side: 'BUY' as const, quantity: '100', type: 'LMT' as const, limitPrice: '1.00' };
    const placed = await h.call('orders.place', buy);
    await until(() => h!.latest('orders')!.open.some((o) => o.orderId === placed.orderId && o.status === 'Submitted'), 'working');

    // 1.005 is off AAPL's 0.01 tick: the Gateway answers 110 and the order keeps working at 1.00.
    await h.call('orders.modify', { orderId: placed.orderId, ticket: { ...buy, quantity: '40', limitPrice: '1.005' } });
    await until(() => !!h!.latest('orders')!.open.find((o) => o.orderId === placed.orderId)?.lastError, 'the refusal shown');
    const view = h.latest('orders')!.open.find((o) => o.orderId === placed.orderId)!;
    expect(view).toMatchObject({ status: 'Submitted', limitPrice: '1', quantity: '100' });
    expect(view.lastError).toMatch(/minimum price variation.*110/);
    expect(h.sim.book().orders.find((o) => o.orderId === placed.orderId)).toMatchObject({ status: 'Submitted', lmtPrice: 1, quantity: 100 });

    // The 100 shares are still reserved (not the refused 40): another 100 would make 200 against a limit of 150.
    const second = await h.fail('orders.place', buy);
    expect(second.code).toBe('RISK_REJECTED');
    expect(second.message).toMatch(/max position of 150/);
    expect(realOrders(h.sim)).toHaveLength(1);
  });
});

describe('order value', () => {
  it('is measured at the worse of the order’s price and the market: a marketable limit and a stop at $0.01 are refused', async () => {
    h = await coreHarness();
    const limits = (await h.call('risk.get')).limits;
    await h.call('risk.setLimits', { ...limits, maxOrderNotional: '5000' });
    const last = h.sim.state().prices['AAPL']!.last;
    expect(last).toBeGreaterThan(100);

    // SELL LMT 100 @ 0.01 fills at the market (~$228 a share): about $22,800, not $1.
    const sell = await h.fail('orders.place', { symbol: 'AAPL', side: 'SELL', quantity: '100', type: 'LMT', limitPrice: '0.01' });
    expect(sell.code).toBe('RISK_REJECTED');
    expect(sell.message).toMatch(/Order value \$2\d,\d{3}(\.\d+)? is above your max order value of \$5,000/);
    // BUY STP 100 @ 0.01 is a market order at once.
    const stop = await h.fail('orders.place', { symbol: 'AAPL', side: 'BUY', quantity: '100', type: 'STP', stopPrice: '0.01' });
    expect(stop.code).toBe('RISK_REJECTED');
    expect(stop.message).toMatch(/above your max order value of \$5,000/);
    expect(realOrders(h.sim)).toHaveLength(0);
    // A resting limit far below the market is still valued at the market: 10 × ~$228 passes.
    expect((await h.call('orders.place', { symbol: 'AAPL', side: 'BUY', quantity: '10', type: 'LMT', limitPrice: '1.00' })).verdict.allowed).toBe(true);
  });
});
