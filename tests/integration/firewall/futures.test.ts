/**
 * A future from an API client through the firewall: the contract the program sent (symbol, expiry,
 * exchange; IB's Contract.lastTradeDateOrContractMonth, ibapi/contract.py) is the one the gate values —
 * with the multiplier the Gateway resolves for that month (ES: 50) — and the one the Gateway receives.
 * Without the expiry every listed month matches (the simulator's universe.ts esChain, error 200).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OrderAction, OrderType, SecType } from '@stoqey/ib';
import type { Contract, Order } from '@stoqey/ib';
import { quarterlyExpiries } from '../../../electron/simulator/universe.ts';
import { firewallHarness, type FirewallHarness } from './harness.ts';

let h: FirewallHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const [FRONT] = quarterlyExpiries(Date.now(), 1) as [string];
const es = (extra: Partial<Contract> = {}): Contract => ({ symbol: 'ES', secType: SecType.FUT, exchange: 'CME', currency: 'USD', lastTradeDateOrContractMonth: FRONT, ...extra });
const buyOne: Order = { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1 };

describe.each([176, 187, 193] as const)('an ES future through the firewall at server version %i', (sv) => {
  it('is valued with its multiplier of 50: 1 ES is above the $50,000 max order value, refused by that rule', async () => {
    h = await firewallHarness(sv);
    const c = await h.client(7);
    c.ib.placeOrder(1, es(), buyOne);
    const err = await c.error(201, 1);
    // ~$296,000 (5,925 points × 50), not ~$5,925 and not "no market price".
    expect(err.message).toMatch(/^Order rejected - reason:Order value \$[\d,.]+ is above your max order value of \$50,000/);
    const value = Number(/Order value \$([\d,.]+)/.exec(err.message)?.[1]?.replaceAll(',', ''));
    expect(value).toBeGreaterThan(50 * 5000);
    expect(h.sim.book().orders).toEqual([]);
  });

  it('within the limits it reaches the Gateway as the month the program chose, and fills', async () => {
    h = await firewallHarness(sv);
    await h.gate.setLimits({ ...h.gate.limits, maxOrderNotional: '1000000' });
    const c = await h.client(7);
    c.ib.placeOrder(1, es(), buyOne);
    await c.next('orderStatus', (a) => a[0] === 1 && a[1] === 'Filled');
    const [, contract] = (await c.next('openOrder', (a) => a[0] === 1)) as [number, Contract];
    expect(contract).toMatchObject({ symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: FRONT, multiplier: 50 });
    expect(h.sim.book().orders.map((o) => [o.clientId, o.orderId, o.status])).toEqual([[7, 1, 'Filled']]);
    expect(c.errors.filter((e) => e.code === 201 || e.code === 200)).toEqual([]);
  });

  it("a client's own maximum order value counts the multiplier too, also for the first order of a month", async () => {
    h = await firewallHarness(sv, {}, { policies: { 7: { maxOrderValue: '100000' } } });
    await h.gate.setLimits({ ...h.gate.limits, maxOrderNotional: '1000000' });
    const c = await h.client(7);
    const other = await h.client(8);
    c.ib.placeOrder(1, es(), buyOne);
    expect((await c.error(201, 1)).message).toBe("Order rejected - reason:order value above this API client's maximum of 100000");
    // With the month's price known (another program's order filled), still ~$296,000, not ~$5,925.
    other.ib.placeOrder(1, es(), buyOne);
    await other.next('orderStatus', (a) => a[0] === 1 && a[1] === 'Filled');
    c.ib.placeOrder(2, es(), buyOne);
    expect((await c.error(201, 2)).message).toBe("Order rejected - reason:order value above this API client's maximum of 100000");
    expect(h.sim.book().orders.map((o) => [o.clientId, o.orderId])).toEqual([[8, 1]]);
  });

  // How ib_async and IB's own clients often place a future: Contract(conId=…, exchange=…), or its local
  // symbol with secType FUT; the Gateway resolves either (IB's contracts page). The firewall asks it too.
  const local = `ES${{ 3: 'H', 6: 'M', 9: 'U', 12: 'Z' }[Number(FRONT.slice(4, 6))]}${FRONT.slice(3, 4)}`;
  const conId = 495_000_000 + Number(FRONT.slice(0, 6)); // the simulator's conId for that month (universe.ts)
  const byConId: Contract = { conId, exchange: 'CME' };
  const byLocal: Contract = { secType: SecType.FUT, exchange: 'CME', currency: 'USD', localSymbol: local };

  it('a future named only by its conId or its local symbol is valued as that month (× 50) and refused above the max order value', async () => {
    h = await firewallHarness(sv);
    const c = await h.client(7);
    c.ib.placeOrder(1, byConId, buyOne);
    c.ib.placeOrder(2, byLocal, buyOne);
    for (const id of [1, 2]) {
      const err = await c.error(201, id);
      expect(err.message).toMatch(/^Order rejected - reason:Order value \$[\d,.]+ is above your max order value of \$50,000/);
      expect(Number(/Order value \$([\d,.]+)/.exec(err.message)?.[1]?.replaceAll(',', ''))).toBeGreaterThan(50 * 5000);
    }
    expect(h.sim.book().orders).toEqual([]);
  });

  it('within the limits, a future named by conId or local symbol reaches the Gateway as sent and fills', async () => {
    h = await firewallHarness(sv);
    await h.gate.setLimits({ ...h.gate.limits, maxOrderNotional: '1000000' });
    const c = await h.client(7);
    c.ib.placeOrder(1, byConId, buyOne);
    await c.next('orderStatus', (a) => a[0] === 1 && a[1] === 'Filled');
    c.ib.placeOrder(2, byLocal, buyOne);
    await c.next('orderStatus', (a) => a[0] === 2 && a[1] === 'Filled');
    const [, contract] = (await c.next('openOrder', (a) => a[0] === 2)) as [number, Contract];
    expect(contract).toMatchObject({ conId, symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: FRONT, localSymbol: local });
    expect(h.sim.book().orders.map((o) => [o.clientId, o.orderId, o.status])).toEqual([[7, 1, 'Filled'], [7, 2, 'Filled']]);
    expect(c.errors.filter((e) => e.code === 201 || e.code === 200)).toEqual([]);
  });

  it('a conId the Gateway does not know, or a future without its expiry, is refused for that reason and not sent', async () => {
    h = await firewallHarness(sv);
    await h.gate.setLimits({ ...h.gate.limits, maxOrderNotional: '1000000' });
    const c = await h.client(7);
    c.ib.placeOrder(1, { conId: 1, exchange: 'CME' }, buyOne);
    c.ib.placeOrder(2, es({ lastTradeDateOrContractMonth: '' }), buyOne);
    expect((await c.error(201, 1)).message).toBe(
      'Order rejected - reason:Gatehouse could not identify the contract (conId 1) to value it: IB knows no instrument "conId 1" of that type.',
    );
    expect((await c.error(201, 2)).message).toBe(
      'Order rejected - reason:an ES future must name its expiry (lastTradeDateOrContractMonth) for Gatehouse to value it',
    );
    expect(h.sim.book().orders).toEqual([]);
  });
});
