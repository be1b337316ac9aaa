import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, onTestFailed } from 'vitest';
import type { Profile } from '../../../electron/core/contract.ts';
import { GatewayLogs, RotatingFileSink } from '../../../electron/core/gateway/logs.ts';
import { findFreePort } from '../../../electron/core/gateway/ports.ts';
import { GatewaySupervisor, type SupervisorOptions } from '../../../electron/core/gateway/supervisor.ts';
import { profileDefaults } from '../../../electron/core/settings/defaults.ts';
import { createDemoInstall } from '../../../electron/simulator/demo-install.ts';
import type { LauncherConfig } from '../../../electron/simulator/launcher-config.ts';
import { controlRequest, readControlFile } from '../../../electron/simulator/control-client.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { until } from '../../support/until.ts';
import { manualClock } from '../../unit/gateway/manual-clock.ts';

export const USER = 'trader7q';
export const PASS = 'Pw-4xQ-unique!9';

export const FAST = {
  backoffInitialMs: 50,
  backoffMaxMs: 400,
  readyPollMs: 50,
  probeTimeoutMs: 500,
  healthIntervalMs: 150,
  hangFailures: 3,
  stableMs: 150,
  apiAfterLoginMs: 5_000,
  stopTimeoutMs: 3_000,
  killTimeoutMs: 2_000,
  dailyGraceMs: 5_000,
  softRestartGraceMs: 3_000,
  // The launcher runs IBC's clock at 20 ms a second (below): its RESTART begins within ~1.3 s.
  restartDelayMs: 1_500,
  twoFactorTimeoutMs: 20_000,
  loginTimeoutMs: 30_000,
};

export interface Rig {
  root: string;
  port: number;
  profile: Profile;
  sup: GatewaySupervisor;
  logs: GatewayLogs;
  logDir: string;
  settingsPath: string;
  launches: () => number;
  pids: Set<number>;
}

const rigs: Rig[] = [];

export async function rig(
  options: {
    withIbc?: boolean;
    sim?: Partial<LauncherConfig>;
    profile?: Partial<Profile>;
    supervisor?: Partial<SupervisorOptions>;
    password?: string | null;
  } = {},
): Promise<Rig> {
  const root = tempDir('gh-int-');
  const port = await findFreePort();
  const demo = createDemoInstall(root, {
    withIbc: options.withIbc ?? true,
    sim: { users: { [USER]: PASS }, loginDelayMs: 120, tickIntervalMs: 0, port, ibcSecondMs: 20, ...options.sim },
  });
  if (demo.ibcPath) {
    // The user's own config.ini without a password, as we advise: the credentials come from the vault.
    const own = path.join(demo.ibcPath, 'config.ini');
    writeFileSync(own, readFileSync(own, 'utf8').replace(/^IbPassword=.*$/m, 'IbPassword=').replace(/^IbLoginId=.*$/m, 'IbLoginId='));
  }
  const profile: Profile = {
    id: 'int',
    ...profileDefaults('paper', 'gateway'),
    installPath: demo.installPath,
    settingsPath: demo.settingsPath,
    ibcPath: demo.ibcPath,
    apiPort: port,
    username: USER,
    autoRestartTime: '',
    ...options.profile,
  };
  const logDir = path.join(root, 'logs');
  const logs = new GatewayLogs({ sinks: [new RotatingFileSink({ dir: logDir, maxBytes: 4000, maxFiles: 3 })] });
  const pids = new Set<number>();
  const sup = new GatewaySupervisor({
    profile,
    logs,
    workDir: path.join(root, 'work'),
    baseIbcIni: demo.ibcPath ? path.join(demo.ibcPath, 'config.ini') : null,
    password: async () => (options.password === undefined ? PASS : options.password),
    timings: FAST,
    ...options.supervisor,
  });
  sup.on(() => {
    if (sup.pid) pids.add(sup.pid);
  });
  const r: Rig = {
    root,
    port,
    profile,
    sup,
    logs,
    logDir,
    settingsPath: demo.settingsPath,
    launches: () => logs.query({ filter: 'source:supervisor launching:' }).length,
    pids,
  };
  rigs.push(r);
  // A wait that times out says only what it waited for; under load the question is where the Gateway stood.
  onTestFailed(() => console.error(`supervisor on port ${port} at failure:\n${describeRig(r)}`));
  return r;
}

/** The supervisor's timeline (relative ms) and its last log lines, for a failed test's output. */
export function describeRig(r: Rig): string {
  const events = r.sup.timeline();
  const t0 = events[0]?.time ?? 0;
  const timeline = events.map((e) => `  +${e.time - t0} ms ${e.state}: ${e.reason}`);
  const tail = r.logs.query().slice(-25).map((l) => `  [${l.source}] ${l.text}`);
  return [`state ${r.sup.state}, launches ${r.launches()}`, ...timeline, 'last log lines:', ...tail].join('\n');
}

/** Stop every supervisor and make sure no process we started survives the test. */
export async function cleanup(): Promise<void> {
  while (rigs.length) {
    const r = rigs.pop()!;
    try {
      await r.sup.stop('test over');
    } catch {
      /* already stopped */
    }
    r.sup.dispose();
    for (const pid of r.pids) {
      if (alive(pid)) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
    // A Gateway that restarted itself (no IBC) is nobody's child: its pid is in sim-control.json.
    try {
      const { pid } = JSON.parse(readFileSync(path.join(r.settingsPath, 'sim-control.json'), 'utf8')) as { pid: number };
      if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    } catch {
      /* no control file: nothing started */
    }
    rmSync(r.root, { recursive: true, force: true });
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function fault(settingsPath: string, body: Record<string, unknown>): Promise<void> {
  const res = await controlRequest(readControlFile(settingsPath), 'fault', body);
  if (!res.ok) throw new Error(`fault ${JSON.stringify(body)} refused: ${res.status}`);
}

/** Every file under `dir`, recursively, with its bytes as latin1 text. */
export function allFiles(dir: string): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...allFiles(full));
    else out.push({ file: full, text: readFileSync(full, 'latin1') });
  }
  return out;
}


/**
 * Move the supervisor's clock in steps until `cond` holds (the child process runs in real time meanwhile).
 * The supervisor's own timers (backoff, ready polls, login limits) fire only as this moves them.
 */
export async function drive(clock: ReturnType<typeof manualClock>, cond: () => boolean, stepMs: number, what: string, realLimitMs = 15_000): Promise<void> {
  const step = async () => cond() || (await clock.advance(stepMs), false);
  await until(step, { what: `${what} (driving the clock)`, timeout: realLimitMs, interval: 5 });
}

/** A rig whose supervisor runs on a clock the test moves (the child processes still run in real time). */
export async function clockedRig(options: Parameters<typeof rig>[0] = {}): Promise<Rig & { clock: ReturnType<typeof manualClock> }> {
  const clock = manualClock();
  const r = await rig({ ...options, supervisor: { clock, ...options.supervisor } });
  return { ...r, clock };
}

/**
 * The supervisor will do nothing more by itself: move its clock far past the longest backoff (any relaunch
 * is a timer on that clock, and fires now), then stop it — stop() is queued behind any launch such a timer
 * started — and count the launches. A sleep could not show this: a relaunch that came late would pass it.
 */
export async function expectNoRelaunch(r: Rig & { clock: ReturnType<typeof manualClock> }): Promise<void> {
  const launched = r.launches();
  await r.clock.advance(10 * FAST.backoffMaxMs);
  await r.sup.stop('test: after the quiet period');
  expect(r.launches(), 'launches after the supervisor gave up').toBe(launched);
}
