import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessDaysBack, tradingDay } from '../../../electron/core/risk/calendar.ts';
import { RiskGate } from '../../../electron/core/risk/gate.ts';
import { countDayTrades, PdtTracker, wouldAddDayTrade } from '../../../electron/core/risk/pdt.ts';
import type { Execution } from '../../../electron/core/risk/types.ts';
import { limits, market, snapshot, tempDir, TestClock, ticket } from './fixtures.ts';

/** 10:00 New York time on a June 2025 date (EDT, UTC-4). */
const at = (day: number, hour = 10, minute = 0): number => Date.UTC(2025, 5, day, hour + 4, minute);

let seq = 0;
const ex = (symbol: string, side: 'BUY' | 'SELL', shares: string, time: number): Execution => ({
  execId: `e${++seq}`,
  symbol,
  side,
  shares,
  time,
});
/** One round trip (a day trade) in `symbol` on June `day`. */
const roundTrip = (symbol: string, day: number): Execution[] => [
  ex(symbol, 'BUY', '100', at(day, 10)),
  ex(symbol, 'SELL', '100', at(day, 11)),
];

describe('calendar', () => {
  it('uses New York dates', () => {
    expect(tradingDay(Date.UTC(2025, 5, 7, 2, 0))).toBe('2025-06-06'); // Sat 02:00 UTC = Fri 22:00 NY
    expect(tradingDay(Date.UTC(2025, 0, 10, 4, 59))).toBe('2025-01-09'); // EST, UTC-5
  });

  it('skips weekends and holidays going back', () => {
    expect(businessDaysBack('2025-06-09', 5)).toEqual(['2025-06-09', '2025-06-06', '2025-06-05', '2025-06-04', '2025-06-03']);
    expect(businessDaysBack('2025-06-08', 2)).toEqual(['2025-06-06', '2025-06-05']);
    expect(businessDaysBack('2025-06-20', 3, new Set(['2025-06-19']))).toEqual(['2025-06-20', '2025-06-18', '2025-06-17']);
  });
});

describe('day trade counting', () => {
  it.each<[string, [('BUY' | 'SELL'), string][], number]>([
    ['buy then sell', [['BUY', '100'], ['SELL', '100']], 1],
    ['two buys, one sell', [['BUY', '100'], ['BUY', '100'], ['SELL', '200']], 1],
    ['one buy, partial sells', [['BUY', '100'], ['SELL', '50'], ['SELL', '50']], 1],
    ['two round trips', [['BUY', '100'], ['SELL', '100'], ['BUY', '100'], ['SELL', '100']], 2],
    ['short then cover', [['SELL', '100'], ['BUY', '100']], 1],
    ['flip long to short then cover', [['BUY', '100'], ['SELL', '300'], ['BUY', '200']], 2],
    ['only buys', [['BUY', '100'], ['BUY', '100']], 0],
  ])('%s = %i', (_name, trades, expected) => {
    const execs = trades.map(([side, shares], i) => ex('AAPL', side, shares, at(6, 10, i)));
    expect(countDayTrades(execs, at(6, 15), 5)).toBe(expected);
  });

  it('does not count a buy today and a sell the next day', () => {
    const execs = [ex('AAPL', 'BUY', '100', at(5)), ex('AAPL', 'SELL', '100', at(6))];
    expect(countDayTrades(execs, at(6, 15), 5)).toBe(0);
  });

  it('counts symbols separately', () => {
    const execs = [...roundTrip('AAPL', 6), ...roundTrip('MSFT', 6), ex('TSLA', 'BUY', '1', at(6))];
    expect(countDayTrades(execs, at(6, 15), 5)).toBe(2);
  });

  it('slides the 5-business-day window over the weekend (Fri -> Mon)', () => {
    // Day trades Mon 2nd, Tue 3rd, Wed 4th.
    const execs = [...roundTrip('AAPL', 2), ...roundTrip('AAPL', 3), ...roundTrip('AAPL', 4)];
    expect(countDayTrades(execs, at(6), 5)).toBe(3); // Fri 6th: all three in window
    expect(countDayTrades(execs, at(7), 5)).toBe(3); // Saturday: window ends Friday
    expect(countDayTrades(execs, at(9), 5)).toBe(2); // Mon 9th: window 3rd..9th, Mon 2nd drops out
    expect(countDayTrades(execs, at(10), 5)).toBe(1); // Tue 10th
    expect(countDayTrades(execs, at(11), 5)).toBe(0); // Wed 11th
  });

  it('keeps Wed-Thu-Fri trades in the window on Monday', () => {
    const execs = [...roundTrip('AAPL', 4), ...roundTrip('AAPL', 5), ...roundTrip('AAPL', 6)];
    expect(countDayTrades(execs, at(9), 5)).toBe(3);
    expect(countDayTrades(execs, at(10), 5)).toBe(3);
    expect(countDayTrades(execs, at(11), 5)).toBe(2);
    expect(countDayTrades(execs, at(11), 5, { holidays: new Set(['2025-06-10']) })).toBe(3);
  });
});

