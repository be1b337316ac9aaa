/** Limits a new profile starts with: tight enough to stop a fat finger, loose enough not to get in the way. */
import type { RiskLimits } from '../contract.ts';
import { ORDER_TYPES, RISK_LIMITS, type RiskLimitKey } from '../contract/constants.ts';

export const DEFAULT_LIMITS: RiskLimits = {
  ...(Object.fromEntries(RISK_LIMITS.map((l) => [l.key, l.default])) as Record<RiskLimitKey, string | null>),
  allowedSymbols: [],
  blockedSymbols: [],
  allowedOrderTypes: [...ORDER_TYPES],
  maxOrdersPerMinute: null,
  flattenOnKill: false,
  pdt: { enabled: true, maxDayTrades: 3, windowDays: 5, equityThreshold: '25000' },
};

/** A fresh copy, so callers can never mutate the shared default. */
export function defaultLimits(): RiskLimits {
  return structuredClone(DEFAULT_LIMITS);
}
