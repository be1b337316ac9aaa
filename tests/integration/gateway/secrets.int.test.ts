import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readIbcConfig } from '../../../electron/core/gateway/ibc-config.ts';
import { allFiles, cleanup, PASS, rig, USER } from './harness.ts';
import { until } from '../../support/until.ts';

afterEach(cleanup);

describe('no password anywhere after a full start/stop cycle', () => {
  it('not in any file, log, log file or command line', async () => {
    const r = await rig();
    await r.sup.start();
    await until(() => r.sup.state === 'running', { what: 'running', timeout: 10_000 });
    const pid = r.sup.pid!;
    if (existsSync(`/proc/${pid}/cmdline`)) {
      expect(readFileSync(`/proc/${pid}/cmdline`, 'latin1')).not.toContain(PASS);
    }
    // While the Gateway runs, the password is in its config.ini (IBC re-reads it on a cold restart).
    expect(readIbcConfig(r.sup.ibcIniPath!).get('IbPassword')).toBe(PASS);
    r.logs.ingest(`2026-11-25 10:00:00:000 IBC: echo IbPassword=${PASS} TWSPASSWORD=${PASS} user ${USER}`);
    await r.sup.restart('cycle');
    await until(() => r.sup.state === 'running', { what: 'running again', timeout: 10_000 });
    await r.sup.stop();

    // sim.json is the simulated IB server's own user list, not a file Gatehouse writes.
    const files = allFiles(r.root).filter((f) => path.basename(f.file) !== 'sim.json');
    expect(files.some((f) => f.file.startsWith(r.logDir))).toBe(true);
    expect(files.some((f) => f.file === r.sup.ibcIniPath)).toBe(true);
    for (const f of files) expect(f.text.includes(PASS), f.file).toBe(false);
    const shown = JSON.stringify(r.logs.query());
    expect(shown).not.toContain(PASS);
    expect(shown).not.toContain(USER);
    expect(shown).toContain('Login has completed');
  });
});
