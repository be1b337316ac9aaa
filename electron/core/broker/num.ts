/** IB sends doubles; money crosses our boundary as decimal strings with no float noise. */
const UNSET_DOUBLE = 1.7976931348623157e308;

export function dec(value: number | string | undefined | null, places = 6): string | null {
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'string' ? Number(value) : value;
  if (!Number.isFinite(n) || Math.abs(n) >= UNSET_DOUBLE || n === 2147483647) return null;
  const s = trimZeros(n.toFixed(places));
  return s === '-0' ? '0' : s;
}

/** `12.500` → `12.5`, `3.000` → `3`: the fraction's trailing zeros, then a bare point (no regex: per tick). */
function trimZeros(s: string): string {
  if (s.indexOf('.') < 0) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--; // '0'
  if (s.charCodeAt(end - 1) === 46) end--; // '.'
  return end === s.length ? s : s.slice(0, end);
}

export function decOr0(value: number | string | undefined | null, places = 6): string {
  return dec(value, places) ?? '0';
}
