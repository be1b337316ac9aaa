/**
 * The simulated IBC start scripts, run as real processes on the three install layouts: the real scripts'
 * argument grammar and exit codes (ibcstart.sh on Linux/macOS, StartIBC.bat on Windows), the launcher
 * rename on the first start, and credentials only from arguments or config.ini.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discover } from '../../../electron/core/gateway/discovery.ts';
import { createDemoInstall } from '../../../electron/simulator/demo-install.ts';
import type { DemoInstall, DemoLayout } from '../../../electron/simulator/demo-install.ts';
import { tempDir } from '../../support/temp-dir.ts';

const POSIX = process.platform !== 'win32';
/** A Windows exit code as this machine can carry it: POSIX exit statuses are 8 bits. */
const win = (code: number) => (process.platform === 'win32' ? code : code % 256);
const dirs: string[] = [];
const running: Array<ReturnType<typeof spawn>> = [];

afterEach(() => {
  for (const c of running.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function demo(layout: DemoLayout): DemoInstall {
  const root = tempDir('gh-ibcs-');
  dirs.push(root);
  return createDemoInstall(root, { layout, sim: { loginDelayMs: 40, port: 0 } });
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(install: DemoInstall, args: string[], env: NodeJS.ProcessEnv = {}, until?: string): Promise<Run> {
  const script = path.join(install.ibcPath!, 'scripts', install.layout === 'win32' ? 'StartIBC.bat' : 'ibcstart.sh');
  const child = spawn(script, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  const out: Run = { code: null, stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => {
    out.stdout += d.toString();
    if (until && out.stdout.includes(until)) child.kill('SIGTERM');
  });
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ ...out, code })));
}

/** The arguments Gatehouse passes on each layout (launch.ts), as the real scripts spell them. */
function goodArgs(install: DemoInstall): string[] {
  const ibc = install.ibcPath!;
  const ini = path.join(ibc, 'config.ini');
  if (install.layout === 'win32') {
    return ['1030', '/Gateway', `/TwsPath:${path.dirname(path.dirname(install.installPath))}`, `/TwsSettingsPath:${install.settingsPath}`, `/IbcPath:${ibc}`, `/Config:${ini}`, '/Mode:paper', '/On2FATimeout:exit'];
  }
  const version = install.layout === 'darwin' ? '10.30' : '1030';
  const twsPath = install.layout === 'darwin' ? path.dirname(install.installPath) : path.dirname(path.dirname(install.installPath));
  return [version, '-g', `--tws-path=${twsPath}`, `--tws-settings-path=${install.settingsPath}`, `--ibc-path=${ibc}`, `--ibc-ini=${ini}`, '--mode=paper', '--on2fatimeout=exit'];
}

describe.runIf(POSIX)('simulated IBC start scripts on every layout', () => {
  for (const layout of ['linux', 'darwin', 'win32'] as const) {
    it(`${layout}: the real grammar logs in, and renames IB's launcher on the first start`, async () => {
      const install = demo(layout);
      const [own, renamed] =
        layout === 'linux' ? ['ibgateway', 'ibgateway1'] : layout === 'darwin' ? ['IB Gateway 10.30.app', 'IB Gateway 10.30-1.app'] : ['ibgateway.exe', 'ibgateway1.exe'];
      expect(existsSync(path.join(install.installPath, own))).toBe(true);
      const r = await run(install, goodArgs(install), {}, 'Login has completed');
      expect(r.stdout).toContain('IBC: Login has completed');
      expect(existsSync(path.join(install.installPath, own))).toBe(false);
      expect(existsSync(path.join(install.installPath, renamed))).toBe(true);
      // And the install is still found as a good one afterwards.
      const found = discover({ platform: layout, home: path.dirname(install.settingsPath), systemDrive: path.dirname(install.settingsPath), standardRoots: true });
      expect(found.installs.find((c) => c.path === install.installPath)).toMatchObject({ valid: true });
      // A second start finds nothing left to rename and still starts.
      const again = await run(install, goodArgs(install), {}, 'Login has completed');
      expect(again.stdout).toContain('IBC: Login has completed');
    });
  }

  it('Linux/macOS: ibcstart.sh exit codes for a bad argument (3), no version (2), the wrong version form (4)', async () => {
    const linux = demo('linux');
    const args = goodArgs(linux);
    expect((await run(linux, [...args, '--ibc-ini-typo=x'])).code).toBe(3);
    expect((await run(linux, [...args, 'extra'])).code).toBe(3);
    expect((await run(linux, args.map((a) => (a === '--mode=paper' ? '--mode=demo' : a)))).code).toBe(3);
    expect((await run(linux, args.map((a) => (a === '--on2fatimeout=exit' ? '--on2fatimeout=never' : a)))).code).toBe(3);
    expect((await run(linux, args.slice(1))).code).toBe(2);
    expect((await run(linux, ['10.30', ...args.slice(1)])).code).toBe(4);
    const mac = demo('darwin');
    const undotted = await run(mac, ['1030', ...goodArgs(mac).slice(1)]);
    expect(undotted.code).toBe(4);
    expect(undotted.stderr).toContain("Offline TWS/Gateway version 1030 is not installed: can't find jars folder");
  });

  it('Linux: config.ini missing (6), vmoptions missing (7), no Java anywhere (1)', async () => {
    const install = demo('linux');
    const args = goodArgs(install);
    rmSync(path.join(install.installPath, 'ibgateway.vmoptions'));
    expect((await run(install, args)).code).toBe(7);
    writeFileSync(path.join(install.installPath, 'ibgateway.vmoptions'), '-Xmx768m\n');
    rmSync(path.join(install.installPath, 'jre'), { recursive: true });
    const noJava = await run(install, args, { PATH: path.join(install.settingsPath, 'no-such-bin'), JAVA_HOME: '' });
    expect(noJava.code).toBe(1);
    expect(noJava.stderr).toContain("Can't find suitable Java installation");
    // A java on the PATH does not help: the script takes `which java` for a folder (seen with IBC 3.24.1).
    const bin = path.join(install.settingsPath, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'java'), '#!/bin/sh\n', { mode: 0o755 });
    const pathJava = await run(install, args, { PATH: `${bin}${path.delimiter}${process.env['PATH'] ?? ''}`, JAVA_HOME: '' });
    expect(pathJava.code).toBe(1);
    expect(pathJava.stderr).toContain(`No java executable found in supplied path ${path.join(bin, 'java')}`);
    rmSync(path.join(install.ibcPath!, 'config.ini'));
    expect((await run(install, args)).code).toBe(6);
  });

  it("Windows: StartIBC.bat's 1003 for IBController's /IbcIni:, 1004 not installed, 1006 no config, 1008 no settings folder", async () => {
    const install = demo('win32');
    const args = goodArgs(install);
    const old = await run(install, args.map((a) => a.replace(/^\/Config:/, '/IbcIni:')));
    expect(old.code).toBe(win(1003));
    expect(old.stdout).toContain("Invalid parameter '/IbcIni:");
    expect((await run(install, ['1099', ...args.slice(1)])).code).toBe(win(1004));
    expect((await run(install, args.map((a) => (a.startsWith('/TwsSettingsPath:') ? `${a}-missing` : a)))).code).toBe(win(1008));
    rmSync(path.join(install.ibcPath!, 'config.ini'));
    expect((await run(install, args)).code).toBe(win(1006));
  });
});
