/**
 * The books after a Gateway stop/start: what core shows must come from the new session's download, and
 * every fill of the new session must reach Fills. A stop/start here is what a trader does: the simulator
 * process goes away and a fresh one (its own engine, nothing remembered) listens on the same port.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../electron/simulator/server.ts';
import { brokerHarness, ticket, type Harness } from '../../support/broker-harness.ts';
import { until } from '../../support/until.ts';

let h: Harness | null = null;
let second: SimulatorHandle | null = null;
afterEach(async () => {
  await h?.close();
  await second?.close();
  h = null;
  second = null;
});

/** Stops the Gateway and starts a fresh one on the same port; resolves once core has reconciled with it. */
async function stopStart(harness: Harness, execIdStamp?: number): Promise<SimulatorHandle> {
  const port = harness.sim.port;
  let lost = false;
  harness.broker.on('lost', () => (lost = true));
  await harness.sim.close();
  await until(() => lost, { what: 'core notices the Gateway went away' });
  const sim = await startSimulator({ port, seed: 7, tickIntervalMs: 0, ...(execIdStamp ? { execIdStamp } : {}) });
  await until(() => harness.broker.orders.reconciled && harness.broker.account.snapshot()?.stale === false, { what: 'reconnected' });
  return sim;
}

describe('books after a Gateway stop/start', () => {
  it('drops a position the new session does not report (no ghost AAPL 5 next to gross position value 0)', async () => {
    h = await brokerHarness();
    const id = h.broker.orders.place(ticket({ symbol: 'AAPL', side: 'BUY', quantity: '5', type: 'MKT' }), null);
    await h.broker.orders.waitFor(id, (o) => o.status === 'Filled');
    await until(() => h!.broker.account.snapshot()!.positions.some((p) => p.symbol === 'AAPL' && p.quantity === '5'), { what: 'AAPL 5' });

    second = await stopStart(h);
    // The new session's download: summary with gross position value 0 and no positions.
    await until(() => h!.broker.account.snapshot()!.summary['GrossPositionValue'] === '0', { what: 'new summary' });
    await until(() => h!.broker.account.snapshot()!.positions.length === 0, { what: 'positions rebuilt from the new session', timeout: 3000 });
    expect(h.broker.account.snapshot()!.positions).toEqual([]);
  });

  it('keeps a position the new session reports, with the new session’s figures', async () => {
    h = await brokerHarness({ positions: [{ symbol: 'MSFT', quantity: 50, avgCost: 400 }] });
    await until(() => h!.broker.account.snapshot()!.positions.some((p) => p.symbol === 'MSFT'), { what: 'MSFT' });
    const port = h.sim.port;
    await h.sim.close();
    await until(() => h!.broker.account.snapshot()!.stale, { what: 'stale' });
    second = await startSimulator({ port, seed: 7, tickIntervalMs: 0, positions: [{ symbol: 'MSFT', quantity: 20, avgCost: 410 }] });
    await until(() => h!.broker.account.snapshot()?.positions.some((p) => p.symbol === 'MSFT' && p.quantity === '20') === true, { what: 'MSFT 20' });
    const msft = h.broker.account.snapshot()!.positions.find((p) => p.symbol === 'MSFT')!;
    expect(msft.avgCost).toBe('410');
  });

  it('records the first fill of the new session (its execution id is not a reused one)', async () => {
    h = await brokerHarness();
    const first = h.broker.orders.place(ticket({ symbol: 'AAPL', side: 'BUY', quantity: '5', type: 'MKT' }), null);
    await h.broker.orders.waitFor(first, (o) => o.status === 'Filled');
    await until(() => h!.broker.orders.snapshot().fills.some((f) => f.orderId === first), { what: 'first fill' });

    second = await stopStart(h);
    const id = h.broker.orders.place(ticket({ symbol: 'MSFT', side: 'BUY', quantity: '3', type: 'MKT' }), null);
    await h.broker.orders.waitFor(id, (o) => o.status === 'Filled');
    await until(() => h!.broker.orders.snapshot().fills.some((f) => f.orderId === id), { what: 'the new fill reaches Fills', timeout: 3000 });
    const fill = h.broker.orders.snapshot().fills.find((f) => f.orderId === id)!;
    expect(fill).toMatchObject({ symbol: 'MSFT', side: 'BUY', shares: '3' });
    expect(second.book().fills[0]!.execId).toBe(fill.execId);
    expect(fill.execId).toMatch(/^[0-9a-f]{8}\.[0-9a-f]{8}\.[0-9a-f]{2}\.01$/);
  });

  it('keeps a fill whose execution id it saw before for another order (a Gateway that reuses ids)', async () => {
    h = await brokerHarness({ execIdStamp: 0x6578a3b2 });
    const first = h.broker.orders.place(ticket({ symbol: 'AAPL', side: 'BUY', quantity: '5', type: 'MKT' }), null);
    await until(() => h!.broker.orders.snapshot().fills.some((f) => f.orderId === first), { what: 'first fill' });
    second = await stopStart(h, 0x6578a3b2);
    const id = h.broker.orders.place(ticket({ symbol: 'MSFT', side: 'BUY', quantity: '3', type: 'MKT' }), null);
    await h.broker.orders.waitFor(id, (o) => o.status === 'Filled');
    await until(() => h!.broker.orders.snapshot().fills.some((f) => f.orderId === id && f.commission !== null), { what: 'the new fill, with its commission', timeout: 3000 });
    const fills = h.broker.orders.snapshot().fills;
    expect(fills.map((f) => f.execId)).toEqual([second.book().fills[0]!.execId, h.sim.book().fills[0]!.execId]);
    expect(fills.find((f) => f.orderId === first)!.symbol).toBe('AAPL');
  });
});
