// @vitest-environment happy-dom
import { fireEvent, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Fill } from '../../../electron/core/contract.ts';
import { openOrder, ordersBook } from './fixtures.ts';
import { callsOf, renderApp, settle } from './render.tsx';

const fill = (n: number, patch: Partial<Fill> = {}): Fill => ({
  execId: `0000e0d5.6578a3b${n}.01.01`,
  orderId: 100 + n,
  clientId: 1,
  account: 'DU1234567',
  symbol: 'MSFT',
  side: 'SELL',
  shares: '1200',
  price: '415.10',
  time: Date.UTC(2026, 11, 1, 15, 30, n),
  commission: '6.00',
  realizedPnl: '1234.50',
  ...patch,
});

async function blotter(opts: Parameters<typeof renderApp>[0] = { connected: true }) {
  const r = await renderApp(opts);
  r.api.publish('orders', ordersBook({
    open: [
      openOrder(101, { filled: '40', avgFillPrice: '179.95', tif: 'GTC' }),
      openOrder(102, { symbol: 'MSFT', quantity: '5' }),
      openOrder(103, { symbol: 'TSLA', quantity: '2500' }),
    ],
    done: [openOrder(90, { status: 'Filled', filled: '100', avgFillPrice: '179.95' })],
    fills: [fill(1), fill(2, { symbol: 'AAPL', side: 'BUY' })],
  }));
  fireEvent.keyDown(window, { key: '2', ctrlKey: true });
  await settle();
  return r;
}

const headers = (testId: string) => within(screen.getByTestId(testId)).getAllByRole('columnheader').map((h) => h.textContent?.replace(/[▲▼]/g, '').trim());
/** Every table's sort as the preferences hold it after the saves so far (each save sends all tables). */
const savedSorts = (r: Awaited<ReturnType<typeof renderApp>>) =>
  (callsOf(r.api, 'settings.setPreferences').filter((p) => 'tableSorts' in (p as object)).at(-1) as { tableSorts?: Record<string, { key: string; dir: 'asc' | 'desc' }> } | undefined)?.tableSorts ?? {};
const column = (testId: string, name: string) => {
  const idx = headers(testId).indexOf(name);
  return within(screen.getByTestId(testId))
    .getAllByRole('row')
    .slice(1)
    .map((r) => r.querySelectorAll('td')[idx]?.textContent);
};

