import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { createCore, type Core } from '../../../electron/core/app.ts';
import { runtimeOf } from '../../../electron/core/testing.ts';
import { until } from '../../support/until.ts';
import { tempDir } from '../../support/temp-dir.ts';

let core: Core | null = null;
afterEach(async () => {
  await core?.dispose();
  core = null;
});

const fresh = () => tempDir('gh-demo-');

describe('demo mode', () => {
  it('falls back to demo mode by itself when no Gateway is installed, with the Gateway as a child process', async () => {
    const dir = fresh();
    core = await createCore({ dataDir: dir, shell: 'web', version: 't', autoDemo: true, discovery: { home: dir, standardRoots: false } });
    await until(() => core!.hub.get('status')?.level === 'connected', { what: 'connected', timeout: 20_000 });
    const info = await core.dispatcher.dispatch('app.info', undefined);
    expect(info).toMatchObject({ ok: true, value: { demo: true } });
    expect(runtimeOf(core)!.supervisor.pid).toBeGreaterThan(0);
    expect(runtimeOf(core)!.supervisor.attached).toBe(false);
  });

  it('does not fall back when a Gateway is installed: the wizard is for that', async () => {
    const dir = fresh();
    const { createDemoInstall } = await import('../../../electron/simulator/demo-install.ts');
    createDemoInstall(path.join(dir, 'home'));
    core = await createCore({ dataDir: dir, shell: 'web', version: 't', autoDemo: true, discovery: { home: path.join(dir, 'home'), platform: 'linux' } });
    expect((await core.dispatcher.dispatch('settings.get', undefined))).toMatchObject({ ok: true, value: { profiles: [] } });
  });

  it('runs the simulated Gateway in-process for the packaged app and attaches to it', async () => {
    const dir = fresh();
    core = await createCore({ dataDir: dir, shell: 'electron', version: 't', demo: true, demoInProcess: true, discovery: { home: dir, standardRoots: false } });
    await until(() => core!.hub.get('status')?.level === 'connected', { what: 'connected', timeout: 20_000 });
    expect(runtimeOf(core)!.supervisor.attached).toBe(true);
    expect((await core.dispatcher.dispatch('gateway.stop', undefined)).ok).toBe(true);
    await until(() => core!.hub.get('status')?.level === 'stopped', { what: 'stopped' });
    expect((await core.dispatcher.dispatch('gateway.start', undefined)).ok).toBe(true);
    await until(() => core!.hub.get('status')?.level === 'connected', { what: 'connected again', timeout: 20_000 });
  });
});
