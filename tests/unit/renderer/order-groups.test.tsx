// @vitest-environment happy-dom
/**
 * The ticket's order-type section (attached bracket / trailing stop, every time in force with GTD's date)
 * and the blotter's grouping of a bracket's children under their parent with their OCA group.
 */
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { OrderTicket } from '../../../electron/core/contract.ts';
import { openOrder, ordersBook } from './fixtures.ts';
import { callsOf, renderApp, settle } from './render.tsx';

async function ordersScreen() {
  const r = await renderApp({ connected: true });
  fireEvent.keyDown(window, { key: '2', ctrlKey: true });
  await settle();
  return r;
}
const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

function fillEntry() {
  type('Symbol', 'AAPL');
  type('Quantity', '100');
  type('Limit price', '180');
}

describe('ticket: attached orders', () => {
  it('a bracket asks for its take-profit and stop-loss, then previews and places all legs as one ticket', async () => {
    const r = await ordersScreen();
    fillEntry();
    type('Attached orders', 'bracket');
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await settle();
    expect(callsOf(r.api, 'orders.preview')).toHaveLength(0);
    expect(screen.getByText('Enter the take-profit limit price')).toBeTruthy();
    expect(screen.getByText('Enter the stop-loss stop price')).toBeTruthy();

    type('Take-profit (SELL limit)', '190');
    type('Stop-loss (SELL stop)', '175');
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await settle();
    const sent = callsOf(r.api, 'orders.preview')[0] as OrderTicket;
    expect(sent.attached).toEqual({ takeProfit: '190', stopLoss: '175' });
    const legs = within(screen.getByTestId('preview-legs'));
    expect(legs.getByText('This sends 3 orders, checked as one')).toBeTruthy();
    expect(legs.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'BUY 100 AAPL LMT @ 180 DAY',
      'Take-profit: SELL 100 LMT @ 190',
      'Stop-loss: SELL 100 STP 175',
    ]);

    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await settle();
    expect((callsOf(r.api, 'orders.place')[0] as OrderTicket).attached).toEqual({ takeProfit: '190', stopLoss: '175' });
  });

  it('an attached trailing stop takes an amount or a percent, not both', async () => {
    const r = await ordersScreen();
    fillEntry();
    type('Attached orders', 'trailing');
    type('Trailing stop amount (SELL)', '1.5');
    type('or trailing percent (SELL)', '2');
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await settle();
    expect(screen.getByText('Use either a trailing amount or a percent, not both')).toBeTruthy();
    type('Trailing stop amount (SELL)', '');
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await settle();
    expect((callsOf(r.api, 'orders.preview')[0] as OrderTicket).attached).toEqual({ trailPercent: '2' });
  });
});

describe('ticket: time in force', () => {
  it('offers every TIF IB takes; GTD asks for its date and sends it as the instant', async () => {
    const r = await ordersScreen();
    const tif = screen.getByLabelText('Time in force') as HTMLSelectElement;
    expect([...tif.options].map((o) => o.value)).toEqual(['DAY', 'GTC', 'IOC', 'GTD', 'FOK', 'OPG']);
    fillEntry();
    type('Time in force', 'GTD');
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await settle();
    expect(callsOf(r.api, 'orders.preview')).toHaveLength(0);
    expect(screen.getByText('Pick the date and time the order expires')).toBeTruthy();
    type('Good till (your local time)', '2026-12-31T16:00');
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await settle();
    expect(callsOf(r.api, 'orders.preview')[0]).toMatchObject({ tif: 'GTD', goodTillDate: new Date('2026-12-31T16:00').getTime() });
  });

  it('outside regular hours stays a switch on the ticket', async () => {
    const r = await ordersScreen();
    fillEntry();
    type('Time in force', 'IOC');
    fireEvent.click(screen.getByRole('checkbox', { name: /Outside regular hours/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await settle();
    expect(callsOf(r.api, 'orders.preview')[0]).toMatchObject({ tif: 'IOC', outsideRth: true });
  });
});

describe('blotter: order groups', () => {
  it("shows a bracket's children indented under their parent with the OCA group, and folds them away", async () => {
    const r = await ordersScreen();
    r.api.publish('orders', ordersBook({
      open: [
        openOrder(203, { side: 'SELL', type: 'STP', limitPrice: null, stopPrice: '175.00', parentId: 201, ocaGroup: 'bracket-201', status: 'PreSubmitted' }),
        openOrder(210, { symbol: 'MSFT' }),
        openOrder(202, { side: 'SELL', limitPrice: '190.00', parentId: 201, ocaGroup: 'bracket-201', status: 'PreSubmitted' }),
        openOrder(201),
      ],
    }));
    await settle();
    const table = within(screen.getByTestId('open-orders'));
    const ids = () => table.getAllByRole('row').slice(1).map((row) => row.getAttribute('data-testid'));
    expect(ids()).toEqual(['order-row-201', 'order-row-202', 'order-row-203', 'order-row-210']);
    const child = screen.getByTestId('order-row-202');
    expect(child.className).toContain('child-row');
    expect(child.getAttribute('data-parent')).toBe('201');
    expect(within(child).getByLabelText('attached to order 201')).toBeTruthy();
    expect(within(child).getByText('OCA bracket-201')).toBeTruthy();
    expect(within(screen.getByTestId('order-row-210')).queryByText(/OCA/)).toBeNull();

    const toggle = table.getByRole('button', { name: 'Hide the 2 orders attached to order 201' });
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(toggle);
    await settle();
    expect(ids()).toEqual(['order-row-201', 'order-row-210']);
    expect(table.getByRole('button', { name: 'Show the 2 orders attached to order 201' }).getAttribute('aria-expanded')).toBe('false');
  });
});

describe('ticket: OCA group', () => {
  it('places an order into a named OCA group with the chosen type, and keeps the group for the next order', async () => {
    const r = await ordersScreen();
    fillEntry();
    expect(screen.queryByLabelText('When one fills')).toBeNull();
    type('OCA group', '  exit-AAPL ');
    type('When one fills', '2');
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await settle();
    expect(callsOf(r.api, 'orders.place')[0]).toMatchObject({ ocaGroup: 'exit-AAPL', ocaType: 2 });
    expect((screen.getByLabelText('OCA group') as HTMLInputElement).value).toBe('  exit-AAPL ');
    expect((screen.getByLabelText('Quantity') as HTMLInputElement).value).toBe('');
  });

  it('a group name with characters IB does not take shows the field error and sends nothing', async () => {
    const r = await ordersScreen();
    fillEntry();
    type('OCA group', 'exit–AAPL');
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await settle();
    expect(screen.getByText('Use letters, digits, spaces and plain punctuation only (up to 64)')).toBeTruthy();
    expect(callsOf(r.api, 'orders.preview')).toHaveLength(0);
    expect(callsOf(r.api, 'orders.place')).toHaveLength(0);
  });

  it('an order without a group name sends no OCA fields, and a bracket leaves the group to its own children', async () => {
    const r = await ordersScreen();
    fillEntry();
    type('Attached orders', 'bracket');
    expect((screen.getByLabelText('OCA group') as HTMLInputElement).disabled).toBe(true);
    type('Attached orders', 'none');
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await settle();
    const sent = callsOf(r.api, 'orders.preview')[0] as OrderTicket;
    expect(sent.ocaGroup).toBeUndefined();
    expect(sent.ocaType).toBeUndefined();
  });
});
