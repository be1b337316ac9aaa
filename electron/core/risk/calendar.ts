/**
 * Trading days for the PDT window, the start-of-day equity and the kill switch's daily reset. US equities
 * trade on New York time, so a day is a New York calendar date (`2025-06-06`), whatever the user's zone.
 */

export const MARKET_TIME_ZONE = 'America/New_York';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Every zone's offset from UTC is a whole number of quarter hours, so all instants of one UTC quarter hour
 * share a local date: one `formatToParts` per quarter hour instead of one per call (risk asks for the day
 * of every execution and every order, and formatting costs ~10 µs).
 */
const QUARTER_HOUR = 15 * 60 * 1000;
const dayCache = new Map<string, Map<number, string>>();
const DAY_CACHE_MAX = 20_000;

/** The trading-day key (`YYYY-MM-DD`) of an instant. */
export function tradingDay(time: number, timeZone = MARKET_TIME_ZONE): string {
  let zone = dayCache.get(timeZone);
  if (!zone) dayCache.set(timeZone, (zone = new Map()));
  const bucket = Math.floor(time / QUARTER_HOUR);
  let key = zone.get(bucket);
  if (key === undefined) {
    key = formatDay(bucket * QUARTER_HOUR, timeZone);
    if (zone.size >= DAY_CACHE_MAX) zone.clear();
    zone.set(bucket, key);
  }
  return key;
}

function formatDay(time: number, timeZone: string): string {
  const parts = formatter(timeZone).formatToParts(new Date(time));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Day keys are plain calendar dates, so date arithmetic on them is done in UTC where days never skip. */
function keyToUtc(key: string): Date {
  return new Date(`${key}T00:00:00Z`);
}

function utcToKey(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function isWeekend(key: string): boolean {
  const day = keyToUtc(key).getUTCDay();
  return day === 0 || day === 6;
}

export function isBusinessDay(key: string, holidays: ReadonlySet<string> = new Set()): boolean {
  return !isWeekend(key) && !holidays.has(key);
}

/**
 * The last `count` business days ending with `today` (today included when it is one), newest first.
 * Weekends are skipped; holidays are skipped when given.
 */
export function businessDaysBack(
  today: string,
  count: number,
  holidays: ReadonlySet<string> = new Set(),
): string[] {
  const days: string[] = [];
  const cursor = keyToUtc(today);
  // A year of calendar days is more than any sane window needs; the bound only stops a runaway loop.
  for (let i = 0; i < 366 && days.length < count; i++) {
    const key = utcToKey(cursor);
    if (isBusinessDay(key, holidays)) days.push(key);
    cursor.setUTCDate(cursor.getUTCDate() - 1);
  }
  return days;
}
