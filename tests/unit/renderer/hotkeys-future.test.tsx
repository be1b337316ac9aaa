// @vitest-environment happy-dom
/**
 * Bid/ask hotkeys on a selected future position (issue 17): the ticket opens on the same instrument — a
 * future, its month, its exchange — at that month's quote. It used to take the symbol alone, so "ES" opened
 * a stock ticket with no price (or, typed as a future, the front month: another contract than the one held).
 */
import { fireEvent, screen, within } from '@testing-library/react';
import { beforeEach, expect, it } from 'vitest';
import type { Position, Quote } from '../../../electron/core/contract.ts';
import { makeAccount } from './fake-api.ts';
import { callsOf, renderApp, settle } from './render.tsx';

const quote = (symbol: string, bid: number, ask: number, lastTradeDateOrContractMonth: string): Quote => ({
  symbol, secType: 'FUT', lastTradeDateOrContractMonth, multiplier: 50, bid, bidSize: 12, ask, askSize: 9, last: bid, lastSize: 1,
  close: null, high: null, low: null, delayed: false, problem: null,
});

// Mar 2027, the second listed month: the front month (Dec 2026) trades at another price.
const esMarch: Position = {
  account: 'DU1234567', conId: 495202703, symbol: 'ES', secType: 'FUT', exchange: 'CME', currency: 'USD',
  lastTradeDateOrContractMonth: '20270319', localSymbol: 'ESH7', multiplier: '50', quantity: '2', avgCost: '296250',
  marketPrice: '5970', marketValue: '597000', unrealizedPnl: '500', realizedPnl: '0',
};

const press = (key: string) => fireEvent.keyDown(document.body, { key, code: `Key${key}`, shiftKey: true });

async function heldMarch() {
  const r = await renderApp({ connected: true });
  r.api.publish('account', { ...makeAccount('DU1234567', Date.now()), positions: [esMarch] });
  r.api.publish('quotes', { 'ES 20261218': quote('ES', 5925, 5925.25, '20261218'), 'ES 20270319': quote('ES', 5970.5, 5970.75, '20270319') });
  await settle();
  fireEvent.click(screen.getByRole('button', { name: 'Select ESH7' }));
  return r;
}

beforeEach(() => localStorage.clear());

it('Shift+B on a selected ES March position opens a future ticket on March at March’s ask, and sends nothing', async () => {
  const r = await heldMarch();
  press('B');
  await settle();
  expect((screen.getByLabelText('Instrument') as HTMLSelectElement).value).toBe('FUT');
  expect((screen.getByLabelText('Symbol') as HTMLInputElement).value).toBe('ES');
  expect((screen.getByLabelText('Expiry') as HTMLSelectElement).value).toBe('20270319');
  expect((screen.getByLabelText('Limit price') as HTMLInputElement).value).toBe('5970.75');
  expect(screen.getByRole('button', { name: 'BUY' }).getAttribute('aria-pressed')).toBe('true');
  expect(callsOf(r.api, 'orders.place')).toHaveLength(0);

  fireEvent.change(screen.getByLabelText('Quantity'), { target: { value: '1' } });
  fireEvent.click(screen.getByRole('button', { name: /^Preview/ }));
  await settle();
  expect(callsOf(r.api, 'orders.preview').at(-1)).toMatchObject({
    symbol: 'ES', secType: 'FUT', exchange: 'CME', lastTradeDateOrContractMonth: '20270319', side: 'BUY', type: 'LMT', limitPrice: '5970.75',
  });
});

it('Shift+S sells at that month’s bid; Shift+F names the month it flattens', async () => {
  await heldMarch();
  press('S');
  await settle();
  expect((screen.getByLabelText('Expiry') as HTMLSelectElement).value).toBe('20270319');
  expect((screen.getByLabelText('Limit price') as HTMLInputElement).value).toBe('5970.50');
  press('F');
  const dialog = screen.getByRole('dialog', { name: 'Flatten ESH7?' });
  expect(within(dialog).getByTestId('hotkey-confirm').textContent).toContain('SELL 2 ESH7 MKT DAY');
});
