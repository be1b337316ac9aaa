/**
 * Where the IB password lives while a Gateway runs under IBC (the simulated IBC reads credentials the way
 * IBC does: arguments or config.ini, never the environment).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ibcIniPathFor } from '../../../electron/core/gateway/files.ts';
import { readIbcConfig } from '../../../electron/core/gateway/ibc-config.ts';
import { GatewaySupervisor } from '../../../electron/core/gateway/supervisor.ts';
import { allFiles, cleanup, fault, PASS, rig, USER } from './harness.ts';
import { until } from '../../support/until.ts';

afterEach(cleanup);

/** Every process under `pid` (the script, and what it started), read from /proc. */
function tree(pid: number): number[] {
  const out = [pid];
  try {
    for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) out.push(...tree(Number(child)));
  } catch {
    /* gone */
  }
  return out;
}

const LINUX = process.platform === 'linux';

describe('IBC credentials: in the profile config.ini while the Gateway runs, nowhere after', () => {
  it('logs in with the vault password through config.ini (0600 in a 0700 folder), never via env or a command line', async () => {
    const r = await rig();
    await r.sup.start();
    await until(() => r.sup.state === 'running', { what: 'running', timeout: 15_000 });
    const ini = r.sup.ibcIniPath!;
    expect(readIbcConfig(ini).get('IbLoginId')).toBe(USER);
    // Kept while the Gateway runs: IBC re-reads it when it cold-restarts itself.
    expect(readIbcConfig(ini).get('IbPassword')).toBe(PASS);
    if (process.platform !== 'win32') {
      expect(statSync(ini).mode & 0o777).toBe(0o600);
      expect(statSync(path.dirname(ini)).mode & 0o777).toBe(0o700);
    }
    if (LINUX) {
      const pids = tree(r.sup.pid!);
      expect(pids.length).toBeGreaterThan(0);
      for (const pid of pids) {
        expect(readFileSync(`/proc/${pid}/cmdline`, 'latin1'), `cmdline of ${pid}`).not.toContain(PASS);
        expect(readFileSync(`/proc/${pid}/environ`, 'latin1'), `environ of ${pid}`).not.toContain(PASS);
      }
    }
    await r.sup.stop();
    expect(readIbcConfig(ini).get('IbPassword')).toBe('');
    const files = allFiles(r.root).filter((f) => path.basename(f.file) !== 'sim.json');
    for (const f of files) expect(f.text.includes(PASS), f.file).toBe(false);
  });

  it('a crash of the Gateway blanks the password; the restart writes it again and logs in', async () => {
    const r = await rig();
    await r.sup.start();
    await until(() => r.sup.state === 'running', { what: 'running', timeout: 15_000 });
    await fault(r.settingsPath, { kind: 'crash', exitCode: 134 });
    await until(() => r.launches() === 2 && r.sup.state === 'running', { what: 'running after the crash', timeout: 15_000 });
    expect(readIbcConfig(r.sup.ibcIniPath!).get('IbPassword')).toBe(PASS);
    await r.sup.stop();
    expect(readIbcConfig(r.sup.ibcIniPath!).get('IbPassword')).toBe('');
  });

  it('leftovers of a Gatehouse that died while its Gateway ran are blanked when Gatehouse next starts; a live Gateway keeps its login', async () => {
    const r = await rig();
    const workDir = path.join(r.root, 'work');
    const ini = ibcIniPathFor(workDir, r.profile.id);
    mkdirSync(path.dirname(ini), { recursive: true, mode: 0o700 });
    const leftovers = (pid: number) => {
      writeFileSync(ini, `# mine\nIbLoginId=${USER}\nIbPassword=${PASS}\nTradingMode=paper\n`, { mode: 0o600 });
      writeFileSync(path.join(path.dirname(ini), 'running.json'), JSON.stringify({ pid }));
    };
    const again = () => new GatewaySupervisor({ profile: r.profile, logs: r.logs, workDir });
    // A Gateway (here: this test process) still running under that config.ini keeps it: IBC may need it.
    leftovers(process.pid);
    again().dispose();
    expect(readIbcConfig(ini).get('IbPassword')).toBe(PASS);
    // Its process gone: the login is blanked, the user's other lines stay.
    leftovers(2 ** 22 + 7);
    again().dispose();
    expect(readFileSync(ini, 'latin1')).toBe('# mine\nIbLoginId=\nIbPassword=\nTradingMode=paper\n');
    expect(existsSync(path.join(path.dirname(ini), 'running.json'))).toBe(false);
  });
});

describe('Java heap from the profile', () => {
  it('a start writes -Xmx into the install vmoptions (backup kept) before the Gateway reads it', async () => {
    const r = await rig({ profile: { javaHeapMb: 1536 } });
    const vm = path.join(r.profile.installPath, 'ibgateway.vmoptions');
    const before = readFileSync(vm, 'latin1');
    await r.sup.start();
    await until(() => r.sup.state === 'running', { what: 'running', timeout: 15_000 });
    expect(readFileSync(vm, 'latin1')).toBe(before.replace('-Xmx768m', '-Xmx1536m'));
    const backups = allFiles(path.dirname(vm)).filter((f) => /ibgateway\.vmoptions\.gatehouse-.*\.bak$/.test(f.file));
    expect(backups.map((b) => b.text)).toEqual([before]);
    await r.sup.stop();
  });
});
