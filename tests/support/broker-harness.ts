import { rmSync } from 'node:fs';
import { Broker, type BrokerOptions } from '../../electron/core/broker/broker.ts';
import type { ParsedTicket } from '../../electron/core/contract.ts';
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../electron/simulator/server.ts';
import { until } from './until.ts';
import { tempDir } from './temp-dir.ts';

export interface Harness {
  sim: SimulatorHandle;
  broker: Broker;
  dataDir: string;
  close(): Promise<void>;
}

export async function brokerHarness(
  simOpts: SimulatorOptions = {},
  brokerOpts: Partial<BrokerOptions> = {},
): Promise<Harness> {
  const sim = await startSimulator({ port: 0, seed: 7, tickIntervalMs: 0, ...simOpts });
  const ownDir = brokerOpts.dataDir === undefined;
  const dataDir = brokerOpts.dataDir ?? tempDir('gh-broker-');
  const broker = new Broker({
    port: sim.port,
    clientId: 1,
    dataDir,
    profileKey: 'test',
    backoffInitialMs: 100,
    backoffMaxMs: 500,
    connectTimeoutMs: 3000,
    probeIntervalMs: 60_000,
    ...brokerOpts,
  });
  broker.start();
  // Settled either way: reconciled, or told by a read-only Gateway that its orders cannot be read.
  await until(() => (broker.orders.reconciled || broker.orders.snapshot().unreadable !== undefined) && broker.account.snapshot() !== null, { what: 'broker ready' });
  return {
    sim,
    broker,
    dataDir,
    async close() {
      broker.stop();
      await sim.close();
      // The temp folder it made goes too: three time-zone runs of the suite must not fill /tmp.
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function ticket(t: Partial<ParsedTicket> & Pick<ParsedTicket, 'symbol' | 'side' | 'quantity' | 'type'>): ParsedTicket {
  return { secType: 'STK', exchange: 'SMART', currency: 'USD', tif: 'DAY', outsideRth: false, confirmed: false, ...t };
}
