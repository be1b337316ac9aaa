// @vitest-environment happy-dom
/**
 * The Orders screen when the Gateway's API is read-only (issue 17): a read-only Gateway shows programs no
 * orders (IB's docs as erdewit/ib_insync#8 quote them), so core's orders stream says `unreadable:
 * 'read-only'` and is never reconciled. The trader gets that in plain words, not "Reconciling orders" for
 * ever, and never "No open orders": there may be working orders the API cannot see.
 */
import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { ordersBook } from './fixtures.ts';
import { renderOrders, settle } from './render.tsx';

const BANNER =
  "The Gateway's API is read-only: it does not show orders to programs, so Gatehouse cannot list working or finished orders. Turn Read-Only API off and restart the Gateway to trade.";

describe('Orders screen with a read-only Gateway', () => {
  beforeEach(() => localStorage.clear());

  it('says in plain words why no orders are listed, instead of "reconciling" or "No open orders"', async () => {
    const r = await renderOrders();
    r.api.publish('orders', ordersBook({ reconciled: false, unreadable: 'read-only' }));
    await settle();

    expect(screen.getByTestId('orders-unreadable').textContent).toBe(BANNER);
    expect(screen.queryByText(/Reconciling orders/)).toBeNull();
    const open = screen.getByTestId('open-orders');
    expect(within(open).queryByText('No open orders.')).toBeNull();
    expect(within(open).getByText(/cannot be read from a read-only Gateway/)).toBeTruthy();
    expect(within(screen.getByTestId('done-orders')).queryByText('No finished orders yet.')).toBeNull();
    expect((screen.getByRole('button', { name: 'Place order' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('a book being reconciled still says so, with no read-only banner; a reconciled empty book says none', async () => {
    const r = await renderOrders();
    r.api.publish('orders', ordersBook({ reconciled: false }));
    await settle();
    expect(screen.getByText(/Reconciling orders after a reconnect/)).toBeTruthy();
    expect(screen.queryByTestId('orders-unreadable')).toBeNull();

    r.api.publish('orders', ordersBook());
    await settle();
    expect(screen.queryByText(/Reconciling orders/)).toBeNull();
    expect(within(screen.getByTestId('open-orders')).getByText('No open orders.')).toBeTruthy();
  });
});
