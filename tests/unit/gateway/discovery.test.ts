import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover, majorVersion, parseVersion } from '../../../electron/core/gateway/discovery.ts';
import { tempDir } from '../../support/temp-dir.ts';

const tmp = () => tempDir('gh-disc-');

/** A real install tree: launcher, jars/, and .install4j/ for the offline installer. */
function install(dir: string, launcher: string, opts: { jars?: boolean; install4j?: boolean } = {}) {
  mkdirSync(dir, { recursive: true });
  if (launcher.endsWith('.app')) mkdirSync(path.join(dir, launcher, 'Contents', 'MacOS'), { recursive: true });
  else {
    writeFileSync(path.join(dir, launcher), '#!/bin/sh\n');
    chmodSync(path.join(dir, launcher), 0o755);
  }
  if (opts.jars !== false) {
    mkdirSync(path.join(dir, 'jars'));
    writeFileSync(path.join(dir, 'jars', 'jts4launch-1030.jar'), '');
  }
  if (opts.install4j !== false) {
    mkdirSync(path.join(dir, '.install4j'));
    writeFileSync(path.join(dir, '.install4j', 'i4jruntime.jar'), '');
  }
}

function ibc(dir: string, opts: { version?: string; bat?: boolean } = {}) {
  mkdirSync(path.join(dir, 'scripts'), { recursive: true });
  writeFileSync(path.join(dir, opts.bat ? 'StartGateway.bat' : 'scripts/ibcstart.sh'), '');
  writeFileSync(path.join(dir, 'IBC.jar'), '');
  if (opts.version) writeFileSync(path.join(dir, 'version'), `${opts.version}\n`);
}

describe('version helpers', () => {
  it('parses folder and dotted versions', () => {
    expect(parseVersion('1030')).toBe('10.30');
    expect(parseVersion('1019')).toBe('10.19');
    expect(parseVersion('981')).toBe('9.81');
    expect(parseVersion('10.30')).toBe('10.30');
    expect(parseVersion('latest')).toBeNull();
    expect(majorVersion('10.30')).toBe('1030');
    expect(majorVersion('9.81')).toBe('981');
  });
});

