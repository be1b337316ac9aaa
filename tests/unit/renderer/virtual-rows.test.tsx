// @vitest-environment happy-dom
/**
 * 10,000 positions and 2,000 open orders: the tables render the rows in view (and a few either side), not
 * the whole book, and the trader still reaches the last row by scrolling or from the keyboard.
 */
import { act, fireEvent, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Position } from '../../../electron/core/contract.ts';
import { ROW_HEIGHT, visibleRange } from '../../../renderer/src/components/VirtualRows.tsx';
import { makeAccount } from './fake-api.ts';
import { openOrder, ordersBook } from './fixtures.ts';
import { renderApp, settle } from './render.tsx';

const position = (i: number): Position => ({
  account: 'DU1234567',
  conId: 1_000_000 + i,
  symbol: `S${String(i).padStart(5, '0')}`,
  secType: 'STK',
  currency: 'USD',
  quantity: '10',
  avgCost: '100',
  marketPrice: '100',
  // descending market value = the table's default sort, so row i is S<i>
  marketValue: String(200_000 - i),
  unrealizedPnl: '0',
  realizedPnl: '0',
});

const bodyRows = (testId: string) => within(screen.getByTestId(testId)).getAllByRole('row').filter((r) => r.closest('tbody') && !r.classList.contains('vr-spacer'));
const box = (testId: string) => screen.getByTestId(testId).querySelector<HTMLElement>('.table-wrap')!;

async function scrollTo(el: HTMLElement, top: number) {
  el.scrollTop = top;
  fireEvent.scroll(el);
  await settle(2);
}

describe('virtualised tables', () => {
  beforeEach(() => localStorage.clear());

  it('a 10,000-position book renders only the rows in view; scrolling and the End key reach the last position', async () => {
    const r = await renderApp({ connected: true });
    const base = makeAccount('DU1234567', Date.now());
    await act(async () => r.api.publish('account', { ...base, positions: Array.from({ length: 10_000 }, (_, i) => position(i)) }));
    await settle();
    expect(screen.getByTestId('positions').textContent).toContain('Positions (10000)');
    const rows = bodyRows('positions');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(100);
    expect(rows[0]!.querySelector('.sym')?.textContent).toBe('S00000');

    // Scrolled to the middle: the rows there, and the spacer keeps the scroll height of the whole book.
    await scrollTo(box('positions'), 5_000 * ROW_HEIGHT);
    const middle = bodyRows('positions').map((row) => row.querySelector('.sym')?.textContent);
    expect(middle).toContain('S05005');
    expect(middle.length).toBeLessThan(100);

    // From the keyboard: focus the table's box, End reaches the last position, Home the first.
    const el = box('positions');
    el.focus();
    expect(el.tabIndex).toBe(0);
    fireEvent.keyDown(el, { key: 'End' });
    await settle(2);
    expect(bodyRows('positions').at(-1)!.querySelector('.sym')?.textContent).toBe('S09999');
    fireEvent.keyDown(el, { key: 'Home' });
    await settle(2);
    expect(bodyRows('positions')[0]!.querySelector('.sym')?.textContent).toBe('S00000');
    fireEvent.keyDown(el, { key: 'PageDown' });
    await settle(2);
    expect(el.scrollTop).toBeGreaterThan(0);
  });

  it('2,000 open orders render only the rows in view, and the last one is reachable', async () => {
    const r = await renderApp({ connected: true });
    r.api.publish('orders', ordersBook({ open: Array.from({ length: 2_000 }, (_, i) => openOrder(101 + i, { quantity: '1', limitPrice: '1.00' })) }));
    fireEvent.keyDown(window, { key: '2', ctrlKey: true });
    await settle();
    expect(bodyRows('open-orders').length).toBeLessThan(100);
    const el = box('open-orders');
    el.focus();
    fireEvent.keyDown(el, { key: 'End' });
    await settle(2);
    expect(screen.getByTestId('order-row-2100')).toBeTruthy();
  });

  it('short tables render every row, as before', async () => {
    await renderApp({ connected: true });
    expect(bodyRows('positions')).toHaveLength(3);
    expect(screen.getByTestId('positions').querySelector('.vr-spacer')).toBeNull();
  });

  it('the visible range covers the view plus the overscan and never runs past the book', () => {
    expect(visibleRange(10_000, 0, 330, 33, 5)).toEqual([0, 15]);
    expect(visibleRange(10_000, 3300, 330, 33, 5)).toEqual([95, 115]);
    expect(visibleRange(10_000, 10_000 * 33, 330, 33, 5)).toEqual([9995, 10_000]);
    expect(visibleRange(0, 0, 330, 33, 5)).toEqual([0, 0]);
  });
});
