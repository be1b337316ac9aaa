/**
 * The kill switch: when on, no new order passes the gate. It trips by hand or when the daily loss or
 * drawdown limit is reached, and stays tripped across restarts (a crash must not re-open trading). It
 * resets by an explicit user action or on the next trading day.
 */
import { join } from 'node:path';
import { z } from 'zod';
import type { AccountSnapshot, RiskLimits } from '../contract.ts';
import { MARKET_TIME_ZONE, tradingDay } from './calendar.ts';
import { readStored, realDisk, type Disk } from '../util/disk.ts';
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
      ...(p.lastTradeDateOrContractMonth ? { lastTradeDateOrContractMonth: p.lastTradeDateOrContractMonth } : {}),
      ...(p.exchange ? { exchange: p.exchange } : {}),
      // A future's conId, IB's unique name for it, routed by when the position left its exchange empty.
      ...(p.secType === 'FUT' && p.conId > 0 ? { conId: p.conId } : {}),
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

/**
 * The switch's state. Memory is the truth and the file its copy: `set` takes effect at once, even when the
 * file cannot be written (a full disk must never keep the switch from engaging); `unsaved` then says why,
 * and every later `save` tries again. A file that is there but unreadable turns the switch on: a damaged
 * file must not re-open trading.
 */
export class KillSwitchStore {
  readonly file: string;
  private current: KillSwitchState;
  private readonly disk: Disk;
  private unsavedReason: string | null = null;

  private constructor(file: string, state: KillSwitchState, disk: Disk) {
    this.file = file;
    this.current = state;
    this.disk = disk;
  }

  static load(dir: string, disk: Disk = realDisk): KillSwitchStore {
    const file = join(dir, 'kill-switch.json');
    const stored = readStored(file, KillSwitchState);
    const state: KillSwitchState =
      stored.kind === 'ok'
        ? stored.value
        : stored.kind === 'missing'
          ? OFF
          : // `since: null` keeps it on past midnight: only the user, having looked, resets it.
            { active: true, reason: `kill-switch.json was damaged (${stored.problem}) — check the Risk tab, then reset`, since: null, source: 'auto' };
    return new KillSwitchStore(file, state, disk);
  }

  get state(): KillSwitchState {
    return this.current;
  }

  /** Why the current state is not on disk (null when it is). */
  get unsaved(): string | null {
    return this.unsavedReason;
  }

  /** Takes effect now; returns false when the state could not be written (see `unsaved`). */
  set(state: KillSwitchState): boolean {
    this.current = state;
    return this.save();
  }

  /** Writes the current state; a no-op once it is on disk. */
  save(): boolean {
    try {
      this.disk.writeAtomic(this.file, JSON.stringify(this.current, null, 2) + '\n');
      this.unsavedReason = null;
      return true;
    } catch (err) {
      this.unsavedReason = (err as Error).message;
      return false;
    }
  }

  /** Retries a write that failed earlier. */
  retry(): void {
    if (this.unsavedReason !== null) this.save();
  }
}
