/**
 * A bracket end to end through the contract: one risk decision and one audit line, three orders at the
 * simulated Gateway linked as IB links them (parentId, one OCA group, held until the last leg), the
 * children working only after the parent fills, and a refusal that sends nothing at all.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { coreHarness, type CoreHarness } from '../../support/core-harness.ts';
import { until } from '../../support/until.ts';

let h: CoreHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const bracket = { symbol: 'AAPL', side: 'BUY' as const, quantity: '100', type: 'LMT' as const, limitPrice: '199', attached: { takeProfit: '210', stopLoss: '190' } };

describe('a bracket placed from the ticket', () => {
  it('reaches the Gateway as parent + take-profit + stop-loss, the exits working only once the entry fills', async () => {
    h = await coreHarness({ tickIntervalMs: 0 });
    h.sim.setPrice('AAPL', 200);
    const { orderId: p } = await h.call('orders.place', bracket);
    await until(() => h!.sim.book().orders.filter((o) => !o.whatIf && o.orderId >= p).length === 3, { what: 'three legs at the Gateway' });
    await until(() => h!.latest('orders')!.open.filter((o) => o.orderId >= p).length === 3 && h!.latest('orders')!.open.every((o) => o.status !== 'PendingSubmit'), { what: 'three legs in the blotter' });
    const legs = h.sim.book().orders.filter((o) => !o.whatIf && o.orderId >= p).map((o) => [o.orderId - p, o.action, o.orderType, o.parentId, o.ocaGroup, o.status]);
    expect(legs).toEqual([
      [0, 'BUY', 'LMT', 0, '', 'Submitted'],
      [1, 'SELL', 'LMT', p, `bracket-${p}`, 'PreSubmitted'],
      [2, 'SELL', 'STP', p, `bracket-${p}`, 'PreSubmitted'],
    ]);
    const view = h.latest('orders')!.open.filter((o) => o.orderId > p);
    expect(view.map((o) => [o.parentId, o.ocaGroup])).toEqual([[p, `bracket-${p}`], [p, `bracket-${p}`]]);
    // One decision, one audit line naming every leg.
    const audit = (await h.call('risk.audit', { limit: 50 })).filter((a) => a.kind === 'order');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.order).toMatchObject({ orderId: p, attachedIds: [p + 1, p + 2] });

    h.sim.setPrice('AAPL', 198.5);
    await until(() => h!.latest('orders')!.open.find((o) => o.orderId === p + 1)?.status === 'Submitted', { what: 'take-profit working after the entry filled' });
    h.sim.setPrice('AAPL', 211);
    await until(() => h!.latest('orders')!.done.find((o) => o.orderId === p + 2)?.status === 'Cancelled', { what: 'stop-loss cancelled by the take-profit fill' });
    expect(h.latest('orders')!.done.find((o) => o.orderId === p + 1)?.status).toBe('Filled');
  });

  it('is refused whole when the entry breaks a limit: nothing reaches the Gateway', async () => {
    h = await coreHarness({ tickIntervalMs: 0 });
    h.sim.setPrice('AAPL', 200);
    const limits = (await h.call('risk.get')).limits;
    await h.call('risk.setLimits', { ...limits, maxOrderQty: '50', maxPositionQty: '50' });
    const refused = await h.fail('orders.place', bracket);
    expect(refused.code).toBe('RISK_REJECTED');
    expect(refused.message).toMatch(/Order for 100 shares is above your max order size of 50/);
    expect(h.sim.book().orders.filter((o) => !o.whatIf)).toHaveLength(0);
  });
});
