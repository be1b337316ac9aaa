/**
 * Loss figures for the daily-loss and drawdown limits, shared by the rules (to refuse orders) and the gate
 * (to trip the kill switch), so both always agree on how much has been lost.
 */
import type { AccountSnapshot, RiskLimits } from '../contract.ts';
import { limitValue } from './limits.ts';
import { displayMoney, gte, max, neg, parseOrNull, sub, ZERO, type Dec } from './money.ts';

export interface EquityMarks {
  startOfDay: string | null;
  peak: string | null;
}

export interface LossFigures {
  netLiq: Dec | null;
  startOfDay: Dec | null;
  /** The high-water mark including the current equity. */
  peak: Dec | null;
  /** Zero or more. */
  dailyLoss: Dec;
  /** Zero or more. */
  drawdown: Dec;
}

export function netLiquidation(snapshot: AccountSnapshot | null): Dec | null {
  return parseOrNull(snapshot?.summary.NetLiquidation);
}

export function lossFigures(snapshot: AccountSnapshot | null, marks: EquityMarks): LossFigures {
  const netLiq = netLiquidation(snapshot);
  const startOfDay = parseOrNull(marks.startOfDay);
  const storedPeak = parseOrNull(marks.peak);
  const peak = storedPeak && netLiq ? max(storedPeak, netLiq) : (storedPeak ?? netLiq);
  // Two views of today's loss — our start-of-day equity and IB's daily P&L — and we trust the worse one:
  // the start-of-day mark is late when the app starts mid-session, IB's figure is missing before reqPnL.
  let dailyLoss = ZERO;
  if (startOfDay && netLiq) dailyLoss = max(dailyLoss, sub(startOfDay, netLiq));
  const ibDaily = parseOrNull(snapshot?.pnl.daily);
  if (ibDaily) dailyLoss = max(dailyLoss, neg(ibDaily));
  const drawdown = peak && netLiq ? max(ZERO, sub(peak, netLiq)) : ZERO;
  return { netLiq, startOfDay, peak, dailyLoss, drawdown };
}

/** Why the kill switch must trip, or null when no loss limit is breached. */
export function lossBreach(figures: LossFigures, limits: RiskLimits, currency = 'USD'): string | null {
  const daily = limitValue(limits.dailyLossLimit);
  if (daily !== null && gte(figures.dailyLoss, daily)) {
    return `daily loss ${displayMoney(figures.dailyLoss, currency)} reached the ${displayMoney(daily, currency)} limit`;
  }
  const dd = limitValue(limits.maxDrawdown);
  if (dd !== null && gte(figures.drawdown, dd)) {
    return `drawdown ${displayMoney(figures.drawdown, currency)} reached the ${displayMoney(dd, currency)} limit`;
  }
  return null;
}
