/**
 * Two months of one future are two instruments. ESZ6 and ESH7 share the root ES but are different
 * contracts (each its own conId, price and last trade date, which the Gateway reports with every position
 * and open order), so a calendar spread — long one month, short the other — is two exposures, not a flat
 * book, and each month is valued at its own price.
 */
import { describe, expect, it } from 'vitest';
import type { ParsedTicket } from '../../../electron/core/contract.ts';
import { instrumentId } from '../../../electron/core/contract/keys.ts';
import { evaluate } from '../../../electron/core/risk/engine.ts';
import { buildBooks, grossExposure } from '../../../electron/core/risk/exposure.ts';
import { format } from '../../../electron/core/risk/money.ts';
import { context, limits, position, snapshot, TestClock, ticket } from './fixtures.ts';

const Z6 = '20261218';
const H7 = '20270319';
const clock = new TestClock();
const es = (quantity: string, price: string, expiry: string) =>
  position('ES', quantity, price, {
    secType: 'FUT',
    conId: 495_000_000 + Number(expiry.slice(0, 6)),
    lastTradeDateOrContractMonth: expiry,
    // IB's market value of a future is per contract: price × 50 × quantity.
    marketValue: String(Number(quantity) * Number(price) * 50),
  });
const multiplier = (_symbol: string, secType: string) => (secType === 'FUT' ? '50' : '1');
const future = (t: Partial<ParsedTicket>) => ticket({ symbol: 'ES', secType: 'FUT', exchange: 'CME', quantity: '1', ...t });

describe('two months of one future', () => {
  it('a calendar spread (long ESZ6, short ESH7) is two exposures, not a flat book', () => {
    const books = buildBooks(snapshot({ positions: [es('1', '5925', Z6), es('-1', '5970', H7)] }), [], () => null, multiplier);
    expect(books.size).toBe(2);
    // 5,925 × 50 + 5,970 × 50, where one merged "ES" book nets to 0 contracts and $0.
    expect(format(grossExposure(books), 2)).toBe('594750.00');
  });

  it('the spread counts against the gross exposure limit', () => {
    const v = evaluate(
      ticket({ symbol: 'AAPL', quantity: '10', limitPrice: '100' }),
      snapshot({ positions: [es('1', '5925', Z6), es('-1', '5970', H7)], netLiq: '1000000' }),
      limits({ maxOrderNotional: null, maxGrossExposure: '500000' }),
      clock,
      context({ prices: { AAPL: '100' }, multiplier }),
    );
    expect(v.decision).toBe('refuse');
    expect(v.reasons).toEqual(['All positions together could be worth $595,750 — above your max gross exposure of $500,000.']);
  });

  it("each month is valued at its own price: a market order for ESH7 at ESH7's last, not ESZ6's", () => {
    const prices = { [instrumentId({ symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: Z6 })]: '5925', [instrumentId({ symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: H7 })]: '5970' };
    const v = evaluate(
      future({ type: 'MKT', limitPrice: undefined, lastTradeDateOrContractMonth: H7 }),
      snapshot({ netLiq: '10000000' }),
      limits({ maxOrderNotional: '298000' }),
      clock,
      context({ prices, multiplier }),
    );
    expect(v.decision).toBe('refuse');
    expect(v.reasons).toEqual(['Order value $298,500 is above your max order value of $298,000.']);
  });

  it('a sell of one month does not close the other: selling ESH7 against a long ESZ6 opens a short', () => {
    const prices = { [instrumentId({ symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: H7 })]: '5970' };
    const v = evaluate(
      future({ side: 'SELL', type: 'MKT', limitPrice: undefined, lastTradeDateOrContractMonth: H7 }),
      snapshot({ positions: [es('1', '5925', Z6)], netLiq: '10000000' }),
      limits({ maxOrderNotional: null, maxGrossExposure: '500000' }),
      clock,
      context({ prices, multiplier }),
    );
    // One merged ES book would read this sell as closing the long, which no exposure limit refuses.
    expect(v.decision).toBe('refuse');
    expect(v.reasons).toEqual(['All positions together could be worth $594,750 — above your max gross exposure of $500,000.']);
  });
});
