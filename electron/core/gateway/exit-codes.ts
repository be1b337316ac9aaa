/**
 * What an exit of IBC's start script means, and what the user should do about it. One table for the
 * supervisor (stop reason), the alert and the docs.
 *
 * Sources: ibcstart.sh:96-111 (script codes 1-8; Java's 1111/1112 seen as `% 256`), StartIBC.bat:88-103
 * (Windows script codes 1001-1008; Java's codes unreduced), IBC's ErrorCodes.java:23-35 (1100-1112). On
 * Linux/macOS the shell reports IBC's own 11xx codes modulo 256 (ibcstart.sh:540): 1100 → 76 … 1112 → 88.
 *
 * `stop`: the same launch would fail the same way, so restarting in a loop only hides the cause; the
 * supervisor stops with the reason and the fix. `retry`: a transient failure, counted like a crash.
 * `supervisor`: 2FA and login-dialog timeouts, which the supervisor's own login handling decides.
 */
export type ExitAction = 'stop' | 'retry' | 'supervisor';

export interface ExitMeaning {
  /** The code as IBC or its script defines it (1..8, 1001..1008, 1100..1112). */
  ibcCode: number;
  action: ExitAction;
  /** Plain words for the stop reason. */
  what: string;
  /** What the user can do. */
  fix: string;
}

const SCRIPT: Record<number, Omit<ExitMeaning, 'ibcCode'>> = {
  1: {
    action: 'stop',
    what: 'IBC found no Java to run the Gateway with',
    fix: 'Reinstall IB Gateway with its offline installer (it brings its own Java), or install Java and make sure `java` is on the PATH.',
  },
  2: { action: 'stop', what: 'IBC was started without a Gateway version', fix: 'Pick the Gateway version folder again in the profile.' },
  3: {
    action: 'stop',
    what: "IBC's start script refused an argument",
    fix: 'Your IBC version may be older or newer than Gatehouse expects: update IBC, then start again.',
  },
  4: {
    action: 'stop',
    what: 'IBC did not find the offline Gateway at that version (no jars folder)',
    fix: 'Install IB Gateway with the offline (standalone) installer, or pick the installed version folder in the profile. IBC cannot start the auto-updating Gateway.',
  },
  5: {
    action: 'stop',
    what: 'the IBC folder or the Gateway settings folder does not exist',
    fix: 'Check the IBC folder and the settings folder in the profile.',
  },
  6: {
    action: 'stop',
    what: "IBC's config.ini was not found",
    fix: 'Start again: Gatehouse writes it at every start. If it keeps happening, check that the Gatehouse data folder is writable.',
  },
  7: {
    action: 'stop',
    what: 'the Gateway install has no ibgateway.vmoptions',
    fix: 'Reinstall IB Gateway with the offline installer: the install is incomplete.',
  },
  8: { action: 'stop', what: "IBC's start script could not tell the operating system", fix: 'Run IBC on Linux, macOS or Windows.' },
};

/** StartIBC.bat numbers the same checks 1001-1008, except that 1008 is the settings folder (StartIBC.bat:95). */
const WINDOWS_SCRIPT: Record<number, Omit<ExitMeaning, 'ibcCode'>> = {
  ...SCRIPT,
  5: { action: 'stop', what: 'the IBC folder does not exist', fix: 'Check the IBC folder in the profile.' },
  8: { action: 'stop', what: 'the Gateway settings folder does not exist', fix: 'Check the settings folder in the profile (C:\\Jts by default).' },
};

