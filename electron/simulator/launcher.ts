/**
 * The executable that behaves like the IB Gateway process (optionally started through IBC).
 *
 *   Direct mode: launcher.ts --gateway [--install=<program dir>] [-DjtsConfigDir=<settings>]
 *     The user "logs in by hand": simulated after loginDelayMs with the first sim.json user.
 *   IBC mode:    launcher.ts --ibc [--ibc-os=linux|darwin|win32] <the real script's arguments>
 *     The demo install's `ibcstart.sh` / `StartIBC.bat` pass their arguments on unchanged; ibc-scripts.ts
 *     applies that script's grammar and checks (and exit codes), then renames IB's launcher as IBC does.
 *     Credentials come from --user/--pw (/User: /PW:) or IbLoginId/IbPassword in config.ini, never from
 *     the environment: IBC reads none (DefaultLoginManager.java:164-171). Blank ones leave the login
 *     dialog waiting for the user, as IBC does (GatewayLoginFrameHandler.java:80-90).
 *
 * Exit codes: 0 after SIGTERM/SIGINT or the command server's STOP; 1 after a failed login (the simulator
 * makes a bad password final, where IBC would leave the dialog up: a supervisor must not retry it blindly);
 * 87 when second-factor authentication times out (IBC's 1111 % 256); ibcstart.sh's own codes for a bad
 * setup (2 no version, 4 version not installed, 6 ini missing, 7 vmoptions missing); a crash fault's code.
 */
import { appendFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import os_ from 'node:os';
import path from 'node:path';
import { localZone } from './gateway-time.ts';
import { DEFAULT_JTS_INI, readIniKey, setIniKey } from './jts-ini.ts';
import { formatHhMmA, ibcClock, msUntilHhMmA, restartDelaySeconds, sundayResetBetween, wallClock } from './ibc-clock.ts';
import type { IbcClock } from './ibc-clock.ts';
import { logLine } from './ibc-log.ts';
import type { ControlFile, LauncherConfig, WaitingFile } from './launcher-config.ts';
import { readLauncherConfig, WAITING_FILE } from './launcher-config.ts';
import { javaExit, parseScriptArgs, renameLauncher, resolveScript, ScriptError } from './ibc-scripts.ts';
import type { ScriptOs } from './ibc-scripts.ts';
import { parseProperties } from './properties.ts';
import { startSimulator } from './server.ts';
import type { SimulatorHandle } from './server.ts';

interface Setup {
  ibc: boolean;
  version: string;
  installPath: string;
  settingsPath: string;
  iniPath: string | null;
  ini: Map<string, string>;
  mode: 'live' | 'paper';
  user: string;
  password: string;
  on2faTimeout: 'restart' | 'exit';
  /** Which IBC start script started us (decides how Java's exit codes reach the caller). */
  os: ScriptOs;
  /** Where the credentials came from, worded as IBC logs it (DefaultLoginManager.java:37-40,98). */
  credentialSource: 'args' | 'settings';
}

function argValue(args: string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  const found = args.find((a) => a.startsWith(prefix));
  return found === undefined ? undefined : found.slice(prefix.length);
}

function resolveSetup(args: string[]): Setup {
  const ibc = args.includes('--ibc');
  const env = process.env;
  if (!ibc) {
    const install = argValue(args, 'install') ?? path.dirname(process.argv[1] ?? '.');
    const jtsConfigDir = args.find((a) => a.startsWith('-DjtsConfigDir='))?.slice('-DjtsConfigDir='.length);
    // An install lives at <settings>/ibgateway/<ver>: the default settings folder is two levels up.
    const settingsPath = jtsConfigDir ?? path.resolve(install, '..', '..');
    return {
      ibc: false,
      version: path.basename(install),
      installPath: install,
      settingsPath,
      iniPath: null,
      ini: new Map(),
      mode: 'paper',
      user: '',
      password: '',
      on2faTimeout: 'exit',
      os: process.platform === 'win32' ? 'win32' : process.platform === 'darwin' ? 'darwin' : 'linux',
      credentialSource: 'settings',
    };
  }
  const osArg = args.find((a) => a.startsWith('--ibc-os='))?.slice('--ibc-os='.length);
  const os: ScriptOs = osArg === 'darwin' || osArg === 'win32' || osArg === 'linux' ? osArg : process.platform === 'win32' ? 'win32' : process.platform === 'darwin' ? 'darwin' : 'linux';
  const scriptArgs = args.filter((a) => a !== '--ibc' && !a.startsWith('--ibc-os='));
  const parsed = parseScriptArgs(os, scriptArgs);
  if (parsed === null) throw new ScriptError('Runs IBC, thus loading TWS or the IB Gateway', 0);
  const resolved = resolveScript(os, parsed, { home: os === 'win32' ? (env['USERPROFILE'] ?? os_.homedir()) : os_.homedir(), env });
  renameLauncher(os, resolved);
  const ini = parseProperties(readFileSync(hostPath(os, resolved.iniPath), 'latin1'));
  const modeText = (parsed.mode ?? ini.get('TradingMode') ?? 'live').toLowerCase();
  // The credentials: arguments, else config.ini (DefaultLoginManager.java:164-171). No environment variable.
  const fromArgs = parsed.user !== undefined || parsed.pw !== undefined;
  return {
    ibc: true,
    version: parsed.version,
    installPath: hostPath(os, resolved.programPath),
    settingsPath: hostPath(os, resolved.settingsPath),
    iniPath: hostPath(os, resolved.iniPath),
    ini,
    mode: modeText === 'paper' ? 'paper' : 'live',
    user: fromArgs ? (parsed.user ?? '') : (ini.get('IbLoginId') ?? ''),
    password: fromArgs ? (parsed.pw ?? '') : (ini.get('IbPassword') ?? ''),
    on2faTimeout: (parsed.on2faTimeout ?? '').toLowerCase() === 'restart' ? 'restart' : 'exit',
    os,
    credentialSource: fromArgs ? 'args' : 'settings',
  };
}

function hostPath(os: ScriptOs, p: string): string {
  return os === 'win32' && process.platform !== 'win32' ? p.replace(/\\/g, '/') : p;
}

/** The API port: sim.json override, else IBC's OverrideTwsApiPort, else the Gateway default per mode. */
export function apiPortFor(config: Pick<LauncherConfig, 'port'>, ini: Map<string, string>, mode: 'live' | 'paper'): number {
  if (config.port !== undefined) return config.port;
  const override = Number(ini.get('OverrideTwsApiPort') ?? '');
  if (Number.isInteger(override) && override > 0) return override;
  return mode === 'live' ? 4001 : 4002;
}

class Launcher {
  private readonly setup: Setup;
  private readonly config: LauncherConfig;
  private readonly source: string;
  private sim: SimulatorHandle | undefined;
  private commandServer: Server | undefined;
  private exiting = false;
  private keepAlive: NodeJS.Timeout | undefined;
  private attempt = 0;
  private readonly clock: IbcClock;
  /** Failed logins in a row (IB counts them at its end, so they survive IBC's cold restarts). */
  private failedInARow = 0;
  private transientFailures: number;
  private otherSession: boolean;
  /** Simulated time of the last login with credentials (the auto-restart token dates from it). */
  private lastFullLogin = 0;
  private autoRestartTimer: NodeJS.Timeout | undefined;
  private coldRestartTimer: NodeJS.Timeout | undefined;
  private restartPending = false;
  /** The Gateway's zone: jts.ini's TimeZone, else this machine's. */
  private readonly zone: string;

  constructor(setup: Setup, config: LauncherConfig) {
    this.setup = setup;
    this.config = config;
    this.zone = gatewayZone(setup.settingsPath);
    this.source = setup.ibc ? 'IBC' : 'Gateway';
    // A Gateway restarted by its own daily restart carries on its predecessor's clock.
    const carried = Number(process.env['GATEHOUSE_SIM_CLOCK'] ?? '');
    this.clock = ibcClock(Number.isFinite(carried) && carried > 0 ? { ...config, clockStart: new Date(carried).toISOString() } : config);
    this.transientFailures = config.loginFailures ?? 0;
    this.otherSession = config.existingSession ?? false;
  }

  log(message: string): void {
    // IBC stamps each line with the time of the machine it runs on (Utils.java:143-160, LocalDateTime.now()): here, the
    // launcher's own clock, so a test can read when IBC did something in IBC's time, not the host's.
    process.stdout.write(logLine(this.source, message, new Date(this.clock.now())) + '\n');
  }

  /** The install4j launcher's own file log in the settings folder, as the real Gateway keeps one. */
  launcherLog(message: string): void {
    try {
      appendFileSync(path.join(this.setup.settingsPath, 'launcher.log'), `${new Date().toISOString()} INFO  [launcher] ${message}\n`, { mode: 0o600 });
    } catch {
      // a read-only settings folder must not stop the Gateway
    }
  }

  async run(): Promise<void> {
    process.on('SIGTERM', () => void this.exit(0, 'SIGTERM received: closing down'));
    process.on('SIGINT', () => void this.exit(0, 'SIGINT received: closing down'));
    if (this.config.exitWithParent) {
      const parent = process.ppid;
      setInterval(() => {
        if (process.ppid !== parent) void this.exit(0, 'The app that started the simulated Gateway is gone: closing down');
      }, 1000).unref();
    }
    // A Gateway waiting at a dialog (blank credentials, a 2FA prompt, an existing session) stays up.
    this.keepAlive = setInterval(() => undefined, 1 << 30);
    rmSync(path.join(this.setup.settingsPath, WAITING_FILE), { force: true }); // a predecessor's rest
    this.launcherLog(`Starting IB Gateway ${this.setup.version} (simulated), pid ${process.pid}`);
    this.log('Starting session');
    if (this.setup.ibc) {
      this.log(`IBC version 3.23.0 (simulated); TWS version ${this.setup.version}; trading mode ${this.setup.mode}`);
      this.log(
        `using default login manager: will get username and password from ${this.setup.credentialSource}; FIX username and password (if required) from ${this.setup.credentialSource}`,
      );
      await this.startCommandServer();
    }
    await this.login();
  }

  /** Publishes atomically a JSON file in the settings folder: a reader sees all of it or none. */
  private publish(name: string, value: object): void {
    const file = path.join(this.setup.settingsPath, name);
    writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
    renameSync(`${file}.${process.pid}.tmp`, file);
  }

  /** At rest at a dialog only a person closes: nothing more happens by itself (see WaitingFile). */
  private waitForPerson(dialog: string): void {
    const waiting: WaitingFile = { pid: process.pid, waiting: dialog };
    this.publish(WAITING_FILE, waiting);
  }

  private wait(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, ms));
  }

  /** IBC's settings as `java.util.Properties#getBoolean` reads them. */
  private iniYes(key: string): boolean {
    return (this.setup.ini.get(key) ?? '').trim().toLowerCase() === 'yes' || (this.setup.ini.get(key) ?? '').trim().toLowerCase() === 'true';
  }

  /** LoginManager.reloginPermitted (LoginManager.java:158-166): the newer key, else the old Exit… key, else no. */
  private reloginPermitted(): boolean {
    if ((this.setup.ini.get('ReloginAfterSecondFactorAuthenticationTimeout') ?? '') !== '') {
      return this.iniYes('ReloginAfterSecondFactorAuthenticationTimeout');
    }
    if ((this.setup.ini.get('ExitAfterSecondFactorAuthenticationTimeout') ?? '') !== '') {
      return this.iniYes('ExitAfterSecondFactorAuthenticationTimeout');
    }
    return false;
  }

  private iniSeconds(key: string, fallback: number): number {
    const n = Number(this.setup.ini.get(key) ?? '');
    return Number.isFinite(n) && n > 0 ? n : fallback;
  }

  /**
   * The login dialog, as IBC drives it. With IBC: blank credentials leave the dialog waiting
   * (GatewayLoginFrameHandler.java:80-90 only focuses the empty field); a failed login shows IB's "Login
   * failed" dialog and IBC cold-restarts itself (LoginFailedDialogHandler.java:41-44); repeated failures
   * bring "Too many failed login attempts" (TooManyFailedLoginAttemptsDialogHandler.java:48-76); an
   * existing session is handled per ExistingSessionDetectedAction (ExistingSessionDetectedDialogHandler.java).
   */
  private async login(): Promise<void> {
    const c = this.config;
    if (!this.setup.ibc && process.env['GATEHOUSE_SIM_RESTARTED'] === '1') {
      // The Gateway's own restart logs in with its auto-restart token: no dialog.
      await this.wait(Math.floor(c.loginDelayMs / 3));
      this.log('Login has completed');
      await this.startApi();
      return;
    }
    await this.wait(Math.floor(c.loginDelayMs / 3));
    if (this.exiting) return;
    this.log('Login dialog WINDOW_OPENED: LoginState is LOGGED_OUT');
    if (this.setup.ibc) {
      this.log('Setting user name');
      this.log('Setting password');
      // Blank: IBC focuses the empty field and never clicks Log In (GatewayLoginFrameHandler.java:80-90):
      // the dialog waits for a person. The process stays up (keepAlive).
      if (!this.setup.user || !this.setup.password) {
        this.waitForPerson('login dialog: blank credentials');
        return;
      }
    }
    this.attempt++;
    this.log(`Login attempt: ${this.attempt}`);
    await this.wait(c.loginDelayMs - Math.floor(c.loginDelayMs / 3));
    if (this.exiting) return;
    if (this.setup.ibc) {
      const expected = c.users[this.setup.user];
      const wrong = expected === undefined || expected !== this.setup.password;
      if (wrong || this.transientFailures > 0) {
        if (!wrong) this.transientFailures--;
        this.failedInARow++;
        if (this.failedInARow >= (c.failedLoginsBeforeLockout ?? 3)) {
          this.log('detected dialog entitled: Login failed; event=Opened');
          this.log('Too many failed login attempts. Please wait 53 seconds before attempting to re-login again.');
          if (this.reloginPermitted()) {
            this.log(`Will re-login at ${new Date(this.clock.now() + 56_000).toISOString()}; login number: ${this.attempt + 1}`);
            setTimeout(() => void this.login(), this.clock.realMs(56)).unref();
          }
          return;
        }
        this.log('detected dialog entitled: Login failed; event=Opened');
        this.log('Login failed');
        this.log('Cold restart in progress');
        await this.scriptLoop(0, 'cold');
        return;
      }
      this.failedInARow = 0;
      if (this.otherSession) {
        this.log('detected dialog entitled: Existing session detected; event=Opened');
        const action = (this.setup.ini.get('ExistingSessionDetectedAction') ?? 'manual').trim().toLowerCase();
        if (action === 'secondary' || !['manual', 'primary', 'primaryoverride'].includes(action)) {
          if (action !== 'secondary') this.log(`ExistingSessionDetectedAction has an invalid value: ${action}: assuming 'secondary'`);
          this.log('End this session and let the other session proceed (scenario 2)');
          await this.scriptLoop(0, 'end');
          return;
        }
        if (action === 'manual') {
          this.log('User must choose whether to continue with this session (scenario 1)');
          this.waitForPerson('existing session dialog'); // IB's dialog waits for the user
          return;
        }
        this.log("Don't know the type of the other session, so continue this one (scenario 3)");
        this.otherSession = false; // the user's other session is logged out
      }
    }
    if (c.twoFactor !== 'none') {
      const started = this.clock.now();
      this.log('Second Factor Authentication initiated');
      await this.wait(c.twoFactorMs);
      if (this.exiting) return;
      const timedOut = c.twoFactor === 'timeout';
      // The prompt closes: approved, or at SecondFactorAuthenticationTimeout (LoginManager.java:105-156).
      const secs = timedOut ? Math.max(this.iniSeconds('SecondFactorAuthenticationTimeout', 180), Math.round((this.clock.now() - started) / 1000)) : Math.round((this.clock.now() - started) / 1000);
      this.log(`Duration since login: ${secs} seconds`);
      if (timedOut) {
        if (!this.setup.ibc) {
          this.waitForPerson('login dialog: second factor timed out'); // the Gateway's own dialog waits
          return;
        }
        if (!this.reloginPermitted()) {
          this.log('Re-login after second factor authentication timeout not required');
          this.waitForPerson('login dialog: second factor timed out'); // stays at the login dialog for ever
          return;
        }
        this.log('Re-login after second factor authentication timeout in 5 second');
        await this.wait(this.clock.realMs(5));
        await this.login();
        return;
      }
      if (this.setup.ibc && this.reloginPermitted()) {
        const exitIn = this.iniSeconds('SecondFactorAuthenticationExitInterval', 60);
        this.log(`If login has not completed, IBC will exit in ${exitIn} seconds`);
        if (c.twoFactor === 'approved-no-login') {
          await this.wait(this.clock.realMs(exitIn));
          if (this.exiting) return;
          this.log('IBC closing because login has not completed after Second Factor Authentication');
          this.log('Exiting after error with exit code=1111');
          await this.scriptLoop(1111, null);
          return;
        }
      }
      if (c.twoFactor === 'approved-no-login') {
        this.waitForPerson('second factor approved, login never completes'); // relogin off: IBC waits
        return;
      }
    }
    this.log('Login has completed');
    this.lastFullLogin = this.clock.now();
    await this.startApi();
  }

  /**
   * IBC's Java ended with `javaCode`; what ibcstart.sh's loop does next (ibcstart.sh:539-573): 88 or a
   * COLDRESTART flag → start again with a full login; the autorestart file → start again without one;
   * 87 → again only with --on2fatimeout=restart; anything else ends the script with that code.
   */
  private async scriptLoop(javaCode: number, next: 'cold' | 'auto' | 'end' | null): Promise<void> {
    // IBC's Java code as the script reports it: % 256 from ibcstart.sh, raw from StartIBC.bat.
    const shell = javaExit(this.setup.os, javaCode);
    await this.sim?.pause();
    if (!this.setup.ibc) {
      await this.exit(shell, `Exiting with code ${shell}`);
      return;
    }
    this.log(`IBC returned exit status ${shell}`);
    if (next === 'cold' || javaCode === 1112) {
      if (next === 'cold') this.log('IBC will cold-restart shortly');
    } else if (next === 'auto') {
      this.log(`autorestart file found at ${path.join(this.setup.settingsPath, 'autorestart')}: authentication will not be required`);
    } else if (!(javaCode === 1111 && this.setup.on2faTimeout === 'restart')) {
      await this.exit(shell, `${this.source} finished`);
      return;
    }
    this.log('IBC will restart shortly');
    await this.wait(Math.min(2000, this.config.loginDelayMs));
    if (this.exiting) return;
    this.log('Starting session');
    if (next === 'auto') {
      // The Gateway's auto-restart token logs in by itself — unless IB's weekly reset (Sunday 01:00 ET)
      // came since the last full login: then the dialog appears and IBC logs in fully (2FA and all).
      if (!sundayResetBetween(this.lastFullLogin, this.clock.now())) {
        await this.wait(this.config.loginDelayMs);
        if (this.exiting) return;
        this.log('Login has completed');
        await this.startApi();
        return;
      }
    }
    this.attempt = 0;
    await this.login();
  }

  private async startApi(): Promise<void> {
    const c = this.config;
    if (this.sim) {
      await this.sim.resume();
      this.log(`TWS API socket port now set to ${this.sim.port}`);
      this.scheduleAutoRestart();
      this.scheduleColdRestart();
      return;
    }
    const port = apiPortFor(c, this.setup.ini, this.setup.ibc ? this.setup.mode : (c.mode ?? this.setup.mode));
    try {
      this.sim = await this.startSimulatorOn(port);
    } catch (err) {
      // A real Gateway stays up, logged in, with no API listener: the "port not open although the Gateway
      // shows connected" case. Stay alive (until SIGTERM/STOP) so a supervisor has to notice it.
      this.log(`ERROR: could not open the API socket port ${port}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      return;
    }
    this.log(`TWS API socket port now set to ${this.sim.port}`);
    this.scheduleAutoRestart();
    this.scheduleColdRestart();
    if (c.hang) this.sim.fault({ kind: 'hang' });
    const control: ControlFile = { controlPort: this.sim.controlPort ?? 0, token: this.sim.controlToken ?? '', apiPort: this.sim.port, pid: process.pid };
    // Whoever polls for the file (tests, the demo supervisor) sees all of it or none.
    this.publish('sim-control.json', control);
    if (c.crashAfterMs !== undefined) setTimeout(() => this.crash(c.exitCode ?? 1), c.crashAfterMs);
  }

  private startSimulatorOn(port: number): Promise<SimulatorHandle> {
    const c = this.config;
    const readOnly = (this.setup.ini.get('ReadOnlyApi') ?? '').toLowerCase() === 'yes';
    // IBC types OverrideTwsMasterClientID into the API settings' "Master API client ID" field when set;
    // blank leaves the Gateway's own value (IbcTws.java:566-575, ConfigureTwsMasterClientIDTask.java).
    const master = Number(this.setup.ini.get('OverrideTwsMasterClientID') ?? '');
    return startSimulator({
      port,
      readOnlyApi: readOnly,
      ...((this.setup.ini.get('OverrideTwsMasterClientID') ?? '').trim() !== '' && Number.isInteger(master) ? { masterClientId: master } : {}),
      host: '127.0.0.1',
      ...(c.accounts ? { accounts: c.accounts } : {}),
      ...(c.maxServerVersion !== undefined ? { maxServerVersion: c.maxServerVersion } : {}),
      ...(c.startingCash !== undefined ? { startingCash: c.startingCash } : {}),
      ...(c.seed !== undefined ? { seed: c.seed } : {}),
      timeZone: this.zone,
      ...(c.execTimeForm ? { execTimeForm: c.execTimeForm } : {}),
      ...(c.tickIntervalMs !== undefined ? { tickIntervalMs: c.tickIntervalMs } : {}),
      ...(c.positions ? { positions: c.positions } : {}),
      ...(c.unsubscribedSymbols ? { unsubscribedSymbols: c.unsubscribedSymbols } : {}),
      controlPort: c.controlPort ?? 0,
      log: (line) => {
        // The server logs IBC-style events with an "IBC: " prefix (restarts, 2FA); print those as log lines.
        if (line.startsWith('IBC: ')) this.log(line.slice(5));
      },
      onProcessFault: (fault) => {
        if (fault.kind === 'crash') this.crash(fault.exitCode ?? 1);
      },
    });
  }

  /** A crash: no clean-up, no jts.ini rewrite, just the JVM's last words and the exit code. */
  private crash(code: number): void {
    process.stderr.write('# A fatal error has been detected by the Java Runtime Environment (simulated)\n');
    process.exit(code);
  }

  private async startCommandServer(): Promise<void> {
    const port = Number(this.setup.ini.get('CommandServerPort') ?? '0');
    if (!Number.isInteger(port) || port <= 0) return;
    const server = createServer((socket) => {
      let buffer = '';
      socket.on('error', () => undefined);
      socket.on('data', (d: Buffer) => {
        buffer += d.toString('latin1');
        let nl: number;
        while ((nl = buffer.search(/\r?\n/)) !== -1) {
          const command = buffer.slice(0, nl).trim().toUpperCase();
          buffer = buffer.slice(nl + 1).replace(/^\n/, '');
          this.onCommand(command, (reply) => socket.write(reply + '\n'), () => socket.end());
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, (this.setup.ini.get('BindAddress') || '127.0.0.1'), () => resolve());
    });
    this.commandServer = server;
    this.log(`Command server started and is listening on port ${port}`);
  }

  private onCommand(command: string, reply: (text: string) => void, end: () => void): void {
    this.log(`Command received: ${command}`);
    switch (command) {
      case 'STOP':
        reply('OK');
        end();
        void this.exit(0, 'Closing IBC: STOP command received');
        return;
      case 'RESTART':
        this.restart(reply, end);
        return;
      case 'RECONNECTACCOUNT':
        reply('OK');
        this.sim?.fault({ kind: 'connectivityLost' });
        this.sim?.fault({ kind: 'connectivityRestored' });
        return;
      case 'RECONNECTDATA':
      case 'ENABLEAPI':
        reply('OK');
        return;
      case 'EXIT':
        reply('OK');
        end();
        return;
      default:
        reply(`ERROR Command not recognised: ${command}`);
    }
  }

  /**
   * IBC's soft restart (RestartTask.java:59-124): it answers at once, then — the Gateway has no File >
   * Restart menu — waits out seconds 58-59 and sets the Gateway's auto-restart time to the next whole
   * minute, so the restart itself begins up to ~62 s later. The Gateway then closes, the script finds the
   * autorestart file and starts it again without a login (unless the Sunday token reset came since).
   */
  private restart(reply: (text: string) => void, end: () => void): void {
    if (this.restartPending) {
      reply('ERROR RESTART already in progress');
      end();
      return;
    }
    this.log('RestartTask: pauseOnly = false');
    reply('OK RESTART in progress');
    const delay = restartDelaySeconds(this.clock.now());
    const at = this.clock.now() + delay * 1000;
    this.log(`Setting auto-restart time to ${formatHhMmA(at, this.zone)}`);
    reply(`OK RESTART at ${formatHhMmA(at, this.zone)}`);
    end();
    this.armRestart(this.clock.realMs(delay));
  }

  private armRestart(realMs: number): void {
    if (this.autoRestartTimer) clearTimeout(this.autoRestartTimer);
    this.restartPending = true;
    this.autoRestartTimer = setTimeout(() => {
      this.autoRestartTimer = undefined;
      this.restartPending = false;
      if (this.exiting || !this.sim) return;
      void this.scriptLoop(0, 'auto');
    }, realMs);
  }

  /**
   * IBC's ColdRestartTime: Sundays at HH:mm (local) IBC stops the Gateway with a cold-restart flag and the
   * script starts it again with a full login (IbcTws.java:347-380,484-504, StopTask.java:50-66).
   */
  private scheduleColdRestart(): void {
    if (!this.setup.ibc || this.coldRestartTimer) return;
    const m = /^(\d{1,2}):(\d{2})$/.exec((this.setup.ini.get('ColdRestartTime') ?? '').trim());
    if (!m) return;
    const now = this.clock.now();
    // Sunday HH:mm on the wall clock of the Gateway's zone (jts.ini TimeZone).
    const w = wallClock(now, this.zone);
    let seconds = ((7 - w.weekday) % 7) * 86_400 + Number(m[1]) * 3600 + Number(m[2]) * 60 - (w.h * 3600 + w.mi * 60 + w.s);
    if (seconds <= 0) seconds += 7 * 86_400;
    const atMs = now + seconds * 1000 - (now % 1000);
    const a = wallClock(atMs, this.zone);
    const p = (n: number) => String(n).padStart(2, '0');
    this.log(`Gateway will be cold restarted at ${a.y}/${p(a.mo)}/${p(a.d)} ${p(a.h)}:${p(a.mi)}`);
    this.coldRestartTimer = setTimeout(() => {
      this.coldRestartTimer = undefined;
      if (this.exiting) return;
      this.log('Cold restart in progress');
      void this.scriptLoop(0, 'cold');
    }, this.clock.realMs((atMs - now) / 1000));
  }

  /**
   * Without IBC, the Gateway's own daily auto-restart: IB's launcher starts a new Gateway process and this
   * one ends (`../shared/reference/ib-gateway.md`, "Without IBC"). The new one is nobody's child.
   */
  private scheduleSelfRestart(): void {
    const ms = msUntilHhMmA(this.config.autoRestartTime ?? '', this.clock.now(), this.zone);
    if (ms === null || this.autoRestartTimer) return;
    this.autoRestartTimer = setTimeout(() => {
      this.autoRestartTimer = undefined;
      if (this.exiting) return;
      void (async () => {
        this.log('Restarting IB Gateway (daily auto-restart)');
        await this.sim?.close();
        this.sim = undefined;
        const next = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
          detached: true,
          stdio: 'ignore',
          env: { ...process.env, GATEHOUSE_SIM_RESTARTED: '1', GATEHOUSE_SIM_CLOCK: String(this.clock.now()) },
        });
        next.unref();
        await this.exit(0, 'Gateway exiting for its daily restart');
      })();
    }, this.clock.realMs(ms / 1000));
  }

  /** The Gateway's own daily auto-restart at IBC's AutoRestartTime, on the simulated clock. */
  private scheduleAutoRestart(): void {
    if (!this.setup.ibc) {
      this.scheduleSelfRestart();
      return;
    }
    if (this.restartPending) return;
    const ms = msUntilHhMmA(this.setup.ini.get('AutoRestartTime') ?? '', this.clock.now(), this.zone);
    if (ms === null) return;
    if (this.autoRestartTimer) clearTimeout(this.autoRestartTimer);
    this.autoRestartTimer = setTimeout(() => {
      this.autoRestartTimer = undefined;
      if (this.exiting || !this.sim) return;
      void this.scriptLoop(0, 'auto');
    }, this.clock.realMs(ms / 1000));
    this.autoRestartTimer.unref?.();
  }

  async exit(code: number, message: string): Promise<void> {
    if (this.exiting) return;
    this.exiting = true;
    this.log(message);
    this.launcherLog(`Exiting with code ${code}`);
    if (this.keepAlive) clearInterval(this.keepAlive);
    if (this.autoRestartTimer) clearTimeout(this.autoRestartTimer);
    if (this.coldRestartTimer) clearTimeout(this.coldRestartTimer);
    await this.sim?.close();
    await new Promise<void>((r) => (this.commandServer ? this.commandServer.close(() => r()) : r()));
    this.rewriteJtsIni();
    process.exit(code);
  }

  /** The Gateway rewrites jts.ini on exit: same content, its own keys updated or appended. */
  private rewriteJtsIni(): void {
    const file = path.join(this.setup.settingsPath, 'jts.ini');
    let text = existsSync(file) ? readFileSync(file, 'utf8') : DEFAULT_JTS_INI;
    text = setIniKey(text, 'Logon', 's3store', 'true');
    text = setIniKey(text, 'IBGateway', 'ApiOnly', 'true');
    text = setIniKey(text, 'Logon', 'tradingMode', this.setup.mode === 'live' ? 'l' : 'p');
    writeFileSync(file, text);
  }
}

/**
 * The zone the Gateway runs in: jts.ini `[Logon] TimeZone=` (ib-gateway-docker writes it from TIME_ZONE:
 * image-files/config/ibgateway/jts.ini.tmpl:8, scripts/common.sh:29-35; IB's guide: Configure → General →
 * Time zone), else this machine's. A name Intl does not know is ignored, as a Gateway falls back to its
 * machine's zone.
 */
function gatewayZone(settingsPath: string): string {
  const file = path.join(settingsPath, 'jts.ini');
  const named = existsSync(file) ? readIniKey(readFileSync(file, 'utf8'), 'Logon', 'TimeZone') : undefined;
  if (named) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: named });
      return named;
    } catch {
      /* unknown zone name: the machine's */
    }
  }
  return localZone();
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let setup: Setup;
  try {
    setup = resolveSetup(args);
  } catch (err) {
    if (!(err instanceof ScriptError)) throw err;
    // ibcstart.sh writes its errors to stderr (:73-91), StartIBC.bat echoes them (:613-626); usage is exit 0.
    if (err.exitCode === 0 || args.includes('--ibc-os=win32')) process.stdout.write(`${err.exitCode === 0 ? '' : 'Error: '}${err.message}\n`);
    else process.stderr.write(`Error: ${err.message}\n`);
    process.exit(err.exitCode);
  }
  const config = readLauncherConfig(setup.settingsPath);
  if (!setup.ibc) {
    // Direct mode: the user types the credentials into the dialog; the first configured user does it here.
    const [user, password] = Object.entries(config.users)[0] ?? ['', ''];
    setup.user = user;
    setup.password = password;
  }
  await new Launcher(setup, config).run();
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  void main();
}
