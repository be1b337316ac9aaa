/**
 * Historical bars from the same random walk the live market follows: the walk is run backwards from the
 * current last price with the instrument's own volatility, so the newest bar closes where the market is
 * and a chart joins the live ticks without a jump. Bar sizes and durations use IB's request strings
 * (IB docs, "Historical Bar Data": `1 min`, `5 mins`, `1 hour`, `1 day`; durations `N S|D|W|M|Y`).
 */
import type { Bar } from './messages.ts';
import type { Instrument } from './universe.ts';
import { roundToTick } from './universe.ts';

const UNIT_SECONDS: Record<string, number> = {
  sec: 1,
  secs: 1,
  min: 60,
  mins: 60,
  hour: 3600,
  hours: 3600,
  day: 86_400,
  days: 86_400,
  week: 604_800,
  weeks: 604_800,
  month: 2_592_000,
  months: 2_592_000,
};

const DURATION_SECONDS: Record<string, number> = { S: 1, D: 86_400, W: 604_800, M: 2_592_000, Y: 31_536_000 };

/** At most this many bars per answer, as a Gateway caps a request (larger ones get error 162). */
export const MAX_BARS = 2000;

export function barSeconds(barSize: string): number | null {
  const m = /^\s*(\d+)\s+([a-z]+)\s*$/i.exec(barSize);
  const unit = m ? UNIT_SECONDS[m[2]!.toLowerCase()] : undefined;
  return m && unit ? Number(m[1]) * unit : null;
}

export function durationSeconds(duration: string): number | null {
  const m = /^\s*(\d+)\s+([SDWMY])\s*$/i.exec(duration);
  const unit = m ? DURATION_SECONDS[m[2]!.toUpperCase()] : undefined;
  return m && unit ? Number(m[1]) * unit : null;
}

/** A small deterministic generator per instrument, so the same request gives the same history. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

export interface BarRequest {
  instrument: Instrument;
  last: number;
  endSeconds: number;
  barSeconds: number;
  count: number;
  seed: number;
  /** Formats a bar's start time as the request asked (formatDate 1 or 2, daily or intraday). */
  formatTime: (epochSeconds: number) => string;
}

export function generateBars(req: BarRequest): Bar[] {
  const { instrument } = req;
  const rnd = random(req.seed * 7919 + instrument.conId);
  const stepsPerBar = 4;
  const vol = instrument.tickVolatility * Math.sqrt(Math.max(1, req.barSeconds / 15));
  const bars: Bar[] = [];
  let close = req.last;
  for (let i = 0; i < req.count; i++) {
    // Walk backwards: this bar's path ends at `close`; its open is where the walk started.
    const path = [close];
    let p = close;
    for (let k = 0; k < stepsPerBar; k++) {
      const z = Math.sqrt(-2 * Math.log(Math.max(rnd(), 1e-12))) * Math.cos(2 * Math.PI * rnd());
      p = Math.max(instrument.minTick, p / (1 + (z * vol) / Math.sqrt(stepsPerBar)));
      path.push(p);
    }
    const prices = path.map((x) => roundToTick(instrument, x));
    const open = prices[prices.length - 1]!;
    const high = Math.max(...prices);
    const low = Math.min(...prices);
    const c = prices[0]!;
    const volume = 100 * (10 + Math.floor(rnd() * 90));
    const start = req.endSeconds - (i + 1) * req.barSeconds;
    bars.push({
      date: req.formatTime(start),
      open,
      high,
      low,
      close: c,
      volume,
      wap: roundToTick(instrument, (open + high + low + c) / 4),
      count: Math.max(1, Math.floor(volume / 100)),
    });
    close = open;
  }
  return bars.reverse();
}
