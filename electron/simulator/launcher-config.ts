/**
 * `<settings>/sim.json`: how the simulated Gateway process behaves (who may log in, 2FA, faults at start).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface LauncherConfig {
  /** Accepted credentials, user → password. */
  users: Record<string, string>;
  /** Time the "login dialog" takes, from start to the login result. */
  loginDelayMs: number;
  /**
   * none: no second factor; approve-after-ms: approved after twoFactorMs; timeout: never approved (the
   * prompt closes after twoFactorMs; IBC then re-logs in, or with relogin off stays at the login dialog);
   * approved-no-login: approved, but the login then never completes (IBC exits 1111 with relogin on).
   */
  twoFactor: 'none' | 'approve-after-ms' | 'timeout' | 'approved-no-login';
  twoFactorMs: number;
  /** The first N logins fail with IB's "Login failed" dialog even with the right password (a server hiccup). */
  loginFailures?: number;
  /** Failed logins in a row before IB shows "Too many failed login attempts" instead (default 3). */
  failedLoginsBeforeLockout?: number;
  /** The username is already logged in elsewhere (the user's TWS or IBKR Mobile): IB's "Existing session detected". */
  existingSession?: boolean;
  /**
   * Without IBC: the Gateway's own daily auto-restart ("hh:mm AM/PM", its Lock and Exit setting). At that
   * time the process starts a new Gateway process and ends, as IB's launcher does.
   */
  autoRestartTime?: string;
  /** The simulated wall clock starts here (ISO); default: now. See ibc-clock.ts. */
  clockStart?: string;
  /** Real ms per simulated second for IBC's timers and clock (default 1000 = real time). */
  ibcSecondMs?: number;
  /** API port override: wins over config.ini OverrideTwsApiPort and the live/paper default. */
  port?: number;
  /** Control channel port (default 0: random; read it from sim-control.json). */
  controlPort?: number;
  /** Trading mode when running without IBC (IBC mode takes --mode / TradingMode). */
  mode?: 'live' | 'paper';
  seed?: number;
  /** How execution times are written (server.ts `execTimeForm`); in the zone jts.ini's TimeZone names. */
  execTimeForm?: 'utc' | 'zoned' | 'local';
  accounts?: string[];
  maxServerVersion?: number;
  tickIntervalMs?: number;
  startingCash?: number;
  positions?: { symbol: string; quantity: number; avgCost: number }[];
  unsubscribedSymbols?: string[];
  /** Crash (exit with exitCode) this long after login: a fault present from the start. */
  crashAfterMs?: number;
  exitCode?: number;
  /** Start hung: accept connections but never answer (until a `clear` fault). */
  hang?: boolean;
  /**
   * Demo mode only: end when the process that started us is gone. A real Gateway outlives Gatehouse on
   * purpose, but a simulated one nobody can see must not linger after its app was killed.
   */
  exitWithParent?: boolean;
}

export const DEFAULT_LAUNCHER_CONFIG: LauncherConfig = {
  users: { demo: 'demo' },
  loginDelayMs: 300,
  twoFactor: 'none',
  twoFactorMs: 500,
};

/** Reads sim.json from the settings folder; a missing file means the defaults. */
export function readLauncherConfig(settingsPath: string): LauncherConfig {
  const file = path.join(settingsPath, 'sim.json');
  if (!existsSync(file)) return { ...DEFAULT_LAUNCHER_CONFIG };
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LauncherConfig>;
  return { ...DEFAULT_LAUNCHER_CONFIG, ...parsed };
}

/** What the launcher publishes in `<settings>/sim-control.json` once its API port is up. */
export interface ControlFile {
  controlPort: number;
  /** The control channel's token (control.ts): the file is 0600, so only the user's own tools read it. */
  token: string;
  apiPort: number;
  pid: number;
}

/**
 * What the launcher publishes in `<settings>/sim-waiting.json` when it comes to rest at a dialog that only
 * a person can close (blank credentials, ExistingSessionDetectedAction=manual, a 2FA timeout without
 * relogin): the moment a test can check that nothing more happens, instead of sleeping past it. A real
 * Gateway has no such file: it is the simulator's, like sim-control.json.
 */
export interface WaitingFile {
  pid: number;
  /** Which dialog waits ("login dialog: blank credentials"). */
  waiting: string;
}

export const WAITING_FILE = 'sim-waiting.json';
