import { describe, expect, it } from 'vitest';
import { RISK_LIMITS, RiskLimits, type RiskLimitKey } from '../../../electron/core/contract.ts';
import { DEFAULT_LIMITS } from '../../../electron/core/risk/defaults.ts';
import { evaluate } from '../../../electron/core/risk/engine.ts';
import { parseLimits } from '../../../electron/core/risk/limits.ts';
import { AppError } from '../../../electron/core/errors.ts';
import { draftToLimits, limitsToDraft } from '../../../renderer/src/stores/risk-store.ts';
import { context, limits, position, snapshot, TestClock, ticket } from './fixtures.ts';

/**
 * Adding a risk limit is one row in RISK_LIMITS plus its rule. This walks the table, so a new row is checked
 * by every layer without anyone writing a test for it: schema and defaults, the validator and its message,
 * the form's draft, and the rule the row names.
 */
const none = (): RiskLimits =>
  limits(Object.fromEntries(RISK_LIMITS.map((l) => [l.key, null])) as Record<RiskLimitKey, null>);

/** An account and an order that every limit, set as tight as it goes, must refuse. */
function stressed(key: RiskLimitKey, value: string | null) {
  const l = { ...none(), [key]: value };
  const snap = snapshot({ netLiq: '100000', positions: [position('AAPL', '5', '100')] });
  const ctx = context({ mode: 'live', prices: { AAPL: '100' }, equity: { startOfDay: '101000', peak: '102000' } });
  return evaluate(ticket({ quantity: '10', type: 'LMT', limitPrice: '150' }), snap, l, new TestClock(), ctx);
}

describe.each(RISK_LIMITS.map((row) => [row.key, row] as const))('risk limit %s', (key, row) => {
  it('is in the schema with the row default, and new profiles start with it', () => {
    const { [key]: _dropped, ...without } = DEFAULT_LIMITS;
    expect(RiskLimits.parse(without)[key]).toBe(row.default);
    expect(DEFAULT_LIMITS[key]).toBe(row.default);
    expect(parseLimits({ ...none(), [key]: '12.5' })[key]).toBe('12.5');
  });

  it('is checked by the validator, whose message names it by its label', () => {
    const bad = row.kind === 'cap' ? '0' : '-1';
    let error: unknown;
    try {
      parseLimits({ ...none(), [key]: bad });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    expect(Object.keys(e.fields ?? {})).toContain(key);
    expect(e.message).toBe(`Invalid risk limits — ${row.label}: ${e.fields![key]}`);
  });

  it('travels through the form draft and back under its key', () => {
    const draft = limitsToDraft({ ...DEFAULT_LIMITS, [key]: '7.25' });
    expect(draft[key]).toBe('7.25');
    expect(draftToLimits({ ...draft, [key]: '' }).limits?.[key]).toBeNull();
    expect(draftToLimits(draft).limits?.[key]).toBe('7.25');
  });

  it(`is enforced by the ${row.rule} rule`, () => {
    const tight = row.kind === 'cap' ? '0.01' : '0';
    const refused = stressed(key, tight).rules.find((r) => r.rule === row.rule);
    expect(refused?.ok).toBe(false);
    expect(stressed(key, null).rules.find((r) => r.rule === row.rule)?.ok).toBe(true);
  });
});

describe('the limits table', () => {
  it('names each key once and points notAbove at another row', () => {
    const keys = RISK_LIMITS.map((l) => l.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const row of RISK_LIMITS) {
      if ('notAbove' in row) expect(keys).toContain(row.notAbove);
    }
  });

  it('one label for one limit: the validator says what the form says (the gross exposure drift)', () => {
    let message = '';
    try {
      parseLimits({ ...DEFAULT_LIMITS, maxGrossExposure: '0' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe('Invalid risk limits — Max gross exposure: must be more than 0 — leave it empty for no limit');
  });
});
