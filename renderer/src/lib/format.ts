/**
 * Number and time formatting for the whole UI: Intl.NumberFormat in the account currency, a real minus
 * sign, and a tone for signed values so colour is never the only signal (the sign always shows).
 */

let locale: string | undefined;

/** Tests pin the locale; the app uses the runtime's. */
export function setLocale(next: string | undefined): void {
  locale = next;
  cache.clear();
}

const cache = new Map<string, Intl.NumberFormat>();
function nf(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const k = `${locale ?? ''}|${key}`;
  let f = cache.get(k);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    cache.set(k, f);
  }
  return f;
}

export type Tone = 'pos' | 'neg' | 'zero';

/** Parses the contract's decimal strings; null for null, empty or garbage. */
export function toNumber(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

function fixMinus(text: string): string {
  return text.replace(/^-/, '−').replace(/-(?=[\d$€£¥])/, '−');
}

export const DASH = '—';

function safeCurrency(currency: string | undefined): string {
  return currency && /^[A-Z]{3}$/.test(currency) ? currency : 'USD';
}

/** $1,234.50 (no sign for positive). */
export function money(value: string | number | null | undefined, currency = 'USD', digits = 2): string {
  const n = toNumber(value);
  if (n === null) return DASH;
  const f = nf(`money:${safeCurrency(currency)}:${digits}`, {
    style: 'currency',
    currency: safeCurrency(currency),
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return fixMinus(f.format(n));
}

/** +$1,234.50 / −$1,234.50 / $0.00 with the tone for colour. */
export function signedMoney(
  value: string | number | null | undefined,
  currency = 'USD',
): { text: string; tone: Tone } {
  const n = toNumber(value);
  if (n === null) return { text: DASH, tone: 'zero' };
  const f = nf(`smoney:${safeCurrency(currency)}`, {
    style: 'currency',
    currency: safeCurrency(currency),
    signDisplay: 'exceptZero',
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  const rounded = Math.round(n * 100) / 100;
  return { text: fixMinus(f.format(rounded)), tone: rounded > 0 ? 'pos' : rounded < 0 ? 'neg' : 'zero' };
}

/** Quantities and plain numbers: 1,234 or 0.5. */
export function num(value: string | number | null | undefined, maxDigits = 4): string {
  const n = toNumber(value);
  if (n === null) return DASH;
  return fixMinus(nf(`num:${maxDigits}`, { maximumFractionDigits: maxDigits }).format(n));
}

/** Prices: at least two decimals. */
export function price(value: string | number | null | undefined): string {
  const n = toNumber(value);
  if (n === null) return DASH;
  return fixMinus(nf('price', { minimumFractionDigits: 2, maximumFractionDigits: 6 }).format(n));
}

/** 12.3% (value already in percent units). */
export function percent(value: number | null, digits = 1): string {
  if (value === null || !Number.isFinite(value)) return DASH;
  return fixMinus(
    nf(`pct:${digits}`, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value),
  ) + '%';
}

export function signedPercent(value: number | null): { text: string; tone: Tone } {
  if (value === null || !Number.isFinite(value)) return { text: DASH, tone: 'zero' };
  const f = nf('spct', { signDisplay: 'exceptZero', minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const r = Math.round(value * 100) / 100;
  return { text: fixMinus(f.format(r)) + '%', tone: r > 0 ? 'pos' : r < 0 ? 'neg' : 'zero' };
}

/** hh:mm:ss, 24-hour. */
export function clock(time: number | null | undefined): string {
  if (time === null || time === undefined) return DASH;
  const d = new Date(time);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function dateTime(time: number | null | undefined): string {
  if (time === null || time === undefined) return DASH;
  const d = new Date(time);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${clock(time)}`;
}

export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** A price to exactly `decimals` places (an instrument's tick precision), with thousands separators. */
export function priceTo(value: string | number | null | undefined, decimals: number): string {
  const n = toNumber(value);
  if (n === null) return DASH;
  return fixMinus(nf(`priceTo:${decimals}`, { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(n));
}
