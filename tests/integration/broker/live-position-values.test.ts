import { afterEach, expect, it } from 'vitest';
import { brokerHarness, type Harness } from '../../support/broker-harness.ts';
import { until } from '../../support/until.ts';

/**
 * A position's market value and unrealized P&L follow the market, as TWS's Portfolio window does. IB sends
 * the portfolio line of reqAccountUpdates only on a trade for the instrument or every 3 minutes
 * (interactivebrokers.github.io/tws-api/pnl.html, "P&L data in the Account Window"; ib_insync#513: marketPrice
 * "only updates every 30-180 seconds"); between those, reqPnLSingle brings the position's unrealized P&L and
 * value (EWrapper.pnlSingle: pos, dailyPnL, unrealizedPnL, realizedPnL, value). Core took only its daily P&L,
 * so with a real Gateway a row could show a price three minutes old.
 */
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

it('a price move shows in the position’s value and unrealized P&L before the next portfolio refresh', async () => {
  h = await brokerHarness({ portfolioRefreshMs: 180_000, positions: [{ symbol: 'MSFT', quantity: 50, avgCost: 400 }] });
  const msft = () => h!.broker.account.snapshot()?.positions.find((p) => p.symbol === 'MSFT');
  await until(() => msft()?.dailyPnl != null, { what: 'MSFT with its daily P&L' });
  h.sim.setPrice('MSFT', 410);
  await until(() => msft()?.marketValue === '20500', { what: `MSFT at 410 × 50 (it shows ${JSON.stringify(msft())})`, timeout: 5000 });
  expect(msft()).toMatchObject({ marketPrice: '410', marketValue: '20500', unrealizedPnl: '500' });
  h.sim.setPrice('MSFT', 395.5);
  await until(() => msft()?.marketValue === '19775', { what: 'MSFT at 395.50', timeout: 5000 });
  expect(msft()).toMatchObject({ marketPrice: '395.5', unrealizedPnl: '-225' });
});