describe('PdtTracker', () => {
  it('dedupes executions replayed after a reconnect, and persists across a restart', () => {
    const dir = tempDir();
    const t = PdtTracker.load(dir);
    const [buy, sell] = roundTrip('AAPL', 6) as [Execution, Execution];
    expect(t.record(buy)).toBe(true);
    expect(t.record(sell)).toBe(true);
    expect(t.record(sell)).toBe(false);
    expect(t.dayTrades(at(6, 15), 5)).toBe(1);

    const again = PdtTracker.load(dir);
    expect(again.dayTrades(at(6, 15), 5)).toBe(1);
    expect(again.record(buy)).toBe(false);
    expect(again.dayTrades(at(9), 5)).toBe(1); // Monday after
  });

  it('knows whether an order would close a position opened today', () => {
    const t = PdtTracker.load(tempDir());
    t.record(ex('AAPL', 'BUY', '100', at(5))); // yesterday
    t.record(ex('MSFT', 'BUY', '100', at(6, 10)));
    expect(t.wouldDayTrade('MSFT', 'SELL', at(6, 11))).toBe(true);
    expect(t.wouldDayTrade('MSFT', 'BUY', at(6, 11))).toBe(false);
    expect(t.wouldDayTrade('AAPL', 'SELL', at(6, 11))).toBe(false);
    // A working buy that could fill today makes a sell a possible round trip.
    expect(t.wouldDayTrade('TSLA', 'SELL', at(6, 11), [{ orderId: 1, symbol: 'TSLA', side: 'BUY', remaining: '5' }])).toBe(
      true,
    );
    // Partially closed: selling the rest is the same day trade, not a new one.
    t.record(ex('MSFT', 'SELL', '50', at(6, 11)));
    expect(t.wouldDayTrade('MSFT', 'SELL', at(6, 12))).toBe(false);
  });
});

describe('PdtTracker index and file', () => {
  it('counts exactly what the naive replay over every execution counts, for random histories and moments', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            symbol: fc.constantFrom('AAPL', 'msft', 'SPY'),
            side: fc.constantFrom('BUY' as const, 'SELL' as const),
            shares: fc.constantFrom('1', '50', '100', '0.5'),
            // Three weeks of June 2025, any minute of the day (pre- and after-hours too).
            time: fc.integer({ min: Date.UTC(2025, 5, 2), max: Date.UTC(2025, 5, 23) }),
          }),
          { maxLength: 60 },
        ),
        fc.integer({ min: Date.UTC(2025, 5, 2), max: Date.UTC(2025, 5, 25) }),
        fc.integer({ min: 1, max: 10 }),
        (rows, now, windowDays) => {
          const t = PdtTracker.load(tempDir());
          const executions = rows.map((r, i) => ({ execId: `x${i}`, ...r }));
          const upper = executions.map((e) => ({ ...e, symbol: e.symbol.toUpperCase() }));
          // Asked between fills too, so a cached replay that misses a new fill shows.
          executions.forEach((e, i) => {
            t.record(e);
            if (i % 7 === 0) expect(t.dayTrades(now, windowDays)).toBe(countDayTrades(upper.slice(0, i + 1), now, windowDays));
          });
          expect(t.dayTrades(now, windowDays)).toBe(countDayTrades(upper, now, windowDays));
          const today = tradingDay(now);
          for (const symbol of ['AAPL', 'MSFT', 'SPY']) {
            const todays = executions.filter((e) => e.symbol.toUpperCase() === symbol && tradingDay(e.time) === today);
            for (const side of ['BUY', 'SELL'] as const) {
              expect(t.wouldDayTrade(symbol, side, now), `${symbol} ${side}`).toBe(wouldAddDayTrade(todays, side));
            }
          }
        },
      ),
      { numRuns: 150, seed: 16 },
    );
  });

  it('appends one line per fill and never rewrites what is there', () => {
    const dir = tempDir();
    const t = PdtTracker.load(dir);
    t.record(ex('AAPL', 'BUY', '100', at(6, 10)));
    const file = join(dir, 'pdt.jsonl');
    const before = readFileSync(file, 'utf8');
    t.record(ex('AAPL', 'SELL', '100', at(6, 11)));
    const after = readFileSync(file, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    expect(after.trimEnd().split('\n')).toHaveLength(2);
    expect(PdtTracker.load(dir).dayTrades(at(6, 15), 5)).toBe(1);
  });

  it("carries an earlier version's pdt.json over, and survives a torn last line", () => {
    const dir = tempDir();
    const [buy, sell] = roundTrip('AAPL', 5) as [Execution, Execution];
    writeFileSync(join(dir, 'pdt.json'), JSON.stringify({ version: 1, executions: [buy, sell] }));
    const migrated = PdtTracker.load(dir);
    expect(migrated.dayTrades(at(6), 5)).toBe(1);
    // A crash in the middle of the next append.
    appendFileSync(join(dir, 'pdt.jsonl'), '{"execId":"torn","sym');
    const t = PdtTracker.load(dir);
    expect(t.size).toBe(2);
    for (const e of roundTrip('MSFT', 6)) t.record(e);
    expect(PdtTracker.load(dir).dayTrades(at(6, 15), 5)).toBe(2);
  });

  it('drops executions older than any window on load, keeping the rest', () => {
    const dir = tempDir();
    const t = PdtTracker.load(dir);
    const old = ex('AAPL', 'BUY', '1', Date.UTC(2025, 3, 1, 14));
    t.record(old);
    for (const e of roundTrip('AAPL', 6)) t.record(e);
    expect(t.size).toBe(2); // the April fill fell out as June's arrived
    const reloaded = PdtTracker.load(dir);
    expect(reloaded.size).toBe(2);
    expect(readFileSync(join(dir, 'pdt.jsonl'), 'utf8')).not.toContain(old.execId + '"');
  });
});

