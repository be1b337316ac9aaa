// @vitest-environment happy-dom
import { fireEvent, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Quote } from '../../../electron/core/contract.ts';
import { openOrder, ordersBook } from './fixtures.ts';
import { callsOf, renderApp, settle } from './render.tsx';

const quote = (symbol: string, last: number | null, patch: Partial<Quote> = {}): Quote => ({
  symbol, bid: null, bidSize: null, ask: null, askSize: null, last, lastSize: null, close: null, high: null, low: null, delayed: false, problem: null, ...patch,
});

async function blotter(opts: Parameters<typeof renderApp>[0] = { connected: true }) {
  const r = await renderApp(opts);
  r.api.publish('orders', ordersBook({
    open: [
      openOrder(101),
      openOrder(102, { symbol: 'MSFT', side: 'SELL', type: 'STP', limitPrice: null, stopPrice: '400.00' }),
      openOrder(103, { symbol: 'TSLA', type: 'MKT', limitPrice: null }),
      openOrder(104, { symbol: 'SPY', status: 'Inactive', lastError: 'Order rejected - reason: The contract is not available for short sale (201)' }),
    ],
    done: [openOrder(90, { status: 'Cancelled', lastError: 'Order Canceled - reason: auto-cancel before close (202)' })],
  }));
  fireEvent.keyDown(window, { key: '2', ctrlKey: true });
  await settle();
  return r;
}

const headers = () => within(screen.getByTestId('open-orders')).getAllByRole('columnheader').map((h) => h.textContent?.replace(/[▲▼]/g, '').trim());
const cell = (id: number, name: string) => screen.getByTestId(`order-row-${id}`).querySelectorAll('td')[headers().indexOf(name)]?.textContent;

describe('open orders', () => {
  beforeEach(() => localStorage.clear());

  it('show the distance of each limit or stop to the last price, in price and percent', async () => {
    const r = await blotter();
    // The blotter asks for prices of the symbols it shows.
    expect(callsOf(r.api, 'market.watch')).toEqual(expect.arrayContaining([{ symbol: 'AAPL' }, { symbol: 'MSFT' }]));
    r.api.publish('quotes', { AAPL: quote('AAPL', 189.25), MSFT: quote('MSFT', 415.1) });
    await settle();
    expect(headers()).toContain('To market');
    expect(cell(101, 'To market')).toBe('−9.25 (−4.89%)');
    expect(cell(102, 'To market')).toBe('−15.10 (−3.64%)');
    // A market order has no price of its own to compare.
    expect(cell(103, 'To market')).toBe('—');
  });

  it('uses the mid when there is no last trade yet, and a dash while there is no price at all', async () => {
    const r = await blotter();
    r.api.publish('quotes', { AAPL: quote('AAPL', null, { bid: 179.9, ask: 180.1 }) });
    await settle();
    expect(cell(101, 'To market')).toBe('0.00 (0.00%)');
    expect(cell(102, 'To market')).toBe('—');
  });

  it('sorts by distance to market (nearest to being hit first when ascending)', async () => {
    const r = await blotter();
    r.api.publish('quotes', { AAPL: quote('AAPL', 189.25), MSFT: quote('MSFT', 401) });
    await settle();
    const sortBtn = within(screen.getByTestId('open-orders')).getByRole('button', { name: /^To market/ });
    fireEvent.click(sortBtn);
    fireEvent.click(sortBtn);
    const ids = within(screen.getByTestId('open-orders')).getAllByRole('row').slice(1).map((row) => row.querySelector('td')?.textContent);
    expect(ids.slice(0, 2)).toEqual(['102', '101']);
  });

  it('show IB’s reason text beside the status', async () => {
    await blotter();
    expect(cell(104, 'Status')).toBe('Inactive — Order rejected - reason: The contract is not available for short sale (201)');
    expect(within(screen.getByTestId('done-row-90')).getByText(/auto-cancel before close/)).toBeTruthy();
  });
});

describe('resizable columns', () => {
  beforeEach(() => localStorage.clear());

  it('a column is resized from the keyboard on its separator and the width is saved in preferences', async () => {
    const r = await blotter();
    const sep = within(screen.getByTestId('open-orders')).getByRole('separator', { name: 'Resize column Symbol' });
    const start = Number(sep.getAttribute('aria-valuenow'));
    fireEvent.keyDown(sep, { key: 'ArrowRight' });
    fireEvent.keyDown(sep, { key: 'ArrowRight' });
    await settle();
    expect(Number(sep.getAttribute('aria-valuenow'))).toBe(start + 20);
    const saved = callsOf(r.api, 'settings.setPreferences').filter((p) => 'columnWidths' in (p as object)).at(-1) as { columnWidths: Record<string, Record<string, number>> };
    expect(saved.columnWidths['open-orders']!.symbol).toBe(start + 20);
    expect((sep.closest('th') as HTMLElement).style.width).toBe(`${start + 20}px`);
  });

  it('a dragged width is saved once, on release', async () => {
    const r = await blotter();
    const sep = within(screen.getByTestId('open-orders')).getByRole('separator', { name: 'Resize column Status' });
    const start = Number(sep.getAttribute('aria-valuenow'));
    fireEvent.pointerDown(sep, { clientX: 500, pointerId: 1 });
    fireEvent.pointerMove(sep, { clientX: 530, pointerId: 1 });
    fireEvent.pointerMove(sep, { clientX: 560, pointerId: 1 });
    const widthSaves = () => callsOf(r.api, 'settings.setPreferences').filter((p) => 'columnWidths' in (p as object));
    expect(widthSaves()).toHaveLength(0);
    fireEvent.pointerUp(sep, { clientX: 560, pointerId: 1 });
    await settle();
    expect(widthSaves()).toEqual([{ columnWidths: { 'open-orders': { status: start + 60 } } }]);
  });

  it('remembered widths come back from preferences (per user, not per browser)', async () => {
    await blotter({ connected: true, preferences: { columnWidths: { 'open-orders': { symbol: 210 } } } });
    const th = within(screen.getByTestId('open-orders')).getByRole('separator', { name: 'Resize column Symbol' }).closest('th') as HTMLElement;
    expect(th.style.width).toBe('210px');
    // Sorting still works on a resized column.
    fireEvent.click(within(th).getByRole('button', { name: /^Symbol/ }));
    expect(th.getAttribute('aria-sort')).toBe('ascending');
  });
});
