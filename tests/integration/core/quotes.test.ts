import { afterEach, describe, expect, it } from 'vitest';
import { coreHarness, type CoreHarness } from '../../support/core-harness.ts';
import { until } from '../../support/until.ts';

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
});
