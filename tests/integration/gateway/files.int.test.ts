import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Profile } from '../../../electron/core/contract.ts';
import { discover } from '../../../electron/core/gateway/discovery.ts';
import { planGatewayFiles, writeGatewayFiles } from '../../../electron/core/gateway/files.ts';
import { readProps } from '../../../electron/core/gateway/properties.ts';
import { parseIni, serializeIni } from '../../../electron/core/gateway/jts-ini.ts';
import { profileDefaults } from '../../../electron/core/settings/defaults.ts';
import { createDemoInstall } from '../../../electron/simulator/demo-install.ts';
import { tempDir } from '../../support/temp-dir.ts';

describe('gateway files over the demo install', () => {
  it('discovery finds the demo install and its IBC as a standalone Gateway 10.30', () => {
    const root = tempDir('gh-demo-');
    const demo = createDemoInstall(root, { withIbc: true });
    const d = discover({ platform: 'linux', home: root, extraIbcRoots: [demo.ibcPath!] });
    expect(d.installs[0]).toMatchObject({ path: demo.installPath, product: 'gateway', version: '10.30', valid: true, standalone: true });
    expect(d.ibc[0]).toMatchObject({ path: demo.ibcPath, valid: true });
    expect(d.settingsPath).toBe(demo.settingsPath);
  });

  it("edits the demo's jts.ini and IBC config.ini losslessly", async () => {
    const root = tempDir('gh-demo-');
    const demo = createDemoInstall(root, { withIbc: true, ibcIni: { BypassOrderPrecautions: 'yes', SaveTwsSettingsAt: 'Every 1 hours' } });
    const jtsBefore = readFileSync(path.join(demo.settingsPath, 'jts.ini'), 'latin1');
    expect(serializeIni(parseIni(jtsBefore))).toBe(jtsBefore);
    const profile: Profile = {
      id: 'demo',
      ...profileDefaults('paper', 'gateway'),
      installPath: demo.installPath,
      settingsPath: demo.settingsPath,
      ibcPath: demo.ibcPath,
      trustedIps: ['127.0.0.1', '192.168.7.7'],
      username: 'demo',
    };
    const work = path.join(root, 'work');
    const base = path.join(demo.ibcPath!, 'config.ini');
    const [jts, ibc] = planGatewayFiles(profile, { workDir: work, baseIbcIni: base, timeZone: 'America/Chicago' });
    // Every line of the Gateway's own file is still there, except the values we own.
    const afterLines = new Set(jts!.after.split(/\r?\n/));
    for (const line of jtsBefore.split(/\r?\n/)) {
      if (/^(TrustedIPs|ApiOnly|TimeZone)=/.test(line)) continue;
      expect(afterLines.has(line), line).toBe(true);
    }
    expect(jts!.after).toContain('TrustedIPs=127.0.0.1,192.168.7.7');
    const props = readProps(ibc!.after);
    expect(props.get('BypassOrderPrecautions')).toBe('yes');
    expect(props.get('SaveTwsSettingsAt')).toBe('Every 1 hours');
    expect(props.get('IbPassword')).toBe('');
    expect(props.get('TrustedTwsApiClientIPs')).toBe('192.168.7.7');
    expect(ibc!.after).toContain('# IBC configuration (simulated Gateway demo)');

    const written = await writeGatewayFiles(profile, { workDir: work, baseIbcIni: base, timeZone: 'America/Chicago', isGatewayRunning: false });
    expect(readFileSync(written[0]!.path, 'latin1')).toBe(jts!.after);
    expect(readFileSync(written[1]!.path, 'latin1')).toBe(ibc!.after);
  });
});
