/**
 * Execution times as real Gateways send them. IB's own decoders keep `Execution.time` an opaque string
 * (ibapi/decoder.py processExecutionDataMsg reads it with `decode(str, fields)`), so the forms come from
 * what users have quoted (see /work/shared/reference/tws-protocol.md, "Execution times"):
 * - `20231214-20:57:37`            hyphen: UTC;
 * - `20231204 10:29:38 America/New_York` (or `US/Eastern`, `Universal`, `EST`): one space and a zone;
 * - `20200114  11:08:15`           two spaces, no zone: the Gateway's own zone, which its handshake
 *                                  connection time names (`20261125 09:30:00 EST`).
 * Every form becomes epoch milliseconds; a string that is none of them is null (the caller decides).
 */

/** Zone abbreviations a Gateway's JVM prints, mapped to the IANA zone they stand for. */
const ABBREVIATIONS: Record<string, string> = {
  EST: 'America/New_York',
  EDT: 'America/New_York',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  JST: 'Asia/Tokyo',
  HKT: 'Asia/Hong_Kong',
  SGT: 'Asia/Singapore',
  GMT: 'UTC',
  UTC: 'UTC',
  UNIVERSAL: 'UTC',
  BST: 'Europe/London',
  CET: 'Europe/Berlin',
  CEST: 'Europe/Berlin',
  AEST: 'Australia/Sydney',
  AEDT: 'Australia/Sydney',
};

/** An IANA zone for a name a Gateway used, or null when the runtime does not know it. */
export function resolveZone(name: string | null | undefined): string | null {
  if (!name) return null;
  const trimmed = name.trim();
  const mapped = ABBREVIATIONS[trimmed.toUpperCase()] ?? trimmed;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: mapped }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** The zone named at the end of the handshake's connection time (`20261125 09:30:00 EST`), if any. */
export function zoneOfConnectionTime(connectionTime: string | null | undefined): string | null {
  const m = /^\d{8}\s+\d{2}:\d{2}:\d{2}\s+(.+)$/.exec((connectionTime ?? '').trim());
  return m ? resolveZone(m[1]) : null;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds the zone is ahead of UTC at an instant. */
function zoneOffsetMs(instant: number, zone: string): number {
  let f = offsetFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormatters.set(zone, f);
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts['year']!, parts['month']! - 1, parts['day']!, parts['hour']!, parts['minute']!, parts['second']!);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant a wall-clock time in a zone stands for (a time skipped by DST moves forward, like Java). */
export function wallTimeToEpoch(y: number, mo: number, d: number, h: number, mi: number, s: number, zone: string): number {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  let guess = wall - zoneOffsetMs(wall, zone);
  // One correction covers an offset change between the guess and the answer (DST days).
  guess = wall - zoneOffsetMs(guess, zone);
  return guess;
}

/**
 * Parses every execution-time form a Gateway sends. `gatewayZone` is the zone for the zone-less form (from
 * the handshake); without it the zone-less form is read in this machine's zone, where a Gateway runs.
 */
export function parseExecTime(s: string | undefined, gatewayZone?: string | null): number | null {
  if (!s) return null;
  const text = s.trim();
  if (/^\d{9,}$/.test(text)) return Number(text) * 1000; // epoch seconds, as some history answers carry
  const m = /^(\d{4})(\d{2})(\d{2})(-|\s+)(\d{2}):(\d{2}):(\d{2})(?:\s+(\S.*))?$/.exec(text);
  if (!m) return null;
  const [y, mo, d, sep, h, mi, sec, zoneName] = [+m[1]!, +m[2]!, +m[3]!, m[4]!, +m[5]!, +m[6]!, +m[7]!, m[8]];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return null;
  if (sep === '-' && zoneName === undefined) return Date.UTC(y, mo - 1, d, h, mi, sec);
  if (zoneName !== undefined) {
    const zone = resolveZone(zoneName);
    return zone ? wallTimeToEpoch(y, mo, d, h, mi, sec, zone) : null;
  }
  if (gatewayZone) return wallTimeToEpoch(y, mo, d, h, mi, sec, gatewayZone);
  return new Date(y, mo - 1, d, h, mi, sec).getTime();
}
