import { wallClock } from './ibc-clock.ts';

/**
 * goodTillDate as IB reads it (https://interactivebrokers.github.io/tws-api/orders.html, "Changes in the
 * date/time field", TWS 10.17 / API 10.18): "yyyymmdd-hh:mm:ss" is UTC; "yyyymmdd hh:mm:ss {zone}" is in
 * the named zone, and without a zone in the Gateway's own (ibapi/order.py: "Format: 20060505 08:00:00
 * {time zone}"). Null when the text is none of these.
 */
export function parseGoodTillDate(text: string, defaultZone: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})([- ])(\d{2}):(\d{2}):(\d{2})(?: (\S+))?$/.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, sep, h, mi, s, zoneText] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(wall)) return null;
  if (sep === '-' && zoneText === undefined) return wall;
  const zone = zoneText ?? defaultZone;
  try {
    // The zone's offset at that wall time (twice, for a time near a DST change).
    let at = wall - offsetMs(wall, zone);
    at = wall - offsetMs(at, zone);
    return at;
  } catch {
    return null;
  }
}

function offsetMs(instant: number, zone: string): number {
  const w = wallClock(instant, zone);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(instant / 1000) * 1000;
}
