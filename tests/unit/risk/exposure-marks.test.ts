/**
 * How a held position is marked in the books (risk/exposure.ts buildBooks): a stock at its live last
 * price when there is one, otherwise — and always for a future or option — at IB's market value per unit,
 * falling back to the market price, then the average cost. Guards the reorder that skips the exact
 * division when a last price is there.
 */
import { describe, expect, it } from 'vitest';
import { buildBooks, grossExposure } from '../../../electron/core/risk/exposure.ts';
import { format } from '../../../electron/core/risk/money.ts';
import { position, snapshot } from './fixtures.ts';

const gross = (positions: ReturnType<typeof position>[], prices: Record<string, string>) =>
  format(grossExposure(buildBooks(snapshot({ positions }), [], (s) => prices[s] ?? null)), 2);

describe('marks of held positions', () => {
  it('values a stock at its last price when the market has one', () => {
    expect(gross([position('AAPL', '100', '90')], { AAPL: '101.50' })).toBe('10150.00');
  });

  it('values a stock without a last price at its market value per share', () => {
    expect(gross([position('AAPL', '100', '90', { marketValue: '9300' })], {})).toBe('9300.00');
  });

  it('values a future at its market value per contract, never at the last price of the index points', () => {
    const es = position('ES', '2', '5000', { secType: 'FUT', marketValue: '500000' });
    expect(gross([es], { ES: '5000' })).toBe('500000.00');
  });

  it('falls back to the market price, then the average cost, when there is no market value', () => {
    expect(gross([position('AAPL', '10', '90', { marketValue: null, marketPrice: '95' })], {})).toBe('950.00');
    expect(gross([position('AAPL', '10', '90', { marketValue: null, marketPrice: null })], {})).toBe('900.00');
  });
});
