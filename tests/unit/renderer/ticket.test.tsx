// @vitest-environment happy-dom
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../electron/core/risk/rules.ts';
import { callsOf, renderApp, settle, renderOrders as openOrders, typeInto as type } from './render.tsx';

const pickType = (value: string) => fireEvent.change(screen.getByLabelText('Order type'), { target: { value } });

describe('order ticket', () => {
  it('shows only the price fields each order type needs', async () => {
    await openOrders();
    const fields = () =>
      ['Limit price', 'Stop price', 'Trailing amount', 'Trailing percent'].filter((l) => screen.queryByLabelText(l) !== null);
    pickType('MKT');
    expect(fields()).toEqual([]);
    pickType('LMT');
    expect(fields()).toEqual(['Limit price']);
    pickType('STP');
    expect(fields()).toEqual(['Stop price']);
    pickType('STP LMT');
    expect(fields()).toEqual(['Limit price', 'Stop price']);
    pickType('TRAIL');
    expect(fields()).toEqual(['Trailing amount', 'Trailing percent']);
  });

  it('blocks Preview while required fields are missing and says which', async () => {
    const r = await openOrders();
    pickType('STP LMT');
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await settle();
    expect(callsOf(r.api, 'orders.preview')).toHaveLength(0);
    const symbol = screen.getByLabelText('Symbol');
    expect(symbol.getAttribute('aria-invalid')).toBe('true');
    // The message is tied to its field for screen readers.
    const described = symbol.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent ?? '');
    expect(described.join(' ')).toMatch(/Enter a symbol/);
    expect(screen.getByText('Enter how many shares')).toBeTruthy();
    expect(screen.getByText(/Enter a limit price/)).toBeTruthy();
    expect(screen.getByText(/Enter a stop price/)).toBeTruthy();

    type('Symbol', 'aapl');
    type('Quantity', '0');
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await settle();
    expect(screen.getByText(/quantity above 0/)).toBeTruthy();
    expect(callsOf(r.api, 'orders.preview')).toHaveLength(0);
  });

  it('asks for one of trailing amount or percent', async () => {
    const r = await openOrders();
    type('Symbol', 'AAPL');
    type('Quantity', '10');
    pickType('TRAIL');
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await settle();
    expect(screen.getByText('Enter a trailing amount or a trailing percent')).toBeTruthy();
    type('Trailing percent', '2');
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await settle();
    const sent = callsOf(r.api, 'orders.preview')[0] as Record<string, unknown>;
    expect(sent).toMatchObject({ symbol: 'AAPL', type: 'TRAIL', trailPercent: '2', quantity: '10' });
    expect(sent.limitPrice).toBeUndefined();
    expect(sent.trailAmount).toBeUndefined();
  });

  it('previews with what-if and each rule outcome', async () => {
    await openOrders();
    type('Symbol', 'AAPL');
    type('Quantity', '50');
    type('Limit price', '188.50');
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await settle();
    expect(screen.getByTestId('verdict').textContent).toMatch(/Passes/);
    const rules = screen.getByTestId('rules');
    // Rules by their human names, the same words as the limit on the Risk screen; never the internal id.
    expect(within(rules).getByText('Max order size')).toBeTruthy();
    expect(within(rules).queryByText('order-qty')).toBeNull();
    // One line per rule core checks, every one passed.
    expect(within(rules).getAllByRole('img', { name: 'passed' }).length).toBe(RULES.length);
    expect(within(rules).getByText('Valued at the last price $189.25.')).toBeTruthy();
  });

  it('shows the lookup name, or the error with its hint', async () => {
    await openOrders();
    type('Symbol', 'AAPL');
    fireEvent.blur(screen.getByLabelText('Symbol'));
    await settle();
    expect(screen.getByTestId('lookup-name').textContent).toContain('APPLE INC');
    type('Symbol', 'ZZZZ');
    fireEvent.blur(screen.getByLabelText('Symbol'));
    await settle();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('No stock called ZZZZ');
    expect(alert.textContent).toContain('Check the ticker');
  });

  it('shows the risk refusal reasons in a visible alert', async () => {
    const r = await openOrders();
    type('Symbol', 'AAPL');
    type('Quantity', '5000');
    type('Limit price', '188');
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await settle();
    const refusal = screen.getByTestId('refusal');
    expect(refusal.getAttribute('role')).toBe('alert');
    expect(refusal.textContent).toContain('Order for 5,000 shares is above your max order size of 1,000.');
    expect(refusal.textContent).toContain('Order value $946,250 is above your max order value of $50,000.');
    expect(r.stores.orders.getState().snapshot?.open).toHaveLength(0);
  });

  it('a refused order costs one round trip: the refusal carries the verdict and the what-if (no second preview)', async () => {
    const r = await openOrders();
    type('Symbol', 'AAPL');
    type('Quantity', '5000');
    type('Limit price', '188');
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await settle();
    expect(screen.getByTestId('refusal').textContent).toContain('Order for 5,000 shares is above your max order size of 1,000.');
    expect(callsOf(r.api, 'orders.place')).toHaveLength(1);
    expect(callsOf(r.api, 'orders.preview')).toHaveLength(0);
    // The what-if still shows (commission for 5000 shares: $25.00).
    expect(screen.getByText('Commission')).toBeTruthy();
    expect(screen.getByText('$25.00')).toBeTruthy();
  });

  it('in live mode a refused order is one preview and nothing sent', async () => {
    const r = await openOrders({ connected: true, mode: 'live' });
    type('Symbol', 'AAPL');
    type('Quantity', '5000');
    type('Limit price', '188');
    fireEvent.click(screen.getByRole('button', { name: 'Place LIVE order' }));
    await settle();
    expect(screen.getByTestId('refusal').textContent).toContain('Order for 5,000 shares is above your max order size of 1,000.');
    expect(callsOf(r.api, 'orders.preview')).toHaveLength(1);
    expect(callsOf(r.api, 'orders.place')).toHaveLength(0);
  });

  it('places an order and lists it as open; modify and cancel work on the row', async () => {
    const r = await openOrders();
    type('Symbol', 'AAPL');
    type('Quantity', '50');
    type('Limit price', '188.50');
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await settle();
    expect(screen.getByTestId('ticket-result').textContent).toContain('Order 101 sent: BUY 50 AAPL LMT @ 188.50');
    const row = screen.getByTestId('order-row-101');
    fireEvent.click(within(row).getByRole('button', { name: 'Modify order 101' }));
    fireEvent.change(screen.getByLabelText('New quantity for order 101'), { target: { value: '75' } });
    fireEvent.change(screen.getByLabelText('New limit price for order 101'), { target: { value: '187.25' } });
    fireEvent.click(within(row).getByRole('button', { name: 'Save' }));
    await settle();
    expect(callsOf(r.api, 'orders.modify')[0]).toMatchObject({ orderId: 101, ticket: { quantity: '75', limitPrice: '187.25', type: 'LMT' } });
    // Quantity and remaining both show the new size.
    expect(within(screen.getByTestId('order-row-101')).getAllByText('75')).toHaveLength(2);
    fireEvent.click(within(screen.getByTestId('order-row-101')).getByRole('button', { name: 'Cancel order 101' }));
    await settle();
    expect(callsOf(r.api, 'orders.cancel')).toEqual([{ orderId: 101, clientId: 1 }]);
    expect(screen.queryByTestId('order-row-101')).toBeNull();
  });

  it('asks before cancelling all orders', async () => {
    const r = await openOrders();
    type('Symbol', 'AAPL');
    type('Quantity', '10');
    type('Limit price', '180');
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel all' }));
    const dialog = screen.getByRole('dialog');
    expect(callsOf(r.api, 'orders.cancelAll')).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: /Cancel all 1 orders/ }));
    await settle();
    expect(callsOf(r.api, 'orders.cancelAll')).toHaveLength(1);
  });

  it('in live mode asks to confirm, then re-sends with confirmed:true', async () => {
    const r = await openOrders({ connected: true, mode: 'live' });
    type('Symbol', 'AAPL');
    type('Quantity', '100');
    type('Limit price', '189');
    fireEvent.click(screen.getByRole('button', { name: 'Place LIVE order' }));
    await settle();
    const dialog = screen.getByRole('dialog', { name: 'Confirm live order' });
    // Valued at the worse of its limit and the market (189.25), and "at or above" the threshold, as core says.
    expect(dialog.textContent).toContain('Live order worth $18,925 is at or above your $10,000 confirmation threshold');
    expect(callsOf(r.api, 'orders.place')).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Send live order' }));
    await settle();
    expect(callsOf(r.api, 'orders.place')).toEqual([expect.objectContaining({ confirmed: true, symbol: 'AAPL' })]);
    expect(screen.getByTestId('order-row-101')).toBeTruthy();
  });

  it('prefills a closing order from a position row', async () => {
    await renderApp({ connected: true });
    fireEvent.click(screen.getByRole('button', { name: 'Close TSLA' }));
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Close TSLA?' })).getByRole('button', { name: 'Edit in ticket' }));
    await settle();
    expect((screen.getByLabelText('Symbol') as HTMLInputElement).value).toBe('TSLA');
    expect((screen.getByLabelText('Quantity') as HTMLInputElement).value).toBe('20');
    expect(screen.getByRole('button', { name: 'BUY' }).getAttribute('aria-pressed')).toBe('true');
    expect((screen.getByLabelText('Order type') as HTMLSelectElement).value).toBe('MKT');
  });

  it('N opens the ticket with the symbol focused; Ctrl+1..6 switch screens', async () => {
    await renderApp({ connected: true });
    fireEvent.keyDown(window, { key: 'n' });
    await settle();
    expect(document.activeElement).toBe(screen.getByLabelText('Symbol'));
    fireEvent.keyDown(window, { key: '3', ctrlKey: true });
    await settle();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Risk');
    fireEvent.keyDown(window, { key: '6', metaKey: true });
    await settle();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Settings');
  });
});

