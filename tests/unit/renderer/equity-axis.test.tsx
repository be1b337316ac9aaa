// @vitest-environment happy-dom
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EquityLine } from '../../../renderer/src/components/EquityLine.tsx';
import { axisTicks } from '../../../renderer/src/lib/axis.ts';
import './render.tsx';

const points = (values: number[]) => values.map((v, i) => ({ time: Date.UTC(2026, 11, 1, 14, 30 + i), value: v.toFixed(2) }));

describe('the intraday equity line', () => {
  it('labels its value axis as money: currency sign and thousands separators, round steps covering the day', () => {
    render(<EquityLine points={points([99_620.4, 100_310, 101_342.18, 100_980])} currency="USD" />);
    const labels = within(screen.getByTestId('equity-y-axis')).getAllByText(/./).map((e) => e.textContent);
    expect(labels.length).toBeGreaterThanOrEqual(3);
    for (const l of labels) expect(l).toMatch(/^\$\d{1,3}(,\d{3})+$/);
    const values = labels.map((l) => Number(l!.replace(/[$,]/g, '')));
    // Read top to bottom: highest first, the lowest at or below the day's low, the highest at or above its high.
    expect([...values].sort((a, b) => b - a)).toEqual(values);
    expect(values[values.length - 1]).toBeLessThanOrEqual(99_620.4);
    expect(values[0]).toBeGreaterThanOrEqual(101_342.18);
  });

  it('uses the account currency', () => {
    render(<EquityLine points={points([50_100, 50_900, 51_400])} currency="EUR" />);
    const labels = within(screen.getByTestId('equity-y-axis')).getAllByText(/./).map((e) => e.textContent);
    for (const l of labels) expect(l).toMatch(/^€\d{2},\d{3}$/);
  });

  it('a flat day still gets a readable axis, in cents when the moves are cents', () => {
    render(<EquityLine points={points([1_000.1, 1_000.15, 1_000.2])} currency="USD" />);
    const labels = within(screen.getByTestId('equity-y-axis')).getAllByText(/./).map((e) => e.textContent);
    expect(new Set(labels).size).toBe(labels.length);
    for (const l of labels) expect(l).toMatch(/^\$1,000\.\d\d$/);
  });
});

describe('axisTicks', () => {
  it('picks 1-2-5 steps and covers the range', () => {
    expect(axisTicks(99_620, 101_342, 5)).toEqual({ step: 500, values: [99_500, 100_000, 100_500, 101_000, 101_500] });
    expect(axisTicks(10, 10, 4).values.length).toBeGreaterThanOrEqual(2);
  });
});
