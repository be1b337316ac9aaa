/**
 * The kill switch's flatten of futures: each month held is closed as that month. A market order for "ES"
 * without its month is ambiguous at the Gateway (error 200, universe.ts esChain), so a flatten that named
 * only the root left a calendar spread (long the front month, short the next) open after the trip.
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

const localSymbol = (expiry: string) => `ES${{ 3: 'H', 6: 'M', 9: 'U', 12: 'Z' }[Number(expiry.slice(4, 6))]}${expiry.slice(3, 4)}`;

it('flattens a calendar spread month by month when the kill switch trips', async () => {
  const [front, next] = quarterlyExpiries(Date.now(), 2) as [string, string];
  h = await coreHarness({
    positions: [
      { symbol: localSymbol(front), quantity: 2, avgCost: 5900 },
      { symbol: localSymbol(next), quantity: -1, avgCost: 5950 },
    ],
  });
  await until(() => (h!.latest('account')?.positions.filter((p) => p.secType === 'FUT').length ?? 0) === 2, { what: 'both ES months in the account' });
  expect(h.latest('account')!.positions.filter((p) => p.secType === 'FUT').map((p) => [p.lastTradeDateOrContractMonth, p.quantity]).sort()).toEqual([
    [front, '2'],
    [next, '-1'],
  ]);
  const limits = (await h.call('risk.get')).limits;
  await h.call('risk.setLimits', { ...limits, flattenOnKill: true });
  // What the simulated Gateway holds, months with nothing left dropped.
  const held = () => Object.fromEntries(h!.sim.book().positions.filter((p) => p.symbol.startsWith('ES') && p.quantity !== 0).map((p) => [p.symbol, p.quantity]));
  expect(held()).toEqual({ [localSymbol(front)]: 2, [localSymbol(next)]: -1 });
  await h.call('risk.killSwitch', { active: true, reason: 'test' });
  await until(() => Object.keys(held()).length === 0, { what: 'both ES months flat at the Gateway', timeout: 15_000 });
});
