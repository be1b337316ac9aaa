/**
 * Issue 13's "done when": after a reconnect, a Gateway stop/start and a crash in the middle of a fill, core
 * and an independent @stoqey/ib client agree with the simulated Gateway's own book, field by field:
 * positions, fills, P&L and open orders. All over real TCP.
 *
 * A stop/start or crash here restarts the Gateway with the account IB holds (the positions survive at IB),
 * the way a real one comes back; the new session reports only its own executions.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Contract, Execution, Order, OrderState } from '@stoqey/ib';
import type { Broker } from '../../../electron/core/broker/broker.ts';
import { startSimulator, type SimulatorHandle } from '../../../electron/simulator/server.ts';
import { RecordingClient } from '../simulator/ib-client.ts';
import { brokerHarness, ticket, type Harness } from '../../support/broker-harness.ts';
import { until } from '../../support/until.ts';

const ACCOUNT = 'DU1234567';
let h: Harness | null = null;
const extra: SimulatorHandle[] = [];
const clients: RecordingClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await h?.close();
  for (const s of extra.splice(0)) await s.close();
  h = null;
});

const money = (n: number) => (Math.round(n * 100) / 100).toFixed(2);

/** What the simulator holds, in the shape everyone is compared in. */
function truth(sim: SimulatorHandle) {
  const book = sim.book();
  const values = sim.state().accounts[ACCOUNT]!;
  return {
    positions: book.positions.map((p) => ({ symbol: p.symbol, quantity: p.quantity, avgCost: p.avgCost })).sort(bySymbol),
    fills: book.fills.map((f) => ({ execId: f.execId, orderId: f.orderId, symbol: f.symbol, side: f.side === 'BOT' ? 'BUY' : 'SELL', shares: f.shares, price: f.price, commission: f.commission })).sort(byExec),
    pnl: { realized: money(values.realizedPnl), unrealized: money(values.unrealizedPnl), daily: money(values.dailyPnl) },
    open: book.orders
      .filter((o) => o.status === 'Submitted' || o.status === 'PreSubmitted')
      .map((o) => ({ orderId: o.orderId, symbol: o.symbol, side: o.action, quantity: o.quantity, type: o.orderType, limitPrice: o.lmtPrice, status: o.status }))
      .sort(byOrder),
  };
}

const bySymbol = (a: { symbol: string }, b: { symbol: string }) => a.symbol.localeCompare(b.symbol);
const byExec = (a: { execId: string }, b: { execId: string }) => a.execId.localeCompare(b.execId);
const byOrder = (a: { orderId: number }, b: { orderId: number }) => a.orderId - b.orderId;

function coreView(broker: Broker, sessionFills: ReadonlySet<string>) {
  const snap = broker.account.snapshot()!;
  const orders = broker.orders.snapshot();
  return {
    positions: snap.positions.map((p) => ({ symbol: p.symbol, quantity: Number(p.quantity), avgCost: Number(p.avgCost) })).sort(bySymbol),
    fills: orders.fills
      .filter((f) => sessionFills.has(f.execId))
      .map((f) => ({ execId: f.execId, orderId: f.orderId, symbol: f.symbol, side: f.side, shares: Number(f.shares), price: Number(f.price), commission: f.commission === null ? null : Number(f.commission) }))
      .sort(byExec),
    pnl: { realized: snap.pnl.realized === null ? null : money(Number(snap.pnl.realized)), unrealized: snap.pnl.unrealized === null ? null : money(Number(snap.pnl.unrealized)), daily: snap.pnl.daily === null ? null : money(Number(snap.pnl.daily)) },
    open: orders.open
      .map((o) => ({ orderId: o.orderId, symbol: o.symbol, side: o.side, quantity: Number(o.quantity), type: o.type, limitPrice: o.limitPrice === null ? null : Number(o.limitPrice), status: o.status }))
      .sort(byOrder),
  };
}

/** A client nobody here wrote the books of: @stoqey/ib's own requests, decoded by its own decoder. */
async function clientView(port: number) {
  const c = await RecordingClient.connect(port, 0);
  clients.push(c);
  c.ib.reqPositions();
  await c.next('positionEnd');
  c.ib.reqAllOpenOrders();
  await c.next('openOrderEnd');
  c.ib.reqExecutions(5, {});
  await c.next('execDetailsEnd');
  c.ib.reqPnL(6, ACCOUNT, '');
  const [, daily, unrealized, realized] = (await c.next('pnl')) as [number, number, number, number];
  const commissions = new Map(c.all('commissionReport').map((a) => [(a[0] as { execId: string }).execId, (a[0] as { commission: number }).commission]));
  const view = {
    positions: c
      .all('position')
      .map((a) => ({ symbol: (a[1] as Contract).localSymbol ?? '', quantity: Number(a[2]), avgCost: Number(a[3]) }))
      .filter((p) => p.quantity !== 0)
      .sort(bySymbol),
    fills: c
      .all('execDetails', (a) => a[0] === 5)
      .map((a) => {
        const e = a[2] as Execution;
        return { execId: e.execId!, orderId: e.orderId!, symbol: (a[1] as Contract).symbol!, side: e.side === 'BOT' ? 'BUY' : 'SELL', shares: Number(e.shares), price: e.price!, commission: commissions.get(e.execId!) ?? null };
      })
      .sort(byExec),
    pnl: { realized: money(realized), unrealized: money(unrealized), daily: money(daily) },
    open: c
      .all('openOrder')
      .map((a) => {
        const o = a[2] as Order;
        return { orderId: a[0] as number, symbol: (a[1] as Contract).symbol!, side: String(o.action), quantity: Number(o.totalQuantity), type: String(o.orderType), limitPrice: o.orderType === 'LMT' ? o.lmtPrice! : null, status: String((a[3] as OrderState).status) };
      })
      .sort(byOrder),
  };
  expect(c.decodeErrors()).toEqual([]);
  c.close();
  return view;
}

