// @vitest-environment happy-dom
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { RISK_LIMITS } from '../../../electron/core/contract/constants.ts';
import { callsOf, renderApp, settle, typeInto as type } from './render.tsx';

async function openRisk(opts: Parameters<typeof renderApp>[0] = { connected: true }) {
  const r = await renderApp(opts);
  fireEvent.keyDown(window, { key: '3', ctrlKey: true });
  await settle();
  return r;
}

describe('risk screen', () => {
  it('shows usage in words and as bars', async () => {
    await openRisk();
    expect(screen.getByTestId('usage-daily-loss').textContent).toBe('Daily loss: $420 of $2,000');
    expect(within(screen.getByTestId('usage-daily-loss')).getByRole('meter').getAttribute('aria-valuenow')).toBe('420');
    expect(screen.getByTestId('usage-pdt').textContent).toContain('1 of 3');
  });

  it('loads once on entry, not in a loop', async () => {
    const r = await openRisk();
    await settle(10);
    expect(callsOf(r.api, 'risk.get').length).toBeLessThanOrEqual(3);
    expect(callsOf(r.api, 'risk.audit').length).toBeLessThanOrEqual(2);
  });

  it('renders server field errors next to the limit fields', async () => {
    const r = await openRisk();
    type('Daily loss limit', '-5');
    type('Max position size', '10');
    fireEvent.click(screen.getByRole('button', { name: 'Save limits' }));
    await settle();
    expect(callsOf(r.api, 'risk.setLimits')).toHaveLength(1);
    const loss = screen.getByLabelText('Daily loss limit');
    expect(loss.getAttribute('aria-invalid')).toBe('true');
    const ids = loss.getAttribute('aria-describedby')!.split(' ');
    expect(ids.map((id) => document.getElementById(id)?.textContent).join(' ')).toContain('must be more than 0 — leave it empty for no limit');
    const size = screen.getByLabelText('Max order size');
    expect(size.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('cannot be more than the max position size (10)')).toBeTruthy();
  });

  it('shows one input per row of the contract limits table, with its label and unit, and saves it under its key', async () => {
    const r = await openRisk();
    for (const [i, row] of RISK_LIMITS.entries()) {
      const input = screen.getByLabelText(row.label);
      expect(input.closest('label, .field')?.textContent).toContain(row.unit);
      type(row.label, String(9000 + i));
    }
    fireEvent.click(screen.getByRole('button', { name: 'Save limits' }));
    await settle();
    const sent = callsOf(r.api, 'risk.setLimits')[0] as Record<string, unknown>;
    expect(Object.fromEntries(RISK_LIMITS.map((row) => [row.key, sent[row.key]]))).toEqual(
      Object.fromEntries(RISK_LIMITS.map((row, i) => [row.key, String(9000 + i)])),
    );
  });

  it('checks whole-number fields before sending and saves good limits', async () => {
    const r = await openRisk();
    type('Max day trades', 'three');
    fireEvent.click(screen.getByRole('button', { name: 'Save limits' }));
    await settle();
    expect(callsOf(r.api, 'risk.setLimits')).toHaveLength(0);
    expect(screen.getByText('Enter a whole number, e.g. 3')).toBeTruthy();
    type('Max day trades', '4');
    type('Daily loss limit', '1500');
    type('Blocked symbols', 'gme, amc');
    fireEvent.click(screen.getByRole('button', { name: 'Save limits' }));
    await settle();
    expect(callsOf(r.api, 'risk.setLimits')[0]).toMatchObject({
      dailyLossLimit: '1500',
      blockedSymbols: ['GME', 'AMC'],
      maxPositionQty: null,
      pdt: { maxDayTrades: 4 },
    });
    expect(screen.getByText('✓ Saved')).toBeTruthy();
  });

  it('trips the kill switch in paper mode with one click, and it cancels open orders', async () => {
    const r = await openRisk();
    r.api.state.orders.open.push({
      orderId: 7, permId: 1, clientId: 1, account: 'DU1234567', symbol: 'AAPL', secType: 'STK', side: 'BUY', quantity: '1',
      type: 'LMT', limitPrice: '1', stopPrice: null, trailAmount: null, trailPercent: null, tif: 'DAY', outsideRth: false,
      status: 'Submitted', filled: '0', remaining: '1', avgFillPrice: null, lastError: null, updatedAt: 0,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Trip kill switch' }));
    await settle();
    expect(callsOf(r.api, 'risk.killSwitch')).toEqual([{ active: true }]);
    expect(screen.getByTestId('kill-state').textContent).toContain('ON');
    expect(screen.getByTestId('sb-kill').textContent).toContain('Kill switch ON');
    expect(r.stores.orders.getState().snapshot?.open).toHaveLength(0);
  });

  it('needs the word typed in live mode', async () => {
    const r = await openRisk({ connected: true, mode: 'live' });
    fireEvent.click(screen.getByRole('button', { name: 'Trip kill switch' }));
    await settle();
    expect(callsOf(r.api, 'risk.killSwitch')).toHaveLength(0);
    expect(screen.getByRole('alert').textContent).toContain('Type KILL to confirm');
    type('Type KILL to confirm (live account)', 'kill');
    fireEvent.click(screen.getByRole('button', { name: 'Trip kill switch' }));
    await settle();
    expect(callsOf(r.api, 'risk.killSwitch')).toHaveLength(1);
    expect(screen.getByLabelText('Type RESUME to confirm (live account)')).toBeTruthy();
  });

  it('names each audit line\'s kind in words, as the Kind filter does (not kill-switch)', async () => {
    const r = await openRisk();
    r.api.state.audit.push(
      { time: 1, kind: 'kill-switch', order: null, verdict: 'info', reasons: ['kill switch on: stepping away'], inputs: {} },
      { time: 2, kind: 'limits', order: null, verdict: 'info', reasons: ['limits changed'], inputs: {} },
      { time: 3, kind: 'order', order: { symbol: 'MSFT', side: 'BUY', quantity: '1' }, verdict: 'allowed', reasons: [], inputs: {} },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await settle();
    const kinds = within(screen.getByTestId('audit')).getAllByRole('row').slice(1).map((row) => row.querySelectorAll('td')[1]?.textContent);
    expect(kinds.sort()).toEqual(['Kill switch', 'Limits', 'Order']);
  });

  it('filters the audit log', async () => {
    const r = await openRisk();
    r.api.state.audit.push(
      { time: 1, kind: 'order', order: { symbol: 'AAPL', side: 'BUY', quantity: '5000' }, verdict: 'refused', reasons: ['Order size 5000 is above your limit'], inputs: {} },
      { time: 2, kind: 'order', order: { symbol: 'MSFT', side: 'BUY', quantity: '1' }, verdict: 'allowed', reasons: [], inputs: {} },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await settle();
    const audit = screen.getByTestId('audit');
    expect(within(audit).getAllByRole('row')).toHaveLength(3);
    fireEvent.change(screen.getByLabelText('Verdict'), { target: { value: 'refused' } });
    expect(within(audit).getAllByRole('row')).toHaveLength(2);
    expect(within(audit).getByText('Order size 5000 is above your limit')).toBeTruthy();
    // The order itself reads with thousands separators: 5,000 shares must not be misread as 500.
    expect(within(audit).getByText('BUY 5,000 AAPL')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Verdict'), { target: { value: 'all' } });
    fireEvent.change(within(audit).getByLabelText('Search'), { target: { value: 'msft' } });
    expect(within(audit).getAllByRole('row')).toHaveLength(2);
  });
});
