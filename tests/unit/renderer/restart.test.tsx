// @vitest-environment happy-dom
import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { callsOf, renderApp, settle } from './render.tsx';

describe('after a restart of Gatehouse', () => {
  it('reopens the screen that was showing last time, and remembers each change of screen', async () => {
    const r = await renderApp({ connected: true, preferences: { lastScreen: 'risk' } });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Risk');
    await act(async () => r.stores.app.getState().navigate('orders'));
    await settle();
    expect(callsOf(r.api, 'settings.setPreferences').at(-1)).toEqual({ lastScreen: 'orders' });
    expect(r.api.state.settings.preferences.lastScreen).toBe('orders');
  });

  it('lets each profile start its Gateway when Gatehouse starts (demo on by default, a real account off)', async () => {
    const r = await renderApp({ connected: true });
    await act(async () => r.stores.app.getState().navigate('settings'));
    await settle();
    const toggle = screen.getByRole('checkbox', { name: 'Start the Gateway when Gatehouse starts' }) as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    fireEvent.click(toggle);
    await settle();
    expect(callsOf(r.api, 'settings.saveProfile').at(-1)).toEqual({ profile: { id: 'p1', startOnLaunch: true }, activate: false });
    expect((screen.getByRole('checkbox', { name: 'Start the Gateway when Gatehouse starts' }) as HTMLInputElement).checked).toBe(true);

    await r.api.invoke('wizard.useDemo');
    await act(async () => r.stores.app.getState().loadSettings());
    await settle();
    const toggles = screen.getAllByRole('checkbox', { name: 'Start the Gateway when Gatehouse starts' }) as HTMLInputElement[];
    expect(toggles.map((t) => t.checked)).toEqual([true, true]);
  });
});
