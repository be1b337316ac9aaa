/**
 * The firewall as the product runs it: the simulated Gateway over TCP, Gatehouse's own broker
 * connection and trading desk, the real risk gate on a temp dir, and the firewall's port in between.
 */
import { ApiFirewall, type FirewallOptions } from '../../../electron/core/firewall/firewall.ts';
import { brokerPrepare } from '../../../electron/core/firewall/prepare.ts';
import { gateRisk } from '../../../electron/core/firewall/risk.ts';
import { RiskGate } from '../../../electron/core/risk/gate.ts';
import { TradingDesk } from '../../../electron/core/trading.ts';
import type { SimulatorOptions } from '../../../electron/simulator/server.ts';
import { brokerHarness, type Harness } from '../../support/broker-harness.ts';
import { RecordingClient } from '../simulator/ib-client.ts';
import { tempDir } from '../../support/temp-dir.ts';

export interface FirewallHarness extends Harness {
  gate: RiskGate;
  desk: TradingDesk;
  firewall: ApiFirewall;
  riskDir: string;
  /** Starts a new firewall on the same port over a fresh gate on the same folder ("Gatehouse restarted"). */
  restart(): Promise<void>;
  /** A real @stoqey/ib client through the firewall. */
  client(clientId: number): Promise<RecordingClient>;
  /** A real @stoqey/ib client straight to the simulated Gateway. */
  direct(clientId: number): Promise<RecordingClient>;
  killSwitch(): Promise<void>;
}

export async function firewallHarness(
  sv: number,
  simOpts: SimulatorOptions = {},
  fwOpts: Partial<FirewallOptions> = {},
): Promise<FirewallHarness> {
  const h = await brokerHarness({ maxServerVersion: sv, ...simOpts });
  const riskDir = tempDir('gh-fw-risk-');
  const clients: RecordingClient[] = [];
  let gate = new RiskGate({ dir: riskDir });
  let desk = new TradingDesk({ broker: h.broker, gate, mode: 'paper', log: () => undefined, onRiskAlert: () => undefined });
  let firewall: ApiFirewall;

  const build = (port: number) => {
    const risk = gateRisk({
      gate,
      snapshot: () => h.broker.account.snapshot(),
      market: () => desk.market(),
      prepare: brokerPrepare(h.broker),
      resolve: (query) => h.broker.contracts.resolve(query),
      carryOut: async (actions) => {
        if (actions.some((a) => a.kind === 'cancel-all-orders')) h.broker.orders.cancelAll();
      },
    });
    return new ApiFirewall({
      port,
      upstream: { host: '127.0.0.1', port: h.sim.port },
      risk,
      limits: () => gate.limits,
      ...fwOpts,
    });
  };
  firewall = build(0);
  await firewall.listen();

  const self: FirewallHarness = {
    ...h,
    get gate() {
      return gate;
    },
    get desk() {
      return desk;
    },
    get firewall() {
      return firewall;
    },
    riskDir,
    async restart() {
      const port = firewall.port;
      await firewall.close();
      desk.dispose();
      gate = new RiskGate({ dir: riskDir });
      desk = new TradingDesk({ broker: h.broker, gate, mode: 'paper', log: () => undefined, onRiskAlert: () => undefined });
      firewall = build(port);
      await firewall.listen();
    },
    async client(clientId) {
      const c = await RecordingClient.connect(firewall.port, clientId);
      clients.push(c);
      return c;
    },
    async direct(clientId) {
      const c = await RecordingClient.connect(h.sim.port, clientId);
      clients.push(c);
      return c;
    },
    async killSwitch() {
      firewall.onKillSwitch();
      await desk.setKillSwitch(true, 'test');
    },
    async close() {
      for (const c of clients) c.close();
      await firewall.close();
      desk.dispose();
      await h.close();
    },
  };
  return self;
}
