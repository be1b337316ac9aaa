/**
 * The argument grammar and checks of IBC's start scripts, as the simulated IBC applies them before it
 * "starts Java": `ibcstart.sh` on Linux and macOS, `scripts\StartIBC.bat` on Windows. Whatever the real
 * script refuses, this refuses with the same exit code, so a launch command that passes here passes there.
 *
 * Sources (IBC 3.24.1): resources/scripts/ibcstart.sh, resources/scripts/StartIBC.bat; line numbers are
 * given beside each rule and in electron/simulator/README.md.
 */
import { existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

/** Which script is imitated: `linux` / `darwin` = ibcstart.sh with that OS's layout, `win32` = StartIBC.bat. */
export type ScriptOs = 'linux' | 'darwin' | 'win32';

export interface ScriptArgs {
  version: string;
  gateway: boolean;
  twsPath?: string;
  twsSettingsPath?: string;
  ibcPath?: string;
  ibcIni?: string;
  javaPath?: string;
  user?: string;
  pw?: string;
  fixUser?: string;
  fixPw?: string;
  mode?: string;
  on2faTimeout?: string;
}

export class ScriptError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** The script's own codes (ibcstart.sh:96-103; StartIBC.bat:88-95 numbers them 1001-1008, and 1008 is the settings path). */
export function scriptCode(os: ScriptOs, name: 'noJava' | 'noVersion' | 'invalidArg' | 'notInstalled' | 'ibcPath' | 'ini' | 'vmoptions' | 'settingsPath'): number {
  const posix = { noJava: 1, noVersion: 2, invalidArg: 3, notInstalled: 4, ibcPath: 5, ini: 6, vmoptions: 7, settingsPath: 5 } as const;
  const win = { noJava: 1001, noVersion: 1002, invalidArg: 1003, notInstalled: 1004, ibcPath: 1005, ini: 1006, vmoptions: 1007, settingsPath: 1008 } as const;
  return (os === 'win32' ? win : posix)[name];
}

/** IBC's Java exit code as the script's caller sees it: the shell reduces it modulo 256 (ibcstart.sh:540), cmd does not. */
export function javaExit(os: ScriptOs, code: number): number {
  return os === 'win32' ? code : code % 256;
}

const POSIX_OPTIONS: Array<[prefix: string, key: keyof ScriptArgs]> = [
  ['--tws-path=', 'twsPath'],
  ['--tws-settings-path=', 'twsSettingsPath'],
  ['--ibc-path=', 'ibcPath'],
  ['--ibc-ini=', 'ibcIni'],
  ['--java-path=', 'javaPath'],
  ['--user=', 'user'],
  ['--pw=', 'pw'],
  ['--fix-user=', 'fixUser'],
  ['--fix-pw=', 'fixPw'],
  ['--mode=', 'mode'],
  ['--on2fatimeout=', 'on2faTimeout'],
];

const BAT_OPTIONS: Array<[prefix: string, key: keyof ScriptArgs]> = [
  ['/TWSPATH:', 'twsPath'],
  ['/TWSSETTINGSPATH:', 'twsSettingsPath'],
  ['/IBCPATH:', 'ibcPath'],
  ['/CONFIG:', 'ibcIni'],
  ['/JAVAPATH:', 'javaPath'],
  ['/USER:', 'user'],
  ['/PW:', 'pw'],
  ['/FIXUSER:', 'fixUser'],
  ['/FIXPW:', 'fixPw'],
  ['/MODE:', 'mode'],
  ['/ON2FATIMEOUT:', 'on2faTimeout'],
];

/** Null: the script prints its usage and exits 0 (ibcstart.sh:68-71; StartIBC.bat:15-19). */
export function parseScriptArgs(os: ScriptOs, args: string[]): ScriptArgs | null {
  const first = args[0] ?? '';
  if (os === 'win32' ? ['', '/?', '-?'].includes(first) || first.toUpperCase() === '/HELP' : ['', '-?', '-h'].includes(first) || first === '--HELP') {
    return null;
  }
  const win = os === 'win32';
  // ibcstart.sh runs with `shopt -s nocasematch` (:131) and StartIBC.bat compares with `if /I`: prefixes
  // match in any case; the values keep theirs.
  const options = win ? BAT_OPTIONS : POSIX_OPTIONS;
  const out: Partial<ScriptArgs> & { gateway: boolean } = { gateway: false };
  let error: ScriptError | null = null;
  const invalid = (arg: string) => new ScriptError(`Invalid parameter '${arg}'`, scriptCode(os, 'invalidArg'));
  for (const arg of args) {
    const upper = arg.toUpperCase();
    if (win ? upper === '/G' || upper === '/GATEWAY' : upper === '-G' || upper === '--GATEWAY') {
      out.gateway = true;
      continue;
    }
    const option = options.find(([prefix]) => upper.startsWith(prefix.toUpperCase()));
    if (option) {
      let value = arg.slice(option[0].length);
      if (option[1] === 'twsSettingsPath' && !win) value = value.replace(/\/+$/, ''); // :147
      (out as Record<string, unknown>)[option[1]] = value;
    } else if (arg.startsWith(win ? '/' : '-')) {
      // ibcstart.sh exits at the first bad argument (:166-167); StartIBC.bat notes it and goes on (:164-166).
      if (!win) throw invalid(arg);
      error = invalid(arg);
    } else if (out.version === undefined) {
      out.version = arg;
    } else {
      if (!win) throw invalid(arg);
      error = invalid(arg);
    }
  }
  if ((out.fixUser || out.fixPw) && !out.gateway) {
    error = new ScriptError('FIX user id and FIX password are only valid for the Gateway', scriptCode(os, 'invalidArg'));
  }
  if (out.mode && !/^(live|paper)$/i.test(out.mode)) {
    error = new ScriptError(`Trading mode set to ${out.mode} but must be either 'live' or 'paper' (case-insensitive)`, scriptCode(os, 'invalidArg'));
  }
  if (out.on2faTimeout && !/^(restart|exit)$/i.test(out.on2faTimeout)) {
    error = new ScriptError(`2FA timeout action set to ${out.on2faTimeout} but must be either 'restart' or 'exit' (case-insensitive)`, scriptCode(os, 'invalidArg'));
  }
  if (error) throw error;
  if (out.version === undefined) throw new ScriptError('TWS major version number has not been supplied', scriptCode(os, 'noVersion'));
  return out as ScriptArgs;
}

export interface ScriptEnv {
  home: string;
  /** PATH and JAVA_HOME for the Java lookup; SYSTEMDRIVE, USERPROFILE, PROGRAMDATA on Windows. */
  env: NodeJS.ProcessEnv;
}

export interface ResolvedScript {
  args: ScriptArgs;
  /** The program folder the script settled on (it falls back to TWS/Gateway's other folder, :263-266). */
  programPath: string;
  settingsPath: string;
  ibcPath: string;
  iniPath: string;
  javaPath: string;
}

/**
 * Windows paths run on this machine as they are when it is Windows, and with `/` for `\` otherwise, so
 * that a Windows layout built in a temp folder can be checked on Linux too.
 */
function hostPath(os: ScriptOs, p: string): string {
  return os === 'win32' && process.platform !== 'win32' ? p.replace(/\\/g, '/') : p;
}

function isExecutableOnPath(name: string, pathVar: string | undefined): string | null {
  for (const dir of (pathVar ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      if (statSync(file).isFile()) return dir;
    } catch {
      /* not here */
    }
  }
  return null;
}

/** The checks the script makes before it starts Java, in its order, with its exit codes. */
export function resolveScript(os: ScriptOs, args: ScriptArgs, where: ScriptEnv): ResolvedScript {
  const win = os === 'win32';
  const j = win ? path.win32.join : path.posix.join;
  const exists = (p: string) => existsSync(hostPath(os, p));
  const e = where.env;
  const drive = e['SYSTEMDRIVE'] ?? 'C:';
  let twsPath: string;
  let settingsPath: string;
  let tws: string;
  let gw: string;
  if (win) {
    twsPath = args.twsPath || `${drive}\\Jts`; // StartIBC.bat:263-266
    settingsPath = args.twsSettingsPath || twsPath;
    tws = j(twsPath, args.version);
    gw = j(twsPath, 'ibgateway', args.version);
  } else if (os === 'linux') {
    twsPath = args.twsPath || j(where.home, 'Jts'); // ibcstart.sh:237-241
    settingsPath = args.twsSettingsPath || twsPath;
    tws = j(twsPath, args.version);
    gw = j(twsPath, 'ibgateway', args.version);
  } else {
    twsPath = args.twsPath || j(where.home, 'Applications'); // ibcstart.sh:243-246: the dotted version
    settingsPath = args.twsSettingsPath || j(where.home, 'Jts');
    tws = j(twsPath, `Trader Workstation ${args.version}`);
    gw = j(twsPath, `IB Gateway ${args.version}`);
  }
  const ibcPath = args.ibcPath || (win ? `${drive}\\IBC` : '/opt/ibc');
  const iniPath = args.ibcIni || (win ? j(e['USERPROFILE'] ?? where.home, 'Documents', 'IBC', 'config.ini') : j(where.home, 'ibc', 'config.ini'));
  let programPath = args.gateway ? gw : tws;
  let vmoptions = j(programPath, args.gateway ? 'ibgateway.vmoptions' : 'tws.vmoptions');
  if (!exists(j(programPath, 'jars'))) {
    programPath = args.gateway ? tws : gw;
    vmoptions = j(programPath, args.gateway ? 'tws.vmoptions' : 'ibgateway.vmoptions');
  }
  const notInstalled = () =>
    new ScriptError(`Offline TWS/Gateway version ${args.version} is not installed: can't find jars folder`, scriptCode(os, 'notInstalled'));
  if (win) {
    if (!exists(j(programPath, 'jars'))) throw notInstalled(); // StartIBC.bat:290-296
    if (!exists(settingsPath)) throw new ScriptError(`TWS settings path: ${settingsPath} does not exist`, scriptCode(os, 'settingsPath'));
  } else {
    if (!exists(settingsPath)) throw new ScriptError(`TWS settings path: ${settingsPath} does not exist`, scriptCode(os, 'settingsPath')); // :270-272
    if (!exists(j(programPath, 'jars'))) throw notInstalled(); // :274-278
  }
  if (!exists(ibcPath)) throw new ScriptError(`IBC path: ${ibcPath} does not exist`, scriptCode(os, 'ibcPath'));
  if (!exists(iniPath)) throw new ScriptError(`IBC configuration file: ${iniPath}  does not exist`, scriptCode(os, 'ini'));
  if (!exists(vmoptions)) throw new ScriptError('Neither tws.vmoptions nor ibgateway.vmoptions could be found', scriptCode(os, 'vmoptions'));
  const javaExe = win ? 'java.exe' : 'java';
  if (args.javaPath && !exists(j(args.javaPath, javaExe))) {
    throw new ScriptError(`Java installaton at ${args.javaPath}/${javaExe} does not exist`, scriptCode(os, 'noJava'));
  }
  const javaPath = findJava(os, programPath, args.javaPath, e, exists, j);
  if (!javaPath) throw new ScriptError("Can't find suitable Java installation", scriptCode(os, 'noJava'));
  // ibcstart.sh's fallbacks give the executable itself (`which java`, `$JAVA_HOME/bin/java`) where the
  // folder is expected, so `<that>/java` never exists (:457-471): seen running IBC 3.24.1's script.
  if (!exists(j(javaPath, javaExe))) throw new ScriptError(`No java executable found in supplied path ${javaPath}`, scriptCode(os, 'noJava'));
  return { args, programPath, settingsPath, ibcPath, iniPath, javaPath };
}

/** ibcstart.sh:442-471 and StartIBC.bat:404-426: the install's own JRE first, then the machine's. */
function findJava(
  os: ScriptOs,
  programPath: string,
  given: string | undefined,
  e: NodeJS.ProcessEnv,
  exists: (p: string) => boolean,
  j: (...p: string[]) => string,
): string | null {
  const install4j = j(programPath, '.install4j');
  const exe = os === 'win32' ? 'java.exe' : 'java';
  const fromCfg = (cfg: string): string | null => {
    if (!exists(cfg)) return null;
    const first = readFileSync(hostPath(os, cfg), 'utf8').split(/\r?\n/)[0]?.trim() ?? '';
    return first && exists(j(first, 'bin', exe)) ? j(first, 'bin') : null;
  };
  if (os === 'darwin') {
    // macOS takes the bundled JRE whatever --java-path said (:449-454).
    const old = j(install4j, 'jre.bundle', 'Contents', 'Home', 'jre', 'bin');
    const bundled = exists(j(old, 'java')) ? old : j(install4j, 'jre.bundle', 'Contents', 'Home', 'bin');
    return exists(j(bundled, 'java')) ? bundled : null;
  }
  let found = given || fromCfg(j(install4j, 'pref_jre.cfg')) || fromCfg(j(install4j, 'inst_jre.cfg'));
  if (found) return found;
  if (os === 'win32') {
    const oracle = j(e['PROGRAMDATA'] ?? 'C:\\ProgramData', 'Oracle', 'Java', 'javapath');
    return exists(j(oracle, 'java.exe')) ? oracle : null;
  }
  found = isExecutableOnPath('java', e['PATH']);
  if (found) return j(found, 'java');
  const home = e['JAVA_HOME'];
  return home && exists(j(home, 'bin', 'java')) ? j(home, 'bin', 'java') : null;
}

/**
 * IB's own launcher is renamed so the Gateway cannot restart itself without IBC: ibcstart.sh:502-509
 * (Linux `ibgateway` → `ibgateway1`, `tws` → `tws1`; macOS `IB Gateway <v>.app` → `IB Gateway <v>-1.app`)
 * and StartIBC.bat:452-469 (`ibgateway.exe` → `ibgateway1.exe`, deleting an older `ibgateway1.exe` first).
 */
export function renameLauncher(os: ScriptOs, resolved: ResolvedScript): void {
  const p = (name: string) => hostPath(os, (os === 'win32' ? path.win32.join : path.posix.join)(resolved.programPath, name));
  const pairs: Array<[string, string]> =
    os === 'linux'
      ? [['tws', 'tws1'], ['ibgateway', 'ibgateway1']]
      : os === 'darwin'
        ? [
            [`Trader Workstation ${resolved.args.version}.app`, `Trader Workstation ${resolved.args.version}-1.app`],
            [`IB Gateway ${resolved.args.version}.app`, `IB Gateway ${resolved.args.version}-1.app`],
          ]
        : [['tws.exe', 'tws1.exe'], ['ibgateway.exe', 'ibgateway1.exe']];
  for (const [from, to] of pairs) {
    if (!existsSync(p(from))) continue;
    if (os === 'win32') rmSync(p(to), { force: true });
    renameSync(p(from), p(to));
  }
}
