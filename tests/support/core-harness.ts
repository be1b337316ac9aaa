import path from 'node:path';
import { contractClient } from './contract-client.ts';
import { createCore, type Core, type CoreOptions } from '../../electron/core/app.ts';
import type { AppErrorShape, CommandInput, CommandName, CommandOutput, StreamName, StreamValue } from '../../electron/core/contract.ts';
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../electron/simulator/server.ts';
import { runtimeOf } from '../../electron/core/testing.ts';
import { until } from './until.ts';
import { tempDir } from './temp-dir.ts';

export interface CoreHarness {
  core: Core;
  sim: SimulatorHandle;
  dataDir: string;
  call<C extends CommandName>(command: C, input?: CommandInput<C>): Promise<CommandOutput<C>>;
  fail(command: CommandName, input?: unknown): Promise<AppErrorShape>;
  latest<S extends StreamName>(stream: S): StreamValue<S> | undefined;
  close(): Promise<void>;
}

/**
 * Full core (settings, supervisor, broker, risk) on a temp dir, against an in-process simulated Gateway
 * already listening: the supervisor attaches to it, exactly as it does to a Gateway the user started.
 */
export async function coreHarness(simOpts: SimulatorOptions = {}, coreOpts: { risk?: NonNullable<CoreOptions['runtime']>['risk'] } = {}): Promise<CoreHarness> {
  const sim = await startSimulator({ port: 0, seed: 11, tickIntervalMs: 50, ...simOpts });
  const dataDir = tempDir('gh-core-');
  const core = await createCore({
    dataDir,
    shell: 'web',
    version: '0.0.0-test',
    discovery: { home: dataDir, standardRoots: false },
    runtime: { broker: { probeIntervalMs: 60_000, backoffInitialMs: 100, backoffMaxMs: 500 }, ...(coreOpts.risk ? { risk: coreOpts.risk } : {}) },
  });
  const { call, fail } = contractClient(core);
  await attachProfile(call, dataDir, sim.port, 'Attach test');
  await call('gateway.start');
  await until(() => core.hub.get('status')?.level === 'connected' && settled(runtimeOf(core)?.broker.orders.snapshot()), { what: 'core connected', timeout: 15_000 });
  await until(() => !!core.hub.get('account')?.summary['NetLiquidation'], { what: 'account data', timeout: 10_000 });
  return {
    core,
    sim,
    dataDir,
    call,
    fail,
    latest: (stream) => core.hub.get(stream),
    async close() {
      await core.dispose({ stopGateway: false });
      await sim.close();
    },
  };
}

/**
 * Saves and activates a profile that attaches to a Gateway already listening on `port` (no IBC, nothing to
 * launch): the setup every full-core test starts from.
 */
export async function attachProfile(call: ReturnType<typeof contractClient>['call'], dataDir: string, port: number, name: string): Promise<void> {
  await call('settings.saveProfile', {
    profile: {
      name,
      mode: 'paper',
      installPath: path.join(dataDir, 'Jts', 'ibgateway', '1030'),
      settingsPath: path.join(dataDir, 'Jts'),
      ibcPath: null,
      product: 'gateway',
      apiPort: port,
      clientId: 7,
      trustedIps: ['127.0.0.1'],
      account: 'DU1234567',
    },
    activate: true,
  });
}

/**
 * The order book after a connect: reconciled, or told by a read-only Gateway that its orders cannot be read
 * (it answers reqAllOpenOrders with 321 and never an End, so "reconciled" would never come).
 */
export function settled(book: { reconciled: boolean; unreadable?: string } | undefined): boolean {
  return !!book && (book.reconciled || book.unreadable !== undefined);
}
