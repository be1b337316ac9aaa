import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Profile } from '../../../electron/core/contract.ts';
import { ibcIniPathFor, planGatewayFiles, writeGatewayFiles } from '../../../electron/core/gateway/files.ts';
import { profileDefaults } from '../../../electron/core/settings/defaults.ts';
import { tempDir } from '../../support/temp-dir.ts';

function setup() {
  const root = tempDir('gh-files-');
  mkdirSync(path.join(root, 'Jts'));
  writeFileSync(path.join(root, 'Jts/jts.ini'), '[IBGateway]\r\nWriteDebug=false\r\nTrustedIPs=127.0.0.1\r\n[Logon]\r\nLocale=en\r\n');
  writeFileSync(path.join(root, 'user-config.ini'), '# mine\nIbPassword=leak\nBypassOrderPrecautions=yes\n');
  const profile: Profile = {
    id: 'p9',
    ...profileDefaults('paper', 'gateway'),
    settingsPath: path.join(root, 'Jts'),
    ibcPath: path.join(root, 'ibc'),
    trustedIps: ['127.0.0.1', '10.9.9.9'],
  };
  return { root, profile, work: path.join(root, 'work') };
}

describe('gateway files', () => {
  it('plans jts.ini and IBC config.ini without any password', () => {
    const { root, profile, work } = setup();
    const changes = planGatewayFiles(profile, { workDir: work, baseIbcIni: path.join(root, 'user-config.ini') });
    expect(changes.map((c) => c.kind)).toEqual(['jts.ini', 'ibc-config']);
    expect(changes[0]!.after).toContain('TrustedIPs=127.0.0.1,10.9.9.9\r\n');
    expect(changes[1]!.before).toBeNull();
    expect(changes[1]!.path).toBe(ibcIniPathFor(work, 'p9'));
    expect(changes[1]!.after).toContain('BypassOrderPrecautions=yes');
    expect(JSON.stringify(changes)).not.toContain('leak');
  });

  it('writes both with a jts.ini backup, and refuses while the Gateway runs', async () => {
    const { root, profile, work } = setup();
    await expect(writeGatewayFiles(profile, { workDir: work, isGatewayRunning: true })).rejects.toMatchObject({ code: 'GATEWAY_RUNNING' });
    const written = await writeGatewayFiles(profile, { workDir: work, isGatewayRunning: false, baseIbcIni: path.join(root, 'user-config.ini') });
    expect(written[0]!.backup).toMatch(/jts\.ini\.gatehouse-.*\.bak$/);
    expect(written[1]!.backup).toBeNull();
    expect(readFileSync(written[1]!.path, 'utf8')).toContain('TradingMode=paper');
    expect(readFileSync(written[1]!.path, 'utf8')).not.toContain('leak');
  });

  it('the Java heap setting: shown as a vmoptions change, written with a backup, only the -Xmx line changed', async () => {
    const { root, profile, work } = setup();
    const install = path.join(root, 'Jts/ibgateway/1030');
    mkdirSync(install, { recursive: true });
    const vm = path.join(install, 'ibgateway.vmoptions');
    writeFileSync(vm, '-Xmx768m\n-XX:+UseG1GC\n-Dinstaller.uuid=x\n');
    const withHeap = { ...profile, installPath: install, javaHeapMb: 2048 };
    expect(planGatewayFiles({ ...withHeap, javaHeapMb: null }, { workDir: work }).map((c) => c.kind)).toEqual(['jts.ini', 'ibc-config']);
    const plan = planGatewayFiles(withHeap, { workDir: work });
    expect(plan.find((c) => c.kind === 'vmoptions')).toEqual({ path: vm, kind: 'vmoptions', before: '-Xmx768m\n-XX:+UseG1GC\n-Dinstaller.uuid=x\n', after: '-Xmx2048m\n-XX:+UseG1GC\n-Dinstaller.uuid=x\n' });
    const written = await writeGatewayFiles(withHeap, { workDir: work, isGatewayRunning: false });
    const w = written.find((x) => x.path === vm)!;
    expect(readFileSync(w.backup!, 'utf8')).toBe('-Xmx768m\n-XX:+UseG1GC\n-Dinstaller.uuid=x\n');
    expect(readFileSync(vm, 'utf8')).toBe('-Xmx2048m\n-XX:+UseG1GC\n-Dinstaller.uuid=x\n');
  });
});
