/**
 * The times a Gateway writes as text, in the Gateway's own zone (the zone of the machine it runs on, or
 * jts.ini's `TimeZone`): the handshake's connection time, account update times and execution times.
 */

import { wallClock } from './ibc-clock.ts';

export type ExecTimeForm = 'utc' | 'zoned' | 'local';

/** The zone of this process, which is the zone a Gateway started here would run in. */
export function localZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The wall clock of `zone` at `instant`, zero-padded as the Gateway writes it. */
function wall(instant: number, zone: string) {
  const w = wallClock(instant, zone);
  const p = (n: number) => String(n).padStart(2, '0');
  return { y: String(w.y), mo: p(w.mo), d: p(w.d), h: p(w.h), mi: p(w.mi), s: p(w.s) };
}

/** Java's short zone names where Intl has none of its own (`GMT+9` for Tokyo). */
const JAVA_SHORT: Record<string, string> = { 'Asia/Tokyo': 'JST', 'Asia/Hong_Kong': 'HKT', UTC: 'UTC', 'Etc/UTC': 'UTC' };

function shortName(instant: number, zone: string): string {
  if (JAVA_SHORT[zone]) return JAVA_SHORT[zone];
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' })
    .formatToParts(new Date(instant))
    .find((p) => p.type === 'timeZoneName')?.value;
  return name && /^[A-Z]{2,5}$/.test(name) ? name : zone;
}

/** The handshake's connection time, e.g. `20261125 09:30:00 EST` (tws-protocol.md, handshake). */
export function connectionTime(instant: number, zone: string): string {
  const w = wall(instant, zone);
  return `${w.y}${w.mo}${w.d} ${w.h}:${w.mi}:${w.s} ${shortName(instant, zone)}`;
}

/** updateAccountTime's `HH:mm`, in the Gateway's zone. */
export function accountTime(instant: number, zone: string): string {
  const w = wall(instant, zone);
  return `${w.h}:${w.mi}`;
}

/**
 * Execution.time. `utc` is `20231214-20:57:37` (ib_insync #671, nautilus_trader #2359), `zoned` is
 * `20231204 10:29:38 America/New_York` (ib_async #161), `local` is `20200114  11:08:15` with two spaces in
 * the Gateway's zone (ib_insync #209).
 */
export function executionTime(instant: number, form: ExecTimeForm, zone: string): string {
  if (form === 'utc') {
    const w = wall(instant, 'UTC');
    return `${w.y}${w.mo}${w.d}-${w.h}:${w.mi}:${w.s}`;
  }
  const w = wall(instant, zone);
  return form === 'zoned' ? `${w.y}${w.mo}${w.d} ${w.h}:${w.mi}:${w.s} ${zone}` : `${w.y}${w.mo}${w.d}  ${w.h}:${w.mi}:${w.s}`;
}
