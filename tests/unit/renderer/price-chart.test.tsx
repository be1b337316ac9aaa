// @vitest-environment happy-dom
import { fireEvent, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Fill } from '../../../electron/core/contract.ts';
import { openOrder, ordersBook } from './fixtures.ts';
import { callsOf, renderApp, settle } from './render.tsx';

/** The chart's working orders: 10 AAPL at 188.00 unless patched, updated now (the chart spans today). */
const order = (id: number, patch: Parameters<typeof openOrder>[1] = {}) => openOrder(id, { quantity: '10', limitPrice: '188.00', updatedAt: Date.now(), ...patch });
const fill = (execId: string, patch: Partial<Fill> = {}): Fill => ({
  execId, orderId: 90, clientId: 1, account: 'DU1234567', symbol: 'AAPL', side: 'BUY', shares: '10', price: '189.00', time: Date.now() - 20 * 60_000, commission: '1.00', realizedPnl: null, ...patch,
});

async function chartFor(symbol: string) {
  const r = await renderApp({ connected: true });
  r.api.publish('orders', ordersBook({
    open: [order(101), order(102, { side: 'SELL', type: 'STP', limitPrice: null, stopPrice: '186.50' }), order(103, { symbol: 'MSFT', limitPrice: '400.00' })],
    fills: [fill('e1'), fill('e2', { side: 'SELL', price: '189.60' }), fill('e3', { symbol: 'MSFT' })],
  }));
  fireEvent.keyDown(window, { key: '2', ctrlKey: true });
  await settle();
  fireEvent.change(screen.getByLabelText('Symbol'), { target: { value: symbol } });
  fireEvent.blur(screen.getByLabelText('Symbol'));
  await settle(8);
  return r;
}

describe('price chart', () => {
  beforeEach(() => localStorage.clear());

  it('loads the looked-up symbol’s 5 min bars and draws them with a price axis', async () => {
    const r = await chartFor('AAPL');
    expect(callsOf(r.api, 'market.bars')).toEqual([{ symbol: 'AAPL', barSize: '5 mins' }]);
    const chart = screen.getByTestId('chart-card');
    expect(chart.querySelector('path.chart-line')?.getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+( L[\d.]+,[\d.]+){59}$/);
    const labels = within(screen.getByTestId('chart-y-axis')).getAllByText(/./).map((e) => e.textContent);
    for (const l of labels) expect(l).toMatch(/^\d{3}\.\d{2}$/);
  });

  it('switches between 1 min, 5 min and daily bars', async () => {
    const r = await chartFor('AAPL');
    fireEvent.click(screen.getByLabelText('1 min'));
    await settle();
    fireEvent.click(screen.getByLabelText('Day'));
    await settle();
    expect(callsOf(r.api, 'market.bars').map((c) => (c as { barSize: string }).barSize)).toEqual(['5 mins', '1 min', '1 day']);
    expect((screen.getByLabelText('Day') as HTMLInputElement).checked).toBe(true);
  });

  it('draws this symbol’s working orders as lines at their price and its fills as markers, and lists them in words', async () => {
    await chartFor('AAPL');
    const card = screen.getByTestId('chart-card');
    expect(within(card).getByTestId('chart-order-101')).toBeTruthy();
    expect(within(card).getByTestId('chart-order-102')).toBeTruthy();
    expect(within(card).queryByTestId('chart-order-103')).toBeNull();
    // The line sits where its price is: the 188.00 limit above the 186.50 stop (smaller y is higher).
    const yOf = (id: string) => Number(within(card).getByTestId(id).getAttribute('y1'));
    expect(yOf('chart-order-101')).toBeLessThan(yOf('chart-order-102'));
    expect(within(card).getByTestId('chart-fill-e1')).toBeTruthy();
    expect(within(card).getByTestId('chart-fill-e2')).toBeTruthy();
    expect(within(card).queryByTestId('chart-fill-e3')).toBeNull();
    const legend = within(card).getByTestId('chart-legend').textContent;
    expect(legend).toContain('order 101: BUY 10 LMT @ 188.00');
    expect(legend).toContain('order 102: SELL 10 STP @ 186.50');
    expect(legend).toContain('▼ filled SELL 10 @ 189.60');
  });

  it('is reachable from the keyboard and says what it shows', async () => {
    await chartFor('AAPL');
    const fig = screen.getByTestId('chart-figure');
    expect(fig.tabIndex).toBe(0);
    expect(fig.getAttribute('aria-label')).toMatch(/^AAPL, 5 min bars from \d\d:\d\d to \d\d:\d\d: [\d.]+ to [\d.]+, low [\d.]+, high [\d.]+\. 2 working orders, 2 fills shown\.$/);
  });

  it('says why when IB sends no bars', async () => {
    const r = await chartFor('AAPL');
    r.api.fail('market.bars', { code: 'IB_ERROR', message: 'IB sent no bars for AAPL: HMDS query returned no data (162).' });
    fireEvent.click(screen.getByLabelText('1 min'));
    await settle();
    expect(screen.getByTestId('chart-problem').textContent).toBe('IB sent no bars for AAPL: HMDS query returned no data (162).');
  });
});