const JAVA: Record<number, Omit<ExitMeaning, 'ibcCode'>> = {
  1100: { action: 'retry', what: 'IBC stopped on an unexpected error', fix: "Check the Gateway logs; if it repeats, update IBC and IB Gateway." },
  1101: {
    action: 'stop',
    what: "IBC could not find a control it drives in the Gateway's window",
    fix: 'This Gateway version and this IBC version do not fit together: update IBC (or install the Gateway version it supports).',
  },
  1102: { action: 'stop', what: 'IBC was given the wrong number of arguments', fix: 'Update IBC to a version that matches its start scripts.' },
  1103: { action: 'stop', what: "IBC's config.ini was not found", fix: 'Start again: Gatehouse writes it at every start.' },
  1104: { action: 'stop', what: 'IBC was given a trading mode other than live or paper', fix: 'Pick live or paper in the profile.' },
  1105: { action: 'stop', what: 'a setting in IBC\'s config.ini has a value IBC does not accept', fix: "Check your own IBC config.ini (Gatehouse keeps its keys): the Gateway log names the setting." },
  1106: { action: 'stop', what: 'IBC could not create the Gateway settings folder', fix: 'Check that the settings folder in the profile exists and is writable.' },
  1107: { action: 'stop', what: "IBC could not find the Gateway's program in the install", fix: 'Reinstall IB Gateway with the offline installer, or update IBC.' },
  1108: { action: 'stop', what: 'IBC was given a jts.ini path it cannot use', fix: 'Check the settings folder in the profile.' },
  1109: {
    action: 'stop',
    what: 'IBC could not read or write jts.ini',
    fix: 'jts.ini must be readable, writable and UTF-8 text: restore it from the backup Gatehouse made, or delete it to let the Gateway write a new one.',
  },
  1110: {
    action: 'stop',
    what: 'IBC met a state it does not handle (often an ExistingSessionDetectedAction that does not fit)',
    fix: 'Check "existing session" in the profile, then start again.',
  },
  1111: { action: 'supervisor', what: 'the second-factor (2FA) approval timed out', fix: 'Start again when your phone is at hand and approve the login in IBKR Mobile.' },
  1112: { action: 'supervisor', what: "the Gateway's login dialog never appeared", fix: 'IBC restarts it by itself; if it repeats, check the Gateway install.' },
};

/**
 * The meaning of an exit code of the IBC start script, or null when the code is not one of IBC's (then
 * it is the Gateway's own crash, handled as a crash). `platform` decides the numbering: Windows keeps
 * the script's 1001-1008 and Java's 11xx as they are; Linux and macOS see 1-8 and 11xx % 256.
 */
export function explainIbcExit(code: number | null, platform: NodeJS.Platform, options: { javaStarted?: boolean } = {}): ExitMeaning | null {
  if (code === null || code === 0) return null;
  // The script's checks run before Java starts. Once IBC has logged a line, a small code is the Java
  // process's own (ibcstart.sh passes it on, :540,578), e.g. a JVM that died: that is a crash.
  const script = !options.javaStarted;
  if (platform === 'win32') {
    if (script && code >= 1001 && code <= 1008) return { ibcCode: code, ...WINDOWS_SCRIPT[code - 1000]! };
    return JAVA[code] ? { ibcCode: code, ...JAVA[code] } : null;
  }
  if (SCRIPT[code]) return script ? { ibcCode: code, ...SCRIPT[code] } : null;
  const java = code + 1024; // 76..88 ← 1100..1112 (1024 = 4 × 256)
  return JAVA[java] ? { ibcCode: java, ...JAVA[java] } : null;
}

/**
 * A start script that could not be run at all (spawn error or the shell's 126 "cannot execute"): the
 * script lost its execute bit, which unpacking a zip does.
 */
export function explainSpawnFailure(errorCode: string | undefined, exitCode: number | null, script: string): ExitMeaning | null {
  if (errorCode === 'EACCES' || exitCode === 126) {
    return {
      ibcCode: 126,
      action: 'stop',
      what: `${script} is not executable`,
      fix: `Make IBC's scripts executable: chmod +x ${script.replace(/[^/\\]+$/, '')}*.sh`,
    };
  }
  if (errorCode === 'ENOENT' || exitCode === 127) {
    return { ibcCode: 127, action: 'stop', what: `${script} could not be started (not found)`, fix: 'Check the IBC folder in the profile.' };
  }
  return null;
}

/** The stop reason shown in the timeline: what happened, the exit code as the user would see it, the fix. */
export function exitReason(meaning: ExitMeaning, seenCode: number): string {
  const code = meaning.ibcCode === seenCode ? `exit code ${seenCode}` : `exit code ${seenCode} = IBC ${meaning.ibcCode}`;
  return `${meaning.what} (${code}). ${meaning.fix}`;
}