describe('blotter', () => {
  beforeEach(() => localStorage.clear());

  it('open orders show filled and remaining, the average fill and the TIF', async () => {
    await blotter();
    expect(headers('open-orders')).toEqual(expect.arrayContaining(['ID', 'Submitted', 'Symbol', 'Side', 'Qty', 'Filled', 'Remaining', 'Type', 'Price', 'Avg fill', 'TIF', 'Status']));
    expect(column('open-orders', 'Remaining')[0]).toBe('60');
    expect(column('open-orders', 'Avg fill')[0]).toBe('179.95');
    expect(column('open-orders', 'Qty')[2]).toBe('2,500');
    expect(column('open-orders', 'Filled')[0]).toBe('40');
    expect(column('open-orders', 'TIF')).toEqual(['GTC', 'DAY', 'DAY']);
  });

  it("open orders show when each was submitted, not when it last changed; unknown (and said why) for one working before Gatehouse connected", async () => {
    const r = await renderApp({ connected: true });
    const at = (h: number, m: number, sec: number) => new Date(2026, 11, 1, h, m, sec).getTime();
    r.api.publish('orders', ordersBook({
      open: [
        openOrder(101, { submittedAt: at(9, 31, 5), updatedAt: at(11, 2, 0) }),
        openOrder(102, { updatedAt: at(11, 3, 0) }),
      ],
    }));
    fireEvent.keyDown(window, { key: '2', ctrlKey: true });
    await settle();
    expect(column('open-orders', 'Submitted')).toEqual(['09:31:05', '—']);
    expect(within(screen.getByTestId('order-row-102')).getByTitle(/already working then\): IB does not report when/).textContent).toBe('—');
  });

  it('fills show order id and exec id, with thousands separators', async () => {
    await blotter();
    expect(headers('fills')).toEqual(['Time', 'Order', 'Exec ID', 'Symbol', 'Side', 'Shares', 'Price', 'Commission', 'Realized P&L']);
    expect(column('fills', 'Exec ID')).toContain('0000e0d5.6578a3b1.01.01');
    expect(column('fills', 'Shares')).toContain('1,200');
    expect(column('fills', 'Realized P&L')).toContain('+$1,234.50');
    expect(column('fills', 'Price')).toContain('415.10');
    expect(column('fills', 'Commission')).toContain('$6.00');
    // Newest first, each with its time of day.
    expect(column('fills', 'Exec ID')).toEqual(['0000e0d5.6578a3b2.01.01', '0000e0d5.6578a3b1.01.01']);
    expect(column('fills', 'Time').every((t) => /^\d\d:\d\d:\d\d$/.test(t ?? ''))).toBe(true);
  });

  it('done orders show their time', async () => {
    await blotter();
    expect(headers('done-orders')[0]).toBe('Time');
    expect(column('done-orders', 'Time')[0]).toMatch(/^\d\d:\d\d:\d\d$/);
  });

  it('sorts by a clicked column, both ways, and remembers the choice', async () => {
    const r = await blotter();
    const qty = () => within(screen.getByTestId('open-orders')).getByRole('button', { name: /^Qty/ });
    // Numbers sort largest first on the first click, like the positions table.
    fireEvent.click(qty());
    expect(column('open-orders', 'Symbol')).toEqual(['TSLA', 'AAPL', 'MSFT']);
    expect(qty().closest('th')!.getAttribute('aria-sort')).toBe('descending');
    fireEvent.click(qty());
    expect(column('open-orders', 'Symbol')).toEqual(['MSFT', 'AAPL', 'TSLA']);
    expect(qty().closest('th')!.getAttribute('aria-sort')).toBe('ascending');
    await settle();
    r.unmount();
    // Remembered in the user's preferences (core), not this browser: a fresh start with them sorts the same.
    await blotter({ connected: true, preferences: { tableSorts: savedSorts(r) } });
    expect(column('open-orders', 'Symbol')).toEqual(['MSFT', 'AAPL', 'TSLA']);
  });

  it('clicking a header saves the sort into the preferences', async () => {
    const r = await blotter();
    fireEvent.click(within(screen.getByTestId('open-orders')).getByRole('button', { name: /^Qty/ }));
    await settle();
    expect(savedSorts(r)['open-orders']).toEqual({ key: 'quantity', dir: 'desc' });
  });

  it('a sort saved in preferences orders the rows when the blotter opens; a column that no longer exists falls back', async () => {
    await blotter({ connected: true, preferences: { tableSorts: { 'open-orders': { key: 'quantity', dir: 'asc' }, fills: { key: 'gone', dir: 'asc' } } } });
    expect(column('open-orders', 'Symbol')).toEqual(['MSFT', 'AAPL', 'TSLA']);
    expect(within(screen.getByTestId('open-orders')).getByRole('button', { name: /^Qty/ }).closest('th')!.getAttribute('aria-sort')).toBe('ascending');
    expect(within(screen.getByTestId('fills')).getByRole('button', { name: /^Time/ }).closest('th')!.getAttribute('aria-sort')).toBe('descending');
  });

  it('fills and done orders sort by a clicked column too, and remember it', async () => {
    const r = await blotter();
    const fills = within(screen.getByTestId('fills'));
    fireEvent.click(fills.getByRole('button', { name: /^Symbol/ }));
    expect(column('fills', 'Symbol')).toEqual(['AAPL', 'MSFT']);
    expect(fills.getByRole('button', { name: /^Symbol/ }).closest('th')!.getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(fills.getByRole('button', { name: /^Symbol/ }));
    expect(column('fills', 'Symbol')).toEqual(['MSFT', 'AAPL']);
    const done = within(screen.getByTestId('done-orders'));
    fireEvent.click(done.getByRole('button', { name: /^Qty/ }));
    expect(done.getByRole('button', { name: /^Qty/ }).closest('th')!.getAttribute('aria-sort')).toBe('descending');
    await settle();
    r.unmount();
    await blotter({ connected: true, preferences: { tableSorts: savedSorts(r) } });
    expect(column('fills', 'Symbol')).toEqual(['MSFT', 'AAPL']);
    expect(within(screen.getByTestId('done-orders')).getByRole('button', { name: /^Qty/ }).closest('th')!.getAttribute('aria-sort')).toBe('descending');
  });

  it('fills and done orders have resizable columns, saved in preferences and brought back', async () => {
    const r = await blotter();
    const sep = within(screen.getByTestId('fills')).getByRole('separator', { name: 'Resize column Exec ID' });
    const start = Number(sep.getAttribute('aria-valuenow'));
    fireEvent.keyDown(sep, { key: 'ArrowRight' });
    await settle();
    const saved = callsOf(r.api, 'settings.setPreferences').filter((p) => 'columnWidths' in (p as object)).at(-1) as { columnWidths: Record<string, Record<string, number>> };
    expect(saved.columnWidths['fills']!.execId).toBe(start + 10);
    r.unmount();
    await blotter({ connected: true, preferences: { columnWidths: { 'done-orders': { status: 230 } } } });
    const th = within(screen.getByTestId('done-orders')).getByRole('separator', { name: 'Resize column Status' }).closest('th') as HTMLElement;
    expect(th.style.width).toBe('230px');
  });
});

