/**
 * The wizard's real path through core (not demo mode): a Gateway + IBC install is discovered in the user's
 * home, a profile is saved with a password in the vault, the exact file changes are previewed and written
 * (with a backup), the Gateway is started through IBC as a child process, and the checklist passes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCore, type Core } from '../../../electron/core/app.ts';
import { contractClient } from '../../support/contract-client.ts';
import { createDemoInstall } from '../../../electron/simulator/demo-install.ts';
import { findFreePort } from '../../../electron/core/gateway/ports.ts';
import { runtimeOf } from '../../../electron/core/testing.ts';
import { until } from '../../support/until.ts';
import { tempDir } from '../../support/temp-dir.ts';

let core: Core | null = null;
afterEach(async () => {
  await core?.dispose({ stopGateway: true });
  core = null;
});

describe('setup wizard through core', () => {
  it('discovers, saves, previews and writes the files, starts through IBC, and passes the checklist', async () => {
    const dir = tempDir('gh-wiz-');
    const home = path.join(dir, 'home');
    const port = await findFreePort();
    // A "real" install: Gateway 10.30 under ~/Jts/ibgateway and IBC in ~/ibc, with a user jts.ini.
    const install = createDemoInstall(home, { withIbc: true, sim: { users: { trader1: 'S3cret!pw' }, loginDelayMs: 200 } });
    writeFileSync(path.join(install.settingsPath, 'jts.ini'), '[IBGateway]\r\nWriteDebug=false\r\nTrustedIPs=127.0.0.1\r\n; my note\r\n[Logon]\r\nLocale=en\r\n');
    core = await createCore({ dataDir: path.join(dir, 'data'), shell: 'web', version: 't', discovery: { home, platform: 'linux' } });
    const { call } = contractClient(core);

    const found = await call('wizard.discover');
    const gw = found.installs.find((i) => i.valid && i.product === 'gateway')!;
    expect(gw).toMatchObject({ version: '10.30', standalone: true });
    expect(found.ibc.some((i) => i.valid)).toBe(true);

    const bad = await core.dispatcher.dispatch('settings.saveProfile', { profile: { name: 'Paper', mode: 'paper', account: 'X1', apiPort: 70000 }, activate: true });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.error.fields ?? {})).toContain('profile.apiPort');

    const profile = await call('settings.saveProfile', {
      profile: {
        name: 'Paper',
        mode: 'paper',
        installPath: gw.path,
        settingsPath: found.settingsPath,
        ibcPath: found.ibc.find((i) => i.valid)!.path,
        apiPort: port,
        clientId: 3,
        trustedIps: ['127.0.0.1', '10.0.0.5'],
        username: 'trader1',
        account: 'DU7654321',
      },
      activate: true,
    });
    await call('secrets.setPassword', { profileId: profile.id, password: 'S3cret!pw' });
    expect(JSON.stringify(await call('settings.export'))).not.toContain('S3cret!pw');

    const preview = await call('wizard.previewFiles');
    const jts = preview.find((c) => c.kind === 'jts.ini')!;
    expect(jts.before).toContain('; my note');
    expect(jts.after).toContain('TrustedIPs=127.0.0.1,10.0.0.5');
    expect(jts.after).toContain('; my note\r\n');
    const ibc = preview.find((c) => c.kind === 'ibc-config')!;
    expect(ibc.after).toMatch(new RegExp(`OverrideTwsApiPort=${port}`));
    expect(ibc.after).not.toContain('S3cret!pw');

    const written = await call('wizard.writeFiles');
    const jtsWrite = written.find((w) => w.path.endsWith('jts.ini'))!;
    expect(jtsWrite.backup && existsSync(jtsWrite.backup)).toBe(true);
    expect(readFileSync(jtsWrite.path, 'latin1')).toBe(jts.after);

    await call('gateway.start');
    await until(() => core!.hub.get('status')?.level === 'connected', { what: 'connected', timeout: 20_000 });
    // The supervisor launched with the very config.ini the wizard showed and wrote.
    expect(runtimeOf(core)!.supervisor.ibcIniPath).toBe(ibc.path);
    expect(written.map((w) => w.path)).toContain(ibc.path);
    expect(runtimeOf(core)!.supervisor.attached).toBe(false);
    const refused = await core.dispatcher.dispatch('wizard.writeFiles', undefined);
    expect(refused).toMatchObject({ ok: false, error: { code: 'GATEWAY_RUNNING' } });

    const checks = await call('wizard.test');
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    const logs = JSON.stringify(await call('gateway.logs', { limit: 5000 }));
    expect(logs).not.toContain('S3cret!pw');
  });
});
