/**
 * Pattern-day-trader guard. A day trade is opening and closing the same symbol on the same trading day;
 * FINRA flags a margin account with more than `maxDayTrades` of them in `windowDays` business days while
 * equity is under $25,000. We count from executions (deduplicated by execId, because IB replays them after
 * every reconnect) and keep them on disk so a restart does not forget this week's trades.
 *
 * Counting, per symbol and day, starts from a flat intraday position: selling shares held overnight and
 * buying them back counts too. That is the conservative reading, and it matches how IB counts
 * "sell then buy" round trips.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { businessDaysBack, MARKET_TIME_ZONE, tradingDay } from './calendar.ts';
import { readJson, writeJsonAtomic } from '../util/atomic-write.ts';
import { add, neg, parse, sign, ZERO, type Dec } from './money.ts';
import type { Execution, WorkingOrder } from './types.ts';

type Side = Execution['side'];

interface DayState {
  /** Net shares bought minus sold today (from a flat start). */
  tally: Dec;
  /** True while the latest executions are closing what today opened: further closes are the same trade. */
  closing: boolean;
  dayTrades: number;
}

const signed = (side: Side, shares: Dec): Dec => (side === 'BUY' ? shares : neg(shares));

/** Replays one symbol's executions for one day, in time order. */
export function replayDay(executions: readonly Execution[]): DayState {
  const ordered = [...executions].sort((a, b) => a.time - b.time || a.execId.localeCompare(b.execId));
  let state: DayState = { tally: ZERO, closing: false, dayTrades: 0 };
  for (const e of ordered) state = step(state, e.side, parse(e.shares));
  return state;
}

function step(state: DayState, side: Side, shares: Dec): DayState {
  const before = sign(state.tally);
  const delta = signed(side, shares);
  const tally = add(state.tally, delta);
  const closes = before !== 0 && sign(delta) === -before;
  if (!closes) return { tally, closing: false, dayTrades: state.dayTrades };
  const dayTrades = state.closing ? state.dayTrades : state.dayTrades + 1;
  // Crossing through zero closes today's position and opens the other way: a later close is a new trade.
  const flipped = sign(tally) === -before;
  return { tally, closing: !flipped, dayTrades };
}

/** Would an order on `side` close something opened today (and so add a day trade) if it filled? */
export function wouldAddDayTrade(today: readonly Execution[], side: Side): boolean {
  const state = replayDay(today);
  const before = sign(state.tally);
  return before !== 0 && (side === 'BUY' ? 1 : -1) === -before && !state.closing;
}

export interface PdtOptions {
  timeZone?: string;
  holidays?: ReadonlySet<string>;
}

/** Day trades over the business-day window ending at `now`. */
export function countDayTrades(
  executions: readonly Execution[],
  now: number,
  windowDays: number,
  options: PdtOptions = {},
): number {
  const tz = options.timeZone ?? MARKET_TIME_ZONE;
  const window = new Set(businessDaysBack(tradingDay(now, tz), windowDays, options.holidays));
  const groups = new Map<string, Execution[]>();
  for (const e of executions) {
    const day = tradingDay(e.time, tz);
    if (!window.has(day)) continue;
    const key = `${day}\u0000${e.symbol}`;
    const list = groups.get(key);
    if (list) list.push(e);
    else groups.set(key, [e]);
  }
  let count = 0;
  for (const list of groups.values()) count += replayDay(list).dayTrades;
  return count;
}

const StoredExecution = z.object({
  execId: z.string(),
  symbol: z.string(),
  side: z.enum(['BUY', 'SELL']),
  shares: z.string().regex(/^\d+(\.\d+)?$/),
  time: z.number(),
});
const PdtFile = z.object({ version: z.literal(1), executions: z.array(StoredExecution) });

/** Executions older than this cannot matter to any window we accept (see limits validation). */
const KEEP_MS = 45 * 24 * 60 * 60 * 1000;

/** The persistent execution record behind the PDT rule. One per account/profile directory. */
export class PdtTracker {
  readonly file: string;
  private readonly options: PdtOptions;
  private executions: Execution[];
  private readonly seen: Set<string>;

  private constructor(file: string, executions: Execution[], options: PdtOptions) {
    this.file = file;
    this.options = options;
    this.executions = executions;
    this.seen = new Set(executions.map((e) => e.execId));
  }

  static load(dir: string, options: PdtOptions = {}): PdtTracker {
    const file = join(dir, 'pdt.json');
    const stored = readJson(file, PdtFile);
    return new PdtTracker(file, stored?.executions ?? [], options);
  }

  /** Records an execution; false when it was already known (IB replays executions on reconnect). */
  record(exec: Execution): boolean {
    if (this.seen.has(exec.execId)) return false;
    const shares = parse(exec.shares);
    if (sign(shares) <= 0) return false;
    const e: Execution = {
      execId: exec.execId,
      symbol: exec.symbol.toUpperCase(),
      side: exec.side,
      shares: exec.shares,
      time: exec.time,
    };
    this.seen.add(e.execId);
    this.executions.push(e);
    this.prune(exec.time);
    this.save();
    return true;
  }

  dayTrades(now: number, windowDays: number): number {
    return countDayTrades(this.executions, now, windowDays, this.options);
  }

  /**
   * Would this order add a day trade? Yes when it closes today's opening executions — or when a working
   * order on the other side of the same symbol could fill today and make the round trip with it.
   */
  wouldDayTrade(symbol: string, side: Side, now: number, working: readonly WorkingOrder[] = []): boolean {
    const tz = this.options.timeZone ?? MARKET_TIME_ZONE;
    const today = tradingDay(now, tz);
    const sym = symbol.toUpperCase();
    const todays = this.executions.filter((e) => e.symbol === sym && tradingDay(e.time, tz) === today);
    if (wouldAddDayTrade(todays, side)) return true;
    return working.some((o) => o.symbol.toUpperCase() === sym && o.side !== side);
  }

  all(): readonly Execution[] {
    return this.executions;
  }

  private prune(now: number): void {
    const cutoff = now - KEEP_MS;
    if (!this.executions.some((e) => e.time < cutoff)) return;
    const kept = this.executions.filter((e) => e.time >= cutoff);
    for (const e of this.executions) if (e.time < cutoff) this.seen.delete(e.execId);
    this.executions = kept;
  }

  private save(): void {
    writeJsonAtomic(this.file, { version: 1, executions: this.executions });
  }
}
