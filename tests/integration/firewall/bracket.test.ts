/**
 * A program's bracket (IB's attaching pattern: children carry the parent's id, the last one sent with
 * transmit=true sends them all; https://interactivebrokers.github.io/tws-api/bracket_order.html, ibapi/order.py
 * parentId/transmit) is judged as the UI's bracket is: one gate decision for the parent with its exits
 * attached (electron/core/risk/attached.ts), so the exits count towards the order rate and must be exits an
 * order can really have; one refusal refuses every leg, and the same words reach the program and the UI.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OrderAction, OrderType, SecType } from '@stoqey/ib';
import type { Contract, Order } from '@stoqey/ib';
import { OrderTicket, type RiskLimits } from '../../../electron/core/contract.ts';
import { AppError } from '../../../electron/core/errors.ts';
import { until } from '../../support/until.ts';
import { firewallHarness, type FirewallHarness } from './harness.ts';

let h: FirewallHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const aapl: Contract = { symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
const entry = (qty: number, lmtPrice: number): Order => ({ action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity: qty, lmtPrice, transmit: false });
const takeProfit = (parentId: number, qty: number, lmtPrice: number): Order => ({
  action: OrderAction.SELL,
  orderType: OrderType.LMT,
  totalQuantity: qty,
  lmtPrice,
  parentId,
  transmit: false,
});
const stopLoss = (parentId: number, qty: number, auxPrice: number): Order => ({
  action: OrderAction.SELL,
  orderType: OrderType.STP,
  totalQuantity: qty,
  auxPrice,
  parentId,
  transmit: true,
});

async function setup(sv: number, limits: Partial<RiskLimits>): Promise<FirewallHarness> {
  h = await firewallHarness(sv, { masterClientId: 1 });
  h.sim.setPrice('AAPL', 200);
  await h.gate.setLimits({ ...h.gate.limits, ...limits });
  return h;
}

/** The UI path's answer for the same bracket: the reasons of its refusal. */
async function uiRefusal(h: FirewallHarness, tp: string, sl: string): Promise<string[]> {
  const ticket = OrderTicket.parse({ symbol: 'AAPL', side: 'BUY', quantity: '10', type: 'LMT', limitPrice: '190', attached: { takeProfit: tp, stopLoss: sl } });
  const err = await h.desk.place(ticket).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return (err as AppError).verdict?.reasons ?? [];
}

