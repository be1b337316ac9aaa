/** IB sends doubles; money crosses our boundary as decimal strings with no float noise. */
const UNSET_DOUBLE = 1.7976931348623157e308;

export function dec(value: number | string | undefined | null, places = 6): string | null {
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'string' ? Number(value) : value;
  if (!Number.isFinite(n) || Math.abs(n) >= UNSET_DOUBLE || n === 2147483647) return null;
  let s = n.toFixed(places);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

export function decOr0(value: number | string | undefined | null, places = 6): string {
  return dec(value, places) ?? '0';
}
