// @vitest-environment happy-dom
/**
 * Clear right after "Edit in ticket": the press on Clear blurs the symbol, which starts a lookup, and that
 * lookup can answer after the ticket was cleared. (That the click itself lands, with the buttons held still
 * while the lookup is out, is layout: tests/e2e/desk-quality.spec.ts checks it in Chromium.)
 */
import { fireEvent, screen, within } from '@testing-library/react';
import { expect, it } from 'vitest';
import type { ContractInfo } from '../../../electron/core/contract.ts';
import { createFakeApi } from './fake-api.ts';
import { renderApp, settle } from './render.tsx';

const value = (label: string) => (screen.getByLabelText(label) as HTMLInputElement).value;

it('a lookup that answers after Clear does not bring the closing order back', async () => {
  const api = createFakeApi({ connected: true });
  // The ticket's lookups are held; the positions table's own (for tick sizes, with a secType) are not.
  const held: { symbol: string; answer(c: ContractInfo): void }[] = [];
  api.handle('contracts.lookup', (input) =>
    input.secType
      ? { conId: 1, symbol: input.symbol, secType: 'STK', exchange: 'SMART', primaryExchange: 'NASDAQ', currency: 'USD', longName: input.symbol, minTick: 0.01 }
      : new Promise<ContractInfo>((answer) => held.push({ symbol: input.symbol, answer })),
  );
  await renderApp({ connected: true }, undefined, api);
  fireEvent.click(screen.getByRole('button', { name: 'Close TSLA' }));
  fireEvent.click(within(screen.getByRole('dialog', { name: 'Close TSLA?' })).getByRole('button', { name: 'Edit in ticket' }));
  await settle();
  expect(value('Symbol')).toBe('TSLA');
  expect(document.activeElement).toBe(screen.getByLabelText('Symbol'));

  // The press: the symbol loses focus and its lookup goes out; the release: Clear.
  fireEvent.blur(screen.getByLabelText('Symbol'));
  await settle();
  const tsla = held.filter((a) => a.symbol === 'TSLA');
  expect(tsla).toHaveLength(1);
  fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
  await settle();
  expect(value('Symbol')).toBe('');

  tsla[0]!.answer({ conId: 76792991, symbol: 'TSLA', secType: 'STK', exchange: 'SMART', primaryExchange: 'NASDAQ', currency: 'USD', longName: 'TESLA INC', minTick: 0.01 });
  await settle();
  expect(value('Symbol')).toBe('');
  expect(value('Quantity')).toBe('');
  expect(screen.getByRole('button', { name: 'BUY' }).getAttribute('aria-pressed')).toBe('true');
  expect(screen.queryByTestId('lookup-name')).toBeNull();
  expect(screen.queryByTestId('quote-line')).toBeNull();
});
