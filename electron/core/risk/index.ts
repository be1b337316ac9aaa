/** The risk engine's public API: pure evaluation, the stateful gate, and the pieces the UI shows. */
export { evaluate } from './engine.ts';
export { RiskGate, type FillReport, type GateDecision, type GateOptions, type Reservation } from './gate.ts';
export { parseLimits, crossFieldProblems } from './limits.ts';
export { DEFAULT_LIMITS, defaultLimits } from './defaults.ts';
export { AuditLog } from './audit.ts';
export { PdtTracker, countDayTrades } from './pdt.ts';
export { killActions } from './kill-switch.ts';
export { tradingDay, businessDaysBack, MARKET_TIME_ZONE } from './calendar.ts';
export { RULES } from './rules.ts';
export type {
  Clock,
  Execution,
  KillAction,
  MarketView,
  PdtView,
  RiskContext,
  WorkingOrder,
} from './types.ts';
export { systemClock } from './types.ts';
