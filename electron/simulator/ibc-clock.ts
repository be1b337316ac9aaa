/**
 * The simulated Gateway's own wall clock. IBC's timers that depend on the time of day (RESTART at the
 * next minute, AutoRestartTime, the Sunday token reset) and its fixed delays (the 5 s before a re-login,
 * SecondFactorAuthenticationExitInterval) run on it. It is real by default; sim.json `clockStart` moves
 * its start and `ibcSecondMs` makes one of its seconds shorter, so a test can reach next minute or
 * next Sunday without waiting — the launcher is a real child process and cannot share a test's fake clock.
 */
export interface IbcClock {
  /** The simulated wall time (epoch ms). */
  now(): number;
  /** Real milliseconds for `seconds` of simulated time. */
  realMs(seconds: number): number;
}

export function ibcClock(options: { clockStart?: string | undefined; ibcSecondMs?: number | undefined }, realNow: () => number = Date.now): IbcClock {
  const t0 = realNow();
  const start = options.clockStart ? Date.parse(options.clockStart) : t0;
  const secondMs = options.ibcSecondMs && options.ibcSecondMs > 0 ? options.ibcSecondMs : 1000;
  return {
    now: () => start + ((realNow() - t0) * 1000) / secondMs,
    realMs: (seconds) => seconds * secondMs,
  };
}

/**
 * Seconds from `now` until IBC's RESTART takes effect. RestartTask waits while the second is 58 or 59,
 * then sets the Gateway's auto-restart time to the next whole minute (RestartTask.java:100-123): up to
 * ~62 s in all.
 */
export function restartDelaySeconds(now: number): number {
  const d = new Date(now);
  let t = now;
  if (d.getSeconds() >= 58) t = now + (60 - d.getSeconds()) * 1000 - d.getMilliseconds();
  const at = new Date(t);
  at.setSeconds(0, 0);
  at.setMinutes(at.getMinutes() + 1);
  return (at.getTime() - now) / 1000;
}

/** The wall clock of `zone` at instant `t` (weekday 0 = Sunday); without a zone, this process's. */
export function wallClock(t: number, zone?: string): { y: number; mo: number; d: number; weekday: number; h: number; mi: number; s: number } {
  const parts: Record<string, string> = {};
  const f = new Intl.DateTimeFormat('en-US', {
    ...(zone ? { timeZone: zone } : {}),
    hourCycle: 'h23',
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  for (const p of f.formatToParts(new Date(t))) parts[p.type] = p.value;
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts['weekday'] ?? '');
  return { y: Number(parts['year']), mo: Number(parts['month']), d: Number(parts['day']), weekday, h: Number(parts['hour']), mi: Number(parts['minute']), s: Number(parts['second']) };
}

/** "hh:mm a" as RestartTask logs it (`11:46 PM`), in the Gateway's zone. */
export function formatHhMmA(t: number, zone?: string): string {
  const w = wallClock(t, zone);
  const h = w.h % 12 === 0 ? 12 : w.h % 12;
  return `${String(h).padStart(2, '0')}:${String(w.mi).padStart(2, '0')} ${w.h < 12 ? 'AM' : 'PM'}`;
}

const NY = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', weekday: 'short', hour: 'numeric', hourCycle: 'h23' });

/**
 * Did IB's weekly reset of the auto-restart tokens (Sunday 01:00 New York time) fall in (from, to]?
 * After it the Gateway's nightly restart cannot log in by itself: a full login with 2FA follows.
 * New York's offset is whole hours, so the reset is on a UTC hour boundary: checking those is exact.
 */
export function sundayResetBetween(from: number, to: number): boolean {
  if (to - from > 8 * 86_400_000) return true;
  const hour = 3_600_000;
  for (let t = Math.floor(from / hour) * hour + hour; t <= to; t += hour) {
    const parts = NY.formatToParts(new Date(t));
    const wd = parts.find((p) => p.type === 'weekday')?.value;
    const h = Number(parts.find((p) => p.type === 'hour')?.value);
    if (wd === 'Sun' && h === 1) return true;
  }
  return false;
}

/**
 * Milliseconds of simulated time until the next "hh:mm AM/PM" (IBC's AutoRestartTime) on the wall clock of
 * the Gateway's zone (jts.ini TimeZone; this process's without one); null if unreadable. A day with a DST
 * change is an hour off, which no test relies on.
 */
export function msUntilHhMmA(time: string, now: number, zone?: string): number | null {
  const m = /^(\d{1,2}):(\d{2})\s*([AP]M)$/i.exec(time.trim());
  if (!m) return null;
  let h = Number(m[1]) % 12;
  if (m[3]!.toUpperCase() === 'PM') h += 12;
  const w = wallClock(now, zone);
  let seconds = h * 3600 + Number(m[2]) * 60 - (w.h * 3600 + w.mi * 60 + w.s);
  if (seconds <= 0) seconds += 86_400;
  return seconds * 1000 - (now % 1000);
}
