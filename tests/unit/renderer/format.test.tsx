// @vitest-environment happy-dom
import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Signed } from '../../../renderer/src/components/ui.tsx';
import { diffStats, lineDiff } from '../../../renderer/src/lib/diff.ts';
import { clock, money, num, signedMoney } from '../../../renderer/src/lib/format.ts';
import { renderApp, settle } from './render.tsx';
import { makeAccount } from './fake-api.ts';

describe('number formatting', () => {
  it('formats money with the currency and thousands separators', () => {
    expect(money('1234567.5', 'USD')).toBe('$1,234,567.50');
    expect(money('-42', 'USD')).toBe('−$42.00');
    expect(money('1000', 'EUR')).toBe('€1,000.00');
    expect(money(null)).toBe('—');
    expect(num('12000')).toBe('12,000');
  });

  it('signs P&L with + and a real minus, and gives a tone', () => {
    expect(signedMoney('1342.18', 'USD')).toEqual({ text: '+$1,342.18', tone: 'pos' });
    expect(signedMoney('-212.55', 'USD')).toEqual({ text: '−$212.55', tone: 'neg' });
    expect(signedMoney('0', 'USD')).toEqual({ text: '$0.00', tone: 'zero' });
    expect(signedMoney('0.001', 'USD').tone).toBe('zero');
  });

  it('shows the sign and the colour class together, never colour alone', () => {
    render(
      <>
        <Signed value="250" currency="USD" testId="a" />
        <Signed value="-250" currency="USD" testId="b" />
      </>,
    );
    const up = screen.getByTestId('a');
    const down = screen.getByTestId('b');
    expect(up.textContent).toBe('+$250.00');
    expect(up.className).toContain('tone-pos');
    expect(down.textContent).toBe('−$250.00');
    expect(down.className).toContain('tone-neg');
  });

  it('formats times as hh:mm:ss', () => {
    const t = new Date(2026, 0, 2, 9, 5, 7).getTime();
    expect(clock(t)).toBe('09:05:07');
  });
});

describe('line diff', () => {
  it('marks added, removed and kept lines', () => {
    const d = lineDiff('a\nb\nc\n', 'a\nB\nc\nd\n');
    expect(d.map((l) => `${l.kind}:${l.text}`)).toEqual(['same:a', 'del:b', 'add:B', 'same:c', 'add:d']);
    expect(diffStats(d)).toEqual({ added: 2, removed: 1 });
  });

  it('treats a missing file as all added', () => {
    expect(lineDiff(null, 'x\ny').every((l) => l.kind === 'add')).toBe(true);
  });
});

describe('status bar and stale data', () => {
  it('shows net liq and signed daily P&L in the status bar', async () => {
    await renderApp({ connected: true });
    expect(screen.getByTestId('sb-net-liq').textContent).toBe('$101,342.18');
    const pnl = screen.getByTestId('sb-pnl');
    expect(pnl.textContent).toBe('+$1,342.18');
    expect(pnl.dataset.tone).toBe('pos');
    expect(screen.getByTestId('status-pill').textContent).toContain('Connected');
    expect(screen.getByTestId('mode-badge').textContent).toBe('PAPER');
  });

  it('greys stale numbers and says as of when', async () => {
    const r = await renderApp({ connected: true });
    expect(screen.queryByText(/as of/)).toBeNull();
    const at = new Date(2026, 0, 2, 14, 3, 9).getTime();
    r.api.publish('account', { ...makeAccount('DU1234567', at), stale: true });
    await settle();
    expect(screen.getByTestId('as-of').textContent).toBe('Stale — as of 14:03:09');
    expect(screen.getAllByText('as of 14:03:09').length).toBeGreaterThan(0);
    expect(screen.getByTestId('net-liq').closest('.dash-grid')?.className).toContain('stale');
    // Numbers stay visible, only marked.
    expect(screen.getByTestId('net-liq').textContent).toBe('$101,342.18');
  });

  it('says when the bridge to core is down and greys the numbers', async () => {
    const r = await renderApp({ connected: true });
    await act(async () => r.stores.app.getState().setCoreLink(false));
    const pill = screen.getByTestId('status-pill');
    expect(pill.textContent).toBe('No connection to Gatehouse core — reconnecting…');
    expect(pill.dataset.level).toBe('down');
    expect(screen.getByTestId('sb-net-liq').closest('.sb-numbers')?.className).toContain('stale');
    await act(async () => r.stores.app.getState().setCoreLink(true));
    expect(screen.getByTestId('status-pill').textContent).toContain('Connected');
  });

  it('says plainly when the address is from an earlier run, instead of "reconnecting…"', async () => {
    const r = await renderApp({ connected: true });
    await act(async () => r.stores.app.getState().setCoreLink('refused'));
    expect(screen.getByRole('alert').textContent).toContain(
      'This address is from an earlier run of Gatehouse — open the new address printed in the terminal.',
    );
    expect(screen.queryByText(/reconnecting/)).toBeNull();
  });

  it('puts the red frame around the window in live mode', async () => {
    const r = await renderApp({ connected: true, mode: 'live' });
    expect(screen.getByTestId('mode-badge').textContent).toBe('LIVE');
    expect(r.getByTestId('app').className).toContain('app-live');
  });
});
