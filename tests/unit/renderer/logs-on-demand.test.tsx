// @vitest-environment happy-dom
/**
 * The logs stream is sent on demand: the renderer follows it only while the log view (Gateway screen) is
 * open, and on opening it catches up on the lines logged while it was closed.
 */
import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { countFollowers, createFakeApi } from './fake-api.ts';
import { renderApp, settle } from './render.tsx';

async function go(key: string) {
  fireEvent.keyDown(window, { key, ctrlKey: true });
  await settle();
}

describe('logs on demand', () => {
  it('subscribes to the logs stream only while the log view is open, and shows what was logged before', async () => {
    const api = createFakeApi({ connected: true });
    const following = countFollowers(api, 'logs');
    await renderApp({}, undefined, api);
    expect(following()).toBe(0); // the dashboard shows no log
    await go('4');
    expect(following()).toBe(1);
    expect(screen.getByRole('log').querySelectorAll('.log').length).toBeGreaterThan(0);
    await act(async () => api.publish('logs', [{ seq: 9_001, time: Date.now(), source: 'gateway', level: 'info', text: 'a fresh line while watching' }]));
    expect(screen.getByRole('log').textContent).toContain('a fresh line while watching');
    await go('1');
    expect(following()).toBe(0);
  });
});
