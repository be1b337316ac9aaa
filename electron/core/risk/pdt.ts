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
import { appendFileSync, closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { readJson, writeFileAtomic } from '../util/atomic-write.ts';
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
/** The file of earlier versions: the whole list, rewritten on every fill. Read once and carried over. */
const LegacyPdtFile = z.object({ version: z.literal(1), executions: z.array(StoredExecution) });

/** Executions older than this cannot matter to any window we accept (see limits validation). */
const KEEP_MS = 45 * 24 * 60 * 60 * 1000;

/** One symbol on one trading day: its executions and, once asked for, their replay. */
interface DayGroup {
  executions: Execution[];
  state: DayState | null;
}

/**
 * The persistent execution record behind the PDT rule. One per account/profile directory.
 *
 * Executions are indexed by trading day and symbol, and each group's replay is kept until the group gets a
 * new execution, so one more fill costs one group's replay and a check per order costs a handful of map
 * reads — not a pass over 45 days of executions (5,000 fills made each order cost ~14 ms before).
 *
 * On disk: `pdt.jsonl`, one execution per line, appended per fill (never rewritten; compacted on load when
 * old days fall out). The append is not fsync'd: a fill lost to a crash is one of today's, and IB replays
 * today's executions on every reconnect, which is where they come back from.
 */
export class PdtTracker {
  readonly file: string;
  private readonly options: PdtOptions;
  private readonly tz: string;
  /** day → symbol → group; days are `YYYY-MM-DD`, so string order is time order. */
  private readonly days = new Map<string, Map<string, DayGroup>>();
  private readonly seen = new Set<string>();
  private count = 0;
  private tailChecked = false;
  private window: { key: string; days: string[] } | null = null;

  private constructor(file: string, options: PdtOptions) {
    this.file = file;
    this.options = options;
    this.tz = options.timeZone ?? MARKET_TIME_ZONE;
  }

  static load(dir: string, options: PdtOptions = {}): PdtTracker {
    const tracker = new PdtTracker(join(dir, 'pdt.jsonl'), options);
    const lines = readLines(tracker.file);
    const legacy = lines === null ? readJson(join(dir, 'pdt.json'), LegacyPdtFile) : null;
    const stored = lines ?? legacy?.executions ?? [];
    let newest = Number.NEGATIVE_INFINITY;
    for (const e of stored) newest = Math.max(newest, e.time);
    const cutoff = newest - KEEP_MS;
    let dropped = 0;
    for (const e of stored) {
      if (e.time < cutoff || !tracker.add(e)) dropped++;
    }
    // Carry a legacy file over, and drop days no window can reach any more, in one atomic rewrite.
    if (legacy || dropped > 0) writeFileAtomic(tracker.file, tracker.all().map((e) => JSON.stringify(e) + '\n').join(''));
    return tracker;
  }

  /** Records an execution; false when it was already known (IB replays executions on reconnect). */
  record(exec: Execution): boolean {
    if (!this.add(exec)) return false;
    const e = exec;
    this.append({ execId: e.execId, symbol: e.symbol.toUpperCase(), side: e.side, shares: e.shares, time: e.time });
    this.prune(exec.time);
    return true;
  }

  dayTrades(now: number, windowDays: number): number {
    let count = 0;
    for (const day of this.windowDays(now, windowDays)) {
      const groups = this.days.get(day);
      if (!groups) continue;
      for (const g of groups.values()) count += this.replayed(g).dayTrades;
    }
    return count;
  }

  /**
   * Would this order add a day trade? Yes when it closes today's opening executions — or when a working
   * order on the other side of the same symbol could fill today and make the round trip with it.
   */
  wouldDayTrade(symbol: string, side: Side, now: number, working: readonly WorkingOrder[] = []): boolean {
    const sym = symbol.toUpperCase();
    const group = this.days.get(tradingDay(now, this.tz))?.get(sym);
    if (group) {
      const state = this.replayed(group);
      const before = sign(state.tally);
      if (before !== 0 && (side === 'BUY' ? 1 : -1) === -before && !state.closing) return true;
    }
    for (const o of working) if (o.side !== side && o.symbol.toUpperCase() === sym) return true;
    return false;
  }

  /** Every execution kept, oldest day first. */
  all(): Execution[] {
    const out: Execution[] = [];
    for (const day of [...this.days.keys()].sort()) for (const g of this.days.get(day)!.values()) out.push(...g.executions);
    return out;
  }

  get size(): number {
    return this.count;
  }

  /** Adds to the index (not to the file); false for a duplicate or an empty execution. */
  private add(exec: Execution): boolean {
    if (this.seen.has(exec.execId)) return false;
    if (sign(parse(exec.shares)) <= 0) return false;
    const e: Execution = { execId: exec.execId, symbol: exec.symbol.toUpperCase(), side: exec.side, shares: exec.shares, time: exec.time };
    const day = tradingDay(e.time, this.tz);
    let groups = this.days.get(day);
    if (!groups) this.days.set(day, (groups = new Map()));
    let group = groups.get(e.symbol);
    if (!group) groups.set(e.symbol, (group = { executions: [], state: null }));
    group.executions.push(e);
    group.state = null;
    this.seen.add(e.execId);
    this.count++;
    return true;
  }

  private replayed(group: DayGroup): DayState {
    return (group.state ??= replayDay(group.executions));
  }

  private windowDays(now: number, windowDays: number): string[] {
    const today = tradingDay(now, this.tz);
    const key = `${today}|${windowDays}`;
    if (this.window?.key !== key) this.window = { key, days: businessDaysBack(today, windowDays, this.options.holidays) };
    return this.window.days;
  }

  private prune(now: number): void {
    const cutoffDay = tradingDay(now - KEEP_MS, this.tz);
    for (const [day, groups] of this.days) {
      if (day >= cutoffDay) continue;
      for (const g of groups.values()) {
        for (const e of g.executions) this.seen.delete(e.execId);
        this.count -= g.executions.length;
      }
      this.days.delete(day);
    }
  }

  private append(e: Execution): void {
    if (!this.tailChecked) {
      // A torn last line (a crash mid-append) is ended first, so it never swallows this one.
      this.tailChecked = true;
      if (endsTorn(this.file)) appendFileSync(this.file, '\n');
    }
    appendFileSync(this.file, JSON.stringify(e) + '\n');
  }
}

function endsTorn(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    closeSync(fd);
  }
}

/** The execution lines of `pdt.jsonl`, skipping any that do not parse; null when there is no such file. */
function readLines(file: string): Execution[] | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const out: Execution[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed = StoredExecution.safeParse(JSON.parse(line));
      if (parsed.success) out.push(parsed.data);
    } catch {
      // a torn line from a crash: skip it
    }
  }
  return out;
}
