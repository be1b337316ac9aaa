/**
 * A small exact decimal on BigInt for money and share quantities. Binary floating point cannot hold 0.1,
 * and a risk limit that is off by a cent in the wrong direction is a limit that does not hold.
 *
 * A `Dec` is `coef / 10^scale`. Add, subtract, multiply and compare are exact; division and rounding take
 * an explicit scale and rounding mode, so every place that loses precision says so.
 */

export interface Dec {
  readonly coef: bigint;
  readonly scale: number;
}

export type Rounding = 'half-even' | 'half-up' | 'down' | 'up' | 'floor' | 'ceil';

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;
const MAX_SCALE = 36;

const pow10Cache: bigint[] = [];
function pow10(n: number): bigint {
  let p = pow10Cache[n];
  if (p === undefined) {
    p = 10n ** BigInt(n);
    pow10Cache[n] = p;
  }
  return p;
}

function dec(coef: bigint, scale = 0): Dec {
  if (!Number.isInteger(scale) || scale < 0 || scale > MAX_SCALE) throw new RangeError(`bad scale ${scale}`);
  return { coef, scale };
}

export const ZERO: Dec = dec(0n);
export const HUNDRED: Dec = dec(100n);

/**
 * Recent parses: every evaluation values each working order and position again from the same strings
 * (quantities, limit prices), and a `Dec` never changes, so one parsed value serves them all.
 */
const parsed = new Map<string, Dec | null>();
const PARSED_MAX = 10_000;

/** Parses a plain decimal string (`-12.50`, `3`, `+0.1`); null for anything else (no exponents, no commas). */
export function tryParse(text: string): Dec | null {
  let d = parsed.get(text);
  if (d === undefined) {
    d = parseText(text);
    if (parsed.size >= PARSED_MAX) parsed.clear();
    parsed.set(text, d);
  }
  return d;
}

function parseText(text: string): Dec | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const frac = m[3] ?? '';
  if (frac.length > MAX_SCALE) return null;
  const coef = BigInt((m[2] ?? '0') + frac);
  return dec(m[1] === '-' ? -coef : coef, frac.length);
}

export function parse(text: string): Dec {
  const d = tryParse(text);
  if (d === null) throw new RangeError(`not a decimal number: ${JSON.stringify(text)}`);
  return d;
}

/** Parses or returns null for null/undefined/unparseable input: the shape most snapshot fields have. */
export function parseOrNull(text: string | null | undefined): Dec | null {
  return text == null ? null : tryParse(text);
}

function rescaleUp(a: Dec, scale: number): bigint {
  return a.coef * pow10(scale - a.scale);
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const s = Math.max(a.scale, b.scale);
  return [rescaleUp(a, s), rescaleUp(b, s), s];
}

export function add(a: Dec, b: Dec): Dec {
  const [x, y, s] = align(a, b);
  return dec(x + y, s);
}

export function sub(a: Dec, b: Dec): Dec {
  const [x, y, s] = align(a, b);
  return dec(x - y, s);
}

export function sum(values: Iterable<Dec>): Dec {
  let total = ZERO;
  for (const v of values) total = add(total, v);
  return total;
}

/** Exact product; the scale grows, so callers that store results should `round` them. */
export function mul(a: Dec, b: Dec): Dec {
  const scale = a.scale + b.scale;
  // Beyond MAX_SCALE digits nothing is money any more; round the excess away rather than fail.
  if (scale > MAX_SCALE) {
    return dec(divRound(a.coef * b.coef, pow10(scale - MAX_SCALE), 'half-even'), MAX_SCALE);
  }
  return dec(a.coef * b.coef, scale);
}

