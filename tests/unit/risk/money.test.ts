import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  cmp,
  display,
  displayMoney,
  div,
  format,
  mul,
  parse,
  round,
  sub,
  tryParse,
  type Rounding,
} from '../../../electron/core/risk/money.ts';

const p = parse;

describe('money', () => {
  it('is exact where binary floating point is not', () => {
    expect(format(add(p('0.1'), p('0.2')))).toBe('0.3');
    expect(format(mul(p('1.1'), p('1.1')))).toBe('1.21');
    expect(format(sub(p('100000000000000000000.01'), p('0.01')))).toBe('100000000000000000000');
  });

  it('parses and formats the contract decimal format', () => {
    expect(format(p('-012.500'))).toBe('-12.5');
    expect(format(p('0.000'))).toBe('0');
    expect(format(p('3'), 2)).toBe('3.00');
    expect(tryParse('1e5')).toBeNull();
    expect(tryParse('1,000')).toBeNull();
    expect(tryParse('')).toBeNull();
    expect(tryParse('.5')).toBeNull();
    expect(() => parse('abc')).toThrow(/not a decimal/);
  });

  it.each<[string, string, number, Rounding, string]>([
    ['10', '3', 2, 'half-even', '3.33'],
    ['2', '3', 2, 'half-even', '0.67'],
    ['-2', '3', 2, 'half-up', '-0.67'],
    ['1', '8', 2, 'half-even', '0.12'],
    ['3', '8', 2, 'half-even', '0.38'],
    ['1', '8', 2, 'half-up', '0.13'],
    ['1', '3', 0, 'up', '1'],
    ['-1', '3', 0, 'floor', '-1'],
    ['-1', '3', 0, 'ceil', '0'],
    ['-1', '3', 0, 'down', '0'],
    ['1.5', '0.5', 0, 'down', '3'],
  ])('div %s / %s to %i places (%s) = %s', (a, b, scale, mode, expected) => {
    expect(format(div(p(a), p(b), scale, mode))).toBe(expected);
  });

  it('rounds with the asked mode', () => {
    expect(format(round(p('2.345'), 2, 'half-even'))).toBe('2.34');
    expect(format(round(p('2.355'), 2, 'half-even'))).toBe('2.36');
    expect(format(round(p('-2.345'), 2, 'half-up'))).toBe('-2.35');
    expect(() => div(p('1'), p('0'), 2, 'down')).toThrow(/division by zero/);
  });

  it('displays for people', () => {
    expect(display(p('1234567.891'))).toBe('1,234,567.891');
    expect(displayMoney(p('50000'))).toBe('$50,000');
    expect(displayMoney(p('-1999.995'))).toBe('-$2,000');
    expect(displayMoney(p('0.3'))).toBe('$0.30');
    expect(displayMoney(p('12.5'), 'EUR')).toBe('12.50 EUR');
  });

  const decimalText = fc
    .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 12 }))
    .map(([coef, scale]) => {
      const neg = coef < 0n;
      const digits = (neg ? -coef : coef).toString().padStart(scale + 1, '0');
      const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
      return (neg ? '-' : '') + text;
    });

  it('round-trips, and add/sub/compare agree (property)', () => {
    fc.assert(
      fc.property(decimalText, decimalText, (a, b) => {
        const x = p(a);
        const y = p(b);
        expect(cmp(p(format(x)), x)).toBe(0);
        expect(cmp(sub(add(x, y), y), x)).toBe(0);
        expect(cmp(add(x, y), add(y, x))).toBe(0);
        // Antisymmetry as a sum: -Math.sign(0) is -0, which toBe (Object.is) tells apart from 0, so equal
        // operands (seed -708769340: "0.0000021" twice) failed a law that held.
        expect(Math.sign(cmp(x, y)) + Math.sign(cmp(y, x))).toBe(0);
      }),
    );
  });

  it('compares equal operands as 0 both ways (the case the property above hit by chance)', () => {
    const x = p('0.0000021');
    expect(cmp(x, p('0.0000021'))).toBe(0);
    expect(Math.sign(cmp(x, p('0.0000021'))) + Math.sign(cmp(p('0.0000021'), x))).toBe(0);
  });

  it('division then multiplication is within half a unit of the last place (property)', () => {
    fc.assert(
      fc.property(decimalText, decimalText, (a, b) => {
        const y = p(b);
        fc.pre(cmp(y, p('0')) !== 0);
        const q = div(p(a), y, 10, 'half-even');
        const back = mul(q, y);
        const err = sub(back, p(a));
        const bound = mul(p('0.00000000005'), y.coef < 0n ? mul(y, p('-1')) : y);
        expect(cmp(err.coef < 0n ? mul(err, p('-1')) : err, bound)).toBeLessThanOrEqual(0);
      }),
    );
  });
});
