import { describe, expect, it } from 'vitest';
import type { RiskLimits } from '../../../electron/core/contract.ts';
import { AppError } from '../../../electron/core/errors.ts';
import { DEFAULT_LIMITS } from '../../../electron/core/risk/defaults.ts';
import { parseLimits } from '../../../electron/core/risk/limits.ts';

function fieldsOf(input: unknown): Record<string, string> {
  try {
    parseLimits(input);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    expect(e.code).toBe('BAD_INPUT');
    return e.fields ?? {};
  }
  throw new Error('expected BAD_INPUT');
}

const with_ = (patch: Partial<RiskLimits>): RiskLimits => ({ ...DEFAULT_LIMITS, ...patch });

describe('parseLimits', () => {
  it('accepts the defaults and normalizes symbols', () => {
    expect(parseLimits(DEFAULT_LIMITS)).toEqual(DEFAULT_LIMITS);
    const l = parseLimits(with_({ allowedSymbols: [' aapl', 'AAPL', 'msft '], blockedSymbols: ['', 'gme'] }));
    expect(l.allowedSymbols).toEqual(['AAPL', 'MSFT']);
    expect(l.blockedSymbols).toEqual(['GME']);
  });

  it.each<[string, unknown, Record<string, string>]>([
    ['not a number', with_({ maxOrderQty: 'ten' }), { maxOrderQty: 'must be a decimal number' }],
    ['negative loss limit', with_({ dailyLossLimit: '-500' }), { dailyLossLimit: 'must be more than 0 — leave it empty for no limit' }],
    ['zero order size', with_({ maxOrderQty: '0' }), { maxOrderQty: 'must be more than 0 — leave it empty for no limit' }],
    ['band over 100%', with_({ priceBandPercent: '150' }), { priceBandPercent: 'must be at most 100 (%)' }],
    [
      'order above position',
      with_({ maxOrderQty: '500', maxPositionQty: '100' }),
      { maxOrderQty: 'cannot be more than the max position size (100)' },
    ],
    [
      'order value above position value',
      with_({ maxOrderNotional: '50000', maxPositionNotional: '20000' }),
      { maxOrderNotional: 'cannot be more than the max position value (20,000)' },
    ],
    [
      'position value above gross',
      with_({ maxOrderNotional: null, maxPositionNotional: '20000', maxGrossExposure: '10000' }),
      { maxPositionNotional: 'cannot be more than the max gross exposure (10,000)' },
    ],
    [
      'no order types',
      with_({ allowedOrderTypes: [] }),
      { allowedOrderTypes: 'allow at least one order type — use the kill switch to stop all trading' },
    ],
    [
      'allowed and blocked',
      with_({ allowedSymbols: ['AAPL', 'TSLA'], blockedSymbols: ['tsla'] }),
      { blockedSymbols: 'TSLA cannot be both allowed and blocked' },
    ],
    [
      'PDT window too long',
      with_({ pdt: { ...DEFAULT_LIMITS.pdt, windowDays: 40 } }),
      { 'pdt.windowDays': 'must be at most 20 business days' },
    ],
    ['negative confirmation threshold', with_({ liveConfirmNotional: '-1' }), { liveConfirmNotional: 'must be 0 or more — 0 asks for confirmation on every live order' }],
  ])('%s', (_name, input, fields) => {
    expect(fieldsOf(input)).toEqual(fields);
  });

  it('reports schema problems field by field with a readable message', () => {
    try {
      parseLimits({ ...DEFAULT_LIMITS, maxOrdersPerMinute: 0, pdt: { ...DEFAULT_LIMITS.pdt, windowDays: 0 } });
      expect.unreachable();
    } catch (err) {
      const e = err as AppError;
      expect(Object.keys(e.fields ?? {}).sort()).toEqual(['maxOrdersPerMinute', 'pdt.windowDays']);
      expect(e.message).toMatch(/^Invalid risk limits — /);
      expect(e.hint).toBe('Check the highlighted fields and try again.');
    }
  });
});
