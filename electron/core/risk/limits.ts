/**
 * Validation of a profile's risk limits: the contract's schema for shapes, then the cross-field checks a
 * schema cannot express. Errors come back field by field (`maxOrderQty`, `pdt.windowDays`) so the form can
 * put each message next to its input.
 */
import { RISK_LIMITS, RiskLimits, riskLimit, type RiskLimitKey } from '../contract.ts';
import { AppError, zodFields } from '../errors.ts';
import { display, gt, HUNDRED, lte, parse, sign, tryParse, type Dec } from './money.ts';

/** Longest PDT window we accept; the PDT counter keeps executions long enough for it. */
export const MAX_PDT_WINDOW_DAYS = 20;

/** Labels for the messages, from the one table; fields outside it keep their own words. */
const labels: Record<string, string> = {
  ...Object.fromEntries(RISK_LIMITS.map((l) => [l.key, l.label])),
  maxOrdersPerMinute: 'Max orders per minute',
  allowedOrderTypes: 'Allowed order types',
  blockedSymbols: 'Blocked symbols',
  'pdt.equityThreshold': 'PDT equity threshold',
  'pdt.windowDays': 'PDT window',
};

function normalizeSymbols(list: readonly string[]): string[] {
  return [...new Set(list.map((s) => s.trim().toUpperCase()).filter((s) => s.length > 0))];
}

/** Validates and normalizes limits; throws `AppError('BAD_INPUT')` with `fields` on any problem. */
export function parseLimits(input: unknown): RiskLimits {
  const parsed = RiskLimits.safeParse(input);
  if (!parsed.success) throw limitsError(zodFields(parsed.error));
  const limits: RiskLimits = {
    ...parsed.data,
    allowedSymbols: normalizeSymbols(parsed.data.allowedSymbols),
    blockedSymbols: normalizeSymbols(parsed.data.blockedSymbols),
    allowedOrderTypes: [...new Set(parsed.data.allowedOrderTypes)],
    pdt: { ...parsed.data.pdt },
  };
  const fields = crossFieldProblems(limits);
  if (Object.keys(fields).length > 0) throw limitsError(fields);
  return limits;
}

function limitsError(fields: Record<string, string>): AppError {
  const first = Object.entries(fields)[0];
  const detail = first ? `${labels[first[0]] ?? first[0]}: ${first[1]}` : 'invalid';
  return new AppError('BAD_INPUT', `Invalid risk limits — ${detail}`, {
    fields,
    hint: 'Check the highlighted fields and try again.',
  });
}

/** The checks between fields; exported for tests and for forms that validate as the user types. */
export function crossFieldProblems(limits: RiskLimits): Record<string, string> {
  const fields: Record<string, string> = {};
  const value = (key: RiskLimitKey): Dec | null => {
    const text = limits[key];
    return text === null ? null : tryParse(text);
  };

  for (const row of RISK_LIMITS) {
    const v = value(row.key);
    if (v === null) continue;
    if (row.kind === 'cap' && sign(v) <= 0) fields[row.key] = 'must be more than 0 — leave it empty for no limit';
    else if (row.kind === 'threshold' && sign(v) < 0) fields[row.key] = `must be 0 or more${'zero' in row ? ` — 0 ${row.zero}` : ''}`;
    else if (row.unit === '%' && gt(v, HUNDRED)) fields[row.key] = 'must be at most 100 (%)';
  }
  if (sign(parse(limits.pdt.equityThreshold)) < 0) fields['pdt.equityThreshold'] = 'must be 0 or more';
  if (limits.pdt.windowDays > MAX_PDT_WINDOW_DAYS) {
    fields['pdt.windowDays'] = `must be at most ${MAX_PDT_WINDOW_DAYS} business days`;
  }

  // A limit above the one it feeds (an order limit above the position limit) can never be used: a typo.
  for (const row of RISK_LIMITS) {
    if (!('notAbove' in row)) continue;
    const big = row.notAbove as RiskLimitKey;
    const a = value(row.key);
    const b = value(big);
    if (a !== null && b !== null && sign(a) > 0 && sign(b) > 0 && !lte(a, b)) {
      fields[row.key] ??= `cannot be more than the ${riskLimit(big).label.toLowerCase()} (${display(b)})`;
    }
  }

  if (limits.allowedOrderTypes.length === 0) {
    fields.allowedOrderTypes = 'allow at least one order type — use the kill switch to stop all trading';
  }
  const allowed = new Set(limits.allowedSymbols);
  const both = limits.blockedSymbols.filter((s) => allowed.has(s));
  if (both.length > 0) fields.blockedSymbols = `${both.join(', ')} cannot be both allowed and blocked`;
  return fields;
}

/**
 * Parses an optional limit; null means "no limit". A zero limit stays zero (nothing allowed) rather than
 * meaning "none": unvalidated limits must fail closed.
 */
export function limitValue(text: string | null): Dec | null {
  return text === null ? null : parse(text);
}
