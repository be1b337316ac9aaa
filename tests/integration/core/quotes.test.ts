import { afterEach, describe, expect, it } from 'vitest';
import { coreHarness, type CoreHarness } from '../../support/core-harness.ts';
import { until } from '../../support/until.ts';
import { quarterlyExpiries } from '../../../electron/simulator/universe.ts';

let h: CoreHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('live quotes for the ticket, through the contract', () => {
  it('streams bid × size, ask × size, last, close and the day range once a symbol is watched', async () => {
    h = await coreHarness();
    expect(h.latest('quotes')?.['MSFT']).toBeUndefined();
    await h.call('market.watch', { symbol: 'MSFT' });
    await until(() => {
      const q = h!.latest('quotes')?.['MSFT'];
      return !!q && q.bid !== null && q.ask !== null && q.bidSize !== null && q.askSize !== null && q.last !== null && q.high !== null && q.low !== null;
    }, { what: 'a full MSFT quote', timeout: 15_000 });
    const q = h.latest('quotes')!['MSFT']!;
    expect(q.bid!).toBeLessThanOrEqual(q.ask!);
    expect(q.bidSize!).toBeGreaterThan(0);
    expect(q.askSize!).toBeGreaterThan(0);
    expect(q.low!).toBeLessThanOrEqual(q.high!);
    expect(q.problem).toBeNull();
    expect(q.delayed).toBe(false);
  });

  it('says why an unknown symbol has no price instead of showing none', async () => {
    h = await coreHarness();
    await h.call('market.watch', { symbol: 'ZZZZQ' });
    await until(() => !!h!.latest('quotes')?.['ZZZZQ']?.problem, { what: 'a problem for ZZZZQ', timeout: 15_000 });
    expect(h.latest('quotes')!['ZZZZQ']!.problem).toMatch(/no security definition/i);
    expect(h.latest('quotes')!['ZZZZQ']!.last).toBeNull();
  });

  it('two months of a future are two quote lines, each with its own price and the contract multiplier', async () => {
    h = await coreHarness();
    const [front, next] = quarterlyExpiries(Date.now(), 2) as [string, string];
    await h.call('market.watch', { symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: front });
    await h.call('market.watch', { symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: next });
    const z = `ES ${front}`;
    const n = `ES ${next}`;
    await until(() => h!.latest('quotes')?.[z]?.last != null && h!.latest('quotes')?.[n]?.last != null, { what: 'a price for both ES months', timeout: 15_000 });
    const quotes = h.latest('quotes')!;
    expect(quotes[z]).toMatchObject({ symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: front, multiplier: 50, problem: null });
    expect(quotes[n]).toMatchObject({ symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: next, multiplier: 50, problem: null });
    // The later month trades at its own carry above the front (~45 points in the simulator), not at the front's price.
    expect(quotes[n]!.last!).toBeGreaterThan(quotes[z]!.last! + 20);
    expect(quotes['ES']).toBeUndefined();
  });
});
