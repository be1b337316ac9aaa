// @vitest-environment happy-dom
import { fireEvent, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Quote } from '../../../electron/core/contract.ts';
import { HOTKEY_ACTIONS } from '../../../electron/core/contract/constants.ts';
import { openOrder, ordersBook } from './fixtures.ts';
import { callsOf, renderApp, settle } from './render.tsx';

const quote = (symbol: string, bid: number, ask: number): Quote => ({
  symbol, bid, bidSize: 300, ask, askSize: 500, last: (bid + ask) / 2, lastSize: 100, close: null, high: null, low: null, delayed: false, problem: null,
});

/** A key press on the page (not in a field), as a trader would press it. */
const press = (key: string, mods: { shift?: boolean; ctrl?: boolean } = {}) =>
  fireEvent.keyDown(document.body, { key, code: /^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : '', shiftKey: !!mods.shift, ctrlKey: !!mods.ctrl });

async function desk(opts: Parameters<typeof renderApp>[0] = { connected: true }) {
  const r = await renderApp(opts);
  r.api.publish('orders', ordersBook({ open: [openOrder(101, { quantity: '10' }), openOrder(104, { symbol: 'MSFT', side: 'SELL', quantity: '5' })] }));
  r.api.publish('quotes', { AAPL: quote('AAPL', 189.2, 189.3) });
  await settle();
  return r;
}
const ticketValue = (label: string) => (screen.getByLabelText(label) as HTMLInputElement).value;

describe('desk hotkeys', () => {
  beforeEach(() => localStorage.clear());

  it('? opens the help overlay listing every binding, with whether it asks first', async () => {
    await desk();
    press('?');
    const help = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    for (const a of HOTKEY_ACTIONS) {
      const row = within(help).getByTestId(`help-${a.id}`);
      expect(row.textContent).toContain(a.label);
      expect(row.textContent).toContain(a.default);
    }
    expect(within(help).getByTestId('help-cancelAll').textContent).toContain('yes');
    expect(help.textContent).toContain('New order');
    fireEvent.keyDown(help, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('Shift+B fills the ticket to buy at the ask, and sends nothing', async () => {
    const r = await desk();
    r.stores.orders.getState().setField('symbol', 'AAPL');
    press('B', { shift: true });
    await settle();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Orders');
    expect(screen.getByRole('button', { name: 'BUY' }).getAttribute('aria-pressed')).toBe('true');
    expect((screen.getByLabelText('Order type') as HTMLSelectElement).value).toBe('LMT');
    expect(ticketValue('Limit price')).toBe('189.30');
    expect(ticketValue('Symbol')).toBe('AAPL');
    expect(callsOf(r.api, 'orders.place')).toHaveLength(0);
  });

  it('Shift+S fills the ticket to sell at the bid', async () => {
    const r = await desk();
    r.stores.orders.getState().setField('symbol', 'AAPL');
    press('S', { shift: true });
    await settle();
    expect(screen.getByRole('button', { name: 'SELL' }).getAttribute('aria-pressed')).toBe('true');
    expect(ticketValue('Limit price')).toBe('189.20');
  });

  it('buy at the ask with no price yet says so instead of guessing', async () => {
    const r = await desk();
    r.stores.orders.getState().setField('symbol', 'TSLA');
    press('B', { shift: true });
    await settle();
    expect(screen.getByText('No ask for TSLA yet.')).toBeTruthy();
  });

  it('Shift+C asks, then cancels the last order (the newest still working)', async () => {
    const r = await desk();
    press('C', { shift: true });
    const dialog = screen.getByRole('dialog', { name: 'Cancel order 104?' });
    expect(within(dialog).getByTestId('hotkey-confirm').textContent).toContain('SELL 5 MSFT LMT');
    expect(callsOf(r.api, 'orders.cancel')).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: /^Yes/ }));
    await settle();
    expect(callsOf(r.api, 'orders.cancel')).toEqual([{ orderId: 104, clientId: 1 }]);
  });

  it('with "ask first" off, Shift+C cancels at once', async () => {
    const r = await desk({ connected: true, preferences: { hotkeys: { bindings: {}, confirm: { cancelLast: false } } } });
    press('C', { shift: true });
    await settle();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(callsOf(r.api, 'orders.cancel')).toEqual([{ orderId: 104, clientId: 1 }]);
  });

  it('Shift+X asks, then cancels all; "Don’t" cancels nothing', async () => {
    const r = await desk();
    press('X', { shift: true });
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Cancel all open orders?' })).getByRole('button', { name: 'Don’t' }));
    await settle();
    expect(callsOf(r.api, 'orders.cancelAll')).toHaveLength(0);
    press('X', { shift: true });
    const dialog = screen.getByRole('dialog', { name: 'Cancel all open orders?' });
    expect(dialog.textContent).toContain('all 2 open orders');
    fireEvent.click(within(dialog).getByRole('button', { name: /^Yes/ }));
    await settle();
    expect(callsOf(r.api, 'orders.cancelAll')).toHaveLength(1);
  });

  it('Shift+F flattens the selected position with the exact order shown first, through orders.place', async () => {
    const r = await desk();
    press('F', { shift: true });
    await settle();
    expect(screen.getByText(/Select a position on the Dashboard first/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Select TSLA' }));
    expect(screen.getByRole('button', { name: 'Select TSLA' }).getAttribute('aria-pressed')).toBe('true');
    press('F', { shift: true });
    const dialog = screen.getByRole('dialog', { name: 'Flatten TSLA?' });
    expect(within(dialog).getByTestId('hotkey-confirm').textContent).toContain('BUY 20 TSLA MKT DAY');
    expect(callsOf(r.api, 'orders.place')).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: /^Yes/ }));
    await settle();
    expect(callsOf(r.api, 'orders.place')).toEqual([expect.objectContaining({ symbol: 'TSLA', side: 'BUY', quantity: '20', type: 'MKT' })]);
  });

  it('hotkeys stay quiet while typing in a field', async () => {
    const r = await desk();
    fireEvent.keyDown(window, { key: '2', ctrlKey: true });
    await settle();
    fireEvent.keyDown(screen.getByLabelText('Symbol'), { key: 'X', code: 'KeyX', shiftKey: true });
    await settle();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(callsOf(r.api, 'orders.cancelAll')).toHaveLength(0);
  });
});

