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
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import os_ from 'node:os';
import path from 'node:path';
import { DEFAULT_JTS_INI, setIniKey } from './jts-ini.ts';
import { logLine } from './ibc-log.ts';
import type { ControlFile, LauncherConfig } from './launcher-config.ts';
import { readLauncherConfig } from './launcher-config.ts';
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

  constructor(setup: Setup, config: LauncherConfig) {
    this.setup = setup;
    this.config = config;
    this.source = setup.ibc ? 'IBC' : 'Gateway';
  }

  log(message: string): void {
    process.stdout.write(logLine(this.source, message) + '\n');
  }

  /** The install4j launcher's own file log in the settings folder, as the real Gateway keeps one. */
  launcherLog(message: string): void {
    try {
      appendFileSync(path.join(this.setup.settingsPath, 'launcher.log'), `${new Date().toISOString()} INFO  [launcher] ${message}\n`);
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
    this.launcherLog(`Starting IB Gateway ${this.setup.version} (simulated), pid ${process.pid}`);
    this.log('Starting session');
    if (this.setup.ibc) {
      this.log(`IBC version 3.23.0 (simulated); TWS version ${this.setup.version}; trading mode ${this.setup.mode}`);
      this.log(`using default login manager: will get username and password from ${this.setup.credentialSource}`);
      await this.startCommandServer();
    }
    await this.login();
  }

  private wait(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, ms));
  }

  private async login(): Promise<void> {
    const c = this.config;
    this.attempt++;
    await this.wait(Math.floor(c.loginDelayMs / 3));
    this.log('Login dialog WINDOW_OPENED');
    if (this.setup.ibc) {
      this.log('Setting user name');
      this.log('Setting password');
      if (!this.setup.user || !this.setup.password) {
        // IBC focuses the empty field and never clicks Log In (GatewayLoginFrameHandler.java:80-90): the
        // dialog waits for a person. The process stays up.
        this.keepAlive ??= setInterval(() => undefined, 1 << 30);
        return;
      }
    }
    this.log(`Login attempt: ${this.attempt}`);
    await this.wait(c.loginDelayMs - Math.floor(c.loginDelayMs / 3));
    if (this.exiting) return;
    if (this.setup.ibc) {
      const expected = c.users[this.setup.user];
      if (!this.setup.user || expected === undefined || expected !== this.setup.password) {
        this.log('Login failed');
        await this.exit(1, 'Exiting after error with exit code=1');
        return;
      }
    }
    if (c.twoFactor !== 'none') {
      this.log('Second Factor Authentication initiated');
      await this.wait(c.twoFactorMs);
      if (this.exiting) return;
      if (c.twoFactor === 'timeout') {
        this.log('Second Factor Authentication timed out');
        if (this.setup.ibc && this.setup.on2faTimeout === 'restart') {
          this.log('Re-login after second factor authentication timeout');
          await this.login();
          return;
        }
        // IBC's Java exits with 1111; the shell (and so a supervisor) sees 1111 % 256 = 87.
        await this.exit(javaExit(this.setup.os, 1111), 'Exiting after error with exit code=1111');
        return;
      }
      this.log('Second Factor Authentication completed');
    }
    this.log('Login has completed');
    await this.startApi();
  }

  private async startApi(): Promise<void> {
    const c = this.config;
    const port = apiPortFor(c, this.setup.ini, this.setup.ibc ? this.setup.mode : (c.mode ?? this.setup.mode));
    try {
      this.sim = await this.startSimulatorOn(port);
    } catch (err) {
      // A real Gateway stays up, logged in, with no API listener: the "port not open although the Gateway
      // shows connected" case. Stay alive (until SIGTERM/STOP) so a supervisor has to notice it.
      this.log(`ERROR: could not open the API socket port ${port}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      this.keepAlive = setInterval(() => undefined, 1 << 30);
      return;
    }
    this.log(`TWS API socket port now set to ${this.sim.port}`);
    if (c.hang) this.sim.fault({ kind: 'hang' });
    const control: ControlFile = { controlPort: this.sim.controlPort ?? 0, apiPort: this.sim.port, pid: process.pid };
    // Write then rename: whoever polls for the file (tests, the demo supervisor) sees all of it or none.
    const file = path.join(this.setup.settingsPath, 'sim-control.json');
    writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(control, null, 2) + '\n');
    renameSync(`${file}.${process.pid}.tmp`, file);
    if (c.crashAfterMs !== undefined) setTimeout(() => this.crash(c.exitCode ?? 1), c.crashAfterMs);
  }

  private startSimulatorOn(port: number): Promise<SimulatorHandle> {
    const c = this.config;
    const readOnly = (this.setup.ini.get('ReadOnlyApi') ?? '').toLowerCase() === 'yes';
    return startSimulator({
      port,
      readOnlyApi: readOnly,
      host: '127.0.0.1',
      ...(c.accounts ? { accounts: c.accounts } : {}),
      ...(c.maxServerVersion !== undefined ? { maxServerVersion: c.maxServerVersion } : {}),
      ...(c.startingCash !== undefined ? { startingCash: c.startingCash } : {}),
      ...(c.seed !== undefined ? { seed: c.seed } : {}),
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
        reply('OK');
        this.restart();
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
   * IBC's soft restart: the API port and every connection go away and come back after a login that needs
   * no credentials. The broker state (orders, positions) lives at IB, so it survives.
   */
  private restart(): void {
    this.sim?.fault({ kind: 'dailyRestart', downMs: this.config.loginDelayMs });
  }

  async exit(code: number, message: string): Promise<void> {
    if (this.exiting) return;
    this.exiting = true;
    this.log(message);
    this.launcherLog(`Exiting with code ${code}`);
    if (this.keepAlive) clearInterval(this.keepAlive);
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
