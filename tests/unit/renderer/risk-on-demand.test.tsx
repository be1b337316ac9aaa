// @vitest-environment happy-dom
/**
 * The risk stream is sent on demand, as the logs are: core builds the risk view (exposure over every
 * position and working order) for each delivery, up to 20 a second, and only the Risk screen shows it. The
 * renderer follows it while that screen is open, and on opening gets core's current figures.
 */
import { act, fireEvent } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { countFollowers, createFakeApi } from './fake-api.ts';
import { renderApp, settle } from './render.tsx';

async function go(key: string) {
  fireEvent.keyDown(window, { key, ctrlKey: true });
  await settle();
}

describe('risk on demand', () => {
  it('follows the risk stream only while the Risk screen is open, which shows core’s current figures', async () => {
    const api = createFakeApi({ connected: true });
    const following = countFollowers(api, 'risk');
    await renderApp({}, undefined, api);
    expect(following()).toBe(0); // the dashboard shows no risk figures
    await go('3');
    expect(following()).toBe(1);
    const risk = api.last('risk')!;
    await act(async () => api.publish('risk', { ...risk, usage: { ...risk.usage, grossExposure: '123456.00' } }));
    await settle();
    expect(document.body.textContent).toMatch(/123,456/);
    await go('1');
    expect(following()).toBe(0);
  });
});
