// @vitest-environment happy-dom
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SettingsView } from '../../../electron/core/contract.ts';
import { createFakeApi } from './fake-api.ts';
import { renderApp, settle } from './render.tsx';

/**
 * Until core has said whether this is a first run, the window cannot know whether to show the wizard
 * or the desk. Showing the desk first and swapping in the wizard a moment later flashes an empty
 * dashboard at a new user and pulls the navigation away from under a click (seen in CI: a click on
 * "Dashboard" landed on a button that was removed when the wizard opened).
 */
describe('first paint', () => {
  it('shows neither the desk nor its navigation until settings are known, then the wizard on a first run', async () => {
    const api = createFakeApi();
    let answer!: (v: SettingsView) => void;
    api.handle('settings.get', () => new Promise<SettingsView>((r) => (answer = r)));
    await renderApp({}, undefined, api);
    expect(screen.queryByRole('navigation', { name: 'Screens' })).toBeNull();
    expect(screen.queryByTestId('wizard')).toBeNull();
    expect(screen.getByTestId('app-loading').textContent).toMatch(/Loading/);

    answer(structuredClone(api.state.settings));
    await settle();
    expect(screen.getByTestId('wizard')).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Screens' })).toBeNull();
  });

  it('a set-up user gets the desk as soon as settings arrive', async () => {
    await renderApp({ connected: true });
    expect(screen.getByRole('navigation', { name: 'Screens' })).toBeTruthy();
    expect(screen.queryByTestId('app-loading')).toBeNull();
  });

  it('when settings cannot be read the window says so instead of waiting for ever', async () => {
    const api = createFakeApi({ connected: true });
    api.fail('settings.get', { code: 'INTERNAL', message: 'settings.json could not be read' });
    await renderApp({}, undefined, api);
    expect(screen.queryByTestId('app-loading')).toBeNull();
    expect(screen.getByRole('navigation', { name: 'Screens' })).toBeTruthy();
  });
});
