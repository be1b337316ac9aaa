/** Historical bars for the desk's chart, from the simulated Gateway's reqHistoricalData. */
import { afterEach, describe, expect, it } from 'vitest';
import { barTime } from '../../../electron/core/broker/market.ts';
import { brokerHarness, type Harness } from '../../support/broker-harness.ts';
import { until } from '../../support/until.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const stock = (symbol: string) => ({ symbol, secType: 'STK', exchange: 'SMART', currency: 'USD' }) as const;

describe('market.bars', () => {
  it('1 min, 5 mins and 1 day bars come back in time order, each bar consistent (low ≤ open, close ≤ high)', async () => {
    h = await brokerHarness();
    for (const [size, step] of [['1 min', 60_000], ['5 mins', 300_000], ['1 day', 86_400_000]] as const) {
      const r = await h.broker.market.bars(stock('AAPL'), size);
      expect(r.barSize).toBe(size);
      expect(r.bars.length, size).toBeGreaterThan(20);
      for (const b of r.bars) {
        expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
        expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
      }
      const gaps = r.bars.slice(1).map((b, i) => b.time - r.bars[i]!.time);
      expect(new Set(gaps), size).toEqual(new Set([step]));
    }
  });

  it('the newest bar closes where the market is, so the chart joins the live price', async () => {
    h = await brokerHarness();
    h.broker.market.watch(stock('MSFT'));
    await until(() => h!.broker.market.lastPrice('MSFT') !== null, { what: 'an MSFT price' });
    const r = await h.broker.market.bars(stock('MSFT'), '5 mins');
    const last = h.broker.market.lastPrice('MSFT')!;
    expect(Math.abs(r.bars.at(-1)!.close - last) / last).toBeLessThan(0.02);
  });

  it('an unknown symbol ends with IB’s reason, not a hang', async () => {
    h = await brokerHarness();
    await expect(h.broker.market.bars(stock('ZZZZ'), '1 min')).rejects.toMatchObject({ code: 'IB_ERROR', message: expect.stringContaining('(200)') });
  });

  it('reads both of IB’s bar time forms: epoch seconds intraday, yyyyMMdd for days', () => {
    expect(barTime('1764601200')).toBe(1764601200_000);
    expect(barTime('20261201')).toBe(Date.UTC(2026, 11, 1));
    expect(barTime('garbage')).toBeNull();
  });
});
