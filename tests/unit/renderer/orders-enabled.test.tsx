// @vitest-environment happy-dom
import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeStatus } from './fake-api.ts';
import { renderApp, settle } from './render.tsx';

/** "Orders enabled" in the status bar is a promise that an order can leave now; it must never lie. */
describe('the status bar order gate', () => {
  it('says enabled only when core says an order can leave', async () => {
    const r = await renderApp({ connected: true });
    expect(screen.getByTestId('sb-kill').textContent).toBe('Orders enabled');
    expect(screen.getByTestId('sb-kill').dataset.enabled).toBe('true');
    const connected = r.api.last('status')!;
    r.api.publish('status', { ...connected, orders: { enabled: false, reason: 'The API is read-only (turn Read-Only API off in the profile)' } });
    await settle();
    expect(screen.getByTestId('sb-kill').textContent).toBe('Orders blocked: the API is read-only (turn Read-Only API off in the profile)');
    expect(screen.getByTestId('sb-kill').dataset.enabled).toBe('false');
  });

  it('says blocked when the Gateway is stopped', async () => {
    const r = await renderApp({ connected: true });
    r.api.publish('status', makeStatus('stopped', null));
    await settle();
    expect(screen.getByTestId('sb-kill').textContent).toBe('Orders blocked: the Gateway is stopped');
  });

  it('says blocked when core itself cannot be reached, whatever the last status said', async () => {
    const r = await renderApp({ connected: true });
    act(() => r.stores.app.getState().setCoreLink(false));
    expect(screen.getByTestId('sb-kill').textContent).toBe('Orders blocked: no connection to Gatehouse core');
    expect(screen.getByTestId('sb-kill').dataset.enabled).toBe('false');
  });

  it('keeps the kill switch loud', async () => {
    const r = await renderApp({ connected: true });
    const s = r.api.last('status')!;
    r.api.publish('status', { ...s, killSwitch: true, orders: { enabled: false, reason: 'The kill switch is on' } });
    await settle();
    expect(screen.getByTestId('sb-kill').textContent).toBe('■ Kill switch ON — orders blocked');
  });
});
