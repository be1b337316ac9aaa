// @vitest-environment happy-dom
/**
 * Closing a future (issue 17): the position carries its contract month, so "Close" sends the closing order on
 * that month and "Edit in ticket" opens a future ticket on it — not a stock ticket for "ES", which the Gateway
 * cannot place, nor the front month, which would open a second position instead of closing this one.
 */
import { fireEvent, screen, within } from '@testing-library/react';
import { beforeEach, expect, it } from 'vitest';
import type { Position } from '../../../electron/core/contract.ts';
import { makeAccount } from './fake-api.ts';
import { callsOf, renderApp, settle } from './render.tsx';

// Mar 2027: the second listed month, so the front month (Dec 2026) preselected would be the wrong one.
const esMarch: Position = {
  account: 'DU1234567',
  conId: 495202703,
  symbol: 'ES',
  secType: 'FUT',
  currency: 'USD',
  lastTradeDateOrContractMonth: '20270319',
  localSymbol: 'ESH7',
  multiplier: '50',
  quantity: '2',
  avgCost: '296250',
  marketPrice: '5930',
  marketValue: '593000',
  unrealizedPnl: '500',
  realizedPnl: '0',
};

async function withFuture() {
  const r = await renderApp({ connected: true });
  const base = makeAccount('DU1234567', Date.now());
  r.api.publish('account', { ...base, positions: [esMarch] });
  await settle();
  return r;
}

beforeEach(() => localStorage.clear());

it('Close on a future position sends the closing order on the position’s own month', async () => {
  const r = await withFuture();
  fireEvent.click(screen.getByRole('button', { name: 'Close ESH7' }));
  const dialog = screen.getByRole('dialog', { name: 'Close ESH7?' });
  fireEvent.click(within(dialog).getByRole('button', { name: 'Send SELL 2 ESH7' }));
  await settle();
  expect(callsOf(r.api, 'orders.place')).toEqual([
    expect.objectContaining({ symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: '20270319', side: 'SELL', quantity: '2', type: 'MKT' }),
  ]);
});

it('Close on a future position names the contract held by its conId, so core routes it to that one listing', async () => {
  const r = await withFuture();
  fireEvent.click(screen.getByRole('button', { name: 'Close ESH7' }));
  fireEvent.click(within(screen.getByRole('dialog', { name: 'Close ESH7?' })).getByRole('button', { name: 'Send SELL 2 ESH7' }));
  await settle();
  expect(callsOf(r.api, 'orders.place')).toEqual([expect.objectContaining({ symbol: 'ES', secType: 'FUT', conId: 495202703 })]);
});

it('"Edit in ticket" on a future position opens a future ticket on that month, and the ticket sends that month', async () => {
  const r = await withFuture();
  fireEvent.click(screen.getByRole('button', { name: 'Close ESH7' }));
  fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Edit in ticket' }));
  await settle();
  expect((screen.getByLabelText('Instrument') as HTMLSelectElement).value).toBe('FUT');
  expect((screen.getByLabelText('Symbol') as HTMLInputElement).value).toBe('ES');
  expect((screen.getByLabelText('Expiry') as HTMLSelectElement).value).toBe('20270319');
  expect((screen.getByLabelText('Quantity') as HTMLInputElement).value).toBe('2');
  expect(screen.getByRole('button', { name: 'SELL' }).getAttribute('aria-pressed')).toBe('true');
  expect(callsOf(r.api, 'orders.place')).toHaveLength(0);

  fireEvent.click(screen.getByRole('button', { name: /^Preview/ }));
  await settle();
  expect(callsOf(r.api, 'orders.preview').at(-1)).toMatchObject({ symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: '20270319', side: 'SELL', quantity: '2' });
});

it('two months of one future are two rows a trader can tell apart, and Close names the month it sends', async () => {
  const r = await renderApp({ connected: true });
  const base = makeAccount('DU1234567', Date.now());
  const esDec: Position = { ...esMarch, conId: 495202612, lastTradeDateOrContractMonth: '20261218', localSymbol: 'ESZ6', quantity: '-1' };
  r.api.publish('account', { ...base, positions: [esDec, esMarch] });
  await settle();
  const rows = within(screen.getByTestId('positions')).getAllByRole('row').slice(1);
  expect(rows.map((row) => row.querySelector('td')?.textContent)).toEqual(['ESZ6', 'ESH7']);

  fireEvent.click(screen.getByRole('button', { name: 'Close ESZ6' }));
  const dialog = screen.getByRole('dialog', { name: 'Close ESZ6?' });
  expect(within(dialog).getByTestId('close-order').textContent).toBe('BUY 1 ESZ6 MKT DAY');
  fireEvent.click(within(dialog).getByRole('button', { name: 'Send BUY 1 ESZ6' }));
  await settle();
  expect(callsOf(r.api, 'orders.place')).toEqual([expect.objectContaining({ symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: '20261218', side: 'BUY', quantity: '1' })]);
});
