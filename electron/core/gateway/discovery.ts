import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Discovery, InstallCandidate } from '../contract.ts';
import { defaultSettingsPath } from '../settings/defaults.ts';

type Product = InstallCandidate['product'];

/**
 * How a root holds installs:
 * - `jts`: `<root>/ibgateway/<1030>` (Gateway) and `<root>/<1030>` (TWS) — Windows C:\Jts, Linux ~/Jts;
 * - `versions`: `<root>/<1030>` Gateways only — Linux ~/ibgateway;
 * - `applications`: `<root>/IB Gateway 10.30`, `<root>/Trader Workstation 10.30` — macOS.
 */
export type RootKind = 'jts' | 'versions' | 'applications';
export interface InstallRoot {
  kind: RootKind;
  path: string;
}

export interface DiscoveryOptions {
  platform?: NodeJS.Platform;
  home: string;
  /** Windows' system drive root (`C:\`); tests point it at a temp dir. */
  systemDrive?: string;
  /** Folders searched besides the standard ones (tests, portable installs). */
  extraRoots?: InstallRoot[];
  /** Where IBC may be besides /opt/ibc, ~/ibc, C:\IBC. */
  extraIbcRoots?: string[];
  /** A folder the user picked: an install folder itself, or a root holding some. */
  extraPath?: string;
  /** Skip the standard per-OS roots (tests that want only their own tree). */
  standardRoots?: boolean;
}

export function standardRoots(platform: NodeJS.Platform, home: string, systemDrive = 'C:\\'): InstallRoot[] {
  if (platform === 'win32') return [{ kind: 'jts', path: path.join(systemDrive, 'Jts') }];
  if (platform === 'darwin') {
    return [
      { kind: 'applications', path: path.join(home, 'Applications') },
      { kind: 'applications', path: '/Applications' },
    ];
  }
  return [
    { kind: 'jts', path: path.join(home, 'Jts') },
    { kind: 'versions', path: path.join(home, 'ibgateway') },
  ];
}

export function standardIbcRoots(platform: NodeJS.Platform, home: string, systemDrive = 'C:\\'): string[] {
  if (platform === 'win32') return [path.join(systemDrive, 'IBC')];
  return ['/opt/ibc', path.join(home, 'ibc'), path.join(home, 'IBC')];
}

/** The file (or macOS .app) that starts an install by itself. */
export function launcherName(platform: NodeJS.Platform, product: Product, dottedVersion: string): string {
  if (platform === 'win32') return product === 'gateway' ? 'ibgateway.exe' : 'tws.exe';
  if (platform === 'darwin') return product === 'gateway' ? `IB Gateway ${dottedVersion}.app` : `Trader Workstation ${dottedVersion}.app`;
  return product === 'gateway' ? 'ibgateway' : 'tws';
}

/**
 * The launcher names an install may have: IB's own, then the one IBC renames it to on its first start so
 * the Gateway cannot restart without IBC (ibcstart.sh:502-509: `ibgateway` → `ibgateway1`, `IB Gateway
 * 10.30.app` → `IB Gateway 10.30-1.app`; StartIBC.bat:452-469: `ibgateway.exe` → `ibgateway1.exe`). An
 * install IBC has ever started has only the second one, and is still a good install.
 */
export function launcherNames(platform: NodeJS.Platform, product: Product, dottedVersion: string): [string, string] {
  const own = launcherName(platform, product, dottedVersion);
  if (platform === 'darwin') return [own, own.replace(/\.app$/, '-1.app')];
  if (platform === 'win32') return [own, own.replace(/\.exe$/, '1.exe')];
  return [own, `${own}1`];
}

