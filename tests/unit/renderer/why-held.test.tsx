// @vitest-environment happy-dom
/**
 * The blotter says why a PreSubmitted order is not working (issue 17): IB's whyHeld beside the status, as
 * "PreSubmitted — held: locate" for a short sale waiting for shares to borrow (ibapi/wrapper.py orderStatus).
 */
import { fireEvent, screen, within } from '@testing-library/react';
import { beforeEach, expect, it } from 'vitest';
import { openOrder, ordersBook } from './fixtures.ts';
import { renderApp, settle } from './render.tsx';

const headers = () => within(screen.getByTestId('open-orders')).getAllByRole('columnheader').map((h) => h.textContent?.replace(/[▲▼]/g, '').trim());
const cell = (id: number, name: string) => screen.getByTestId(`order-row-${id}`).querySelectorAll('td')[headers().indexOf(name)]?.textContent;

beforeEach(() => localStorage.clear());

it('a held order shows IB’s reason in its status cell; an order nothing holds shows its status alone', async () => {
  const r = await renderApp({ connected: true });
  r.api.publish('orders', ordersBook({
    open: [
      openOrder(201, { symbol: 'TSLA', side: 'SELL', status: 'PreSubmitted', whyHeld: 'locate' }),
      openOrder(202, { symbol: 'AAPL', status: 'PreSubmitted', whyHeld: '' }),
    ],
  }));
  fireEvent.keyDown(window, { key: '2', ctrlKey: true });
  await settle();
  expect(cell(201, 'Status')).toBe('PreSubmitted — held: locate');
  expect(cell(202, 'Status')).toBe('PreSubmitted');

  // The next orderStatus carries no reason: the cell says so at once.
  r.api.publish('orders', ordersBook({ open: [openOrder(201, { symbol: 'TSLA', side: 'SELL', status: 'Submitted' })] }));
  await settle();
  expect(cell(201, 'Status')).toBe('Submitted');
});
