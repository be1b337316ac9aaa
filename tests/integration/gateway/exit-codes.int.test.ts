/**
 * A setup IBC's start script refuses ends in a clear stop with the fix, not in a crash loop (the simulated
 * ibcstart.sh applies the real script's checks and exit codes).
 */
import { chmodSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, clockedRig, drive, expectNoRelaunch, fault, rig } from './harness.ts';
import { until } from '../../support/until.ts';

afterEach(cleanup);

describe.runIf(process.platform !== 'win32')('IBC script exit codes become stop reasons', () => {
  it('no ibgateway.vmoptions (exit 7): stopped once with the fix, no restarts', async () => {
    const r = await clockedRig();
    rmSync(path.join(r.profile.installPath, 'ibgateway.vmoptions'));
    const alerts: string[] = [];
    r.sup.onAlert((a) => alerts.push(`${a.title}: ${a.body}`));
    await r.sup.start();
    await drive(r.clock, () => r.sup.state === 'stopped', 50, 'stopped');
    expect(r.sup.reason).toMatch(/no ibgateway\.vmoptions \(exit code 7\)\. Reinstall IB Gateway with the offline installer/);
    expect(alerts.join('\n')).toMatch(/vmoptions/);
    expect(r.launches()).toBe(1);
    await expectNoRelaunch(r);
  });

  it('the version is not installed as an offline Gateway (exit 4): says so, no restarts', async () => {
    const r = await clockedRig();
    rmSync(path.join(r.profile.installPath, 'jars'), { recursive: true });
    await r.sup.start();
    await drive(r.clock, () => r.sup.state === 'stopped', 50, 'stopped');
    expect(r.sup.reason).toMatch(/the offline Gateway at that version \(no jars folder\) \(exit code 4\)\. Install IB Gateway with the offline/);
    expect(r.launches()).toBe(1);
    await expectNoRelaunch(r);
  });

  it('a start script without its execute bit: refused before launching, with the chmod to run', async () => {
    const r = await rig();
    const script = path.join(r.profile.ibcPath!, 'scripts', 'ibcstart.sh');
    chmodSync(script, 0o644);
    await expect(r.sup.start()).rejects.toMatchObject({ message: expect.stringMatching(/not executable/), hint: expect.stringContaining('chmod +x') });
    expect(r.sup.state).toBe('stopped');
    expect(r.launches()).toBe(0);
  });

  it("IBC's Java exiting 1101 (seen as 77): stopped with the fix; a JVM exit 1 after IBC has logged is a crash, restarted", async () => {
    const r = await rig();
    await r.sup.start();
    await until(() => r.sup.state === 'running', { what: 'running', timeout: 15_000 });
    await fault(r.settingsPath, { kind: 'crash', exitCode: 1101 % 256 });
    await until(() => r.sup.state === 'stopped', { what: 'stopped', timeout: 15_000 });
    expect(r.sup.reason).toMatch(/could not find a control .* \(exit code 77 = IBC 1101\)\. This Gateway version and this IBC version do not fit/);
    expect(r.launches()).toBe(1);

    await r.sup.start();
    await until(() => r.sup.state === 'running' && r.launches() === 2, { what: 'running again', timeout: 15_000 });
    await fault(r.settingsPath, { kind: 'crash', exitCode: 1 });
    // Not "no Java": Java was running. A crash, so a restart follows.
    await until(() => r.launches() === 3 && r.sup.state === 'running', { what: 'restarted after the crash', timeout: 15_000 });
    expect(r.sup.timeline().some((e) => /exited unexpectedly \(exit code 1\)/.test(e.reason))).toBe(true);
  });
});
