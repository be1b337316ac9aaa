// @vitest-environment happy-dom
/**
 * A price tick in a 10,000-position book: the Dashboard shows the new price in its row without sorting the
 * whole book again (it re-sorts when positions come or go, or the trader picks another sort), so a tick
 * costs the rows that changed and rows do not jump under the pointer. The store merges the change: every
 * row the tick did not touch is the same object as before.
 */
import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Position } from '../../../electron/core/contract.ts';
import { makeAccount } from './fake-api.ts';
import { callsOf, renderApp, settle } from './render.tsx';

const position = (i: number, marketValue = String(200_000 - i)): Position => ({
  account: 'DU1234567', conId: 1_000_000 + i, symbol: `S${String(i).padStart(5, '0')}`, secType: 'STK', currency: 'USD',
  quantity: '10', avgCost: '100', marketPrice: '100', marketValue, unrealizedPnl: '0', realizedPnl: '0',
});

const bodyRows = () =>
  within(screen.getByTestId('positions')).getAllByRole('row').filter((r) => r.closest('tbody') && !r.classList.contains('vr-spacer'));
const symbols = () => bodyRows().map((r) => r.querySelector('.sym')?.textContent);

/** Sorts of 10,000 rows or more while `fn` runs. */
async function bigSorts(fn: () => Promise<void>): Promise<number> {
  const sort = vi.spyOn(Array.prototype, 'sort');
  try {
    await fn();
    return sort.mock.contexts.filter((a) => (a as unknown[]).length >= 10_000).length;
  } finally {
    sort.mockRestore();
  }
}

describe('a price tick in a 10,000-position book', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => vi.restoreAllMocks());

  it('shows the new price in its row without sorting the book again; a new position is sorted in', async () => {
    const r = await renderApp({ connected: true });
    const base = makeAccount('DU1234567', Date.now());
    const book = Array.from({ length: 10_000 }, (_, i) => position(i));
    await act(async () => r.api.publish('account', { ...base, positions: book }));
    await settle();
    expect(symbols().slice(0, 3)).toEqual(['S00000', 'S00001', 'S00002']);
    const before = r.stores.account.getState().snapshot!.positions;

    // S00002's price moves (its market value with it, still below S00001's).
    const ticked = book.map((p, i) => (i === 2 ? { ...p, marketPrice: '100.5', marketValue: '199997.5' } : p));
    const sorts = await bigSorts(async () => {
      await act(async () => r.api.publish('account', { ...base, positions: ticked }));
      await settle();
    });
    expect(sorts).toBe(0);
    expect(bodyRows()[2]!.textContent).toContain('100.50');
    const after = r.stores.account.getState().snapshot!.positions;
    expect(after[0]).toBe(before[0]);
    expect(after[2]).not.toBe(before[2]);

    // A new position with the largest market value: the set changed, so it is sorted to the top.
    await act(async () => r.api.publish('account', { ...base, positions: [...ticked, position(10_000, '300000')] }));
    await settle();
    expect(symbols()[0]).toBe('S10000');
    // And picking another sort sorts by it.
    fireEvent.click(within(screen.getByTestId('positions')).getByRole('button', { name: /Symbol/ }));
    await settle();
    expect(symbols().slice(0, 2)).toEqual(['S00000', 'S00001']);
  });

  it('asks core for the tick sizes of the rows in view, not of all 10,000 instruments', async () => {
    const r = await renderApp({ connected: true });
    const base = makeAccount('DU1234567', Date.now());
    await act(async () => r.api.publish('account', { ...base, positions: Array.from({ length: 10_000 }, (_, i) => position(i)) }));
    await settle();
    // Each lookup is a request to the Gateway through a 40-a-second pacer, ahead of any order sent after it.
    const asked = () => (callsOf(r.api, 'contracts.lookup') as { symbol: string }[]).map((c) => c.symbol);
    expect(asked().length).toBeLessThan(100);
    expect(asked()).toContain('S00000');
    // Scrolled to the middle: the rows there are asked for then.
    const box = screen.getByTestId('positions').querySelector<HTMLElement>('.table-wrap')!;
    box.scrollTop = 5_000 * 33;
    fireEvent.scroll(box);
    await settle(2);
    expect(asked()).toContain('S05005');
    expect(asked().length).toBeLessThan(200);
  });
});
