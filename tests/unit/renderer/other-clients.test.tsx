// @vitest-environment happy-dom
/**
 * Gatehouse is the Master API client, so its blotter shows other programs' orders too. Their order ids are
 * numbered per client: the blotter keeps both orders with the same id, says whose the other one is, and
 * offers no Modify / Cancel on it (IB lets only the placing client change or cancel an order).
 */
import { fireEvent, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Fill, OrderView } from '../../../electron/core/contract.ts';
import { callsOf, renderApp, settle } from './render.tsx';

const order = (id: number, patch: Partial<OrderView> = {}): OrderView => ({
  orderId: id, permId: 9000 + id, clientId: 1, account: 'DU1234567', symbol: 'AAPL', secType: 'STK', side: 'BUY', quantity: '100', type: 'LMT',
  limitPrice: '180.00', stopPrice: null, trailAmount: null, trailPercent: null, tif: 'DAY', outsideRth: false, status: 'Submitted',
  filled: '0', remaining: '100', avgFillPrice: null, lastError: null, updatedAt: Date.UTC(2026, 11, 1, 15, 0, id), ...patch,
});
const fill = (patch: Partial<Fill>): Fill => ({
  execId: 'e1', orderId: 12, clientId: 1, account: 'DU1234567', symbol: 'AAPL', side: 'BUY', shares: '5', price: '189.00', time: Date.now(), commission: '1.00', realizedPnl: null, ...patch,
});

async function blotter() {
  const r = await renderApp({ connected: true });
  r.api.publish('orders', {
    open: [order(12), order(12, { clientId: 31, permId: 7777, symbol: 'MSFT', side: 'SELL', quantity: '20', remaining: '20', limitPrice: '430.00' })],
    done: [],
    fills: [fill({ execId: 'mine' }), fill({ execId: 'theirs', clientId: 31, symbol: 'MSFT', side: 'SELL' })],
    reconciled: true,
    ownClientId: 1,
  });
  fireEvent.keyDown(window, { key: '2', ctrlKey: true });
  await settle();
  return r;
}

describe("other programs' orders in the blotter", () => {
  beforeEach(() => localStorage.clear());

  it('shows both orders with the same id, the other program\'s marked with its client id and without Modify or Cancel', async () => {
    await blotter();
    const rows = within(screen.getByTestId('open-orders')).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const mine = screen.getByTestId('order-row-12');
    const theirs = screen.getByTestId('order-row-31-12');
    expect(mine.textContent).toContain('AAPL');
    expect(theirs.textContent).toContain('MSFT');
    expect(within(theirs).getByText('client 31')).toBeTruthy();
    expect(within(theirs).getByText('Placed by client 31')).toBeTruthy();
    expect(within(mine).queryByText(/client \d+/)).toBeNull();
    expect(within(theirs).queryByRole('button', { name: /cancel order/i })).toBeNull();
    expect(within(theirs).queryByRole('button', { name: /modify order/i })).toBeNull();
    expect(within(mine).getByRole('button', { name: /cancel order 12/i })).toBeTruthy();
  });

  it("cancel on Gatehouse's own row names its client, so core never mistakes it for the other program's order", async () => {
    const r = await blotter();
    fireEvent.click(within(screen.getByTestId('order-row-12')).getByRole('button', { name: /cancel order 12/i }));
    await settle();
    expect(callsOf(r.api, 'orders.cancel')).toEqual([{ orderId: 12, clientId: 1 }]);
  });

  it("marks the other program's fill with its client id", async () => {
    await blotter();
    expect(within(screen.getByTestId('fill-row-theirs')).getByText(/client 31/)).toBeTruthy();
    expect(within(screen.getByTestId('fill-row-mine')).queryByText(/client \d+/)).toBeNull();
  });

  it("Shift+C cancels Gatehouse's newest order, never a newer one of another program", async () => {
    const r = await renderApp({ connected: true });
    r.api.publish('orders', { open: [order(12), order(40, { clientId: 31 })], done: [], fills: [], reconciled: true, ownClientId: 1 });
    await settle();
    fireEvent.keyDown(document.body, { key: 'C', code: 'KeyC', shiftKey: true });
    const dialog = screen.getByRole('dialog', { name: 'Cancel order 12?' });
    fireEvent.click(within(dialog).getByRole('button', { name: /^Yes/ }));
    await settle();
    expect(callsOf(r.api, 'orders.cancel')).toEqual([{ orderId: 12, clientId: 1 }]);
  });
});