describe('calendar cache', () => {
  it('gives the same trading day as formatting each instant, across zones with half- and quarter-hour offsets and DST', () => {
    const direct = (time: number, timeZone: string) =>
      new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(time));
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) }),
        fc.constantFrom('America/New_York', 'Asia/Kathmandu', 'America/St_Johns', 'Australia/Lord_Howe', 'UTC', 'Asia/Kolkata'),
        (time, zone) => {
          expect(tradingDay(time, zone)).toBe(direct(time, zone));
        },
      ),
      { numRuns: 3000, seed: 7 },
    );
    // Both sides of New York's midnight and of a DST change.
    for (const t of [Date.UTC(2025, 2, 9, 6, 59, 59, 999), Date.UTC(2025, 2, 9, 7), Date.UTC(2025, 10, 2, 4, 59), Date.UTC(2025, 10, 2, 5, 0)]) {
      expect(tradingDay(t)).toBe(direct(t, 'America/New_York'));
    }
  });
});

describe('PDT through the gate', () => {
  const small = snapshot({ netLiq: '20000' });

  function gateWith(dir: string, clock: TestClock): RiskGate {
    return new RiskGate({ dir, clock, limits: limits({ maxOrderNotional: null }) });
  }

  it('refuses the 4th day trade under $25,000 on Monday after three last week, and survives a restart', async () => {
    const dir = tempDir();
    const clock = new TestClock(at(9, 9, 45));
    const gate = gateWith(dir, clock);
    let id = 1;
    for (const day of [4, 5, 6]) for (const e of roundTrip('AAPL', day)) gate.onFill({ ...e, orderId: id++ });
    gate.onFill({ ...ex('AAPL', 'BUY', '10', at(9, 9, 40)), orderId: id++ });
    expect(gate.state(small).pdt.dayTrades).toBe(3);

    const restarted = gateWith(dir, clock);
    expect(restarted.state(small).pdt.dayTrades).toBe(3);
    const sell = ticket({ side: 'SELL', quantity: '10' });
    const refused = await restarted.submit(sell, small, market(), 50);
    expect(refused.verdict.decision).toBe('refuse');
    expect(refused.verdict.reasons).toEqual([
      'This would be your 4th day trade in 5 business days with equity $20,000 (under $25,000) — the pattern day ' +
        'trader rule would restrict your account. Hold the position overnight or wait until an older day trade leaves the window.',
    ]);
    // Adding to the position is not a day trade.
    expect((await restarted.submit(ticket({ side: 'BUY' }), small, market(), 51)).verdict.decision).toBe('allow');
    // With $25,000 or more the rule does not apply.
    expect((await restarted.submit(sell, snapshot({ netLiq: '25000' }), market(), 52)).verdict.decision).toBe('allow');
    // Wednesday the 11th: Wednesday the 4th has left the window.
    clock.time = at(11);
    restarted.onFill({ ...ex('AAPL', 'BUY', '10', at(11, 9, 40)), orderId: id });
    expect((await restarted.submit(sell, small, market(), 53)).verdict.decision).toBe('allow');
  });

  it("exposes IB's DayTradesRemaining from the account summary", async () => {
    const gate = gateWith(tempDir(), new TestClock());
    await gate.observe(snapshot({ summary: { NetLiquidation: '20000', DayTradesRemaining: '2' } }));
    expect(gate.state(null).pdt).toEqual({ dayTrades: 0, dayTradesRemainingIb: 2 });
  });
});
