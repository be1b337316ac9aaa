// @vitest-environment happy-dom
import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { callsOf, settle, renderOrders as openOrders, typeInto as type } from './render.tsx';

const value = (label: string) => (screen.getByLabelText(label) as HTMLInputElement).value;
const place = () => fireEvent.click(screen.getByRole('button', { name: /^Place/ }));

async function sendSell(qty: string) {
  fireEvent.click(screen.getByRole('button', { name: 'SELL' }));
  type('Symbol', 'MSFT');
  type('Quantity', qty);
  type('Limit price', '420.50');
  place();
  await settle();
}

describe('the ticket after a send', () => {
  // Only Date is faked: the 'a few seconds' window runs on a clock the test moves, timers stay real.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2026, 11, 1, 15, 0, 0));
  });
  afterEach(() => vi.useRealTimers());

  it('clears the quantity and keeps symbol, side and price, so one more click cannot send the same order', async () => {
    const r = await openOrders();
    await sendSell('30');
    expect(callsOf(r.api, 'orders.place')).toHaveLength(1);
    expect(value('Quantity')).toBe('');
    expect(value('Symbol')).toBe('MSFT');
    expect(screen.getByRole('button', { name: 'SELL' }).getAttribute('aria-pressed')).toBe('true');
    expect(value('Limit price')).toBe('420.50');
    place();
    await settle();
    expect(callsOf(r.api, 'orders.place')).toHaveLength(1);
    expect(screen.getByText('Enter how many shares')).toBeTruthy();
  });

  it('a second identical order within a few seconds asks first; "Don’t send" sends nothing', async () => {
    const r = await openOrders();
    await sendSell('30');
    vi.setSystemTime(Date.now() + 2_000);
    type('Quantity', '30');
    place();
    await settle();
    const dialog = screen.getByRole('dialog', { name: 'Send the same order again?' });
    expect(within(dialog).getByTestId('repeat-order').textContent).toBe('SELL 30 MSFT LMT @ 420.50 DAY');
    expect(dialog.textContent).toContain('2 seconds ago');
    expect(callsOf(r.api, 'orders.place')).toHaveLength(1);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Don’t send' }));
    await settle();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(callsOf(r.api, 'orders.place')).toHaveLength(1);
  });

  it('confirming the repeat sends it once, with a fresh intent key', async () => {
    const r = await openOrders();
    await sendSell('30');
    type('Quantity', '30');
    place();
    await settle();
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Send it again' }));
    await settle();
    const calls = callsOf(r.api, 'orders.place') as { intentId: string; quantity: string }[];
    expect(calls).toHaveLength(2);
    expect(calls[1]!.quantity).toBe('30');
    expect(calls[1]!.intentId).not.toBe(calls[0]!.intentId);
    expect(screen.getByTestId('order-row-102')).toBeTruthy();
  });

  it('does not ask for a different quantity, or for the same order once the window has passed', async () => {
    const r = await openOrders();
    await sendSell('30');
    type('Quantity', '31');
    place();
    await settle();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(callsOf(r.api, 'orders.place')).toHaveLength(2);
    vi.setSystemTime(Date.now() + 10_000);
    type('Quantity', '31');
    place();
    await settle();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(callsOf(r.api, 'orders.place')).toHaveLength(3);
  });
});