describe('discover', () => {
  it('Linux: every Gateway version in ~/Jts/ibgateway and ~/ibgateway, TWS in ~/Jts, newest first', () => {
    const home = tmp();
    install(path.join(home, 'Jts/ibgateway/1019'), 'ibgateway');
    install(path.join(home, 'Jts/ibgateway/1030'), 'ibgateway');
    install(path.join(home, 'ibgateway/1037'), 'ibgateway', { install4j: false });
    install(path.join(home, 'Jts/1030'), 'tws');
    mkdirSync(path.join(home, 'Jts/ibgateway/1025')); // leftover folder: no launcher, no jars
    ibc(path.join(home, 'ibc'), { version: '3.23.0' });
    const d = discover({ platform: 'linux', home, standardRoots: true });
    expect(d.installs.map((c) => [c.product, c.version, c.valid, c.standalone])).toEqual([
      ['gateway', '10.37', true, false],
      ['gateway', '10.30', true, true],
      ['tws', '10.30', true, true],
      ['gateway', '10.19', true, true],
      ['gateway', '10.25', false, false],
    ]);
    expect(d.installs.at(-1)?.problem).toMatch(/No IB Gateway program/);
    expect(d.settingsPath).toBe(path.join(home, 'Jts'));
    expect(d.ibc).toEqual([{ path: path.join(home, 'ibc'), version: '3.23.0', valid: true }]);
  });

  it('Windows: C:\\Jts\\ibgateway\\<ver>\\ibgateway.exe and C:\\Jts\\<ver> TWS, IBC in C:\\IBC', () => {
    const drive = tmp();
    install(path.join(drive, 'Jts/ibgateway/1030'), 'ibgateway.exe');
    install(path.join(drive, 'Jts/1037'), 'tws.exe');
    install(path.join(drive, 'Jts/ibgateway/1019'), 'ibgateway'); // a Linux launcher is not a Windows install
    ibc(path.join(drive, 'IBC'), { bat: true });
    const d = discover({ platform: 'win32', home: tmp(), systemDrive: drive });
    expect(d.installs.map((c) => [c.product, c.version, c.valid])).toEqual([
      ['tws', '10.37', true],
      ['gateway', '10.30', true],
      ['gateway', '10.19', false],
    ]);
    expect(d.installs[2]?.problem).toMatch(/ibgateway\.exe is missing/);
    expect(d.ibc[0]).toMatchObject({ valid: true, version: null });
    expect(d.settingsPath).toBe(path.join(drive, 'Jts'));
  });

  it('macOS: ~/Applications/IB Gateway 10.30 and /Applications via extra roots', () => {
    const home = tmp();
    const sys = tmp();
    install(path.join(home, 'Applications/IB Gateway 10.30'), 'IB Gateway 10.30.app');
    install(path.join(sys, 'IB Gateway 10.37'), 'IB Gateway 10.37.app', { jars: false });
    install(path.join(sys, 'Trader Workstation 10.33'), 'Trader Workstation 10.33.app');
    const d = discover({ platform: 'darwin', home, extraRoots: [{ kind: 'applications', path: sys }] });
    expect(d.installs.map((c) => [c.product, c.version, c.valid, c.standalone])).toEqual([
      ['tws', '10.33', true, true],
      ['gateway', '10.30', true, true],
      ['gateway', '10.37', false, false],
    ]);
    expect(d.installs[2]?.problem).toMatch(/auto-updating/);
  });

  it('a user-picked folder comes first, whether an install or a root', () => {
    const home = tmp();
    install(path.join(home, 'Jts/ibgateway/1030'), 'ibgateway');
    const elsewhere = tmp();
    install(path.join(elsewhere, 'gw/ibgateway/1019'), 'ibgateway');
    const picked = discover({ platform: 'linux', home, extraPath: path.join(elsewhere, 'gw/ibgateway/1019') });
    expect(picked.installs[0]).toMatchObject({ version: '10.19', valid: true });
    const root = discover({ platform: 'linux', home, extraPath: path.join(elsewhere, 'gw') });
    expect(root.installs.map((c) => c.version)).toEqual(['10.19', '10.30']);
    const junk = discover({ platform: 'linux', home, extraPath: tmp() });
    expect(junk.installs[0]).toMatchObject({ valid: false });
  });

  it('finds IBC only with its start script and IBC.jar', () => {
    const home = tmp();
    mkdirSync(path.join(home, 'ibc/scripts'), { recursive: true });
    writeFileSync(path.join(home, 'ibc/scripts/ibcstart.sh'), '');
    const d = discover({ platform: 'linux', home, standardRoots: false, extraIbcRoots: [path.join(home, 'ibc')] });
    expect(d.ibc).toEqual([{ path: path.join(home, 'ibc'), version: null, valid: false }]);
  });

  it('an install IBC has started (launcher renamed to ibgateway1 / ibgateway1.exe / "-1.app") is a valid install', () => {
    const home = tmp();
    install(path.join(home, 'Jts/ibgateway/1030'), 'ibgateway1');
    const linux = discover({ platform: 'linux', home, standardRoots: true });
    expect(linux.installs.map((c) => [c.version, c.valid, c.problem])).toEqual([['10.30', true, null]]);

    const drive = tmp();
    install(path.join(drive, 'Jts/ibgateway/1030'), 'ibgateway1.exe');
    const win = discover({ platform: 'win32', home: tmp(), systemDrive: drive });
    expect(win.installs.map((c) => [c.version, c.valid, c.problem])).toEqual([['10.30', true, null]]);

    const mac = tmp();
    install(path.join(mac, 'Applications/IB Gateway 10.30'), 'IB Gateway 10.30-1.app');
    const darwin = discover({ platform: 'darwin', home: mac });
    expect(darwin.installs.map((c) => [c.version, c.valid, c.problem])).toEqual([['10.30', true, null]]);
  });

  it('version folders that are not four digits (ib-gateway-docker installs Jts/ibgateway/10.45.1j) are found', () => {
    const home = tmp();
    install(path.join(home, 'Jts/ibgateway/10.45.1j'), 'ibgateway');
    install(path.join(home, 'Jts/ibgateway/1030'), 'ibgateway1');
    const d = discover({ platform: 'linux', home });
    expect(d.installs.map((c) => [path.basename(c.path), c.version, c.valid])).toEqual([
      ['10.45.1j', '10.45.1j', true],
      ['1030', '10.30', true],
    ]);
    const picked = discover({ platform: 'linux', home, standardRoots: false, extraPath: path.join(home, 'Jts/ibgateway/10.45.1j') });
    expect(picked.installs[0]).toMatchObject({ version: '10.45.1j', valid: true, product: 'gateway' });
  });
});
