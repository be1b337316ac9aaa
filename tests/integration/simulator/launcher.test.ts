/**
 * The launcher as a real child process, started the way a supervisor starts a Gateway: through the demo
 * install's `ibgateway` script and through IBC's `ibcstart.sh`.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../support/until.ts';
import { OrderAction, OrderType, SecType } from '@stoqey/ib';
import { createDemoInstall } from '../../../electron/simulator/demo-install.ts';
import type { DemoInstall, DemoInstallOptions } from '../../../electron/simulator/demo-install.ts';
import type { ControlFile } from '../../../electron/simulator/launcher-config.ts';
import { controlRequest, readWaitingFile } from '../../../electron/simulator/control-client.ts';
import { RecordingClient } from './ib-client.ts';
import { tempDir } from '../../support/temp-dir.ts';

const POSIX = process.platform !== 'win32';

class Proc {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
    this.child = spawn(command, args, { env: { ...process.env, TWSUSERID: '', TWSPASSWORD: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  async line(text: string): Promise<void> {
    await until(() => this.stdout.includes(text), { what: `${JSON.stringify(text)} on the launcher's stdout`, interval: 20 });
  }

  lines(): string[] {
    return this.stdout.trim().split('\n');
  }
}

let procs: Proc[] = [];
let dirs: string[] = [];
let clients: RecordingClient[] = [];

afterEach(async () => {
  for (const c of clients) c.close();
  clients = [];
  for (const p of procs) {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      p.child.kill('SIGKILL');
      await p.exited;
    }
  }
  procs = [];
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

/**
 * Until the launcher has come to rest at `dialog`, one only a person closes (sim-waiting.json): from then on
 * nothing happens by itself, so what has not happened yet never will. Instead of sleeping past the moment.
 */
async function restsAt(install: DemoInstall, p: Proc, dialog: string): Promise<void> {
  await until(() => readWaitingFile(install.settingsPath)?.waiting === dialog && readWaitingFile(install.settingsPath)?.pid === p.child.pid, {
    what: `the launcher at rest at "${dialog}" (stdout: ${JSON.stringify(p.stdout.slice(-300))})`,
  });
}

function demo(opts: DemoInstallOptions = {}): DemoInstall {
  const root = tempDir('gatehouse-sim-');
  dirs.push(root);
  return createDemoInstall(root, { ...opts, sim: { loginDelayMs: 60, port: 0, twoFactorMs: 100, ...opts.sim } });
}

function gateway(install: DemoInstall, extra: string[] = []): Proc {
  const p = new Proc(path.join(install.installPath, 'ibgateway'), [`-DjtsConfigDir=${install.settingsPath}`, ...extra]);
  procs.push(p);
  return p;
}

function ibc(install: DemoInstall, opts: { mode?: string; env?: NodeJS.ProcessEnv; extra?: string[]; version?: string } = {}): Proc {
  const ibcPath = install.ibcPath as string;
  const p = new Proc(
    path.join(ibcPath, 'scripts', 'ibcstart.sh'),
    [
      opts.version ?? '1030',
      '-g',
      `--tws-path=${install.settingsPath}`,
      `--tws-settings-path=${install.settingsPath}`,
      `--ibc-path=${ibcPath}`,
      `--ibc-ini=${path.join(ibcPath, 'config.ini')}`,
      `--mode=${opts.mode ?? 'paper'}`,
      ...(opts.extra ?? []),
    ],
    opts.env,
  );
  procs.push(p);
  return p;
}

function controlFile(install: DemoInstall): ControlFile {
  return JSON.parse(readFileSync(path.join(install.settingsPath, 'sim-control.json'), 'utf8')) as ControlFile;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function sendCommand(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`${command}\n`));
    let reply = '';
    socket.on('data', (d: Buffer) => {
      reply += d.toString();
      if (reply.includes('\n')) {
        socket.destroy();
        resolve(reply.trim());
      }
    });
    socket.on('error', reject);
  });
}

