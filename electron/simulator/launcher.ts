/**
 * The executable that behaves like the IB Gateway process (optionally started through IBC).
 *
 *   Direct mode: launcher.ts --gateway [--install=<program dir>] [-DjtsConfigDir=<settings>]
 *     The user "logs in by hand": simulated after loginDelayMs with the first sim.json user.
 *   IBC mode:    launcher.ts --ibc <ver> -g --tws-path=<p> --tws-settings-path=<s> --ibc-path=<i>
 *                  --ibc-ini=<config.ini> --mode=paper|live [--on2fatimeout=restart|exit] [--user= --pw=]
 *     Credentials from --user/--pw, else env TWSUSERID/TWSPASSWORD (ibcstart.sh exports the arguments
 *     into them), else IbLoginId/IbPassword in config.ini.
 *
 * Exit codes: 0 after SIGTERM/SIGINT or the command server's STOP; 1 after a failed login (the simulator
 * makes a bad password final, where IBC would leave the dialog up: a supervisor must not retry it blindly);
 * 87 when second-factor authentication times out (IBC's 1111 % 256); ibcstart.sh's own codes for a bad
 * setup (2 no version, 4 version not installed, 6 ini missing, 7 vmoptions missing); a crash fault's code.
 */
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_JTS_INI, setIniKey } from './jts-ini.ts';
import { logLine } from './ibc-log.ts';
import type { ControlFile, LauncherConfig } from './launcher-config.ts';
import { readLauncherConfig } from './launcher-config.ts';
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
}

class SetupError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number) {
    super(message);
    this.exitCode = exitCode;
  }
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
    };
  }
  const positional = args.filter((a) => !a.startsWith('-'));
  const version = positional[0];
  if (!version) throw new SetupError('Error: TWS major version number not supplied', 2);
  const twsPath = argValue(args, 'tws-path') ?? path.join(os.homedir(), 'Jts');
  const installPath = path.join(twsPath, 'ibgateway', version);
  if (!existsSync(installPath)) throw new SetupError(`Error: TWS version ${version} is not installed in ${twsPath}`, 4);
  if (!existsSync(path.join(installPath, 'jars'))) {
    throw new SetupError(`Error: can't find jars folder ${path.join(installPath, 'jars')}: IBC does not work with the auto-updating TWS/Gateway`, 1);
  }
  if (!existsSync(path.join(installPath, 'ibgateway.vmoptions'))) {
    throw new SetupError(`Error: ${path.join(installPath, 'ibgateway.vmoptions')} does not exist`, 7);
  }
  const iniPath = argValue(args, 'ibc-ini') ?? path.join(os.homedir(), 'ibc', 'config.ini');
  if (!existsSync(iniPath)) throw new SetupError(`Error: IBC configuration file ${iniPath} does not exist`, 6);
  const ini = parseProperties(readFileSync(iniPath, 'latin1'));
  const modeText = (argValue(args, 'mode') ?? ini.get('TradingMode') ?? 'live').toLowerCase();
  return {
    ibc: true,
    version,
    installPath,
    settingsPath: argValue(args, 'tws-settings-path') ?? twsPath,
    iniPath,
    ini,
    mode: modeText === 'paper' ? 'paper' : 'live',
    // ibcstart.sh exports --user/--pw into TWSUSERID/TWSPASSWORD, so arguments win over the environment.
    user: argValue(args, 'user') || env['TWSUSERID'] || ini.get('IbLoginId') || '',
    password: argValue(args, 'pw') || env['TWSPASSWORD'] || ini.get('IbPassword') || '',
    on2faTimeout: argValue(args, 'on2fatimeout') === 'restart' ? 'restart' : 'exit',
  };
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
        await this.exit(87, 'Exiting after error with exit code=1111');
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
    if (!(err instanceof SetupError)) throw err;
    process.stdout.write(err.message + '\n');
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
