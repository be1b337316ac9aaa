/**
 * The wizard → start → logged in → API connected path with IBC on the three install layouts, each tree
 * built in a temp folder. The simulated IBC script checks the launch command against the real script's
 * grammar (ibcstart.sh on Linux/macOS, StartIBC.bat on Windows) and refuses anything else with its exit code.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/app.ts';
import { discover } from '../../../electron/core/gateway/discovery.ts';
import { ibcIniPathFor } from '../../../electron/core/gateway/files.ts';
import { IbcPlumbing } from '../../../electron/core/gateway/ibc.ts';
import { buildLaunch } from '../../../electron/core/gateway/launch.ts';
import { findFreePort } from '../../../electron/core/gateway/ports.ts';
import { probeApi } from '../../../electron/core/gateway/probe.ts';
import { profileDefaults } from '../../../electron/core/settings/defaults.ts';
import { createDemoInstall } from '../../../electron/simulator/demo-install.ts';
import { contractClient } from '../../support/contract-client.ts';
import { until } from '../../support/until.ts';
import { tempDir } from '../../support/temp-dir.ts';

const PASS = 'Lay0ut-pw!';
let core: Core | null = null;
const dirs: string[] = [];
const kids: Array<ReturnType<typeof spawn>> = [];

afterEach(async () => {
  await core?.dispose({ stopGateway: true });
  core = null;
  for (const k of kids.splice(0)) if (k.exitCode === null) k.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function home(): string {
  const d = tempDir('gh-layout-');
  dirs.push(d);
  return d;
}

describe.runIf(process.platform !== 'win32')('IBC on every install layout', () => {
  for (const layout of ['linux', 'darwin'] as const) {
    it(`${layout}: discovered by the wizard, started through ibcstart.sh, logged in, API connected`, async () => {
      const h = home();
      const install = createDemoInstall(h, { layout, sim: { users: { trader1: PASS }, loginDelayMs: 150 } });
      core = await createCore({
        dataDir: path.join(h, 'data'),
        shell: 'web',
        version: 't',
        discovery: { home: h, platform: layout },
        runtime: { supervisor: { platform: layout } },
      });
      const { call } = contractClient(core);
      const found = await call('wizard.discover', { extraPath: install.installPath });
      const gw = found.installs.find((i) => i.valid && i.product === 'gateway')!;
      expect(gw).toMatchObject({ path: install.installPath, version: '10.30', standalone: true });
      const profile = await call('settings.saveProfile', {
        profile: {
          name: 'Paper',
          mode: 'paper',
          installPath: gw.path,
          settingsPath: install.settingsPath,
          ibcPath: install.ibcPath!,
          apiPort: await findFreePort(),
          username: 'trader1',
          account: 'DU7654321',
        },
        activate: true,
      });
      await call('secrets.setPassword', { profileId: profile.id, password: PASS });
      await call('wizard.writeFiles');
      await call('gateway.start');
      await until(() => core!.hub.get('status')?.level === 'connected', { what: 'connected', timeout: 30_000 });
      const launched = JSON.stringify(await call('gateway.logs', { filter: 'launching:', limit: 10 }));
      // macOS wants the dotted version (ibcstart.sh:245-246); Linux the folder's own name.
      expect(launched).toContain(layout === 'darwin' ? 'ibcstart.sh 10.30 -g' : 'ibcstart.sh 1030 -g');
      expect(launched).not.toContain(PASS);
      expect((await call('wizard.test')).filter((c) => !c.ok)).toEqual([]);
    });
  }

  it('win32: discovered, the StartIBC.bat command (with /Config:) accepted, logged in, API connected', async () => {
    const h = home();
    const install = createDemoInstall(h, { layout: 'win32', sim: { users: { trader1: PASS }, loginDelayMs: 150 } });
    const found = discover({ platform: 'win32', home: h, systemDrive: h, extraPath: install.installPath, standardRoots: false });
    const gw = found.installs.find((i) => i.valid && i.product === 'gateway')!;
    expect(gw).toMatchObject({ path: install.installPath, version: '10.30' });
    // IBC is found by the script Gatehouse runs on Windows, scripts\StartIBC.bat.
    const ibcFound = discover({ platform: 'win32', home: h, systemDrive: h, standardRoots: true });
    expect(ibcFound.ibc).toEqual([{ path: install.ibcPath, version: null, valid: true }]);
    const apiPort = await findFreePort();
    const profile = {
      id: 'win',
      ...profileDefaults('paper', 'gateway'),
      installPath: gw.path,
      settingsPath: install.settingsPath,
      ibcPath: install.ibcPath!,
      apiPort,
      username: 'trader1',
    };
    const workDir = path.join(h, 'data');
    const ibc = new IbcPlumbing({ workDir, log: () => undefined, now: () => Date.now() });
    const ini = ibc.writeConfig(profile, { commandServerPort: 0, password: PASS });
    expect(ini).toBe(ibcIniPathFor(workDir, 'win'));
    const spec = buildLaunch(profile, { platform: 'win32', ibcIni: ini });
    expect(spec.args.filter((a) => a.startsWith('/Config:'))).toHaveLength(1);
    // This machine is not Windows: the same command with its `\` read as `/`.
    const posix = (s: string) => s.replace(/\\/g, '/');
    const child = spawn(posix(spec.file), spec.args.map(posix), { env: { ...process.env, ...spec.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    kids.push(child);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    await until(() => out.includes('Login has completed') || child.exitCode !== null, { what: 'login', timeout: 20_000 });
    expect(out).toContain('IBC: Login has completed');
    await until(() => out.includes(`TWS API socket port now set to ${apiPort}`), { what: 'API port', timeout: 10_000 });
    const probe = await probeApi({ port: apiPort, timeoutMs: 3000 });
    expect(probe.ok).toBe(true);
    child.kill('SIGTERM');
    ibc.removeCredentials();
  });
});
