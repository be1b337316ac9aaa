/**
 * The kill switch: when on, no new order passes the gate. It trips by hand or when the daily loss or
 * drawdown limit is reached, and stays tripped across restarts (a crash must not re-open trading). It
 * resets by an explicit user action or on the next trading day.
 */
import { join } from 'node:path';
import { z } from 'zod';
import type { AccountSnapshot, RiskLimits } from '../contract.ts';
import { MARKET_TIME_ZONE, tradingDay } from './calendar.ts';
import { readJson, writeJsonAtomic } from '../util/atomic-write.ts';
import { abs, format, parse, sign } from './money.ts';
import type { KillAction, WorkingOrder } from './types.ts';

export const KillSwitchState = z.object({
  active: z.boolean(),
  reason: z.string().nullable(),
  since: z.number().nullable(),
  /** 'manual' or 'auto' — kept for the audit trail and the UI. */
  source: z.enum(['manual', 'auto']).nullable(),
});
export type KillSwitchState = z.infer<typeof KillSwitchState>;

export const OFF: KillSwitchState = { active: false, reason: null, since: null, source: null };

/** What the broker must do right now: cancel every working order, and flatten when the profile says so. */
export function killActions(
  snapshot: AccountSnapshot | null,
  working: readonly WorkingOrder[],
  limits: Pick<RiskLimits, 'flattenOnKill'>,
): KillAction[] {
  // Negative ids are the gate's settling fills, not orders.
  const orderIds = [...new Set(working.map((o) => o.orderId).filter((id) => id >= 0))];
  const actions: KillAction[] = [{ kind: 'cancel-all-orders', orderIds }];
  if (!limits.flattenOnKill) return actions;
  for (const p of snapshot?.positions ?? []) {
    const qty = parse(p.quantity);
    if (sign(qty) === 0) continue;
    actions.push({
      kind: 'flatten-position',
      symbol: p.symbol,
      secType: p.secType,
      currency: p.currency,
      side: sign(qty) > 0 ? 'SELL' : 'BUY',
      quantity: format(abs(qty)),
    });
  }
  return actions;
}

/** A switch tripped on an earlier trading day is off today. */
export function expired(state: KillSwitchState, now: number, timeZone = MARKET_TIME_ZONE): boolean {
  if (!state.active || state.since === null) return false;
  return tradingDay(state.since, timeZone) !== tradingDay(now, timeZone);
}

export class KillSwitchStore {
  readonly file: string;
  private current: KillSwitchState;

  private constructor(file: string, state: KillSwitchState) {
    this.file = file;
    this.current = state;
  }

  static load(dir: string): KillSwitchStore {
    const file = join(dir, 'kill-switch.json');
    return new KillSwitchStore(file, readJson(file, KillSwitchState) ?? OFF);
  }

  get state(): KillSwitchState {
    return this.current;
  }

  set(state: KillSwitchState): void {
    writeJsonAtomic(this.file, state);
    this.current = state;
  }
}
