// @vitest-environment happy-dom
/**
 * A future closes on its own exchange (issue 17): a CL position (NYMEX, as IB's position message names it)
 * is closed, and opened in the ticket, on NYMEX. The desk used to send every future to CME, where the
 * Gateway has no CL at all (error 200), so the Close button could not close it.
 */
import { fireEvent, screen, within } from '@testing-library/react';
import { beforeEach, expect, it } from 'vitest';
import type { Position } from '../../../electron/core/contract.ts';
import { makeAccount } from './fake-api.ts';
import { callsOf, renderApp, settle } from './render.tsx';

const clFeb: Position = {
  account: 'DU1234567',
  conId: 498202702,
  symbol: 'CL',
  secType: 'FUT',
  exchange: 'NYMEX',
  currency: 'USD',
  lastTradeDateOrContractMonth: '20270120',
  localSymbol: 'CLG7',
  multiplier: '1000',
  quantity: '-3',
  avgCost: '70000',
  marketPrice: '68.65',
  marketValue: '-205950',
  unrealizedPnl: '4050',
  realizedPnl: '0',
};

async function withCrude() {
  const r = await renderApp({ connected: true });
  r.api.publish('account', { ...makeAccount('DU1234567', Date.now()), positions: [clFeb] });
  await settle();
  return r;
}

beforeEach(() => localStorage.clear());

it('Close on a CL position sends the closing order on NYMEX, its month', async () => {
  const r = await withCrude();
  fireEvent.click(screen.getByRole('button', { name: 'Close CLG7' }));
  fireEvent.click(within(screen.getByRole('dialog', { name: 'Close CLG7?' })).getByRole('button', { name: 'Send BUY 3 CLG7' }));
  await settle();
  expect(callsOf(r.api, 'orders.place')).toEqual([
    expect.objectContaining({ symbol: 'CL', secType: 'FUT', exchange: 'NYMEX', lastTradeDateOrContractMonth: '20270120', side: 'BUY', quantity: '3' }),
  ]);
});

it('"Edit in ticket" keeps NYMEX; typing another future drops it, and core names that one’s exchange', async () => {
  const r = await withCrude();
  fireEvent.click(screen.getByRole('button', { name: 'Close CLG7' }));
  fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Edit in ticket' }));
  await settle();
  fireEvent.click(screen.getByRole('button', { name: /^Preview/ }));
  await settle();
  expect(callsOf(r.api, 'orders.preview').at(-1)).toMatchObject({ symbol: 'CL', secType: 'FUT', exchange: 'NYMEX', lastTradeDateOrContractMonth: '20270120' });

  fireEvent.change(screen.getByLabelText('Symbol'), { target: { value: 'ES' } });
  fireEvent.blur(screen.getByLabelText('Symbol'));
  await settle();
  fireEvent.change(screen.getByLabelText('Quantity'), { target: { value: '1' } });
  fireEvent.click(screen.getByRole('button', { name: /^Preview/ }));
  await settle();
  const last = callsOf(r.api, 'orders.preview').at(-1) as Record<string, unknown>;
  expect(last).toMatchObject({ symbol: 'ES', secType: 'FUT' });
  // Not CME by guess, not NYMEX left over: core resolves it from contract details.
  expect(last['exchange']).toBeUndefined();
});
