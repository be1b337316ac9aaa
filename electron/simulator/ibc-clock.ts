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

/** "hh:mm a" as RestartTask logs it (`11:46 PM`). */
export function formatHhMmA(t: number): string {
  const d = new Date(t);
  const h = d.getHours() % 12 === 0 ? 12 : d.getHours() % 12;
  return `${String(h).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')} ${d.getHours() < 12 ? 'AM' : 'PM'}`;
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

/** Milliseconds of simulated time until the next local "hh:mm AM/PM" (IBC's AutoRestartTime); null if unreadable. */
export function msUntilHhMmA(time: string, now: number): number | null {
  const m = /^(\d{1,2}):(\d{2})\s*([AP]M)$/i.exec(time.trim());
  if (!m) return null;
  let h = Number(m[1]) % 12;
  if (m[3]!.toUpperCase() === 'PM') h += 12;
  const at = new Date(now);
  at.setHours(h, Number(m[2]), 0, 0);
  if (at.getTime() <= now) at.setDate(at.getDate() + 1);
  return at.getTime() - now;
}