async function expectAgreement(sim: SimulatorHandle, broker: Broker, label: string): Promise<ReturnType<typeof truth>> {
  const sessionFills = new Set(sim.book().fills.map((f) => f.execId));
  const want = truth(sim);
  // Core's books follow the Gateway's messages: wait until they have caught up, then compare every field.
  await until(() => JSON.stringify(coreView(broker, sessionFills)) === JSON.stringify(want), { what: `${label}: core agrees`, timeout: 8000 }).catch(() => undefined);
  expect(coreView(broker, sessionFills), `${label}: core`).toEqual(want);
  expect(await clientView(sim.port), `${label}: @stoqey/ib client`).toEqual(want);
  return want;
}

async function restart(harness: Harness, old: SimulatorHandle, midFill: boolean): Promise<SimulatorHandle> {
  const port = old.port;
  const held = old.book().positions;
  await old.close();
  await until(() => harness.broker.account.snapshot()!.stale, { what: `${midFill ? 'crash' : 'stop'}: core notices` });
  const sim = await startSimulator({
    port,
    seed: 7,
    tickIntervalMs: 0,
    positions: held.map((p) => ({ symbol: p.symbol, quantity: p.quantity, avgCost: p.avgCost })),
  });
  extra.push(sim);
  await until(() => harness.broker.orders.reconciled && harness.broker.account.snapshot()?.stale === false, { what: 'reconnected' });
  return sim;
}

describe('core and an @stoqey/ib client agree with the simulator’s book', () => {
  it('after a reconnect, a stop/start and a crash in the middle of a fill', async () => {
    h = await brokerHarness({ positions: [{ symbol: 'MSFT', quantity: 50, avgCost: 400 }] });
    const { broker } = h;
    h.sim.setPrice('AAPL', 228.64);
    const buy = broker.orders.place(ticket({ symbol: 'AAPL', side: 'BUY', quantity: '100', type: 'MKT' }), null);
    await broker.orders.waitFor(buy, (o) => o.status === 'Filled');
    const sell = broker.orders.place(ticket({ symbol: 'MSFT', side: 'SELL', quantity: '20', type: 'MKT' }), null);
    await broker.orders.waitFor(sell, (o) => o.status === 'Filled');
    const resting = broker.orders.place(ticket({ symbol: 'MSFT', side: 'BUY', quantity: '10', type: 'LMT', limitPrice: '1.00', tif: 'GTC' }), null);
    await broker.orders.waitFor(resting, (o) => o.status === 'Submitted');
    const first = await expectAgreement(h.sim, broker, 'first session');
    expect([first.positions.length, first.fills.length, first.open.length]).toEqual([2, 2, 1]);
    expect(first.pnl.realized).not.toBe('0.00');

    // Reconnect: every socket dropped, the same Gateway (and book) behind it.
    h.sim.fault({ kind: 'dropSockets' });
    await until(() => !broker.orders.reconciled, { what: 'core notices the drop' });
    await until(() => broker.orders.reconciled && broker.account.snapshot()?.stale === false, { what: 'reconnected' });
    await expectAgreement(h.sim, broker, 'after reconnect');

    // Stop/start: a new Gateway with the account IB holds; the resting order did not survive it here.
    let sim = await restart(h, h.sim, false);
    h.sim.setPrice('AAPL', 228.28);
    sim.setPrice('AAPL', 228.28);
    const cover = broker.orders.place(ticket({ symbol: 'AAPL', side: 'SELL', quantity: '40', type: 'MKT' }), null);
    await broker.orders.waitFor(cover, (o) => o.status === 'Filled');
    const restarted = await expectAgreement(sim, broker, 'after stop/start');
    expect([restarted.positions.length, restarted.fills.length, restarted.open.length]).toEqual([2, 1, 0]);

    // Crash in the middle of a large order's fills (it fills in parts 15 ms apart).
    const big = broker.orders.place(ticket({ symbol: 'SPY', side: 'BUY', quantity: '1500', type: 'MKT' }), null);
    await until(() => sim.book().fills.some((f) => f.orderId === big), { what: 'first part filled' });
    sim = await restart(h, sim, true);
    const crashed = await expectAgreement(sim, broker, 'after a crash mid-fill');
    expect(crashed.positions.map((p) => p.symbol)).toEqual(['AAPL', 'MSFT', 'SPY']);
    expect(broker.orders.get(big)?.status).not.toBe('Submitted');
  });
});
