/**
 * A future's order from a position (Close, a hotkey on the row, the kill switch's flatten) is routed by the
 * position's conId when its message left the exchange empty: IB names a contract uniquely by conId (IB's
 * contracts page: "the conId is the unique identifier"), while a root and month can match several listings.
 */
import { afterEach, expect, it } from 'vitest';
import { FUTURES, futuresChain } from '../../../electron/simulator/universe.ts';
import { brokerHarness, type Harness } from '../../support/broker-harness.ts';
import { coreHarness } from '../../support/core-harness.ts';
import { until } from '../../support/until.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

it('routes a CL ticket that names only its conId to NYMEX and that conId\'s month', async () => {
  h = await brokerHarness();
  const second = futuresChain(Date.now(), FUTURES.find((f) => f.symbol === 'CL')!)[1]!;
  // No exchange and no month: by root alone the Gateway lists every CL month (ambiguous); the conId is one.
  const routed = await h.broker.contracts.route({ symbol: 'CL', secType: 'FUT', exchange: '', currency: 'USD', conId: second.conId });
  expect(routed).toMatchObject({ exchange: 'NYMEX', lastTradeDateOrContractMonth: second.lastTradeDate, conId: second.conId });
});

it('a CL closing order that names its conId but no exchange fills on NYMEX, on the month the conId names', async () => {
  const [, second] = futuresChain(Date.now(), FUTURES.find((f) => f.symbol === 'CL')!);
  const core = await coreHarness({ positions: [{ symbol: second!.localSymbol, quantity: 2, avgCost: 68 }] });
  try {
    const limits = (await core.call('risk.get')).limits;
    await core.call('risk.setLimits', { ...limits, maxOrderNotional: '10000000', maxPositionNotional: '10000000' });
    await until(() => !!core.latest('account')?.positions.some((p) => p.localSymbol === second!.localSymbol), { what: 'the CL position' });
    const pos = core.latest('account')!.positions.find((p) => p.localSymbol === second!.localSymbol)!;
    // The ticket a position whose message left the exchange (and here the month) empty closes with.
    await core.call('orders.place', { symbol: 'CL', secType: 'FUT', conId: pos.conId, side: 'SELL', quantity: '2', type: 'MKT' });
    await until(() => (core.sim.book().positions.find((p) => p.symbol === second!.localSymbol)?.quantity ?? 0) === 0, { what: 'CL flat at the Gateway', timeout: 15_000 });
  } finally {
    await core.close();
  }
});

it('refuses a ticket whose conId is another root\'s contract rather than send ES to CL\'s exchange and month', async () => {
  h = await brokerHarness();
  const [cl] = futuresChain(Date.now(), FUTURES.find((f) => f.symbol === 'CL')!);
  const err = await h.broker.contracts.route({ symbol: 'ES', secType: 'FUT', exchange: '', currency: 'USD', conId: cl!.conId }).catch((e: unknown) => e);
  expect((err as Error).message).toBe(`conId ${cl!.conId} is CL, not ES.`);
});
