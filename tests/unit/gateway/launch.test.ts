import { describe, expect, it } from 'vitest';
import type { Profile } from '../../../electron/core/contract.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildLaunch, checkLaunchable, installVersion, twsPathFor } from '../../../electron/core/gateway/launch.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { profileDefaults } from '../../../electron/core/settings/defaults.ts';

const base = (over: Partial<Profile> = {}): Profile => ({
  id: 'p',
  ...profileDefaults('live', 'gateway'),
  installPath: '/home/t/Jts/ibgateway/1030',
  settingsPath: '/home/t/Jts',
  username: 'trader',
  ...over,
});

describe('buildLaunch', () => {
  it('IBC on Linux: ibcstart.sh with the documented arguments, no credentials in arguments or env', () => {
    const spec = buildLaunch(base({ ibcPath: '/opt/ibc' }), { platform: 'linux', ibcIni: '/w/config.ini' });
    expect(spec.file).toBe('/opt/ibc/scripts/ibcstart.sh');
    expect(spec.args).toEqual([
      '1030',
      '-g',
      '--tws-path=/home/t/Jts',
      '--tws-settings-path=/home/t/Jts',
      '--ibc-path=/opt/ibc',
      '--ibc-ini=/w/config.ini',
      '--mode=live',
      '--on2fatimeout=restart',
    ]);
    // ibcstart.sh reads neither TWSUSERID nor TWSPASSWORD; only --user/--pw, which process lists show.
    expect(spec.env).toEqual({});
    expect(spec.args.some((a) => /^--(user|pw)=/.test(a))).toBe(false);
    expect(spec.usesIbc).toBe(true);
  });

  it('IBC with ~/ibgateway/<ver> and TWS layouts', () => {
    expect(twsPathFor(base({ installPath: '/home/t/ibgateway/1030' }), 'linux')).toBe('/home/t');
    expect(twsPathFor(base({ installPath: '/home/t/Jts/1030', product: 'tws' }), 'linux')).toBe('/home/t/Jts');
    expect(twsPathFor(base({ installPath: '/Users/t/Applications/IB Gateway 10.30' }), 'darwin')).toBe('/Users/t/Applications');
    const tws = buildLaunch(base({ ibcPath: '/opt/ibc', product: 'tws', installPath: '/home/t/Jts/1030' }), { platform: 'linux', ibcIni: '/i' });
    expect(tws.args).not.toContain('-g');
    expect(tws.env).toEqual({});
  });

  it('IBC on Windows: StartIBC.bat with /Gateway style arguments', () => {
    const spec = buildLaunch(base({ ibcPath: 'C:\\IBC', installPath: 'C:\\Jts\\ibgateway\\1030', settingsPath: 'C:\\Jts' }), { platform: 'win32', ibcIni: 'C:\\IBC\\config.ini' });
    expect(spec.args[0]).toBe('1030');
    expect(spec.args).toContain('/Gateway');
    expect(spec.args).toContain('/Mode:live');
  });

  it("without IBC: the install's own launcher, no credentials", () => {
    expect(buildLaunch(base(), { platform: 'linux' })).toMatchObject({ file: '/home/t/Jts/ibgateway/1030/ibgateway', args: [], env: {}, usesIbc: false });
    expect(buildLaunch(base({ installPath: 'C:\\Jts\\ibgateway\\1030' }), { platform: 'win32' }).file).toMatch(/ibgateway\.exe$/);
    const mac = buildLaunch(base({ installPath: '/Applications/IB Gateway 10.30' }), { platform: 'darwin' });
    expect(mac.args.at(-1)).toBe('/Applications/IB Gateway 10.30/IB Gateway 10.30.app');
  });

  it('refuses a folder with no version', () => {
    expect(installVersion('/x/ibgateway/1037/')).toBe('10.37');
    expect(() => installVersion('/x/gateway')).toThrow(/version/);
  });

  it('macOS: the IBC version argument is dotted (ibcstart.sh:245-246 looks for "IB Gateway <version>")', () => {
    const spec = buildLaunch(base({ ibcPath: '/Users/t/ibc', installPath: '/Users/t/Applications/IB Gateway 10.30', settingsPath: '/Users/t/Jts' }), {
      platform: 'darwin',
      ibcIni: '/w/config.ini',
    });
    expect(spec.args[0]).toBe('10.30');
    expect(spec.args).toContain('--tws-path=/Users/t/Applications');
  });

  it('Linux: the version argument is the folder name itself (1030, or 10.45.1j from ib-gateway-docker)', () => {
    expect(buildLaunch(base({ ibcPath: '/opt/ibc' }), { platform: 'linux', ibcIni: '/i' }).args[0]).toBe('1030');
    const docker = buildLaunch(base({ ibcPath: '/opt/ibc', installPath: '/home/t/Jts/ibgateway/10.45.1j' }), { platform: 'linux', ibcIni: '/i' });
    expect(docker.args[0]).toBe('10.45.1j');
  });

  it('Windows: StartIBC.bat takes /Config:<file> (StartIBC.bat:147), never /IbcIni:', () => {
    const spec = buildLaunch(base({ ibcPath: 'C:\\IBC', installPath: 'C:\\Jts\\ibgateway\\1030', settingsPath: 'C:\\Jts' }), {
      platform: 'win32',
      ibcIni: 'C:\\Users\\t\\AppData\\Roaming\\Gatehouse\\ibc-p\\config.ini',
    });
    expect(spec.file).toBe('C:\\IBC\\scripts\\StartIBC.bat');
    expect(spec.args).toContain('/Config:C:\\Users\\t\\AppData\\Roaming\\Gatehouse\\ibc-p\\config.ini');
    expect(spec.args.some((a) => /^\/IbcIni:/i.test(a))).toBe(false);
    expect(spec.args).toContain('/TwsPath:C:\\Jts');
  });

  it('without IBC, on an install IBC once started: runs the renamed launcher (ibgateway1), as the only one left', () => {
    const dir = path.join(tempDir('gh-launch-'), 'Jts', 'ibgateway', '1030');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'ibgateway1'), '#!/bin/sh\n', { mode: 0o755 });
    const spec = buildLaunch(base({ installPath: dir }), { platform: 'linux' });
    expect(spec.file).toBe(path.join(dir, 'ibgateway1'));
    expect(() => checkLaunchable(spec)).not.toThrow();
  });
});
