/** Limits a new profile starts with: tight enough to stop a fat finger, loose enough not to get in the way. */
import type { RiskLimits } from '../contract.ts';

export const DEFAULT_LIMITS: RiskLimits = {
  maxOrderQty: '1000',
  maxOrderNotional: '50000',
  maxPositionQty: null,
  maxPositionNotional: null,
  maxGrossExposure: null,
  dailyLossLimit: '2000',
  maxDrawdown: null,
  allowedSymbols: [],
  blockedSymbols: [],
  allowedOrderTypes: ['MKT', 'LMT', 'STP', 'STP LMT', 'TRAIL'],
  maxOrdersPerMinute: null,
  priceBandPercent: null,
  liveConfirmNotional: '10000',
  flattenOnKill: false,
  pdt: { enabled: true, maxDayTrades: 3, windowDays: 5, equityThreshold: '25000' },
};

/** A fresh copy, so callers can never mutate the shared default. */
export function defaultLimits(): RiskLimits {
  return structuredClone(DEFAULT_LIMITS);
}
