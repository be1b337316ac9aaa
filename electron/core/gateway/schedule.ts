/** Milliseconds from `now` to the next local "HH:MM AM/PM"; null for an empty or unreadable time. */
export function msUntilDaily(time: string, now: number): number | null {
  const m = /^(\d{1,2}):(\d{2})\s*([AP]M)$/i.exec(time.trim());
  if (!m) return null;
  let h = Number(m[1]) % 12;
  if (m[3]!.toUpperCase() === 'PM') h += 12;
  const at = new Date(now);
  at.setHours(h, Number(m[2]), 0, 0);
  if (at.getTime() <= now) at.setDate(at.getDate() + 1);
  return at.getTime() - now;
}

/**
 * Milliseconds from `now` to IBC's next weekly cold restart: ColdRestartTime "HH:mm" (24-hour), always on a
 * Sunday, in local time; the same minute already passed this Sunday means next week (IbcTws.java:347-380).
 * Null for an empty or unreadable time.
 */
export function msUntilColdRestart(time: string, now: number): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  const at = new Date(now);
  at.setHours(Number(m[1]), Number(m[2]), 0, 0);
  at.setDate(at.getDate() + ((7 - at.getDay()) % 7));
  if (at.getTime() <= now) at.setDate(at.getDate() + 7);
  return at.getTime() - now;
}