describe('one keypress, one order', () => {
  async function filled() {
    const r = await openOrders();
    type('Symbol', 'AAPL');
    type('Quantity', '10');
    type('Limit price', '1.00');
    return r;
  }
  const ctrlEnter = (extra: Record<string, unknown> = {}) =>
    fireEvent.keyDown(screen.getByRole('form', { name: 'Order ticket' }), { key: 'Enter', ctrlKey: true, ...extra });

  it('Ctrl+Enter pressed twice while Sending… sends one order', async () => {
    const r = await filled();
    ctrlEnter();
    ctrlEnter();
    await settle();
    expect(callsOf(r.api, 'orders.place')).toHaveLength(1);
  });

  it('a held Ctrl+Enter (key repeat) sends one order', async () => {
    const r = await filled();
    ctrlEnter();
    ctrlEnter({ repeat: true });
    ctrlEnter({ repeat: true });
    await settle();
    expect(callsOf(r.api, 'orders.place')).toHaveLength(1);
  });

  it('a click then Ctrl+Enter while sending is one order, and each intent carries its own key', async () => {
    const r = await filled();
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    ctrlEnter();
    await settle();
    // The send cleared the quantity; a new size is a new intent (the same size again would ask first).
    type('Quantity', '12');
    ctrlEnter();
    await settle();
    const calls = callsOf(r.api, 'orders.place') as { intentId?: string }[];
    expect(calls).toHaveLength(2);
    expect(calls[0]!.intentId).toMatch(/^[A-Za-z0-9-]{8,64}$/);
    expect(calls[1]!.intentId).not.toBe(calls[0]!.intentId);
  });
});
