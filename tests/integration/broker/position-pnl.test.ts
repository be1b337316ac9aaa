import { afterEach, describe, expect, it } from 'vitest';
import { brokerHarness, type Harness } from '../../support/broker-harness.ts';
import { until } from '../../support/until.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('daily P&L per position', () => {
  it('each position carries its own daily P&L from the Gateway (reqPnLSingle), as TWS shows it per row', async () => {
    h = await brokerHarness({ positions: [{ symbol: 'MSFT', quantity: 50, avgCost: 400 }, { symbol: 'AAPL', quantity: -20, avgCost: 180 }] });
    const daily = (symbol: string) => h!.broker.account.snapshot()?.positions.find((p) => p.symbol === symbol)?.dailyPnl;
    await until(() => typeof daily('MSFT') === 'string' && typeof daily('AAPL') === 'string', { what: 'daily P&L of both positions' });
    expect(daily('MSFT')).toMatch(/^-?\d+(\.\d{1,2})?$/);
    expect(daily('AAPL')).toMatch(/^-?\d+(\.\d{1,2})?$/);
    // The rows add up to the account's own daily P&L (reqPnL), as IB computes both from the same marks.
    const snap = h.broker.account.snapshot()!;
    await until(() => {
      const s = h!.broker.account.snapshot()!;
      const sum = s.positions.reduce((a, p) => a + Number(p.dailyPnl ?? 0), 0);
      return s.pnl.daily !== null && Math.abs(sum - Number(s.pnl.daily)) < 0.05 * Math.max(1, Math.abs(Number(s.pnl.daily)));
    }, { what: 'positions summing to the account daily P&L' });
    expect(snap.positions).toHaveLength(2);
  });
});
