/**
 * Futures through the whole core (contract → handlers → broker → risk) against the simulator over TCP:
 * the desk asks which expiry instead of taking the first contract-details row, and the risk engine
 * values a future with its multiplier (1 ES is ~$296,000 of S&P, not ~$5,925).
 */
import { afterEach, expect, it } from 'vitest';
import { quarterlyExpiries } from '../../../electron/simulator/universe.ts';
import { coreHarness, type CoreHarness } from '../../support/core-harness.ts';
import { until } from '../../support/until.ts';

let h: CoreHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const ES = { symbol: 'ES', secType: 'FUT', exchange: 'CME', side: 'BUY', quantity: '1', type: 'MKT' } as const;

it('contracts.expiries lists the ES months front first; an ES order without one asks to choose, and nothing is sent', async () => {
  h = await coreHarness();
  const listed = quarterlyExpiries(Date.now(), 5);
  const expiries = await h.call('contracts.expiries', { symbol: 'ES' });
  expect(expiries.map((e) => e.lastTradeDateOrContractMonth)).toEqual(listed);

  const err = await h.fail('orders.place', { ...ES });
  expect(err.message).toBe('ES on CME has several expiries: choose one.');
  expect(err.message).not.toMatch(/security definition/i);
  expect(h.sim.book().orders).toEqual([]);

  const badExpiry = await h.fail('orders.place', { ...ES, lastTradeDateOrContractMonth: '2026-12' });
  expect(badExpiry.code).toBe('BAD_INPUT');
  expect(h.sim.book().orders).toEqual([]);
});

it('the risk engine values a future with its multiplier: 1 ES is above a $50,000 max order value', async () => {
  h = await coreHarness();
  const [front] = quarterlyExpiries(Date.now(), 1);
  const err = await h.fail('orders.place', { ...ES, lastTradeDateOrContractMonth: front });
  expect(err.code).toBe('RISK_REJECTED');
  const rule = err.verdict?.rules.find((r) => r.rule === 'order-notional');
  expect(rule?.ok).toBe(false);
  const value = Number(/Order value \$([\d,.]+)/.exec(rule?.message ?? '')?.[1]?.replaceAll(',', ''));
  expect(value).toBeGreaterThan(50 * 5000);
  // Only IB's what-if preview reached the Gateway; no order, no fill.
  expect(h.sim.book().orders.filter((o) => !o.whatIf)).toEqual([]);
  expect(h.sim.book().fills).toEqual([]);
});

it('a future position carries its month, local symbol and multiplier, so a close can name the contract it holds', async () => {
  h = await coreHarness();
  const limits = (await h.call('risk.get')).limits;
  await h.call('risk.setLimits', { ...limits, maxOrderNotional: '1000000' });
  const [, second] = quarterlyExpiries(Date.now(), 2);
  const listed = (await h.call('contracts.expiries', { symbol: 'ES' })).find((e) => e.lastTradeDateOrContractMonth === second)!;
  await h.call('orders.place', { ...ES, lastTradeDateOrContractMonth: second });
  await until(() => !!h!.latest('account')?.positions.some((p) => p.symbol === 'ES' && p.quantity === '1'), { what: 'the ES position' });
  const pos = h.latest('account')!.positions.find((p) => p.symbol === 'ES')!;
  expect(pos).toMatchObject({ secType: 'FUT', lastTradeDateOrContractMonth: second, localSymbol: listed.localSymbol, multiplier: '50' });

  // Closing on that month takes the position to zero (the front month would open a second one instead).
  await h.call('orders.place', { ...ES, side: 'SELL', lastTradeDateOrContractMonth: pos.lastTradeDateOrContractMonth });
  await until(() => h!.latest('account')!.positions.every((p) => p.symbol !== 'ES' || p.quantity === '0'), { what: 'the ES position closed' });
});
