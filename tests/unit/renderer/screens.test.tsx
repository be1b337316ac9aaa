// @vitest-environment happy-dom
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Progress } from '../../../renderer/src/components/ui.tsx';
import { createFakeApi } from './fake-api.ts';
import { callsOf, renderApp, settle } from './render.tsx';

const go = async (key: string) => {
  fireEvent.keyDown(window, { key, ctrlKey: true });
  await settle();
};

describe('progress', () => {
  it('appears only when something takes more than 300 ms', () => {
    // Vitest's fake timers: the 300 ms are moved, not waited, and 1 ms early shows nothing.
    vi.useFakeTimers();
    try {
      render(<Progress active label="Working…" />);
      act(() => void vi.advanceTimersByTime(299));
      expect(screen.queryByRole('status')).toBeNull();
      act(() => void vi.advanceTimersByTime(1));
      expect(screen.getByRole('status').textContent).toContain('Working…');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('alerts', () => {
  it('pops up new alerts from core once, not the history', async () => {
    const api = createFakeApi({ connected: true });
    const old = { id: 'a1', time: 1, kind: 'info' as const, severity: 'info' as const, title: 'Old news', body: '' };
    api.publish('alerts', [old]);
    const r = await renderApp({}, undefined, api);
    r.api.publish('alerts', [old, { id: 'a2', time: 2, kind: 'disconnect', severity: 'warn', title: 'Gateway disconnected', body: 'Reconnecting…' }]);
    await settle();
    expect(screen.getByText('Gateway disconnected — Reconnecting…')).toBeTruthy();
    expect(screen.queryByText(/Old news/)).toBeNull();
  });

  it('blocks Place while orders are being reconciled', async () => {
    const r = await renderApp({ connected: true });
    r.api.publish('orders', { open: [], done: [], fills: [], reconciled: false });
    fireEvent.keyDown(window, { key: '2', ctrlKey: true });
    await settle();
    expect(screen.getByText(/Reconciling orders after a reconnect/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Place order' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('dashboard', () => {
  it('shows the balances grid, the checklist and a sortable positions table', async () => {
    await renderApp({ connected: true });
    expect(screen.getByTestId('buying-power').textContent).toBe('$405,368.72');
    expect(screen.getByTestId('day-trades-remaining').textContent).toBe('3');
    expect(screen.getByTestId('daily-pnl').textContent).toBe('+$1,342.18');
    expect(screen.getByTestId('unrealized-pnl').textContent).toBe('−$212.55');
    expect(screen.getByTestId('equity-line').querySelector('path')).toBeTruthy();
    expect(within(screen.getByTestId('dashboard-checks')).getAllByRole('listitem')).toHaveLength(5);
    const symbols = () =>
      within(screen.getByTestId('positions'))
        .getAllByRole('row')
        .slice(1)
        .map((r) => r.querySelector('.sym')?.textContent);
    expect(symbols()).toEqual(['AAPL', 'MSFT', 'TSLA']);
    fireEvent.click(screen.getByRole('button', { name: /Symbol/ }));
    expect(symbols()).toEqual(['AAPL', 'MSFT', 'TSLA']);
    fireEvent.click(screen.getByRole('button', { name: /Symbol/ }));
    expect(symbols()).toEqual(['TSLA', 'MSFT', 'AAPL']);
    fireEvent.click(screen.getByRole('button', { name: /Unrealized P&L/ }));
    expect(symbols()).toEqual(['AAPL', 'TSLA', 'MSFT']);
    expect(screen.getByRole('button', { name: /Unrealized P&L/ }).closest('th')?.getAttribute('aria-sort')).toBe('descending');
  });

  it('runs the checklist once per connection, not on every visit', async () => {
    const r = await renderApp({ connected: true });
    await go('2');
    await go('1');
    expect(callsOf(r.api, 'wizard.test')).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Re-check' }));
    await settle();
    expect(callsOf(r.api, 'wizard.test')).toHaveLength(2);
    // After a stop the old results stay, marked as not current.
    await r.stores.gateway.getState().run('stop');
    await settle();
    expect(screen.getByTestId('checks-stale').textContent).toMatch(/Not connected now — these results are from \d\d:\d\d:\d\d/);
  });
});

describe('dashboard: today', () => {
  it("gives the day's P&L as a percent of the day's starting equity, even when Gatehouse started after the loss", async () => {
    const r = await renderApp({ connected: true });
    const before = r.api.last('account')!;
    // Down $10,000 today on $1,000,000; every equity sample Gatehouse holds is from after the loss.
    r.api.publish('account', {
      ...before,
      summary: { ...before.summary, NetLiquidation: '990000.00' },
      pnl: { ...before.pnl, daily: '-10000.00' },
      equityLine: before.equityLine.map((e) => ({ ...e, value: '990000.00' })),
      updatedAt: before.updatedAt + 1000,
    });
    await settle();
    expect(screen.getByTestId('daily-pnl').textContent).toBe('−$10,000.00');
    expect(screen.getByTestId('daily-pnl-pct').textContent).toBe('−1.00%');
  });
});

describe('dashboard checklist', () => {
  it('follows the live account: positions and balances as they are now, not as they were at the check', async () => {
    const r = await renderApp({ connected: true });
    const checks = () => within(screen.getByTestId('dashboard-checks'));
    expect(checks().getByText('3 open positions')).toBeTruthy();
    const before = r.api.last('account')!;
    r.api.publish('account', {
      ...before,
      summary: { ...before.summary, NetLiquidation: '123456.78', BuyingPower: '222222.00' },
      positions: before.positions.slice(0, 1),
      updatedAt: before.updatedAt + 1000,
    });
    await settle();
    expect(checks().getByText('1 open position')).toBeTruthy();
    expect(checks().getByText(/Net liquidation \$123,456\.78/)).toBeTruthy();
    expect(checks().getByText(/Buying power \$222,222\.00/)).toBeTruthy();
    expect(callsOf(r.api, 'wizard.test')).toHaveLength(1);
  });
});

describe('gateway screen', () => {
  it('stops the Gateway, says so, and shows the timeline', async () => {
    const r = await renderApp({ connected: true });
    await go('4');
    expect(within(screen.getByTestId('timeline')).getByText('Running')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    await settle();
    expect(callsOf(r.api, 'gateway.stop')).toHaveLength(1);
    expect(screen.getAllByText(/Gateway stopped\./).length).toBeGreaterThan(0);
    expect(screen.getByTestId('gateway-state').textContent).toBe('Stopped');
    // Nothing is known about IB's servers without an API session: no stale "ok" after a stop.
    expect(screen.getByTestId('ib-servers').textContent).toBe('unknown (no API session)');
    expect(screen.queryByText('Data farms')).toBeNull();
    // Screens load once on entry, never in a loop.
    await settle(10);
    expect(callsOf(r.api, 'gateway.files').length).toBeLessThanOrEqual(2);
  });

  it('filters logs by level and text', async () => {
    await renderApp({ connected: true });
    await go('4');
    const log = screen.getByRole('log');
    expect(log.querySelectorAll('.log')).toHaveLength(4);
    fireEvent.change(screen.getByLabelText('Level'), { target: { value: 'warn' } });
    expect(log.querySelectorAll('.log')).toHaveLength(1);
    fireEvent.change(screen.getByLabelText('Level'), { target: { value: 'debug' } });
    fireEvent.change(screen.getByLabelText('Search logs'), { target: { value: 'ibc' } });
    expect(log.textContent).toContain('Login dialog found');
    expect(log.querySelectorAll('.log')).toHaveLength(1);
  });

  it('shows a start failure in trader words with its hint', async () => {
    const r = await renderApp({ connected: false, preferences: { wizardDone: true }, settings: { profiles: [], activeProfileId: null } });
    r.api.fail('gateway.start', {
      code: 'PORT_TAKEN',
      message: 'Port 4002 is already used by another program.',
      hint: 'Close the other TWS or Gateway, or pick another port in the profile.',
    });
    r.stores.app.getState().closeWizard();
    await go('4');
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    await settle();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Port 4002 is already used by another program.');
    expect(alert.textContent).toContain('Close the other TWS or Gateway');
    expect(alert.textContent).not.toMatch(/at \w+ \(|Error:/);
  });
});

describe('diagnostics', () => {
  it('lists each check with result, time and the fix', async () => {
    await renderApp({ connected: true });
    await go('5');
    fireEvent.click(screen.getByRole('button', { name: 'Run diagnostics' }));
    await settle();
    const row = screen.getByTestId('diag-port');
    expect(within(row).getByRole('img', { name: 'failed' })).toBeTruthy();
    expect(row.textContent).toContain('1.0 s');
    expect(row.textContent).toContain('Fix: Port 4002 is closed');
    expect(screen.getByText(/1 of 4 checks failed/)).toBeTruthy();
  });
});

describe('settings', () => {
  it('switches the theme and exports JSON', async () => {
    const r = await renderApp({ connected: true });
    await go('6');
    expect(document.documentElement.dataset.theme).toBe('dark');
    fireEvent.click(screen.getByRole('radio', { name: 'Light' }));
    await settle();
    expect(callsOf(r.api, 'settings.setPreferences')).toContainEqual({ theme: 'light' });
    expect(document.documentElement.dataset.theme).toBe('light');
    fireEvent.click(screen.getByRole('button', { name: 'Export settings' }));
    await settle();
    expect(screen.getByTestId('export-json').textContent).toContain('"profiles"');
  });

  it('imports an export: refuses junk with the reason, adds the profiles of a real one', async () => {
    const r = await renderApp({ connected: true });
    await go('6');
    const box = screen.getByLabelText(/Paste a Gatehouse export/);
    fireEvent.change(box, { target: { value: '{oops' } });
    fireEvent.click(screen.getByRole('button', { name: 'Import settings' }));
    await settle();
    expect(document.body.textContent).toContain('not valid JSON');
    const exported = { app: 'gatehouse', version: 2, profiles: [{ ...r.api.state.settings.profiles[0]!, id: 'p42', name: 'From laptop' }] };
    fireEvent.change(box, { target: { value: JSON.stringify(exported) } });
    fireEvent.click(screen.getByRole('button', { name: 'Import settings' }));
    await settle();
    expect(screen.getByTestId('profile-p42').textContent).toContain('From laptop');
    expect((box as HTMLTextAreaElement).value).toBe('');
  });

  it('switches the active profile', async () => {
    const r = await renderApp({ connected: true });
    r.api.state.settings.profiles.push({ ...r.api.state.settings.profiles[0]!, id: 'p9', name: 'Second' });
    await r.stores.app.getState().loadSettings();
    await go('6');
    fireEvent.click(screen.getByRole('button', { name: 'Switch to Second' }));
    await settle();
    expect(r.api.state.settings.activeProfileId).toBe('p9');
    expect(within(screen.getByTestId('profile-p9')).getByText('active')).toBeTruthy();
    // Delete asks first.
    fireEvent.click(screen.getByRole('button', { name: 'Delete Paper' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete profile “Paper”?' });
    expect(callsOf(r.api, 'settings.deleteProfile')).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete profile' }));
    await settle();
    expect(callsOf(r.api, 'settings.deleteProfile')).toEqual([{ id: 'p1' }]);
    expect(screen.queryByTestId('profile-p1')).toBeNull();
  });
});