/** Integer division of bigints with an explicit rounding mode. */
function divRound(n: bigint, d: bigint, mode: Rounding): bigint {
  if (d === 0n) throw new RangeError('division by zero');
  const q = n / d; // truncates toward zero
  const r = n % d;
  if (r === 0n) return q;
  const negative = n < 0n !== d < 0n;
  const awayFromZero = negative ? q - 1n : q + 1n;
  switch (mode) {
    case 'down':
      return q;
    case 'up':
      return awayFromZero;
    case 'floor':
      return negative ? q - 1n : q;
    case 'ceil':
      return negative ? q : q + 1n;
    case 'half-up':
    case 'half-even': {
      const twice = 2n * (r < 0n ? -r : r);
      const absD = d < 0n ? -d : d;
      if (twice > absD) return awayFromZero;
      if (twice < absD) return q;
      if (mode === 'half-up') return awayFromZero;
      return q % 2n === 0n ? q : awayFromZero;
    }
  }
}

/** `a / b` rounded to `scale` decimal places. */
export function div(a: Dec, b: Dec, scale: number, mode: Rounding): Dec {
  if (b.coef === 0n) throw new RangeError('division by zero');
  // a/b = (a.coef/10^as) / (b.coef/10^bs); scaled by 10^scale => a.coef * 10^(scale + bs - as) / b.coef
  const shift = scale + b.scale - a.scale;
  const n = shift >= 0 ? a.coef * pow10(shift) : a.coef;
  const d = shift >= 0 ? b.coef : b.coef * pow10(-shift);
  return dec(divRound(n, d, mode), scale);
}

export function round(a: Dec, scale: number, mode: Rounding): Dec {
  if (a.scale <= scale) return dec(rescaleUp(a, scale), scale);
  return dec(divRound(a.coef, pow10(a.scale - scale), mode), scale);
}

export function cmp(a: Dec, b: Dec): -1 | 0 | 1 {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export const lt = (a: Dec, b: Dec): boolean => cmp(a, b) < 0;
export const lte = (a: Dec, b: Dec): boolean => cmp(a, b) <= 0;
export const gt = (a: Dec, b: Dec): boolean => cmp(a, b) > 0;
export const gte = (a: Dec, b: Dec): boolean => cmp(a, b) >= 0;

export function sign(a: Dec): -1 | 0 | 1 {
  return a.coef < 0n ? -1 : a.coef > 0n ? 1 : 0;
}
export const neg = (a: Dec): Dec => dec(-a.coef, a.scale);
export const abs = (a: Dec): Dec => (a.coef < 0n ? neg(a) : a);
export const max = (a: Dec, b: Dec): Dec => (gte(a, b) ? a : b);

/** Drops trailing fractional zeros (`1.500` -> `1.5`) without changing the value. */
function normalize(a: Dec): Dec {
  let { coef, scale } = a;
  while (scale > 0 && coef % 10n === 0n) {
    coef /= 10n;
    scale -= 1;
  }
  return dec(coef, scale);
}

/**
 * The canonical decimal string (the contract's money format). With `places`, rounds half-even to exactly
 * that many decimals; without, prints every significant digit.
 */
export function format(a: Dec, places?: number): string {
  const v = places === undefined ? normalize(a) : round(a, places, 'half-even');
  const negative = v.coef < 0n;
  const digits = (negative ? -v.coef : v.coef).toString().padStart(v.scale + 1, '0');
  const int = digits.slice(0, digits.length - v.scale);
  const frac = digits.slice(digits.length - v.scale);
  return (negative ? '-' : '') + int + (v.scale > 0 ? `.${frac}` : '');
}

/** For people: `12,345.6` with grouping; money gets two decimals when it has cents. */
export function display(a: Dec, places?: number): string {
  const text = format(a, places);
  const negative = text.startsWith('-');
  const [int = '0', frac] = (negative ? text.slice(1) : text).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative ? '-' : '') + grouped + (frac !== undefined ? `.${frac}` : '');
}

/** `$12,345.60` for USD, `12,345.60 EUR` otherwise; whole amounts print without cents. */
export function displayMoney(a: Dec, currency = 'USD'): string {
  const cents = round(a, 2, 'half-even');
  const whole = cents.coef % 100n === 0n;
  const body = display(abs(cents), whole ? 0 : 2);
  const minus = sign(cents) < 0 ? '-' : '';
  return currency === 'USD' ? `${minus}$${body}` : `${minus}${body} ${currency}`;
}
