/**
 * Gatehouse's own future filling after core restarted (issue 17): the order was placed by the core before
 * the restart, so the new core holds no reservation for it and knows the instrument only from the execution.
 * IB's execution message carries the whole contract (nautilus_ibapi ibapi/decoder.py processExecutionDataMsg:
 * conId, symbol, secType, lastTradeDateOrContractMonth, multiplier, exchange, currency, localSymbol), so the
 * fill is the future and month it was: not a stock "ES", which the risk gate counted as settling shares of a
 * stock nobody holds while the ES month's own count missed it.
 */
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/app.ts';
import { runtimeOf } from '../../../electron/core/testing.ts';
import { startSimulator, type SimulatorHandle } from '../../../electron/simulator/server.ts';
import { esChain } from '../../../electron/simulator/universe.ts';
import { contractClient } from '../../support/contract-client.ts';
import { attachProfile } from '../../support/core-harness.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { until } from '../../support/until.ts';

let sim: SimulatorHandle | null = null;
const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.dispose({ stopGateway: false });
  await sim?.close();
  sim = null;
});

async function start(dataDir: string, first: boolean) {
  const core = await createCore({
    dataDir,
    shell: 'web',
    version: '0.0.0-test',
    discovery: { home: dataDir, standardRoots: false },
    runtime: { broker: { probeIntervalMs: 60_000, backoffInitialMs: 100, backoffMaxMs: 500 } },
  });
  cores.push(core);
  const client = contractClient(core);
  if (first) await attachProfile(client.call, dataDir, sim!.port, 'Restart test');
  await client.call('gateway.start');
  await until(() => core.hub.get('status')?.level === 'connected' && !!runtimeOf(core)?.broker.orders.reconciled, { what: 'core connected', timeout: 15_000 });
  return { core, ...client };
}

it('a fill of an ES month placed before a core restart is that future and month, in the fills and in the risk gate', async () => {
  sim = await startSimulator({ port: 0, seed: 11, tickIntervalMs: 0 });
  const dataDir = tempDir('gh-core-');
  const march = esChain(Date.now())[1]!;
  const first = await start(dataDir, true);
  const limits = (await first.call('risk.get')).limits;
  await first.call('risk.setLimits', { ...limits, maxOrderNotional: '1000000' });
  // A limit below the market: it works at the Gateway through the restart.
  const { orderId } = await first.call('orders.place', { symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: march.lastTradeDate, side: 'BUY', quantity: '1', type: 'LMT', limitPrice: '5000' });
  await until(() => sim!.book().orders.some((o) => o.orderId === orderId && o.status === 'Submitted'), { what: 'the ES order working' });
  await first.core.dispose({ stopGateway: false });
  cores.splice(0);

  const second = await start(path.resolve(dataDir), false);
  await until(() => second.core.hub.get('orders')?.open.some((o) => o.orderId === orderId) ?? false, { what: 'the order seen again after the restart' });
  sim.setPrice(march.localSymbol, 4999);
  await until(() => second.core.hub.get('orders')?.fills.some((f) => f.orderId === orderId) ?? false, { what: 'the fill after the restart', timeout: 15_000 });
  const fill = second.core.hub.get('orders')!.fills.find((f) => f.orderId === orderId)!;
  expect(fill).toMatchObject({ symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: march.lastTradeDate, localSymbol: march.localSymbol });

  // The gate's settling fill is that month, not a stock: what the next order's limits count it as.
  const gate = runtimeOf(second.core)!.gate;
  const settling = gate.context({ openOrders: [], mode: 'paper', lastPrice: () => null } as never).openOrders.filter((o) => o.orderId === -1);
  expect(settling).toEqual([expect.objectContaining({ symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: march.lastTradeDate })]);
});
