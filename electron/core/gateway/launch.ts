import { accessSync, constants, existsSync } from 'node:fs';
import nodePath from 'node:path';
import type { Profile } from '../contract.ts';
import { AppError } from '../errors.ts';
import { findLauncher, launcherName, parseVersion } from './discovery.ts';
import { explainSpawnFailure } from './exit-codes.ts';

/**
 * What to run for a profile. No credential is ever in it: IBC reads them from config.ini (see
 * ibc-credentials.ts); without IBC the user types them into the Gateway's window.
 */
export interface LaunchSpec {
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  usesIbc: boolean;
  /** A line for the log: the command as run. */
  describe: string;
}

export interface LaunchOptions {
  platform?: NodeJS.Platform;
  /** The IBC config.ini written for this launch (required when the profile uses IBC). */
  ibcIni?: string;
}

/** `…/ibgateway/1030` → `10.30`; `…/IB Gateway 10.30` → `10.30`. */
export function installVersion(installPath: string): string {
  const base = installPath.replace(/[\\/]+$/, '').split(/[\\/]/).at(-1) ?? '';
  const v = parseVersion(base) ?? /(\d+\.\d+)$/.exec(base)?.[1] ?? null;
  if (!v) {
    throw new AppError('GATEWAY_NOT_INSTALLED', `Cannot tell the Gateway version from ${installPath}`, {
      hint: 'Pick the version folder itself, e.g. ~/Jts/ibgateway/1030.',
    });
  }
  return v;
}

/**
 * ibcstart.sh finds the program at `<tws-path>/ibgateway/<ver>` (Linux Gateway), `<tws-path>/<ver>` (Linux
 * TWS, Windows) or `<tws-path>/IB Gateway <dotted>` (macOS), so tws-path is the folder above that.
 */
export function twsPathFor(profile: Profile, platform: NodeJS.Platform): string {
  const path = pathFor(platform);
  const install = profile.installPath.replace(/[\\/]+$/, '');
  const parent = path.dirname(install);
  if (platform === 'darwin') return parent;
  if (profile.product === 'gateway' && path.basename(parent).toLowerCase() === 'ibgateway') return path.dirname(parent);
  return parent;
}

/**
 * The version argument IBC's script wants is the one it builds the program path from: on Linux and Windows
 * the version folder's own name (`<tws-path>/ibgateway/<v>`, ibcstart.sh:240-241, StartIBC.bat:268-269),
 * so `1030` or `10.45.1j`; on macOS the dotted version in `IB Gateway <v>` (ibcstart.sh:245-246). A wrong
 * form is exit 4, "not installed".
 */
export function ibcVersionArgument(profile: Profile, platform: NodeJS.Platform): string {
  const base = profile.installPath.replace(/[\\/]+$/, '').split(/[\\/]/).at(-1) ?? '';
  if (platform === 'darwin') return /^(?:IB Gateway|Trader Workstation) (.+)$/i.exec(base)?.[1] ?? installVersion(profile.installPath);
  return base;
}

/** Windows paths are built with win32 rules (which also accept `/`), whatever we run on. */
function pathFor(platform: NodeJS.Platform): typeof nodePath.posix {
  return platform === 'win32' ? nodePath.win32 : nodePath;
}

export function buildLaunch(profile: Profile, options: LaunchOptions = {}): LaunchSpec {
  const platform = options.platform ?? process.platform;
  const path = pathFor(platform);
  const dotted = installVersion(profile.installPath);
  const env: Record<string, string> = {};

  if (profile.ibcPath) {
    if (!options.ibcIni) throw new Error('buildLaunch: ibcIni is required with IBC');
    // No --user/--pw (process lists show arguments) and no TWSUSERID/TWSPASSWORD (ibcstart.sh never reads
    // them; only the wrapper scripts turn them into --user/--pw): the login is in config.ini.
    const mode = profile.mode;
    const twoFa = profile.twoFactor.timeoutAction;
    if (platform === 'win32') {
      const file = path.join(profile.ibcPath, 'scripts', 'StartIBC.bat');
      const args = [
        ibcVersionArgument(profile, platform),
        ...(profile.product === 'gateway' ? ['/Gateway'] : []),
        `/TwsPath:${twsPathFor(profile, platform)}`,
        `/TwsSettingsPath:${profile.settingsPath}`,
        `/IbcPath:${profile.ibcPath}`,
        // StartIBC.bat's name for the config file (StartIBC.bat:30,147); `/IbcIni:` was IBController's and is
        // "Invalid parameter", error 1003 (:164-166).
        `/Config:${options.ibcIni}`,
        `/Mode:${mode}`,
        `/On2FATimeout:${twoFa}`,
      ];
      return { file, args, env, cwd: profile.ibcPath, usesIbc: true, describe: `${file} ${args.join(' ')}` };
    }
    const file = path.join(profile.ibcPath, 'scripts', 'ibcstart.sh');
    const args = [
      ibcVersionArgument(profile, platform),
      ...(profile.product === 'gateway' ? ['-g'] : []),
      `--tws-path=${twsPathFor(profile, platform)}`,
      `--tws-settings-path=${profile.settingsPath}`,
      `--ibc-path=${profile.ibcPath}`,
      `--ibc-ini=${options.ibcIni}`,
      `--mode=${mode}`,
      `--on2fatimeout=${twoFa}`,
    ];
    return { file, args, env, cwd: profile.ibcPath, usesIbc: true, describe: `${file} ${args.join(' ')}` };
  }

  // Without IBC: IB's own launcher; the user logs in in the Gateway's window and we wait for the API.
  // IB's own launcher, or the name IBC renamed it to if IBC has ever started this install.
  const launcher =
    findLauncher(profile.installPath, platform, profile.product, dotted) ?? path.join(profile.installPath, launcherName(platform, profile.product, dotted));
  if (platform === 'darwin') {
    // -W keeps `open` alive while the app runs, so its exit is the app's exit.
    return { file: 'open', args: ['-W', '-n', '-a', launcher], env, cwd: profile.installPath, usesIbc: false, describe: `open -W -n -a ${launcher}` };
  }
  return { file: launcher, args: [], env, cwd: profile.installPath, usesIbc: false, describe: launcher };
}

/** Refuse early, with a hint, when what we would run is not there. */
export function checkLaunchable(spec: LaunchSpec): void {
  const target = spec.file === 'open' ? spec.args.at(-1)! : spec.file;
  if (!existsSync(target)) {
    throw new AppError('GATEWAY_NOT_INSTALLED', `${target} does not exist`, {
      hint: spec.usesIbc
        ? `Check the IBC folder in the profile (it must contain scripts/${spec.file.toLowerCase().endsWith('.bat') ? 'StartIBC.bat' : 'ibcstart.sh'}).`
        : 'Check the Gateway folder in the profile, or run the setup wizard again.',
    });
  }
  if (process.platform !== 'win32' && spec.file !== 'open' && !spec.file.toLowerCase().endsWith('.bat')) {
    try {
      accessSync(target, constants.X_OK);
    } catch {
      // Unzipping IBC loses the execute bit: the launch would fail with EACCES and look like a crash.
      const m = explainSpawnFailure('EACCES', null, target)!;
      throw new AppError('GATEWAY_NOT_INSTALLED', m.what, { hint: m.fix });
    }
  }
}