/** The launcher present in `dir` (IB's own preferred, else IBC's renamed one); null when neither is. */
export function findLauncher(dir: string, platform: NodeJS.Platform, product: Product, dottedVersion: string): string | null {
  for (const name of launcherNames(platform, product, dottedVersion)) {
    if (existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return null;
}

/** Version folder names: `1030`, and the dotted forms some installers use (ib-gateway-docker: `10.45.1j`). */
const VERSION_FOLDER = /^(\d{3,4}|\d+\.\d+(\.\d+)?[a-z]?)$/i;

/** `1030` → `10.30`, `981` → `9.81`; a dotted version is kept. Null when it is not a version. */
export function parseVersion(text: string): string | null {
  const t = text.trim();
  if (/^\d{3,4}$/.test(t)) return `${t.slice(0, t.length - 2)}.${t.slice(-2)}`;
  if (/^\d+\.\d+(\.\d+)?[a-z]?$/i.test(t)) return t;
  return null;
}

/** `10.30` → `1030`: the form ibcstart.sh and the folder names use. */
export function majorVersion(dotted: string): string {
  const [a = '', b = ''] = dotted.split('.');
  return `${a}${b.padStart(2, '0')}`;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.]/).map((x) => parseInt(x, 10) || 0);
  const pb = b.split(/[.]/).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function hasJars(dir: string): boolean {
  return list(path.join(dir, 'jars')).some((f) => f.endsWith('.jar'));
}

/** Judge one folder as an install of `product` at `version`. */
export function inspectInstall(dir: string, product: Product, version: string, platform: NodeJS.Platform): InstallCandidate {
  const launcher = path.join(dir, launcherName(platform, product, version));
  const jars = hasJars(dir);
  const hasLauncher = findLauncher(dir, platform, product, version) !== null;
  const install4j = isDir(path.join(dir, '.install4j'));
  let problem: string | null = null;
  if (!hasLauncher && !jars) problem = `No ${product === 'gateway' ? 'IB Gateway' : 'TWS'} program found in this folder`;
  else if (!hasLauncher) problem = `The launcher ${path.basename(launcher)} is missing; reinstall ${product === 'gateway' ? 'IB Gateway' : 'TWS'}`;
  else if (!jars) problem = 'The jars folder is missing: this looks like an auto-updating install, which IBC cannot start';
  return { path: dir, product, version, valid: problem === null, problem, standalone: install4j && jars };
}

const MAC_FOLDER = /^(IB Gateway|Trader Workstation) (\d+\.\d+(?:\.\d+)?[a-z]?)$/i;

function scanRoot(root: InstallRoot, platform: NodeJS.Platform): InstallCandidate[] {
  const out: InstallCandidate[] = [];
  const numbered = (dir: string, product: Product) => {
    for (const name of list(dir)) {
      const version = VERSION_FOLDER.test(name) ? parseVersion(name) : null;
      const full = path.join(dir, name);
      if (version && isDir(full)) out.push(inspectInstall(full, product, version, platform));
    }
  };
  if (root.kind === 'jts') {
    numbered(path.join(root.path, 'ibgateway'), 'gateway');
    numbered(root.path, 'tws');
  } else if (root.kind === 'versions') {
    numbered(root.path, 'gateway');
  } else {
    for (const name of list(root.path)) {
      const m = MAC_FOLDER.exec(name);
      if (m && isDir(path.join(root.path, name))) {
        out.push(inspectInstall(path.join(root.path, name), m[1] === 'IB Gateway' ? 'gateway' : 'tws', m[2]!, platform));
      }
    }
  }
  // A TWS settings folder (~/Jts) holds numbered folders too, but with no program in them: only keep
  // TWS candidates that have something of an install, so the settings folder does not show as broken TWS.
  return out.filter((c) => c.product === 'gateway' || c.valid || hasJars(c.path) || existsSync(path.join(c.path, '.install4j')));
}

/** A folder the user picked: the install itself (`…/1030`, `IB Gateway 10.30`) or a root holding installs. */
function inspectPicked(dir: string, platform: NodeJS.Platform): InstallCandidate[] {
  const base = path.basename(dir);
  const mac = MAC_FOLDER.exec(base);
  if (mac) return [inspectInstall(dir, mac[1] === 'IB Gateway' ? 'gateway' : 'tws', mac[2]!, platform)];
  const fromName = parseVersion(base);
  if (fromName) {
    const gw = inspectInstall(dir, 'gateway', fromName, platform);
    if (gw.valid) return [gw];
    const tws = inspectInstall(dir, 'tws', fromName, platform);
    if (tws.valid) return [tws];
    const parentIsGateway = /ibgateway/i.test(path.basename(path.dirname(dir)));
    return [parentIsGateway || !existsSync(path.join(dir, launcherName(platform, 'tws', fromName))) ? gw : tws];
  }
  const nested = [
    ...scanRoot({ kind: 'jts', path: dir }, platform),
    ...scanRoot({ kind: 'applications', path: dir }, platform),
  ];
  if (nested.length > 0) return nested;
  // No version in the name: still judge it, reading the version from install4j when we can.
  const version = readInstall4jVersion(dir) ?? 'unknown';
  const gw = inspectInstall(dir, 'gateway', version, platform);
  return [gw.valid ? gw : { ...gw, problem: gw.problem ?? 'Not an IB Gateway folder' }];
}

function readInstall4jVersion(dir: string): string | null {
  try {
    const text = readFileSync(path.join(dir, '.install4j', 'response.varfile'), 'latin1');
    const m = /^sys\.version=(.*)$/m.exec(text);
    return m ? parseVersion(m[1]!) : null;
  } catch {
    return null;
  }
}

export interface IbcCandidate {
  path: string;
  version: string | null;
  valid: boolean;
}

export function inspectIbc(dir: string): IbcCandidate {
  // The script Gatehouse runs (launch.ts): scripts/ibcstart.sh, or scripts\StartIBC.bat on Windows (which
  // IBC's StartGateway.bat calls).
  const script = ['scripts/ibcstart.sh', 'scripts/StartIBC.bat', 'StartGateway.bat'].some((f) => existsSync(path.join(dir, f)));
  const jar = existsSync(path.join(dir, 'IBC.jar')) || list(dir).some((f) => /^IBC.*\.jar$/i.test(f));
  let version: string | null;
  try {
    version = readFileSync(path.join(dir, 'version'), 'utf8').trim() || null;
  } catch {
    version = null;
  }
  return { path: dir, version, valid: script && jar };
}

/** Every install found, newest first (Gateway before TWS at the same version), plus IBC and the settings folder. */
export function discover(options: DiscoveryOptions): Discovery {
  const platform = options.platform ?? process.platform;
  const roots = [
    ...(options.standardRoots === false ? [] : standardRoots(platform, options.home, options.systemDrive)),
    ...(options.extraRoots ?? []),
  ];
  const seen = new Set<string>();
  const installs: InstallCandidate[] = [];
  const add = (c: InstallCandidate) => {
    const key = path.resolve(c.path);
    if (!seen.has(key)) {
      seen.add(key);
      installs.push(c);
    }
  };
  if (options.extraPath) inspectPicked(options.extraPath, platform).forEach(add);
  for (const root of roots) scanRoot(root, platform).forEach(add);
  const picked = options.extraPath ? path.resolve(options.extraPath) : null;
  installs.sort((a, b) => {
    // The user's own pick first, then valid before broken, newest first, Gateway before TWS.
    if (picked) {
      const pa = path.resolve(a.path).startsWith(picked) ? 0 : 1;
      const pb = path.resolve(b.path).startsWith(picked) ? 0 : 1;
      if (pa !== pb) return pa - pb;
    }
    if (a.valid !== b.valid) return a.valid ? -1 : 1;
    const v = compareVersions(b.version, a.version);
    if (v !== 0) return v;
    return a.product === b.product ? 0 : a.product === 'gateway' ? -1 : 1;
  });

  const ibcRoots = [
    ...(options.standardRoots === false ? [] : standardIbcRoots(platform, options.home, options.systemDrive)),
    ...(options.extraIbcRoots ?? []),
  ];
  const ibc: IbcCandidate[] = [];
  const seenIbc = new Set<string>();
  for (const dir of ibcRoots) {
    const key = path.resolve(dir);
    if (seenIbc.has(key) || !isDir(dir)) continue;
    seenIbc.add(key);
    const c = inspectIbc(dir);
    if (c.valid || existsSync(path.join(dir, 'scripts'))) ibc.push(c);
  }
  ibc.sort((a, b) => (a.valid === b.valid ? compareVersions(b.version ?? '0', a.version ?? '0') : a.valid ? -1 : 1));

  const settingsPath =
    platform === 'win32' && options.systemDrive
      ? path.join(options.systemDrive, 'Jts')
      : platform === 'win32'
        ? defaultSettingsPath('win32', options.home)
        : path.join(options.home, 'Jts');
  return { installs, ibc, settingsPath };
}
