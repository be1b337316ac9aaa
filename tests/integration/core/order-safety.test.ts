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