describe('Settings → Hotkeys', () => {
  async function settings() {
    const r = await desk();
    fireEvent.keyDown(window, { key: '6', ctrlKey: true });
    await settle();
    return r;
  }
  const change = (id: string, label: string) =>
    fireEvent.click(within(screen.getByTestId(`hotkey-${id}`)).getByRole('button', { name: `Change the hotkey for ${label}` }));
  const recorder = (id: string) => within(screen.getByTestId(`hotkey-${id}`)).getByRole('button', { name: /Press the new keys/ });
  const saves = (r: Awaited<ReturnType<typeof desk>>) => callsOf(r.api, 'settings.setPreferences').filter((p) => 'hotkeys' in (p as object));

  it('a clash with another hotkey is refused with a clear message and nothing is saved', async () => {
    const r = await settings();
    change('buyAsk', 'Buy at the ask (fills the ticket)');
    fireEvent.keyDown(recorder('buyAsk'), { key: 'S', code: 'KeyS', shiftKey: true });
    await settle();
    expect(within(screen.getByTestId('hotkey-buyAsk')).getByRole('alert').textContent).toBe(
      'Shift+S is already the hotkey for “Sell at the bid (fills the ticket)”. Change that one first, or choose another combination.',
    );
    expect(saves(r)).toHaveLength(0);
  });

  it('a key Gatehouse itself uses is refused too', async () => {
    const r = await settings();
    change('cancelAll', 'Cancel all open orders');
    fireEvent.keyDown(recorder('cancelAll'), { key: '1', code: 'Digit1', ctrlKey: true });
    await settle();
    expect(within(screen.getByTestId('hotkey-cancelAll')).getByRole('alert').textContent).toMatch(/^Ctrl\+1 is already Gatehouse's key for Dashboard/);
    expect(saves(r)).toHaveLength(0);
  });

  it('a new binding is saved in preferences and works at once; the old one stops', async () => {
    const r = await settings();
    change('cancelAll', 'Cancel all open orders');
    fireEvent.keyDown(recorder('cancelAll'), { key: 'K', code: 'KeyK', ctrlKey: true, shiftKey: true });
    await settle();
    expect(saves(r).at(-1)).toEqual({ hotkeys: { bindings: { cancelAll: 'Ctrl+Shift+K' }, confirm: {} } });
    press('X', { shift: true });
    expect(screen.queryByRole('dialog')).toBeNull();
    fireEvent.keyDown(document.body, { key: 'K', code: 'KeyK', ctrlKey: true, shiftKey: true });
    expect(screen.getByRole('dialog', { name: 'Cancel all open orders?' })).toBeTruthy();
  });

  it('the ask-first switch of a destructive hotkey is saved', async () => {
    const r = await settings();
    fireEvent.click(within(screen.getByTestId('hotkey-flatten')).getByLabelText('Ask first'));
    await settle();
    expect(saves(r).at(-1)).toEqual({ hotkeys: { bindings: {}, confirm: { flatten: false } } });
    expect(within(screen.getByTestId('hotkey-buyAsk')).queryByLabelText('Ask first')).toBeNull();
  });
});
