import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { contractClient } from './contract-client.ts';
import { createCore, type Core, type CoreOptions } from '../../electron/core/app.ts';
import type { AppErrorShape, CommandInput, CommandName, CommandOutput, Profile } from '../../electron/core/contract.ts';
import { tempDir } from './temp-dir.ts';

/**
 * Full core in demo mode: the simulated Gateway is a real child process started by the real supervisor
 * through the IBC-style script. `sim` edits its sim.json before the start, to plant faults.
 */
export interface DemoHarness {
  core: Core;
  dataDir: string;
  profile: Profile;
  password: string;
  settingsPath: string;
  call<C extends CommandName>(command: C, input?: CommandInput<C>): Promise<CommandOutput<C>>;
  fail(command: CommandName, input?: unknown): Promise<AppErrorShape>;
  sim(patch: Record<string, unknown>): void;
  close(): Promise<void>;
}

/**
 * A web-shell core on `dataDir` that finds no real install and runs the demo's supervisor and broker on
 * quick timings (a relaunch in 100 ms, a probe a second).
 */
export function demoCoreOptions(dataDir: string, extra: Partial<CoreOptions> = {}): CoreOptions {
  return {
    dataDir,
    shell: 'web',
    version: '0.0.0-test',
    discovery: { home: dataDir, standardRoots: false },
    runtime: {
      supervisor: { timings: { backoffInitialMs: 100, backoffMaxMs: 400, readyPollMs: 100, healthIntervalMs: 300, probeTimeoutMs: 1000, stopTimeoutMs: 3000, killTimeoutMs: 1000 } },
      broker: { probeIntervalMs: 1000, backoffInitialMs: 100, backoffMaxMs: 500 },
    },
    ...extra,
  };
}

export async function demoHarness(): Promise<DemoHarness> {
  const dataDir = tempDir('gh-demo-');
  const core = await createCore(demoCoreOptions(dataDir));
  const { call, fail } = contractClient(core);
  const profile = await call('wizard.useDemo');
  // A known password of our own, so the tests can look for it in every log.
  const password = `Secret-${Math.random().toString(36).slice(2)}`;
  await call('secrets.setPassword', { profileId: profile.id, password });
  const settingsPath = profile.settingsPath;
  const simFile = path.join(settingsPath, 'sim.json');
  const sim = (patch: Record<string, unknown>) => {
    const cur = JSON.parse(readFileSync(simFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(simFile, JSON.stringify({ ...cur, ...patch }, null, 2));
  };
  // IBC's RESTART begins at the next minute on the launcher's clock (RestartTask.java): a fast clock
  // (20 ms a second) keeps a soft restart within a test's patience. It starts on a Wednesday noon, so the
  // profile's 11:45 PM auto-restart and the Sunday token reset are minutes of real time away.
  sim({ users: { [profile.username]: password }, ibcSecondMs: 20, clockStart: '2026-12-02T12:00:00' });
  return {
    core,
    dataDir,
    profile,
    password,
    settingsPath,
    call,
    fail,
    sim,
    async close() {
      await core.dispose({ stopGateway: true });
    },
  };
}
