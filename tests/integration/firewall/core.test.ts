/**
 * The firewall as the app runs it: the active profile's runtime opens the API port once its Gateway is
 * up, the contract lists the connected programs and disconnects one, and the app's own kill switch
 * cancels an API client's order through Gatehouse's own connection (global cancel).
 */
import { afterEach, expect, it } from 'vitest';
import { OrderAction, OrderType, SecType } from '@stoqey/ib';
import { createCore, type Core } from '../../../electron/core/app.ts';
import { firewallPort } from '../../../electron/core/runtime.ts';
import { startSimulator, type SimulatorHandle } from '../../../electron/simulator/server.ts';
import { contractClient } from '../../support/contract-client.ts';
import { RecordingClient } from '../simulator/ib-client.ts';
import { runtimeOf } from '../../../electron/core/testing.ts';
import { attachProfile } from '../../support/core-harness.ts';
import { until } from '../../support/until.ts';
import { tempDir } from '../../support/temp-dir.ts';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function app(): Promise<{ core: Core; sim: SimulatorHandle; call: ReturnType<typeof contractClient>['call']; fail: ReturnType<typeof contractClient>['fail'] }> {
  const sim = await startSimulator({ port: 0, seed: 5, tickIntervalMs: 0 });
  sim.setPrice('AMZN', 200);
  const dataDir = tempDir('gh-fw-core-');
  const core = await createCore({
    dataDir,
    shell: 'web',
    version: '0.0.0-test',
    discovery: { home: dataDir, standardRoots: false },
    runtime: { broker: { probeIntervalMs: 60_000, backoffInitialMs: 100, backoffMaxMs: 500 }, firewall: { port: 0 } },
  });
  cleanup.push(async () => {
    await core.dispose({ stopGateway: false });
    await sim.close();
  });
  const { call, fail } = contractClient(core);
  await attachProfile(call, dataDir, sim.port, 'Firewall test');
  await call('gateway.start');
  await until(() => core.hub.get('status')?.level === 'connected' && !!runtimeOf(core)?.broker.orders.reconciled, { what: 'core connected', timeout: 15_000 });
  await until(() => core.hub.get('apiClients')?.listening === true, { what: 'API port open' });
  return { core, sim, call, fail };
}

it('defaults the API port to the Gateway port + 10', () => {
  expect(firewallPort({ apiPort: 4002 })).toBe(4012);
  expect(firewallPort({ apiPort: 4001 })).toBe(4011);
});

it('lists a connected program, refuses its oversized order with 201, disconnects it on request', async () => {
  const { core, sim, call, fail } = await app();
  const view = await call('firewall.clients');
  expect(view).toMatchObject({ host: '127.0.0.1', listening: true, gatehouseClientId: 7, clients: [] });
  const c = await RecordingClient.connect(view.port as number, 21);
  cleanup.push(async () => c.close());
  await until(() => core.hub.get('apiClients')?.clients[0]?.clientId === 21, { what: 'client listed' });
  expect(core.hub.get('apiClients')?.clients[0]).toMatchObject({ clientId: 21, address: '127.0.0.1', serverVersion: 193, ordersSent: 0 });

  c.ib.placeOrder(1, { symbol: 'AMZN', secType: SecType.STK, exchange: 'SMART', currency: 'USD' }, { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 190, totalQuantity: 2000 });
  expect((await c.error(201, 1)).message).toMatch(/^Order rejected - reason:.*max order size/);
  expect(sim.book().orders).toEqual([]);
  await until(() => core.hub.get('apiClients')?.clients[0]?.ordersRefused === 1, { what: 'refusal counted' });
  expect(core.hub.get('apiClients')?.clients[0]?.lastRefusal?.reason).toMatch(/max order size/);
  const audit = await call('risk.audit');
  expect(audit.find((e) => e.verdict === 'refused')?.order).toMatchObject({ apiClient: { clientId: 21, address: '127.0.0.1', orderId: 1 } });

  const id = core.hub.get('apiClients')?.clients[0]?.id as number;
  await call('firewall.disconnect', { id });
  await c.until(() => !c.ib.isConnected, { what: 'disconnected' });
  await until(() => core.hub.get('apiClients')?.clients.length === 0, { what: 'list empty' });
  expect((await fail('firewall.disconnect', { id })).code).toBe('NOT_FOUND');
});

it("the app's kill switch cancels an API client's working order and refuses its next one", async () => {
  const { sim, call } = await app();
  const view = await call('firewall.clients');
  const c = await RecordingClient.connect(view.port as number, 22);
  cleanup.push(async () => c.close());
  const amzn = { symbol: 'AMZN', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
  c.ib.placeOrder(1, amzn, { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 190, totalQuantity: 5 });
  await c.next('orderStatus', (a) => a[0] === 1 && a[1] === 'Submitted');
  await call('risk.killSwitch', { active: true, reason: 'enough for today' });
  await c.next('orderStatus', (a) => a[0] === 1 && a[1] === 'Cancelled');
  c.ib.placeOrder(2, amzn, { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 190, totalQuantity: 1 });
  expect((await c.error(201, 2)).message).toMatch(/kill switch/i);
  expect(sim.book().orders.map((o) => [o.clientId, o.orderId, o.status])).toEqual([[22, 1, 'Cancelled']]);
});