async function firewallRefusal(h: FirewallHarness, tp: number, sl: number): Promise<string[]> {
  const c = await h.client(7);
  c.ib.placeOrder(1, aapl, entry(10, 190));
  c.ib.placeOrder(2, aapl, takeProfit(1, 10, tp));
  c.ib.placeOrder(3, aapl, stopLoss(1, 10, sl));
  const [parent, tpErr, slErr] = await Promise.all([c.error(201, 1), c.error(201, 2), c.error(201, 3)]);
  expect(tpErr.message).toMatch(/bracket was refused as a whole \(order 1: /);
  expect(slErr.message).toMatch(/bracket was refused as a whole \(order 1: /);
  // The UI's refusal asked IB's what-if preview; no order of either path reached the Gateway.
  expect(h.sim.book().orders.filter((o) => !o.whatIf)).toEqual([]);
  return parent.message.replace(/^Order rejected - reason:/, '').split('; ');
}

describe.each([176, 187, 193] as const)('a bracket through the firewall at server version %i', (sv) => {
  it('whose entry alone is within the order rate but whose three legs are not is refused whole, as in the UI', async () => {
    const h = await setup(sv, { maxOrdersPerMinute: 2 });
    const ui = await uiRefusal(h, '220', '180');
    expect(ui).toEqual(['0 orders in the last minute — your limit is 2 a minute. Wait a moment and try again.']);
    expect(await firewallRefusal(h, 220, 180)).toEqual(ui);
  });

  it('whose stop-loss would trigger at once is refused whole, in the UI\'s words', async () => {
    const h = await setup(sv, {});
    const ui = await uiRefusal(h, '220', '195');
    expect(ui).toEqual(['The stop-loss $195 must be below the entry price $190: it would trigger at once.']);
    expect(await firewallRefusal(h, 220, 195)).toEqual(ui);
  });

  it('whose stop-loss is an order type the profile does not allow is refused whole', async () => {
    const h = await setup(sv, { allowedOrderTypes: ['MKT', 'LMT'] });
    const ui = await uiRefusal(h, '220', '180');
    expect(ui).toEqual(['The stop-loss is a STP order, which this profile does not allow (allowed: MKT, LMT).']);
    expect(await firewallRefusal(h, 220, 180)).toEqual(ui);
  });

  it('a sound one is sent whole and weighs what the UI\'s bracket weighs: the entry, not its exits too', async () => {
    const h = await setup(sv, {});
    const c = await h.client(7);
    c.ib.placeOrder(1, aapl, entry(100, 190));
    c.ib.placeOrder(2, aapl, takeProfit(1, 100, 220));
    c.ib.placeOrder(3, aapl, stopLoss(1, 100, 180));
    await c.next('orderStatus', (a) => a[0] === 3);
    expect(h.sim.book().orders.map((o) => o.orderId)).toEqual([1, 2, 3]);
    // Gatehouse's own (master) connection sees the three orders.
    await until(() => h.broker.orders.openOrders().filter((o) => o.clientId === 7).length === 3, { what: 'master sees the bracket' });
    const firewallGross = h.desk.riskState().usage.grossExposure;
    const audit = (await h.gate.audit.read()).filter((e) => e.kind === 'order');
    expect(audit).toHaveLength(1);
    expect(audit[0]?.order).toMatchObject({ attached: { takeProfit: '220', stopLoss: '180' }, apiClient: { clientId: 7, orderId: 1 } });

    c.ib.reqGlobalCancel();
    await until(() => h.broker.orders.openOrders().length === 0, { what: 'all cancelled' });
    await h.desk.place(OrderTicket.parse({ symbol: 'AAPL', side: 'BUY', quantity: '100', type: 'LMT', limitPrice: '190', attached: { takeProfit: '220', stopLoss: '180' } }));
    await until(() => h.broker.orders.openOrders().length === 3, { what: "the UI's bracket is working" });
    expect(firewallGross).toBe(h.desk.riskState().usage.grossExposure);
    expect(firewallGross).toBe('20000.00');
  });

  it("a working bracket's exit, modified on its own, meets the gate as the UI's modify of an exit does", async () => {
    const h = await setup(sv, { priceBandPercent: '10' });
    const c = await h.client(7);
    c.ib.placeOrder(1, aapl, entry(100, 190));
    c.ib.placeOrder(2, aapl, takeProfit(1, 100, 215));
    c.ib.placeOrder(3, aapl, stopLoss(1, 100, 185));
    await c.next('orderStatus', (a) => a[0] === 3);
    // A take-profit 150% from the market is a typo the price band stops, exit or not; nothing reaches the Gateway.
    c.ib.placeOrder(2, aapl, { ...takeProfit(1, 100, 500), transmit: true });
    expect((await c.error(201, 2)).message).toBe(
      'Order rejected - reason:The limit price $500 is 150% from the last price $200 — more than your 10% band. Check the price for a typo.',
    );
    expect(h.sim.book().orders.find((o) => o.orderId === 2)).toMatchObject({ lmtPrice: 215, submissions: 1 });
    // Within the band it goes through and still adds nothing while its parent works.
    const before = h.desk.riskState().usage.grossExposure;
    c.ib.placeOrder(2, aapl, { ...takeProfit(1, 100, 218), transmit: true });
    await c.next('openOrder', (a) => a[0] === 2 && (a[2] as Order).lmtPrice === 218);
    expect(h.desk.riskState().usage.grossExposure).toBe(before);
  });
});
