import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { armOnFirstReady, dailyClock } from '../../support/daily-clock.ts';
import type { GatewayState, Profile } from '../../../electron/core/contract.ts';
import type { ChildExit, GatewayChild } from '../../../electron/core/gateway/child.ts';
import type { LaunchSpec } from '../../../electron/core/gateway/launch.ts';
import { GatewayLogs } from '../../../electron/core/gateway/logs.ts';
import type { ProbeResult } from '../../../electron/core/gateway/probe.ts';
import { DEFAULT_TIMINGS, GatewaySupervisor, type SupervisorOptions } from '../../../electron/core/gateway/supervisor.ts';
import { profileDefaults } from '../../../electron/core/settings/defaults.ts';
import { manualClock } from './manual-clock.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { until } from '../../support/until.ts';

/** A Gateway process we drive by hand: print lines, exit with a code, notice signals. */
class FakeChild implements GatewayChild {
  readonly pid = 4242;
  readonly signals: string[] = [];
  readonly exited: Promise<ChildExit>;
  #resolve!: (e: ChildExit) => void;
  #listeners: Array<(l: string, s: 'stdout' | 'stderr') => void> = [];
  readonly spec: LaunchSpec;
  readonly dieOnTerm: boolean;
  constructor(spec: LaunchSpec, dieOnTerm = true) {
    this.spec = spec;
    this.dieOnTerm = dieOnTerm;
    this.exited = new Promise((r) => (this.#resolve = r));
  }
  onLine(l: (line: string, stream: 'stdout' | 'stderr') => void) {
    this.#listeners.push(l);
  }
  print(line: string) {
    for (const l of this.#listeners) l(line, 'stdout');
  }
  exit(code: number | null, signal: string | null = null) {
    this.#resolve({ code, signal });
  }
  kill(signal: 'SIGTERM' | 'SIGKILL') {
    this.signals.push(signal);
    if (signal === 'SIGKILL' || this.dieOnTerm) this.exit(null, signal);
  }
}

type ApiMode = 'refused' | 'ok' | 'silent' | 'not-ib';

function harness(over: Partial<Profile> = {}, opts: Partial<SupervisorOptions> & { dieOnTerm?: boolean } = {}) {
  const root = tempDir('gh-sup-');
  const install = path.join(root, 'Jts/ibgateway/1030');
  mkdirSync(path.join(install, 'jars'), { recursive: true });
  writeFileSync(path.join(install, 'ibgateway'), '#!/bin/sh\n');
  chmodSync(path.join(install, 'ibgateway'), 0o755);
  const ibc = path.join(root, 'ibc');
  mkdirSync(path.join(ibc, 'scripts'), { recursive: true });
  writeFileSync(path.join(ibc, 'scripts/ibcstart.sh'), '#!/bin/sh\n');
  chmodSync(path.join(ibc, 'scripts/ibcstart.sh'), 0o755);
  const profile: Profile = {
    id: 'p1',
    ...profileDefaults('paper', 'gateway'),
    installPath: install,
    settingsPath: path.join(root, 'Jts'),
    username: 'demouser',
    autoRestartTime: '',
    ...over,
  };
  if (profile.ibcPath === 'IBC') profile.ibcPath = ibc;
  const children: FakeChild[] = [];
  const state = { api: 'refused' as ApiMode, commands: [] as string[], onCommand: (_cmd: string): unknown => undefined };
  const logs = new GatewayLogs();
  const sup = new GatewaySupervisor({
    profile,
    logs,
    workDir: path.join(root, 'work'),
    password: async () => 'Secr3tPass',
    spawn: (spec) => {
      const c = new FakeChild(spec, opts.dieOnTerm ?? true);
      // A process that ends takes its listening port with it.
      void c.exited.then(() => (state.api = 'refused'));
      children.push(c);
      return c;
    },
    probe: async (): Promise<ProbeResult> => {
      switch (state.api) {
        case 'ok':
          return { ok: true, serverVersion: 187, ms: 1 };
        case 'refused':
          return { ok: false, reason: 'refused', detail: 'nothing is listening', ms: 1, serverVersion: null };
        case 'silent':
          return { ok: false, reason: 'api-silent', detail: 'no currentTime', ms: 1, serverVersion: 187 };
        case 'not-ib':
          return { ok: false, reason: 'no-handshake', detail: 'no greeting', ms: 1, serverVersion: null };
      }
    },
    sendCommand: async (_port, cmd) => {
      state.commands.push(cmd);
      state.onCommand(cmd);
      return 'OK';
    },
    freePort: async () => 7462,
    timings: {
      backoffInitialMs: 10,
      backoffMaxMs: 40,
      readyPollMs: 5,
      probeTimeoutMs: 20,
      healthIntervalMs: 10,
      hangFailures: 2,
      stableMs: 20,
      apiAfterLoginMs: 300,
      stopTimeoutMs: 50,
      killTimeoutMs: 50,
      dailyGraceMs: 100,
    },
    ...opts,
  });
  const states: GatewayState[] = [];
  sup.on((e) => states.push(e.state));
  return { sup, children, state, logs, states, root, profile, last: () => children.at(-1)! };
}

let current: GatewaySupervisor | null = null;
afterEach(() => current?.dispose());

/** A supervisor on the manual clock and real timings, started, its API answering, and past stableMs: running. */
async function runningOnManualClock(over: Partial<Profile>) {
  const clock = manualClock();
  const h = harness(over, { clock, timings: { ...DEFAULT_TIMINGS } });
  current = h.sup;
  await h.sup.start();
  h.state.api = 'ok';
  await clock.advance(DEFAULT_TIMINGS.stableMs + 2_000);
  return { h, clock };
}

describe('GatewaySupervisor (fake process)', () => {
  it('starts without IBC: awaiting-login until the API answers, then api-ready → running', async () => {
    const h = harness();
    current = h.sup;
    await h.sup.start();
    expect(h.sup.state).toBe('awaiting-login');
    expect(h.last().spec.file).toBe(path.join(h.profile.installPath, 'ibgateway'));
    h.state.api = 'ok';
    await until(() => h.sup.state === 'running');
    expect(h.states).toEqual(['starting', 'awaiting-login', 'api-ready', 'running']);
    expect(h.sup.isRunning()).toBe(true);
  });

  it('starts with IBC: credentials in config.ini only, 2FA shown, login line, STOP on stop, then no password left', async () => {
    const h = harness({ ibcPath: 'IBC' });
    current = h.sup;
    await h.sup.start();
    const child = h.last();
    expect(child.spec.env).toEqual({});
    expect(child.spec.args).toContain('-g');
    expect(child.spec.args.join(' ')).not.toContain('Secr3t');
    const ini = readFileSync(h.sup.ibcIniPath!, 'utf8');
    expect(ini).toContain('IbLoginId=demouser');
    expect(ini).toContain('IbPassword=Secr3tPass');
    expect(ini).toContain('CommandServerPort=7462');
    child.print('2026-11-25 09:30:00:000 IBC: Login dialog WINDOW_OPENED');
    expect(h.sup.state).toBe('awaiting-login');
    child.print('2026-11-25 09:30:01:000 IBC: Second Factor Authentication initiated');
    expect(h.sup.reason).toMatch(/2FA/);
    child.print('2026-11-25 09:30:05:000 IBC: Login has completed');
    h.state.api = 'ok';
    await until(() => h.sup.state === 'api-ready');
    child.print('IbPassword=Secr3tPass demouser');
    await h.sup.stop();
    expect(h.state.commands).toEqual(['STOP']);
    expect(child.signals).toEqual(['SIGTERM']); // the fake ignores STOP, so SIGTERM followed
    expect(h.sup.state).toBe('stopped');
    expect(readFileSync(h.sup.ibcIniPath!, 'utf8')).not.toContain('Secr3t');
    const all = JSON.stringify(h.logs.query());
    expect(all).not.toContain('Secr3t');
    expect(all).not.toContain('demouser');
  });

  it('config.ini keeps the password after "Login has completed" (IBC re-reads it when it cold-restarts itself)', async () => {
    // On the injected clock the restart after the exit waits until the test moves time, so the scrubbed
    // file is what is read (on real time the 10 ms backoff would write the password back first).
    const clock = manualClock();
    const h = harness({ ibcPath: 'IBC' }, { clock });
    current = h.sup;
    await h.sup.start();
    const ini = h.sup.ibcIniPath!;
    h.last().print('2026-11-25 09:30:05:000 IBC: Login has completed');
    expect(readFileSync(ini, 'utf8')).toContain('IbPassword=Secr3tPass');
    h.last().exit(0);
    await clock.advance(0);
    expect(readFileSync(ini, 'utf8')).not.toContain('Secr3tPass');
    expect(readFileSync(ini, 'utf8')).toContain('IbLoginId=\n');
  });

  it('bad credentials: the second "Login failed" dialog (IBC retried once itself) stops it, never restarted', async () => {
    const clock = manualClock();
    const h = harness({ ibcPath: 'IBC' }, { clock });
    current = h.sup;
    await h.sup.start();
    h.last().print('2026-11-25 09:30:01:000 IBC: detected dialog entitled: Login failed; event=Opened');
    h.last().print('2026-11-25 09:30:01:001 IBC: Login failed');
    h.last().print('2026-11-25 09:30:01:002 IBC: Cold restart in progress');
    expect(h.sup.state).toBe('awaiting-login');
    expect(h.sup.reason).toMatch(/trying again/);
    h.last().print('2026-11-25 09:30:09:000 IBC: detected dialog entitled: Login failed; event=Opened');
    await clock.advance(1_000); // IBC is asked to STOP; the fake ignores it, so SIGTERM follows stopTimeoutMs
    expect(h.sup.state).toBe('stopped');
    expect(h.sup.reason).toMatch(/bad credentials/);
    // Nothing is left scheduled that could relaunch it, however long the app keeps running.
    await clock.advance(10 * 60_000);
    expect(h.children).toHaveLength(1);
    expect(clock.pending()).toBe(0);
  });

  it('a stop that ends the Gateway at once leaves nothing scheduled: the app can quit right after (injected clock)', async () => {
    // Each stop raced the exit against a stopTimeoutMs timer (3 s by default) and left it pending after the
    // Gateway had gone, so a quitting app waited 3 s for nothing and every stop left one more timer behind.
    for (const ibcPath of [null, 'IBC']) {
      const { h, clock } = await runningOnManualClock({ ibcPath });
      expect(h.sup.state).toBe('running');
      // With IBC, the command server's STOP ends it; without, SIGTERM does.
      if (ibcPath) h.state.onCommand = (cmd) => cmd === 'STOP' && h.last().exit(0);
      await h.sup.stop();
      expect(h.sup.state).toBe('stopped');
      expect(h.last().signals).toEqual(ibcPath ? [] : ['SIGTERM']);
      expect(clock.pending()).toBe(0);
      h.sup.dispose();
    }
  });

  it('"Too many failed login attempts" is bad credentials at once', async () => {
    const h = harness({ ibcPath: 'IBC' });
    current = h.sup;
    await h.sup.start();
    h.last().print('2026-11-25 09:30:01:000 IBC: Too many failed login attempts. Please wait 53 seconds before attempting to re-login again.');
    await until(() => h.sup.state === 'stopped');
    expect(h.sup.reason).toMatch(/too many failed login attempts/);
  });

  it("IBC's RESTART begins only at the next minute: the grace allows for it (default timings, injected clock)", async () => {
    const { h, clock } = await runningOnManualClock({ ibcPath: 'IBC' });
    expect(h.sup.state).toBe('running');
    h.state.api = 'silent';
    await clock.advance(DEFAULT_TIMINGS.healthIntervalMs * DEFAULT_TIMINGS.hangFailures + 1_000);
    expect(h.state.commands).toEqual(['RESTART']);
    // RestartTask: up to 62 s before the restart begins, then the Gateway takes ~45 s to come back.
    await clock.advance(61_000);
    h.state.api = 'refused';
    await clock.advance(45_000);
    h.state.api = 'ok';
    await clock.advance(DEFAULT_TIMINGS.readyPollMs + 1_000);
    expect(h.sup.state).toBe('api-ready');
    expect(h.children).toHaveLength(1);
    expect(h.last().signals).toEqual([]);
  });

  it('macOS without IBC: stop ends the Gateway app itself (the pid on the API port), not only `open`', async () => {
    const root = tempDir('gh-mac-');
    const install = path.join(root, 'Applications/IB Gateway 10.30');
    mkdirSync(path.join(install, 'IB Gateway 10.30.app'), { recursive: true });
    mkdirSync(path.join(install, 'jars'), { recursive: true });
    const commands: string[] = [];
    const h = harness(
      { installPath: install, settingsPath: path.join(root, 'Jts') },
      {
        platform: 'darwin',
        dieOnTerm: false,
        exec: async (c) => {
          commands.push([c.file, ...c.args].join(' '));
          if (c.file === 'lsof') return { code: 0, stdout: '5555\n' };
          // The app closing ends `open -W`.
          if (c.file === 'kill') h.last().exit(0);
          return { code: 0, stdout: '' };
        },
      },
    );
    current = h.sup;
    await h.sup.start();
    expect(h.last().spec.file).toBe('open');
    expect(h.last().spec.args).toEqual(['-W', '-n', '-a', path.join(install, 'IB Gateway 10.30.app')]);
    h.state.api = 'ok';
    await until(() => h.sup.state === 'running');
    await h.sup.stop();
    expect(commands).toEqual([`lsof -nP -t -iTCP:${h.profile.apiPort} -sTCP:LISTEN`, 'kill -TERM 5555']);
    expect(h.last().signals).toEqual([]);
    expect(h.sup.state).toBe('stopped');
  });

  it('macOS without IBC, before login (no API port yet): asks the app to quit', async () => {
    const root = tempDir('gh-mac-');
    const install = path.join(root, 'Applications/IB Gateway 10.30');
    mkdirSync(path.join(install, 'IB Gateway 10.30.app'), { recursive: true });
    mkdirSync(path.join(install, 'jars'), { recursive: true });
    const commands: string[][] = [];
    const h = harness(
      { installPath: install, settingsPath: path.join(root, 'Jts') },
      {
        platform: 'darwin',
        dieOnTerm: false,
        exec: async (c) => {
          commands.push([c.file, ...c.args]);
          if (c.file === 'osascript') h.last().exit(0);
          return { code: c.file === 'lsof' ? 1 : 0, stdout: '' };
        },
      },
    );
    current = h.sup;
    await h.sup.start();
    await h.sup.stop();
    expect(commands.at(-1)).toEqual(['osascript', '-e', `tell application (POSIX file "${path.join(install, 'IB Gateway 10.30.app')}" as text) to quit`]);
    expect(h.sup.state).toBe('stopped');
  });

  it('IB link lost: the gentle ladder — wait, RECONNECTACCOUNT, soft RESTART, then one cold restart per 30 min (injected clock)', async () => {
    const { h, clock } = await runningOnManualClock({ ibcPath: 'IBC' });
    expect(h.sup.state).toBe('running');
    h.sup.ibLink('lost');
    await clock.advance(DEFAULT_TIMINGS.linkReconnectMs - 1_000);
    expect(h.state.commands).toEqual([]); // the Gateway's own reconnection first (the nightly reset)
    await clock.advance(2_000);
    expect(h.state.commands).toEqual(['RECONNECTACCOUNT']);
    await clock.advance(DEFAULT_TIMINGS.linkStepMs);
    expect(h.state.commands).toEqual(['RECONNECTACCOUNT', 'RESTART']);
    expect(h.children).toHaveLength(1);
    // The soft restart brought the API back, but IB is still unreachable: the last rung, a cold restart.
    // (+ the stop timeout: the fake ignores IBC's STOP, so SIGTERM follows it.)
    await clock.advance(DEFAULT_TIMINGS.linkStepMs + DEFAULT_TIMINGS.restartDelayMs + DEFAULT_TIMINGS.softRestartGraceMs + DEFAULT_TIMINGS.stopTimeoutMs + 1_000);
    expect(h.children).toHaveLength(2);
    expect(h.sup.timeline().some((e) => /disconnected from IB.*cold restart/.test(e.reason))).toBe(true);
    // Lost again at once: the ladder climbs again, but the next cold restart waits for the 30-minute limit.
    h.state.api = 'ok';
    await clock.advance(DEFAULT_TIMINGS.readyPollMs + DEFAULT_TIMINGS.stableMs + 1_000);
    h.sup.ibLink('lost');
    await clock.advance(DEFAULT_TIMINGS.linkReconnectMs + 2 * DEFAULT_TIMINGS.linkStepMs + DEFAULT_TIMINGS.restartDelayMs + DEFAULT_TIMINGS.softRestartGraceMs + 5_000);
    expect(h.children).toHaveLength(2);
    await clock.advance(DEFAULT_TIMINGS.coldRestartMinIntervalMs + DEFAULT_TIMINGS.stopTimeoutMs);
    expect(h.children).toHaveLength(3);
  });

  it('IB link lost while a 2FA prompt is pending: nothing is sent over the prompt; restored link stops the ladder', async () => {
    const { h, clock } = await runningOnManualClock({ ibcPath: 'IBC' });
    h.sup.ibLink('lost');
    h.last().print('2026-12-06 07:01:00:000 IBC: Second Factor Authentication initiated');
    h.state.api = 'refused'; // logged out while the prompt waits
    await clock.advance(DEFAULT_TIMINGS.linkReconnectMs + 60_000); // the first rung came and found the prompt
    expect(h.state.commands).toEqual([]);
    h.state.api = 'ok'; // approved
    h.sup.ibLink('ok');
    await clock.advance(DEFAULT_TIMINGS.linkReconnectMs + 3 * DEFAULT_TIMINGS.linkStepMs);
    expect(h.state.commands).toEqual([]);
    expect(h.children).toHaveLength(1);
  });

  it('weekly full login: a notice a day ahead and an hour ahead that a 2FA approval will be needed (injected clock)', async () => {
    // Saturday 05:00 local; ColdRestartTime Sunday 07:00.
    const clock = manualClock(new Date(2026, 11, 5, 5, 0, 0).getTime());
    const h = harness({ ibcPath: 'IBC', coldRestartTime: '07:00' }, { clock, timings: { ...DEFAULT_TIMINGS } });
    current = h.sup;
    const seen: Array<{ at: number; title: string; body: string }> = [];
    h.sup.onAlert((a) => seen.push({ at: clock.now(), title: a.title, body: a.body }));
    await h.sup.start();
    h.state.api = 'ok';
    await clock.advance(DEFAULT_TIMINGS.readyPollMs + 100);
    expect(h.sup.state).toBe('api-ready');
    h.state.api = 'ok';
    await clock.advance(2 * 3_600_000 - 10 * 60_000); // Saturday 06:50
    expect(seen.filter((a) => /Weekly login/.test(a.title))).toEqual([]);
    await clock.advance(11 * 60_000); // Saturday 07:01
    const day = seen.filter((a) => /Weekly login/.test(a.title));
    expect(day).toHaveLength(1);
    expect(day[0]!.at).toBe(new Date(2026, 11, 5, 7, 0, 0).getTime());
    expect(day[0]!.body).toMatch(/Tomorrow \(Sunday 07:00\).*IBKR Mobile/);
    await clock.advance(23 * 3_600_000); // Sunday 06:01
    const hour = seen.filter((a) => /Weekly login/.test(a.title));
    expect(hour).toHaveLength(2);
    expect(hour[1]!.at).toBe(new Date(2026, 11, 6, 6, 0, 0).getTime());
    expect(hour[1]!.body).toMatch(/In an hour/);
  });

  it("IBC's weekly cold restart is a login, not a hang: no RESTART sent over the 2FA prompt", async () => {
    const { h, clock } = await runningOnManualClock({ ibcPath: 'IBC', coldRestartTime: '07:00' });
    expect(h.sup.state).toBe('running');
    h.last().print('2026-12-06 07:00:00:000 IBC: Cold restart in progress');
    h.state.api = 'refused';
    await clock.advance(DEFAULT_TIMINGS.healthIntervalMs * (DEFAULT_TIMINGS.hangFailures + 2));
    h.last().print('2026-12-06 07:01:00:000 IBC: Second Factor Authentication initiated');
    await clock.advance(90_000);
    expect(h.state.commands).toEqual([]);
    expect(h.last().signals).toEqual([]);
    expect(h.sup.state).toBe('awaiting-login');
    h.state.api = 'ok';
    await clock.advance(DEFAULT_TIMINGS.readyPollMs + 100);
    expect(h.sup.state).toBe('api-ready');
  });

  it('a restart that runs into a 2FA prompt (the Sunday token reset) is not called a hang: the prompt is left alone', async () => {
    const { h, clock } = await runningOnManualClock({ ibcPath: 'IBC' });
    h.last().print('2026-12-06 23:45:00:000 IBC: Finding autorestart file');
    expect(h.sup.state).toBe('restarting');
    h.state.api = 'refused';
    await clock.advance(30_000);
    h.last().print('2026-12-06 23:45:30:000 IBC: Second Factor Authentication initiated');
    expect(h.sup.state).toBe('awaiting-login');
    // Past the moment the restart's grace would have called it a hang (and sent RESTART over the prompt).
    await clock.advance(DEFAULT_TIMINGS.dailyGraceMs - 30_000 + 10_000);
    expect(h.state.commands).toEqual([]);
    expect(h.last().signals).toEqual([]);
    expect(h.sup.state).toBe('awaiting-login');
    h.state.api = 'ok';
    await clock.advance(DEFAULT_TIMINGS.readyPollMs + 1_000);
    expect(h.sup.state).toBe('api-ready');
  });

  it('crash → restart with doubling backoff, then crash-loop stop after 5', async () => {
    const clock = manualClock();
    const h = harness({}, { clock });
    current = h.sup;
    const alerts: string[] = [];
    h.sup.onAlert((a) => alerts.push(a.title));
    await h.sup.start();
    const delays: string[] = [];
    h.sup.on((e) => {
      const m = /restarting in (\d+ ms)/.exec(e.reason);
      if (m) delays.push(m[1]!);
    });
    // Each crash comes right after its launch (well inside stableMs), and the clock moves exactly the
    // announced backoff: the relaunch is due then, not earlier.
    for (let i = 1; i <= 5; i++) {
      expect(h.children).toHaveLength(i);
      h.last().exit(1);
      await clock.advance(0);
      if (i === 5) break;
      expect(h.sup.state).toBe('restarting');
      const backoff = Number.parseInt(delays.at(-1)!, 10);
      await clock.advance(backoff - 1);
      expect(h.children).toHaveLength(i);
      await clock.advance(1);
    }
    expect(h.sup.state).toBe('crashed');
    expect(h.sup.reason).toMatch(/crash loop/);
    expect(delays).toEqual(['10 ms', '20 ms', '40 ms', '40 ms']);
    expect(alerts).toContain('IB Gateway keeps crashing');
    // Stopped for good: nothing scheduled relaunches it.
    await clock.advance(10 * 60_000);
    expect(h.children).toHaveLength(5);
    expect(clock.pending()).toBe(0);
  });

  it('exit 87: restarts when the profile says restart, stops otherwise', async () => {
    const a = harness();
    await a.sup.start();
    a.last().exit(87);
    await until(() => a.children.length === 2);
    expect(a.sup.timeline().some((e) => /2FA/.test(e.reason))).toBe(true);
    a.sup.dispose();

    const b = harness({ twoFactor: { timeoutAction: 'exit', device: '' } });
    current = b.sup;
    await b.sup.start();
    b.last().exit(87);
    await until(() => b.sup.state === 'stopped');
    expect(b.sup.reason).toMatch(/2FA was not approved/);
  });

  it('hang: port open but API silent for N probes → restart', async () => {
    const h = harness();
    current = h.sup;
    await h.sup.start();
    h.state.api = 'ok';
    await until(() => h.sup.state === 'running');
    h.state.api = 'silent';
    await until(() => h.sup.state === 'degraded');
    await until(() => h.children.length === 2, { timeout: 3000 });
    expect(h.children[0]!.signals).toContain('SIGTERM');
    expect(h.sup.timeline().some((e) => /hang/.test(e.reason))).toBe(true);
  });

  it('recovers from degraded when the API answers again', async () => {
    const h = harness({}, { timings: { healthIntervalMs: 10, hangFailures: 5, readyPollMs: 5, stableMs: 5 } });
    current = h.sup;
    await h.sup.start();
    h.state.api = 'ok';
    await until(() => h.sup.state === 'running');
    h.state.api = 'silent';
    await until(() => h.sup.state === 'degraded');
    h.state.api = 'ok';
    await until(() => h.sup.state === 'running');
    expect(h.children).toHaveLength(1);
  });

  it('attaches to a Gateway already answering instead of starting a second one', async () => {
    const h = harness();
    current = h.sup;
    h.state.api = 'ok';
    await h.sup.start();
    expect(h.sup.state).toBe('running');
    expect(h.sup.attached).toBe(true);
    expect(h.children).toHaveLength(0);
    await expect(h.sup.restart()).rejects.toMatchObject({ code: 'GATEWAY_RUNNING' });
    await h.sup.stop();
    expect(h.sup.reason).toMatch(/detached/);
  });

  it('port taken by another program → PORT_TAKEN with a hint', async () => {
    const h = harness();
    current = h.sup;
    h.state.api = 'not-ib';
    await expect(h.sup.start()).rejects.toMatchObject({
      code: 'PORT_TAKEN',
      message: 'Port 4002 is used by another program',
      hint: expect.any(String),
    });
    expect(h.sup.state).toBe('stopped');
  });

  it('stop escalates SIGTERM → SIGKILL when the process ignores SIGTERM', async () => {
    const h = harness({}, { dieOnTerm: false });
    current = h.sup;
    await h.sup.start();
    await h.sup.stop();
    expect(h.last().signals).toEqual(['SIGTERM', 'SIGKILL']);
    expect(h.sup.state).toBe('stopped');
    expect(h.sup.isRunning()).toBe(false);
  });

  it('missing install → GATEWAY_NOT_INSTALLED', async () => {
    const h = harness({ installPath: '/nowhere/ibgateway/1030' });
    current = h.sup;
    await expect(h.sup.start()).rejects.toMatchObject({ code: 'GATEWAY_NOT_INSTALLED' });
  });

  it('daily restart at the profile time (injected clock, dailyRestart: supervisor): the supervisor restarts a direct launch', async () => {
    // "now" is 150 ms before 11:45 PM local time.
    const clock = dailyClock(150);
    const h = harness({ autoRestartTime: '11:45 PM' }, { clock, dailyRestart: 'supervisor', timings: { stableMs: 5, readyPollMs: 5, healthIntervalMs: 1000 } });
    current = h.sup;
    armOnFirstReady(h.sup, clock);
    await h.sup.start();
    h.state.api = 'ok';
    await until(() => h.sup.state === 'running');
    await until(() => h.children.length === 2, { timeout: 2000 });
    expect(h.children[0]!.signals).toEqual(['SIGTERM']);
    expect(h.sup.timeline().some((e) => e.state === 'restarting' && /daily restart at 11:45 PM/.test(e.reason))).toBe(true);
    h.state.api = 'ok';
    await until(() => h.sup.state === 'running');
  });

  it('daily restart with IBC: expected, no kill, API comes back', async () => {
    const clock = dailyClock(150);
    const h = harness({ ibcPath: 'IBC', autoRestartTime: '11:45 PM' }, { clock, timings: { stableMs: 5, readyPollMs: 5, healthIntervalMs: 1000, dailyGraceMs: 2000 } });
    current = h.sup;
    armOnFirstReady(h.sup, clock);
    await h.sup.start();
    h.state.api = 'ok';
    await until(() => h.sup.state === 'running');
    h.state.api = 'refused';
    await until(() => h.sup.state === 'restarting', { timeout: 2000 });
    h.state.api = 'ok';
    await until(() => h.sup.state === 'running');
    expect(h.children).toHaveLength(1);
    expect(h.last().signals).toEqual([]);
  });
});
