import { afterEach, describe, expect, it } from 'vitest';
import { parseExecTime, resolveZone, wallTimeToEpoch, zoneOfConnectionTime } from '../../../electron/core/broker/exec-time.ts';

/** 2023-12-14 15:57:37 in New York is 20:57:37 UTC (ib_insync #671's fill). */
const NY_FILL = Date.UTC(2023, 11, 14, 20, 57, 37);

describe('execution times in every form a Gateway sends', () => {
  const tz = process.env['TZ'];
  afterEach(() => {
    if (tz === undefined) delete process.env['TZ'];
    else process.env['TZ'] = tz;
  });

  it('reads the hyphen form as UTC, whatever zone this machine is in', () => {
    for (const zone of ['America/New_York', 'Asia/Tokyo', 'UTC']) {
      process.env['TZ'] = zone;
      expect(parseExecTime('20231214-20:57:37'), zone).toBe(NY_FILL);
      expect(parseExecTime('20231214-20:57:37', 'Asia/Tokyo'), zone).toBe(NY_FILL);
    }
  });

  it('reads the zoned form in the zone it names (IANA, legacy and abbreviated names)', () => {
    expect(parseExecTime('20231214 15:57:37 America/New_York')).toBe(NY_FILL);
    expect(parseExecTime('20231214 15:57:37 US/Eastern')).toBe(NY_FILL);
    expect(parseExecTime('20231214 15:57:37 EST')).toBe(NY_FILL);
    expect(parseExecTime('20231215 05:57:37 Asia/Tokyo')).toBe(NY_FILL);
    expect(parseExecTime('20250225 15:15:00 Universal')).toBe(Date.UTC(2025, 1, 25, 15, 15, 0));
    // Summer: New York is UTC-4.
    expect(parseExecTime('20250606 10:00:00 America/New_York')).toBe(Date.UTC(2025, 5, 6, 14, 0, 0));
  });

  it('reads the two-space form in the Gateway’s zone from the handshake, else this machine’s', () => {
    expect(parseExecTime('20231214  15:57:37', 'America/New_York')).toBe(NY_FILL);
    expect(parseExecTime('20231215  05:57:37', zoneOfConnectionTime('20231215 05:00:00 JST'))).toBe(NY_FILL);
    process.env['TZ'] = 'America/New_York';
    expect(parseExecTime('20231214  15:57:37')).toBe(NY_FILL);
  });

  it('refuses what is not a time instead of guessing', () => {
    expect(parseExecTime('')).toBeNull();
    expect(parseExecTime('garbage')).toBeNull();
    expect(parseExecTime('20231314-20:57:37')).toBeNull();
    expect(parseExecTime('20231214 15:57:37 Mars/Olympus')).toBeNull();
  });

  it('handles the DST change days', () => {
    // 2025-03-09 03:30 New York is after the spring-forward gap (EDT, UTC-4).
    expect(wallTimeToEpoch(2025, 3, 9, 3, 30, 0, 'America/New_York')).toBe(Date.UTC(2025, 2, 9, 7, 30, 0));
    // 2025-11-02 12:00 New York is EST again (UTC-5).
    expect(wallTimeToEpoch(2025, 11, 2, 12, 0, 0, 'America/New_York')).toBe(Date.UTC(2025, 10, 2, 17, 0, 0));
    expect(resolveZone('edt')).toBe('America/New_York');
    expect(zoneOfConnectionTime('20261125 09:30:00')).toBeNull();
  });
});
