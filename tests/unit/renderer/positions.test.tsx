// @vitest-environment happy-dom
import { fireEvent, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Position } from '../../../electron/core/contract.ts';
import { makeAccount } from './fake-api.ts';
import { callsOf, renderApp, settle } from './render.tsx';

const headers = () => within(screen.getByTestId('positions')).getAllByRole('columnheader').map((h) => h.textContent?.replace(/[▲▼]/g, '').trim());
const cell = (symbol: string, name: string) => {
  const idx = headers().indexOf(name);
  return screen.getByTestId(`position-row-${symbol}`).querySelectorAll('td')[idx]?.textContent;
};

async function withPositions(positions: (Partial<Position> & { symbol: string })[], opts: Parameters<typeof renderApp>[0] = { connected: true }) {
  const r = await renderApp(opts);
  const base = makeAccount('DU1234567', Date.now());
  const one = (p: Partial<Position> & { symbol: string }, i: number): Position => ({
    account: 'DU1234567',
    conId: 1000 + i,
    secType: 'STK',
    currency: 'USD',
    quantity: '100',
    avgCost: '100',
    marketPrice: '101',
    marketValue: '10100',
    unrealizedPnl: '100',
    realizedPnl: '0',
    ...p,
  });
  r.api.publish('account', { ...base, summary: { ...base.summary, NetLiquidation: '200000' }, positions: positions.map(one) });
  await settle();
  return r;
}

describe('positions', () => {
  beforeEach(() => localStorage.clear());

  it('show daily P&L, realized P&L and % of net liq per position', async () => {
    await withPositions([{ symbol: 'AAPL', marketValue: '18925.00', dailyPnl: '-312.40', realizedPnl: '1250.00' }]);
    expect(headers()).toEqual(expect.arrayContaining(['Daily P&L', 'Realized P&L', '% of net liq']));
    expect(cell('AAPL', 'Daily P&L')).toBe('−$312.40');
    expect(cell('AAPL', 'Realized P&L')).toBe('+$1,250.00');
    expect(cell('AAPL', '% of net liq')).toBe('9.5%');
  });

  it('the positions sort is saved in preferences and a saved one orders the rows at start', async () => {
    const rows = [{ symbol: 'AAPL', marketValue: '300' }, { symbol: 'MSFT', marketValue: '100' }, { symbol: 'TSLA', marketValue: '200' }];
    const order = () => [...screen.getByTestId('positions').querySelectorAll('tbody tr[data-testid^="position-row-"]')].map((tr) => tr.getAttribute('data-testid')!.slice('position-row-'.length));
    const r = await withPositions(rows);
    fireEvent.click(within(screen.getByTestId('positions')).getByRole('button', { name: /^Symbol/ }));
    await settle();
    const saved = callsOf(r.api, 'settings.setPreferences').filter((p) => 'tableSorts' in (p as object)).at(-1) as { tableSorts: Record<string, unknown> };
    expect(saved.tableSorts['positions']).toEqual({ key: 'symbol', dir: 'asc' });
    r.unmount();
    await withPositions(rows, { connected: true, preferences: { tableSorts: { positions: { key: 'marketValue', dir: 'asc' } } } });
    expect(order()).toEqual(['MSFT', 'TSLA', 'AAPL']);
  });

  it('a position IB sent no daily P&L for shows a dash, not zero', async () => {
    await withPositions([{ symbol: 'MSFT', dailyPnl: null }]);
    expect(cell('MSFT', 'Daily P&L')).toBe('—');
  });

  it('average cost is shown to the contract’s tick (minTick from its contract details)', async () => {
    const r = await withPositions([]);
    r.api.handle('contracts.lookup', ({ symbol }) => ({
      conId: 12087792, symbol, secType: 'CASH', exchange: 'IDEALPRO', primaryExchange: '', currency: 'USD', longName: 'European Monetary Union Euro', minTick: 0.00005,
    }));
    const base = makeAccount('DU1234567', Date.now());
    r.api.publish('account', {
      ...base,
      positions: [
        { account: 'DU1234567', conId: 12087792, symbol: 'EUR.USD', secType: 'CASH', currency: 'USD', quantity: '20000', avgCost: '1.0854375', marketPrice: '1.0861', marketValue: '21722', unrealizedPnl: '13.25', realizedPnl: '0' },
      ],
    });
    await settle();
    expect(callsOf(r.api, 'contracts.lookup')).toEqual(expect.arrayContaining([expect.objectContaining({ symbol: 'EUR.USD', secType: 'CASH' })]));
    expect(cell('EUR.USD', 'Avg cost')).toBe('1.08544');
  });

  it('average cost of a stock with commission folded in (IB’s avgCost) is cut to cents', async () => {
    await withPositions([{ symbol: 'AAPL', avgCost: '185.103512' }]);
    expect(cell('AAPL', 'Avg cost')).toBe('185.10');
  });

  it('Close shows the exact order it will send and sends it through orders.place only when confirmed', async () => {
    const r = await withPositions([{ symbol: 'TSLA', quantity: '-20', marketValue: '-3576' }]);
    fireEvent.click(screen.getByRole('button', { name: 'Close TSLA' }));
    const dialog = screen.getByRole('dialog', { name: 'Close TSLA?' });
    expect(within(dialog).getByTestId('close-order').textContent).toBe('BUY 20 TSLA MKT DAY');
    expect(dialog.textContent).toMatch(/risk/i);
    expect(callsOf(r.api, 'orders.place')).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Send BUY 20 TSLA' }));
    await settle();
    expect(callsOf(r.api, 'orders.place')).toEqual([expect.objectContaining({ symbol: 'TSLA', side: 'BUY', quantity: '20', type: 'MKT', tif: 'DAY' })]);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('a close refused by risk says so in the dialog and sends nothing more', async () => {
    const r = await withPositions([{ symbol: 'AAPL', quantity: '5000' }]);
    fireEvent.click(screen.getByRole('button', { name: 'Close AAPL' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Send SELL 5,000 AAPL' }));
    await settle();
    expect(callsOf(r.api, 'orders.place')).toHaveLength(1);
    expect(within(screen.getByRole('dialog')).getByRole('alert').textContent).toContain('Order for 5,000 shares is above your max order size of 1,000.');
  });

  it('"Edit in ticket" puts the closing order in the ticket instead, sending nothing', async () => {
    const r = await withPositions([{ symbol: 'AAPL', quantity: '100' }]);
    fireEvent.click(screen.getByRole('button', { name: 'Close AAPL' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Edit in ticket' }));
    await settle();
    expect((screen.getByLabelText('Symbol') as HTMLInputElement).value).toBe('AAPL');
    expect((screen.getByLabelText('Quantity') as HTMLInputElement).value).toBe('100');
    expect(screen.getByRole('button', { name: 'SELL' }).getAttribute('aria-pressed')).toBe('true');
    expect(callsOf(r.api, 'orders.place')).toHaveLength(0);
  });
});
