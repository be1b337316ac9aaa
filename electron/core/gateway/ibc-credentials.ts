/**
 * Where the IB login lives while a Gateway runs under IBC, and for how long.
 *
 * IBC takes the credentials from exactly two places: `--user=`/`--pw=` arguments (ibcstart.sh:154-157,
 * passed on to Java as arguments, :526-532) or `IbLoginId`/`IbPassword` in its config.ini
 * (DefaultLoginManager.java:164-171). Its Java code reads no environment variable, so TWSUSERID/TWSPASSWORD
 * given to ibcstart.sh are ignored. Arguments are visible to every user in the process list, so the
 * carrier is the profile's own config.ini, in a folder only the user can open:
 *
 * - written (0600 file, 0700 folder) right before the launch;
 * - kept for as long as that Gateway runs: IBC cold-restarts itself inside the script's loop (the
 *   "Login failed" / login-error dialogs, COLDRESTART, ibcstart.sh:545-548) and reads config.ini again,
 *   so blanking it after the first login would leave the second login without a password;
 * - blanked when the Gateway ends (stop, exit, crash) and, if Gatehouse itself died meanwhile, at the
 *   next start, once the process recorded beside the file is gone.
 *
 * On Windows the file permissions are the folder's ACL: the Gatehouse data folder lives under the user's
 * profile (%APPDATA%), which only that user (and administrators) can read; we refuse any other place.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../errors.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { editProps, readProps } from './properties.ts';

/** The keys that carry the login; blanked whenever no Gateway of ours runs. */
const CREDENTIAL_KEYS = ['IbLoginId', 'IbPassword'] as const;
const MARKER = 'running.json';

export interface PrivateFolderOptions {
  platform?: NodeJS.Platform;
  /** The user's profile folder (Windows); os.homedir() by default. */
  home?: string;
}

/** Make (or tighten) the folder that holds a config.ini with a password: 0700, or under the user's profile on Windows. */
export function securePrivateFolder(dir: string, options: PrivateFolderOptions = {}): void {
  const platform = options.platform ?? process.platform;
  if (platform === 'win32') {
    const home = path.win32.resolve(options.home ?? os.homedir()).toLowerCase();
    const here = path.win32.resolve(dir).toLowerCase();
    if (!here.startsWith(home + '\\')) {
      throw new AppError('IO_ERROR', `${dir} is outside your user profile, so other users may read it`, {
        hint: "Keep Gatehouse's data folder under your user profile (the default is %APPDATA%\\Gatehouse).",
      });
    }
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode only applies to a new folder; an older one made with 0755 is tightened here.
  chmodSync(dir, 0o700);
}

/** Record which process reads this config.ini, so a later start can tell a live Gateway from a crash's leftovers. */
export function markCredentialsInUse(iniPath: string, pid: number | undefined): void {
  if (pid === undefined) return;
  writeFileSync(path.join(path.dirname(iniPath), MARKER), JSON.stringify({ pid }) + '\n', { mode: 0o600 });
}

function blankText(text: string): string {
  const props = readProps(text);
  const edits: Record<string, string> = {};
  for (const key of CREDENTIAL_KEYS) if (props.get(key)) edits[key] = '';
  return Object.keys(edits).length > 0 ? editProps(text, edits) : text;
}

/**
 * The Gateway has ended: blank the login in config.ini (and in any backup beside it) and forget the
 * process. True when something was blanked.
 */
export function removeCredentials(iniPath: string): boolean {
  const dir = path.dirname(iniPath);
  rmSync(path.join(dir, MARKER), { force: true });
  if (!existsSync(dir)) return false;
  let changed = false;
  const base = path.basename(iniPath);
  for (const name of readdirSync(dir)) {
    if (name !== base && !name.startsWith(`${base}.`)) continue;
    const file = path.join(dir, name);
    const text = readFileSync(file, 'latin1');
    const blank = blankText(text);
    if (blank !== text) {
      writeFileAtomic(file, Buffer.from(blank, 'latin1'), { mode: 0o600 });
      changed = true;
    }
  }
  return changed;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH: gone. EPERM: a process of another user has that pid now, so it is not our Gateway either.
    return false;
  }
}

/**
 * At a start: a config.ini still holding a login while the process recorded beside it is gone means
 * Gatehouse ended without cleaning up (a crash, a power cut). Blank it now. A Gateway still running keeps
 * its credentials. True when leftovers were removed.
 */
export function sweepStaleCredentials(iniPath: string, isAlive: (pid: number) => boolean = alive): boolean {
  const dir = path.dirname(iniPath);
  let pid: number | null;
  try {
    pid = (JSON.parse(readFileSync(path.join(dir, MARKER), 'utf8')) as { pid?: number }).pid ?? null;
  } catch {
    pid = null;
  }
  if (pid !== null && isAlive(pid)) return false;
  return removeCredentials(iniPath);
}
