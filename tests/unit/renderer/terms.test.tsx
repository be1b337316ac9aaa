// @vitest-environment happy-dom
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from './render.tsx';

/** A trader new to IB's vocabulary can ask what a balance means, by mouse or by keyboard. */
describe('balance terms', () => {
  it('explains Excess liquidity, SMA and the other balances with a tooltip reachable by keyboard', async () => {
    await renderApp({ connected: true });
    const terms = screen.getByTestId('balances').querySelectorAll<HTMLElement>('dt [tabindex="0"]');
    expect(terms.length).toBeGreaterThanOrEqual(10);
    const excess = screen.getByText('Excess liquidity').closest<HTMLElement>('[tabindex]')!;
    expect(excess.getAttribute('tabindex')).toBe('0');
    const tip = document.getElementById(excess.getAttribute('aria-describedby') ?? '');
    expect(tip?.getAttribute('role')).toBe('tooltip');
    expect(tip?.textContent).toMatch(/maintenance margin/i);
    expect(tip?.textContent).toMatch(/liquidat/i);
    const sma = screen.getByText('SMA').closest<HTMLElement>('[tabindex]')!;
    expect(document.getElementById(sma.getAttribute('aria-describedby') ?? '')?.textContent).toMatch(/Special Memorandum Account/);
    // Every term has its own explanation, none empty.
    const texts = [...terms].map((t) => document.getElementById(t.getAttribute('aria-describedby') ?? '')?.textContent ?? '');
    expect(texts.every((t) => t.length > 30)).toBe(true);
    expect(new Set(texts).size).toBe(texts.length);
    // Shown while focused, so keyboard users see it too.
    fireEvent.focus(excess);
    expect(excess.dataset.open).toBe('true');
    fireEvent.blur(excess);
    expect(excess.dataset.open).toBeUndefined();
  });
});
