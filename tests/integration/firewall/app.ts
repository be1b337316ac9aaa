/**
 * The firewall as the app runs it: core (createCore) on a temp data folder, attached to an in-process
 * simulated Gateway over TCP, with the API port on any free port. `restart()` disposes core and creates it
 * again on the same data folder while the Gateway (and its API clients' orders) keep running.
 */
import { createCore, type Core } from '../../../electron/core/app.ts';
import { runtimeOf } from '../../../electron/core/testing.ts';
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../../electron/simulator/server.ts';
import { contractClient } from '../../support/contract-client.ts';
import { attachProfile } from '../../support/core-harness.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { RecordingClient } from '../simulator/ib-client.ts';
import { until } from '../../support/until.ts';

export interface FirewallApp {
  sim: SimulatorHandle;
  dataDir: string;
  core(): Core;
  call: ReturnType<typeof contractClient>['call'];
  fail: ReturnType<typeof contractClient>['fail'];
  /** A real @stoqey/ib client on Gatehouse's API port. */
  client(clientId: number): Promise<RecordingClient>;
  /** Gatehouse restarted: core disposed (the Gateway left running) and created again on the same folder. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

async function startCore(dataDir: string): Promise<Core> {
  return createCore({
    dataDir,
    shell: 'web',
    version: '0.0.0-test',
    discovery: { home: dataDir, standardRoots: false },
    runtime: { broker: { probeIntervalMs: 60_000, backoffInitialMs: 100, backoffMaxMs: 500 }, firewall: { port: 0 } },
  });
}

async function ready(core: Core): Promise<void> {
  await until(() => core.hub.get('status')?.level === 'connected' && !!runtimeOf(core)?.broker.orders.reconciled, { what: 'core connected', timeout: 15_000 });
  await until(() => core.hub.get('apiClients')?.listening === true, { what: 'API port open' });
}

export async function firewallApp(simOpts: SimulatorOptions = {}): Promise<FirewallApp> {
  const sim = await startSimulator({ port: 0, seed: 5, tickIntervalMs: 0, ...simOpts });
  const dataDir = tempDir('gh-fw-app-');
  let core = await startCore(dataDir);
  let api = contractClient(core);
  const clients: RecordingClient[] = [];
  await attachProfile(api.call, dataDir, sim.port, 'Firewall test');
  await api.call('gateway.start');
  await ready(core);
  return {
    sim,
    dataDir,
    core: () => core,
    call: ((command, input) => api.call(command, input)) as FirewallApp['call'],
    fail: (command, input) => api.fail(command, input),
    async client(clientId) {
      const c = await RecordingClient.connect(core.hub.get('apiClients')?.port as number, clientId);
      clients.push(c);
      return c;
    },
    async restart() {
      await core.dispose({ stopGateway: false });
      core = await startCore(dataDir);
      api = contractClient(core);
      // The Gateway is still up: starting attaches to it (this profile does not start with Gatehouse).
      await api.call('gateway.start');
      await ready(core);
    },
    async close() {
      for (const c of clients) c.close();
      await core.dispose({ stopGateway: false });
      await sim.close();
    },
  };
}
