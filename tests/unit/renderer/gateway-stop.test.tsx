// @vitest-environment happy-dom
import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { openOrder, ordersBook } from './fixtures.ts';
import { callsOf, renderApp, settle } from './render.tsx';

async function gatewayScreen(r: Awaited<ReturnType<typeof renderApp>>) {
  await act(async () => r.stores.app.getState().navigate('gateway'));
  await settle();
}

describe('stopping the Gateway', () => {
  it('asks first when orders are working, and Keep it running stops nothing', async () => {
    const r = await renderApp({ connected: true });
    await r.api.invoke('orders.place', { symbol: 'AAPL', side: 'BUY', quantity: '10', type: 'LMT', limitPrice: '180' });
    await gatewayScreen(r);
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await settle();
    const dialog = screen.getByRole('dialog', { name: 'Stop the Gateway with 1 working order?' });
    expect(within(dialog).getByTestId('stop-working-orders').textContent).toMatch(/BUY 10 AAPL LMT/);
    expect(callsOf(r.api, 'gateway.stop')).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Keep it running' }));
    await settle();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(callsOf(r.api, 'gateway.stop')).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Stop the Gateway' }));
    await settle();
    expect(callsOf(r.api, 'gateway.stop')).toHaveLength(1);
  });

  it('lists the working orders with thousands separators: 2,500 shares left must not read as 250', async () => {
    const r = await renderApp({ connected: true });
    r.api.publish('orders', ordersBook({ open: [openOrder(7, { symbol: 'TSLA', side: 'SELL', quantity: '2500' })] }));
    await gatewayScreen(r);
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await settle();
    expect(screen.getByTestId('stop-working-orders').textContent).toMatch(/SELL 2,500 TSLA LMT/);
  });

  it('stops at once with no working orders, and says so calmly (no red alert)', async () => {
    const r = await renderApp({ connected: true });
    await gatewayScreen(r);
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await settle();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(callsOf(r.api, 'gateway.stop')).toHaveLength(1);
    expect(screen.getAllByText(/Gateway stopped\./).length).toBeGreaterThan(0);
    expect(screen.queryAllByRole('alert').map((a) => a.textContent)).toEqual([]);
    expect(screen.getByTestId('status-pill').dataset.level).toBe('stopped');
  });
});
