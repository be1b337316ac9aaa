/** Market data as a trader sees it: prices with no subscription, unknown symbols, the day's range. */
import { afterEach, describe, expect, it } from 'vitest';
import { brokerHarness, type Harness } from '../../support/broker-harness.ts';
import { until } from '../../support/until.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const stock = (symbol: string) => ({ symbol, secType: 'STK', exchange: 'SMART', currency: 'USD' }) as const;

describe('market data through core', () => {
  it('no live subscription: the Gateway says 354 and sends nothing; core asks for delayed data and gets a delayed price', async () => {
    h = await brokerHarness({ unsubscribedSymbols: ['TSLA'] });
    h.broker.market.watch(stock('TSLA'));
    await until(() => h!.broker.market.lastPrice('TSLA') !== null, { what: 'a TSLA price' });
    expect(h.broker.market.quote('TSLA')).toMatchObject({ delayed: true });
    expect(h.broker.market.problem('TSLA')).toBeNull();
    // A subscribed symbol on the same connection stays live after delayed data was asked for.
    h.broker.market.watch(stock('AAPL'));
    await until(() => h!.broker.market.lastPrice('AAPL') !== null, { what: 'an AAPL price' });
    expect(h.broker.market.quote('AAPL')).toMatchObject({ delayed: false });
  });

  it('an unknown symbol says why it has no price', async () => {
    h = await brokerHarness();
    h.broker.market.watch(stock('ZZZZ'));
    await until(() => h!.broker.market.problem('ZZZZ') !== null, { what: 'the reason' });
    expect(h.broker.market.problem('ZZZZ')).toBe(
      'IB has no security definition for ZZZZ (200): No security definition has been found for the request.',
    );
    expect(h.broker.market.lastPrice('ZZZZ')).toBeNull();
  });
});
