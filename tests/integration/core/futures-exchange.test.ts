/**
 * Futures on their own exchanges through the whole core: ZN trades on CBOT, CL on NYMEX, GC on COMEX (the
 * simulator lists them where IB does, universe.ts FUTURES), and a request naming another exchange is error
 * 200 at the Gateway. The desk used to send every future to CME, so a ZN ticket, a CL close, a GC modify or a
 * CL flatten never reached the market.
 */
import { afterEach, expect, it } from 'vitest';
import { FUTURES, futuresChain } from '../../../electron/simulator/universe.ts';
import { coreHarness, type CoreHarness } from '../../support/core-harness.ts';
import { until } from '../../support/until.ts';

let h: CoreHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** The root's listed months as the simulator lists them today, front first. */
const chain = (symbol: string) => futuresChain(Date.now(), FUTURES.find((f) => f.symbol === symbol)!);

async function generous(core: CoreHarness) {
  const limits = (await core.call('risk.get')).limits;
  await core.call('risk.setLimits', { ...limits, maxOrderNotional: '10000000', maxPositionNotional: '10000000' });
}

it("a ZN ticket as the desk's ticket sends it (FUT, a month, no exchange) lists ZN's months, quotes and fills on CBOT", async () => {
  h = await coreHarness();
  await generous(h);
  const months = chain('ZN');
  const expiries = await h.call('contracts.expiries', { symbol: 'ZN' });
  expect(expiries.map((e) => e.localSymbol)).toEqual(months.map((m) => m.localSymbol));
  const front = months[0]!;
  const info = await h.call('contracts.lookup', { symbol: 'ZN', secType: 'FUT', lastTradeDateOrContractMonth: front.lastTradeDate });
  expect(info).toMatchObject({ exchange: 'CBOT', multiplier: 1000 });

  await h.call('market.watch', { symbol: 'ZN', secType: 'FUT', lastTradeDateOrContractMonth: front.lastTradeDate });
  const key = `ZN ${front.lastTradeDate}`;
  await until(() => h!.latest('quotes')?.[key]?.last != null || !!h!.latest('quotes')?.[key]?.problem, { what: 'a ZN quote or its problem', timeout: 15_000 });
  expect(h.latest('quotes')![key]!.problem).toBeNull();

  const { orderId } = await h.call('orders.place', { symbol: 'ZN', secType: 'FUT', lastTradeDateOrContractMonth: front.lastTradeDate, side: 'BUY', quantity: '1', type: 'MKT' });
  await until(() => h!.sim.book().fills.some((f) => f.orderId === orderId), { what: 'the ZN order filled at the Gateway', timeout: 15_000 });
  expect(h.sim.book().positions.find((p) => p.symbol === front.localSymbol)?.quantity).toBe(1);
});

it('a CL position closes on NYMEX with the ticket Close builds from the position (its exchange, its month)', async () => {
  const [cl] = chain('CL');
  h = await coreHarness({ positions: [{ symbol: cl!.localSymbol, quantity: 2, avgCost: 68 }] });
  await generous(h);
  await until(() => !!h!.latest('account')?.positions.some((p) => p.localSymbol === cl!.localSymbol), { what: 'the CL position' });
  const pos = h.latest('account')!.positions.find((p) => p.localSymbol === cl!.localSymbol)!;
  expect(pos.exchange).toBe('NYMEX');
  await h.call('orders.place', {
    symbol: pos.symbol,
    secType: 'FUT',
    exchange: pos.exchange,
    lastTradeDateOrContractMonth: pos.lastTradeDateOrContractMonth,
    side: 'SELL',
    quantity: '2',
    type: 'MKT',
  });
  await until(() => (h!.sim.book().positions.find((p) => p.symbol === cl!.localSymbol)?.quantity ?? 0) === 0, { what: 'CL flat at the Gateway', timeout: 15_000 });
});

it('a working GC order is modified on COMEX from its row (the edit names only the terms, core keeps its contract)', async () => {
  h = await coreHarness();
  await generous(h);
  const [gc] = chain('GC');
  const { orderId } = await h.call('orders.place', { symbol: 'GC', secType: 'FUT', lastTradeDateOrContractMonth: gc!.lastTradeDate, side: 'BUY', quantity: '1', type: 'LMT', limitPrice: '2000' });
  await until(() => h!.latest('orders')?.open.some((o) => o.orderId === orderId && o.status === 'Submitted') ?? false, { what: 'the GC order working' });
  // What the Orders row sends (orders-store saveEdit): symbol, type of security, side and the new terms.
  await h.call('orders.modify', { orderId, ticket: { symbol: 'GC', secType: 'FUT', side: 'BUY', quantity: '1', type: 'LMT', limitPrice: '2001.5' } });
  await until(() => h!.sim.book().orders.some((o) => o.orderId === orderId && o.lmtPrice === 2001.5), { what: 'the new limit at the Gateway', timeout: 15_000 });
  const o = h.sim.book().orders.find((x) => x.orderId === orderId)!;
  expect(o.symbol).toBe(gc!.localSymbol);
});

it('the kill switch flattens a CL position on NYMEX', async () => {
  const [cl] = chain('CL');
  h = await coreHarness({ positions: [{ symbol: cl!.localSymbol, quantity: -3, avgCost: 70 }] });
  await until(() => !!h!.latest('account')?.positions.some((p) => p.localSymbol === cl!.localSymbol), { what: 'the CL position' });
  const limits = (await h.call('risk.get')).limits;
  await h.call('risk.setLimits', { ...limits, flattenOnKill: true });
  await h.call('risk.killSwitch', { active: true, reason: 'test' });
  await until(() => (h!.sim.book().positions.find((p) => p.symbol === cl!.localSymbol)?.quantity ?? 0) === 0, { what: 'CL flat at the Gateway', timeout: 15_000 });
});
