// @vitest-environment happy-dom
/**
 * A held future taken into the ticket keeps its conId (issue 17): "Edit in ticket" from Close and the bid/ask
 * hotkeys on a selected position used to send root + month only, so a month IB lists on more than one
 * exchange, or a position whose exchange the Gateway left empty, was routed by guess. IB names one contract
 * by its conId (TWS API "Contracts"; nautilus_ibapi ibapi/contract.py), and core routes by it
 * (ContractBook.route). Changing the instrument in the ticket drops it: it named the old contract.
 */
import { fireEvent, screen, within } from '@testing-library/react';
import { beforeEach, expect, it } from 'vitest';
import type { Position, Quote } from '../../../electron/core/contract.ts';
import { makeAccount } from './fake-api.ts';
import { callsOf, renderApp, settle } from './render.tsx';

// The Gateway left the exchange empty, as it may for a position (contract.exchange is optional there).
const clFeb: Position = {
  account: 'DU1234567', conId: 498202702, symbol: 'CL', secType: 'FUT', currency: 'USD',
  lastTradeDateOrContractMonth: '20270120', localSymbol: 'CLG7', multiplier: '1000', quantity: '-3', avgCost: '70000',
  marketPrice: '68.65', marketValue: '-205950', unrealizedPnl: '4050', realizedPnl: '0',
};
const clQuote: Quote = {
  symbol: 'CL', secType: 'FUT', lastTradeDateOrContractMonth: '20270120', multiplier: 1000, bid: 68.64, bidSize: 4, ask: 68.66, askSize: 7,
  last: 68.65, lastSize: 1, close: null, high: null, low: null, delayed: false, problem: null,
};

async function holdingCrude() {
  const r = await renderApp({ connected: true });
  r.api.publish('account', { ...makeAccount('DU1234567', Date.now()), positions: [clFeb] });
  r.api.publish('quotes', { 'CL 20270120': clQuote });
  await settle();
  return r;
}

async function preview() {
  fireEvent.click(screen.getByRole('button', { name: /^Preview/ }));
  await settle();
}

beforeEach(() => localStorage.clear());

it('"Edit in ticket" sends the held contract’s conId; typing another symbol drops it', async () => {
  const r = await holdingCrude();
  fireEvent.click(screen.getByRole('button', { name: 'Close CLG7' }));
  fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Edit in ticket' }));
  await settle();
  await preview();
  expect(callsOf(r.api, 'orders.preview').at(-1)).toMatchObject({ symbol: 'CL', secType: 'FUT', lastTradeDateOrContractMonth: '20270120', conId: 498202702 });
  fireEvent.click(screen.getByRole('button', { name: /^Place/ }));
  await settle();
  expect(callsOf(r.api, 'orders.place').at(-1)).toMatchObject({ symbol: 'CL', conId: 498202702, side: 'BUY', quantity: '3' });

  fireEvent.change(screen.getByLabelText('Symbol'), { target: { value: 'ES' } });
  fireEvent.blur(screen.getByLabelText('Symbol'));
  await settle();
  fireEvent.change(screen.getByLabelText('Quantity'), { target: { value: '1' } });
  await preview();
  const last = callsOf(r.api, 'orders.preview').at(-1) as Record<string, unknown>;
  expect(last).toMatchObject({ symbol: 'ES', secType: 'FUT' });
  expect(last['conId']).toBeUndefined();
});

it('Shift+B on a selected future position opens the ticket on that contract, conId included', async () => {
  const r = await holdingCrude();
  fireEvent.click(screen.getByRole('button', { name: 'Select CLG7' }));
  fireEvent.keyDown(document.body, { key: 'B', code: 'KeyB', shiftKey: true });
  await settle();
  expect((screen.getByLabelText('Limit price') as HTMLInputElement).value).toBe('68.66');
  fireEvent.change(screen.getByLabelText('Quantity'), { target: { value: '1' } });
  await preview();
  expect(callsOf(r.api, 'orders.preview').at(-1)).toMatchObject({ symbol: 'CL', secType: 'FUT', lastTradeDateOrContractMonth: '20270120', conId: 498202702, limitPrice: '68.66' });
});