describe.runIf(POSIX)('demo install and launcher', () => {
  it('builds a structurally real Gateway install, settings folder and IBC folder', () => {
    const install = demo();
    expect(install.installPath).toMatch(/Jts\/ibgateway\/1030$/);
    expect(install.settingsPath).toMatch(/Jts$/);
    for (const f of ['jars/jts4launch-1030.jar', '.install4j/i4jruntime.jar', 'ibgateway.vmoptions']) {
      expect(existsSync(path.join(install.installPath, f))).toBe(true);
    }
    expect(readFileSync(path.join(install.installPath, 'ibgateway.vmoptions'), 'utf8')).toContain('-Xmx768m');
    expect(statSync(path.join(install.installPath, 'ibgateway')).mode & 0o111).not.toBe(0);
    expect(statSync(path.join(install.ibcPath as string, 'scripts', 'ibcstart.sh')).mode & 0o111).not.toBe(0);
    expect(existsSync(path.join(install.ibcPath as string, 'IBC.jar'))).toBe(true);
    expect(readFileSync(path.join(install.settingsPath, 'jts.ini'), 'utf8')).toContain('[IBGateway]');
    expect(demo({ withIbc: false }).ibcPath).toBeNull();
  });

  it('direct mode: logs in "by hand", binds the API after login, SIGTERM rewrites jts.ini keeping unknown lines', async () => {
    const install = demo();
    const jts = path.join(install.settingsPath, 'jts.ini');
    writeFileSync(jts, '[IBGateway]\nWriteDebug=false\nMyOwnKey=kept\n\n[Logon]\nLocale=en\n# a comment\n\n[Extra]\nfoo=bar\n');
    const p = gateway(install);
    await p.line('Login has completed');
    await p.line('TWS API socket port now set to');
    await until(() => existsSync(path.join(install.settingsPath, 'sim-control.json')), { what: 'sim-control.json written' });
    const { apiPort, pid } = controlFile(install);
    expect(pid).toBe(p.child.pid);
    const c = await RecordingClient.connect(apiPort, 1);
    clients.push(c);
    expect(c.ib.serverVersion).toBe(193);
    expect(p.lines()[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d:\d{3} Gateway: Starting session$/);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    const text = readFileSync(jts, 'utf8');
    expect(text).toContain('MyOwnKey=kept');
    expect(text).toContain('# a comment');
    expect(text).toContain('[Extra]\nfoo=bar');
    expect(text).toContain('s3store=true');
  });

  it('IBC mode: credentials from config.ini, IBC log lines, OverrideTwsApiPort, never prints the password', async () => {
    const apiPort = await freePort();
    const install = demo({ sim: { users: { alice: 's3cret-pw' } }, ibcIni: { IbLoginId: 'alice', IbPassword: 's3cret-pw', OverrideTwsApiPort: String(apiPort) } });
    // sim.json must not override the port for this test: drop the demo default.
    writeFileSync(path.join(install.settingsPath, 'sim.json'), JSON.stringify({ users: { alice: 's3cret-pw' }, loginDelayMs: 60 }));
    const p = ibc(install);
    await p.line(`TWS API socket port now set to ${apiPort}`);
    const messages = p.lines().map((l) => l.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d:\d{3} /, ''));
    expect(messages).toEqual(
      expect.arrayContaining(['IBC: Starting session', 'IBC: Login dialog WINDOW_OPENED: LoginState is LOGGED_OUT', 'IBC: Login attempt: 1', 'IBC: Login has completed']),
    );
    expect(messages).toContain('IBC: using default login manager: will get username and password from settings; FIX username and password (if required) from settings');
    expect(messages.indexOf('IBC: Login has completed')).toBeLessThan(messages.indexOf(`IBC: TWS API socket port now set to ${apiPort}`));
    const c = await RecordingClient.connect(apiPort, 2);
    clients.push(c);
    expect(p.stdout + p.stderr).not.toContain('s3cret-pw');
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('IBC ignores TWSUSERID/TWSPASSWORD in its environment: with a blank config.ini the login dialog waits for a person', async () => {
    const install = demo({ sim: { users: { alice: 's3cret-pw' } }, ibcIni: { IbLoginId: '', IbPassword: '' } });
    const p = ibc(install, { env: { TWSUSERID: 'alice', TWSPASSWORD: 's3cret-pw' } });
    await p.line('IBC: Setting password');
    await restsAt(install, p, 'login dialog: blank credentials');
    expect(p.stdout).not.toContain('Login attempt');
    expect(p.stdout).not.toContain('Login has completed');
    expect(p.child.exitCode).toBeNull();
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('IBC takes --user/--pw arguments (ibcstart.sh:154-157) over config.ini', async () => {
    const install = demo({ sim: { users: { bob: 'b0b-pw' } }, ibcIni: { IbLoginId: 'someone', IbPassword: 'else' } });
    const p = ibc(install, { extra: ['--user=bob', '--pw=b0b-pw'] });
    await p.line('Login has completed');
    expect(p.stdout).toContain('will get username and password from args; FIX username and password (if required) from args');
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('IBC mode: credentials from config.ini when the environment has none', async () => {
    const install = demo();
    const p = ibc(install);
    await p.line('Login has completed');
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('bad credentials: IB\'s "Login failed" dialog, IBC cold-restarts and retries, then "Too many failed login attempts"; no exit', async () => {
    const install = demo({ sim: { failedLoginsBeforeLockout: 3 }, ibcIni: { IbLoginId: 'demo', IbPassword: 'wrong' } });
    const p = ibc(install);
    await p.line('Too many failed login attempts');
    expect(p.stdout.match(/detected dialog entitled: Login failed; event=Opened/g)?.length).toBe(3);
    expect(p.stdout.match(/IBC will cold-restart shortly/g)?.length).toBe(2);
    expect(p.stdout).not.toContain('Login has completed');
    expect(p.stdout).not.toContain('wrong');
    expect(p.child.exitCode).toBeNull(); // IBC does not exit on a failed login (LoginFailedDialogHandler.java)
  });

  it('a transient "Login failed" (right password): IBC cold-restarts and the next login completes', async () => {
    const install = demo({ sim: { loginFailures: 1 } });
    const p = ibc(install);
    await p.line('Login has completed');
    expect(p.stdout).toContain('IBC: Login failed');
    expect(p.stdout).toContain('IBC: Cold restart in progress');
    expect(p.stdout.indexOf('IBC will cold-restart shortly')).toBeLessThan(p.stdout.indexOf('Login has completed'));
  });

  it('blank credentials: the login dialog just waits (no attempt, no exit)', async () => {
    const install = demo({ sim: { users: { trader: 'pw' } } });
    const p = ibc(install);
    await p.line('Login dialog WINDOW_OPENED');
    await restsAt(install, p, 'login dialog: blank credentials');
    expect(p.stdout).not.toContain('Login attempt');
    expect(p.child.exitCode).toBeNull();
  });

  it('2FA timeout with ReloginAfterSecondFactorAuthenticationTimeout=no: stays at the login dialog, never exits', async () => {
    const install = demo({ sim: { twoFactor: 'timeout', twoFactorMs: 100 }, ibcIni: { ReloginAfterSecondFactorAuthenticationTimeout: 'no' } });
    const p = ibc(install, { extra: ['--on2fatimeout=exit'] });
    await p.line('Re-login after second factor authentication timeout not required');
    await restsAt(install, p, 'login dialog: second factor timed out');
    expect(p.child.exitCode).toBeNull();
    expect(p.stdout).not.toContain('exit code=1111');
  });

  it('2FA timeout with relogin on: IBC logs in again after 5 IBC-seconds (same process)', async () => {
    const install = demo({ sim: { twoFactor: 'timeout', twoFactorMs: 100, ibcSecondMs: 10 }, ibcIni: { ReloginAfterSecondFactorAuthenticationTimeout: 'yes' } });
    const p = ibc(install);
    await p.line('Login attempt: 2');
    expect(p.stdout).toContain('Re-login after second factor authentication timeout in 5 second');
    expect(p.child.exitCode).toBeNull();
  });

  it('2FA approved but the login never completes, relogin on: exit 1111 after the exit interval (87 to the shell)', async () => {
    const install = demo({
      sim: { twoFactor: 'approved-no-login', twoFactorMs: 100, ibcSecondMs: 10 },
      ibcIni: { ReloginAfterSecondFactorAuthenticationTimeout: 'yes', SecondFactorAuthenticationExitInterval: '60' },
    });
    const p = ibc(install, { extra: ['--on2fatimeout=exit'] });
    expect(await p.exited).toBe(87);
    expect(p.stdout).toContain('If login has not completed, IBC will exit in 60 seconds');
    expect(p.stdout).toContain('IBC: Exiting after error with exit code=1111');
    expect(p.stdout).toContain('IBC returned exit status 87');
  });

  it('existing session, ExistingSessionDetectedAction=manual: scenario 1, the dialog waits for the user', async () => {
    const install = demo({ sim: { existingSession: true }, ibcIni: { ExistingSessionDetectedAction: 'manual' } });
    const p = ibc(install);
    await p.line('User must choose whether to continue with this session (scenario 1)');
    await restsAt(install, p, 'existing session dialog');
    expect(p.stdout).not.toContain('Login has completed');
    expect(p.child.exitCode).toBeNull();
  });

  it('existing session, secondary: scenario 2, this Gateway gives way and ends', async () => {
    const install = demo({ sim: { existingSession: true }, ibcIni: { ExistingSessionDetectedAction: 'secondary' } });
    const p = ibc(install);
    expect(await p.exited).toBe(0);
    expect(p.stdout).toContain('End this session and let the other session proceed (scenario 2)');
    expect(p.stdout).not.toContain('Login has completed');
  });

  it('existing session, primary: scenario 3, this login continues and completes', async () => {
    const install = demo({ sim: { existingSession: true }, ibcIni: { ExistingSessionDetectedAction: 'primary' } });
    const p = ibc(install);
    await p.line('Login has completed');
    expect(p.stdout).toContain("Don't know the type of the other session, so continue this one (scenario 3)");
  });

  it('2FA approved after a while: login completes, then the API port opens', async () => {
    const install = demo({ sim: { twoFactor: 'approve-after-ms', twoFactorMs: 150 } });
    const p = ibc(install);
    await p.line('TWS API socket port now set to');
    const text = p.stdout;
    expect(text.indexOf('Second Factor Authentication initiated')).toBeLessThan(text.indexOf('Login has completed'));
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('a crash fault through the control channel ends the process with its exit code (no jts.ini rewrite)', async () => {
    const install = demo();
    const jts = path.join(install.settingsPath, 'jts.ini');
    writeFileSync(jts, '[Logon]\nLocale=en\n');
    const p = ibc(install);
    await p.line('TWS API socket port now set to');
    await until(() => existsSync(path.join(install.settingsPath, 'sim-control.json')), { what: 'sim-control.json written' });
    // The file holds the control token: only the user may read it.
    if (process.platform !== 'win32') expect(statSync(path.join(install.settingsPath, 'sim-control.json')).mode & 0o777).toBe(0o600);
    expect((await fetch(`http://127.0.0.1:${controlFile(install).controlPort}/fault`, { method: 'POST', body: JSON.stringify({ kind: 'crash', exitCode: 3 }) })).status).toBe(401);
    const res = await controlRequest(controlFile(install), 'fault', { kind: 'crash', exitCode: 3 });
    expect(res.status).toBe(200);
    expect(await p.exited).toBe(3);
    expect(readFileSync(jts, 'utf8')).toBe('[Logon]\nLocale=en\n');
  });

  it('crashAfterMs in sim.json: a fault present from the start', async () => {
    const install = demo({ sim: { crashAfterMs: 50, exitCode: 134 } });
    const p = gateway(install);
    expect(await p.exited).toBe(134);
    expect(p.stdout).toContain('Login has completed');
  });

  it('command server: STOP replies OK and exits cleanly', async () => {
    const commandPort = await freePort();
    const install = demo({ ibcIni: { CommandServerPort: String(commandPort) } });
    const p = ibc(install);
    await p.line('Login has completed');
    expect(await sendCommand(commandPort, 'STOP')).toBe('OK');
    expect(await p.exited).toBe(0);
    expect(readFileSync(path.join(install.settingsPath, 'jts.ini'), 'utf8')).toContain('tradingMode=p');
  });

  it('command server: RESTART waits for the next minute (RestartTask), then the API comes back without a new login', async () => {
    const commandPort = await freePort();
    // 20 ms per IBC-second, starting at hh:mm:30: the restart is set for hh:(mm+1):00, 30 s = 600 ms away.
    const install = demo({ sim: { clockStart: '2026-12-02T10:15:30', ibcSecondMs: 20 }, ibcIni: { CommandServerPort: String(commandPort) } });
    const p = ibc(install);
    await p.line('TWS API socket port now set to');
    const port = Number(/TWS API socket port now set to (\d+)/.exec(p.stdout)![1]);
    expect(await sendCommand(commandPort, 'RESTART')).toMatch(/^OK RESTART in progress/);
    await p.line('Setting auto-restart time to 10:1'); // the next minute on the launcher's clock
    const c = await RecordingClient.connect(port, 1); // the API still answers until the restart begins
    clients.push(c);
    await p.line('autorestart file found');
    // Not at once: on IBC's own clock (its log stamps) the restart begins at the minute it announced,
    // after the RESTART was taken. Wall time cannot say: start-up under load eats into the wait.
    const stamp = (text: string) => {
      const line = p.stdout.split('\n').find((l) => l.includes(text))!;
      const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}):(\d{3})/.exec(line)!;
      return new Date(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!).getTime();
    };
    const announced = /Setting auto-restart time to (\d{2}):(\d{2}) (AM|PM)/.exec(p.stdout)!;
    const at = new Date(stamp('RestartTask: pauseOnly'));
    at.setHours((+announced[1]! % 12) + (announced[3] === 'PM' ? 12 : 0), +announced[2]!, 0, 0);
    expect(at.getTime()).toBeGreaterThan(stamp('RestartTask: pauseOnly'));
    expect(stamp('autorestart file found')).toBeGreaterThanOrEqual(at.getTime());
    await until(() => p.stdout.match(/TWS API socket port now set to/g)?.length === 2, { what: 'the API port set twice', timeout: 10_000 });
    expect(p.stdout.match(/Login attempt/g)?.length).toBe(1);
    const ports = [...p.stdout.matchAll(/TWS API socket port now set to (\d+)/g)].map((m) => m[1]);
    expect(ports[0]).toBe(ports[1]); // same port after a soft restart
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('the Sunday token reset: the first restart after Sunday 01:00 New York time needs a full login with 2FA', async () => {
    // The launcher's clock starts at Sunday 00:40 New York time (EST, UTC-5), 3 ms per IBC-second: it logs
    // in well before 01:00 and IBC's AutoRestartTime is one minute after the reset, in the local time zone.
    const reset = Date.parse('2026-12-06T06:00:00Z');
    const at = new Date(reset + 60_000);
    const h12 = at.getHours() % 12 === 0 ? 12 : at.getHours() % 12;
    const autoRestartTime = `${String(h12).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')} ${at.getHours() < 12 ? 'AM' : 'PM'}`;
    const install = demo({
      sim: { clockStart: new Date(reset - 20 * 60_000).toISOString(), ibcSecondMs: 3, twoFactor: 'approve-after-ms', twoFactorMs: 100 },
      ibcIni: { AutoRestartTime: autoRestartTime },
    });
    const p = ibc(install);
    await p.line('TWS API socket port now set to');
    expect(p.stdout.match(/Second Factor Authentication initiated/g)?.length).toBe(1);
    await p.line('autorestart file found');
    await until(() => p.stdout.match(/TWS API socket port now set to/g)?.length === 2, { what: 'the API port set twice', timeout: 15_000 });
    expect(p.stdout.match(/Login attempt/g)?.length).toBe(2);
    expect(p.stdout.match(/Second Factor Authentication initiated/g)?.length).toBe(2);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('a weekday restart keeps the token: no second login', async () => {
    const commandPort = await freePort();
    const install = demo({
      sim: { clockStart: '2026-12-08T05:59:30Z', ibcSecondMs: 10, twoFactor: 'approve-after-ms', twoFactorMs: 100 },
      ibcIni: { CommandServerPort: String(commandPort) },
    });
    const p = ibc(install);
    await p.line('TWS API socket port now set to');
    expect(await sendCommand(commandPort, 'RESTART')).toMatch(/^OK/);
    await until(() => p.stdout.match(/TWS API socket port now set to/g)?.length === 2, { what: 'the API port set twice', timeout: 10_000 });
    expect(p.stdout.match(/Second Factor Authentication initiated/g)?.length).toBe(1);
  });

  it("IBC's AutoRestartTime on the launcher's clock restarts the Gateway by itself (no login)", async () => {
    // 10 minutes before on a clock at 4 ms per second: ~2.4 s of real time, whatever the start-up takes.
    const install = demo({ sim: { clockStart: '2026-12-08T23:35:00', ibcSecondMs: 4 }, ibcIni: { AutoRestartTime: '11:45 PM' } });
    const p = ibc(install);
    await p.line('TWS API socket port now set to');
    await p.line('autorestart file found');
    await until(() => p.stdout.match(/TWS API socket port now set to/g)?.length === 2, { what: 'the API port set twice', timeout: 10_000 });
    expect(p.stdout.match(/Login attempt/g)?.length).toBe(1);
  });

  it('IBC setup errors use ibcstart.sh exit codes', async () => {
    const install = demo();
    expect(await ibc(install, { version: '1099' }).exited).toBe(4);
    rmSync(path.join(install.ibcPath as string, 'config.ini'));
    expect(await ibc(install).exited).toBe(6);
  });

  it('cli.ts runs a simulator by hand and prints its API and control ports, and the control token', async () => {
    const cli = path.resolve(import.meta.dirname, '../../../electron/simulator/cli.ts');
    const p = new Proc(process.execPath, [cli, '--port', '0', '--max-version', '187', '--seed', '7', '--tick-ms', '0']);
    procs.push(p);
    await p.line('fault:  curl');
    const match = /API on 127\.0\.0\.1:(\d+), control channel on http:\/\/127\.0\.0\.1:(\d+)/.exec(p.stdout);
    const token = /Authorization: Bearer (\S+)'/.exec(p.stdout)?.[1] ?? '';
    const c = await RecordingClient.connect(Number(match?.[1]), 3);
    clients.push(c);
    expect(c.ib.serverVersion).toBe(187);
    expect((await fetch(`http://127.0.0.1:${match?.[2]}/state`)).status).toBe(401);
    const state = (await (await controlRequest({ controlPort: Number(match?.[2]), token }, 'state')).json()) as { clients: { clientId: number }[] };
    expect(state.clients.map((x) => x.clientId)).toEqual([3]);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('ReadOnlyApi=yes in config.ini: orders are refused with 321', async () => {
    const install = demo({ ibcIni: { ReadOnlyApi: 'yes' } });
    const p = ibc(install);
    await p.line('TWS API socket port now set to');
    await until(() => existsSync(path.join(install.settingsPath, 'sim-control.json')), { what: 'sim-control.json written' });
    const c = await RecordingClient.connect(controlFile(install).apiPort, 1);
    clients.push(c);
    c.ib.placeOrder(1, { symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' }, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1 });
    expect((await c.error(321, 1)).message).toContain('Read-Only mode');
  });

  it('API port already in use: the Gateway stays logged in without an API listener', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => {
        const a = blocker.address();
        resolve(typeof a === 'object' && a ? a.port : 0);
      }),
    );
    try {
      const install = demo({ sim: { port } });
      const p = ibc(install);
      await p.line(`ERROR: could not open the API socket port ${port}: EADDRINUSE`);
      expect(p.stdout).toContain('Login has completed');
      expect(p.child.exitCode).toBeNull();
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });

  it('hang from sim.json: the port accepts but never answers until the control channel clears it', async () => {
    const install = demo({ sim: { hang: true } });
    const p = gateway(install);
    await p.line('TWS API socket port now set to');
    await until(() => existsSync(path.join(install.settingsPath, 'sim-control.json')), { what: 'sim-control.json written' });
    const target = controlFile(install);
    const { apiPort } = target;
    const c = new RecordingClient(apiPort, 1);
    clients.push(c);
    c.ib.connect();
    // The greeting has reached the Gateway and waits there unanswered (not just not yet answered).
    await until(async () => ((await (await controlRequest(target, 'state')).json()) as { heldRequests: number }).heldRequests === 1, {
      what: 'the greeting held by the hang',
    });
    expect(c.all('connected')).toEqual([]);
    await controlRequest(target, 'fault', { kind: 'clear' });
    await c.next('nextValidId');
  });
});
