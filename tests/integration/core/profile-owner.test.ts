import { afterEach, describe, expect, it } from 'vitest';
import { coreHarness, type CoreHarness } from '../../support/core-harness.ts';
import { runtimeOf } from '../../../electron/core/testing.ts';
import { until } from '../../support/until.ts';

/**
 * Issue 13.12: a saved profile reaches the supervisor and the broker. One owner of the active profile: a save
 * while the Gateway is stopped rebuilds the runtime; a save while it runs says what waits for a restart, and
 * the next start uses the saved profile.
 */
let h: CoreHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const connected = (x: CoreHarness) => x.latest('status')?.level === 'connected' && !!runtimeOf(x.core)?.broker.orders.reconciled;

describe('saving an edited profile', () => {
  it('while the Gateway runs: says what needs a restart, and the next start uses the saved client id', async () => {
    h = await coreHarness();
    const x = h;
    const before = (await x.call('settings.get')).profiles[0]!;
    expect(x.latest('status')?.broker.clientId).toBe(7);

    const saved = await x.call('settings.saveProfile', { profile: { ...before, clientId: 9 }, activate: true });
    expect(saved.warnings.join(' ')).toMatch(/restart the Gateway/i);
    expect(saved.warnings.join(' ')).toMatch(/client id/i);
    // The running session is left alone until the user restarts.
    expect(x.latest('status')?.broker.clientId).toBe(7);

    await x.call('gateway.stop');
    await until(() => x.latest('status')?.gateway === 'stopped', { what: 'stopped', timeout: 10_000 });
    await x.call('gateway.start');
    await until(() => connected(x), { what: 'reconnected', timeout: 15_000 });
    await until(() => x.latest('status')?.broker.clientId === 9, { what: 'new client id in use', timeout: 10_000 });
    expect(runtimeOf(x.core)?.profile.clientId).toBe(9);
  });

  it('while the Gateway is stopped: the runtime is rebuilt from the saved profile at once', async () => {
    h = await coreHarness();
    const x = h;
    await x.call('gateway.stop');
    await until(() => x.latest('status')?.gateway === 'stopped', { what: 'stopped', timeout: 10_000 });
    const before = (await x.call('settings.get')).profiles[0]!;
    const saved = await x.call('settings.saveProfile', { profile: { ...before, name: 'Renamed', clientId: 11 }, activate: true });
    expect(saved.warnings.filter((w) => /restart/i.test(w))).toEqual([]);
    expect(runtimeOf(x.core)?.profile).toMatchObject({ name: 'Renamed', clientId: 11 });
    await until(() => x.latest('status')?.profile?.name === 'Renamed', { what: 'status shows the new name', timeout: 5_000 });
  });
});
