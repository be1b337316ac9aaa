/**
 * The account book and the quotes tell a change once until they are read again (AccountBook.changed,
 * MarketData.onQuote). Every listener reads the latest book when it acts, so a notice per socket read told
 * it nothing new: 4,000 account and 19,000 quote notices a second in issue 16's tick flood, each through
 * three emitters. What a trader relies on still holds, over the simulated Gateway's real socket: a read
 * sees the last line the Gateway sent, and the first change after a read is told again.
 */
import { EventName } from '@stoqey/ib';
import { afterEach, describe, expect, it } from 'vitest';
import { brokerHarness, type Harness } from '../../support/broker-harness.ts';
import { until } from '../../support/until.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Ten price moves, each waited for on the socket before the next: ten socket reads, not one. */
async function tenMoves(symbol: string, lines: () => number): Promise<number> {
  const start = h!.sim.state().prices[symbol]!.last;
  for (let i = 1; i <= 10; i++) {
    const before = lines();
    h!.sim.setPrice(symbol, start + i);
    await until(() => lines() > before, { what: `price move ${i} on the socket` });
  }
  return start + 10;
}

describe('change notices', () => {
  it('the account book: ten P&L moves tell one change until it is read, the read holds the last, the next move is told again', async () => {
    h = await brokerHarness({ tickIntervalMs: 0, positions: [{ symbol: 'AAPL', quantity: 100, avgCost: 100 }] });
    await until(() => h!.broker.account.snapshot()?.positions[0]?.marketValue != null, { what: 'the position valued' });
    let told = 0;
    h.broker.on('account', () => told++);
    let lines = 0;
    h.broker.session.client!.on(EventName.pnlSingle, () => lines++);

    const last = await tenMoves('AAPL', () => lines);
    expect(told).toBe(1);
    expect(Number(h.broker.account.snapshot()!.positions[0]!.marketValue)).toBe(last * 100);

    const before = lines;
    h.sim.setPrice('AAPL', last + 1);
    await until(() => told === 2, { what: 'the move after the read told' });
    await until(() => lines > before, { what: 'its P&L line' });
    expect(Number(h.broker.account.snapshot()!.positions[0]!.marketValue)).toBe((last + 1) * 100);
  });

  it('the quotes: ten ticks tell one change until the quotes are read, the read holds the last, the next tick is told again', async () => {
    h = await brokerHarness({ tickIntervalMs: 0 });
    let ticks = 0;
    h.broker.session.client!.on(EventName.tickPrice, () => ticks++);
    h.broker.market.watch({ symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' });
    await until(() => Object.values(h!.broker.market.views())[0]?.last != null, { what: 'a first price' });
    let told = 0;
    h.broker.on('quotes', () => told++);

    const last = await tenMoves('AAPL', () => ticks);
    expect(told).toBe(1);
    expect(Object.values(h.broker.market.views())[0]!.last).toBe(last);

    h.sim.setPrice('AAPL', last + 1);
    await until(() => told === 2, { what: 'the tick after the read told' });
    await until(() => Object.values(h!.broker.market.views())[0]!.last === last + 1, { what: 'the new price read' });
  });
});
