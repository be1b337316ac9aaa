import { EventName } from '@stoqey/ib';
import { afterEach, describe, expect, it } from 'vitest';
import { brokerHarness, ticket, type Harness } from '../../support/broker-harness.ts';
import { until } from '../../support/until.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const isOpen = (s: string) => s === 'Submitted' || s === 'PreSubmitted';

describe('broker session against the simulated Gateway', () => {
  it('shows the simulated balances, positions and P&L as one account snapshot', async () => {
    h = await brokerHarness({ positions: [{ symbol: 'MSFT', quantity: 50, avgCost: 400 }] });
    await until(() => (h!.broker.account.snapshot()?.positions.length ?? 0) > 0, { what: 'positions' });
    const snap = h.broker.account.snapshot()!;
    expect(snap.account).toBe('DU1234567');
    expect(snap.currency).toBe('USD');
    expect(Number(snap.summary['NetLiquidation'])).toBeGreaterThan(0);
    for (const tag of ['TotalCashValue', 'BuyingPower', 'AvailableFunds', 'ExcessLiquidity', 'GrossPositionValue']) {
      expect(snap.summary[tag], tag).toMatch(/^-?\d+(\.\d+)?$/);
    }
    const msft = snap.positions.find((p) => p.symbol === 'MSFT')!;
    expect(msft.quantity).toBe('50');
    expect(msft.avgCost).toBe('400');
    expect(snap.pnl.daily).not.toBeNull();
    expect(snap.stale).toBe(false);
    expect(h.broker.session.state.farms).toMatchObject({ usfarm: 'ok' });
    expect(h.broker.session.state.serverVersion).toBe(193);
  });

  it('places a market order that fills, with an execution and its commission', async () => {
    h = await brokerHarness();
    const { broker, sim } = h;
    const id = broker.orders.place(ticket({ symbol: 'AAPL', side: 'BUY', quantity: '100', type: 'MKT' }), null);
    const done = await broker.orders.waitFor(id, (o) => o.status === 'Filled');
    expect(done.filled).toBe('100');
    expect(done.remaining).toBe('0');
    await until(() => broker.orders.snapshot().fills.some((f) => f.orderId === id && f.commission !== null), { what: 'commission' });
    const fill = broker.orders.snapshot().fills.find((f) => f.orderId === id)!;
    expect(fill.side).toBe('BUY');
    expect(Number(fill.commission)).toBeCloseTo(1, 5); // 100 × $0.005 = $0.50 → $1 minimum
    await until(() => broker.account.snapshot()!.positions.some((p) => p.symbol === 'AAPL'), { what: 'AAPL position' });
    expect(sim.book().orders.find((o) => o.orderId === id)?.status).toBe('Filled');
  });

  it('fills a large market order in parts and reports each part', async () => {
    h = await brokerHarness();
    const id = h.broker.orders.place(ticket({ symbol: 'SPY', side: 'BUY', quantity: '1500', type: 'MKT' }), null);
    await h.broker.orders.waitFor(id, (o) => o.status === 'Filled');
    await until(() => h!.broker.orders.snapshot().fills.filter((f) => f.orderId === id).length > 1, { what: 'partial fills' });
    const parts = h.broker.orders.snapshot().fills.filter((f) => f.orderId === id);
    expect(parts.reduce((n, f) => n + Number(f.shares), 0)).toBe(1500);
  });

  it.each([
    ['LMT', { limitPrice: '1.00' }],
    ['STP', { stopPrice: '9999.00' }],
    ['STP LMT', { stopPrice: '9999.00', limitPrice: '10000.00' }],
    ['TRAIL', { trailAmount: '5.00' }],
    ['TRAIL', { trailPercent: '2' }],
  ] as const)('places a resting %s order that stays working until cancelled', async (type, prices) => {
    h = await brokerHarness();
    const id = h.broker.orders.place(ticket({ symbol: 'AAPL', side: 'BUY', quantity: '10', type, tif: 'GTC', ...prices }), null);
    const open = await h.broker.orders.waitFor(id, (o) => isOpen(o.status));
    expect(open.type).toBe(type);
    expect(open.tif).toBe('GTC');
    h.broker.orders.cancel(id);
    const cancelled = await h.broker.orders.waitFor(id, (o) => o.status === 'Cancelled');
    expect(cancelled.status).toBe('Cancelled');
    expect(h.broker.orders.snapshot().open.some((o) => o.orderId === id)).toBe(false);
  });

  it('modifies a working order in place: same id, new price, no second order', async () => {
    h = await brokerHarness();
    const t = ticket({ symbol: 'MSFT', side: 'BUY', quantity: '10', type: 'LMT', limitPrice: '1.00' });
    const id = h.broker.orders.place(t, null);
    await h.broker.orders.waitFor(id, (o) => isOpen(o.status));
    h.broker.orders.modify(id, { ...t, limitPrice: '2.00', quantity: '20' });
    await h.broker.orders.waitFor(id, (o) => o.limitPrice === '2' && o.quantity === '20');
    const book = h.sim.book().orders.filter((o) => o.symbol === 'MSFT');
    expect(book).toHaveLength(1);
    expect(book[0]).toMatchObject({ orderId: id, lmtPrice: 2, quantity: 20 });
  });

  it('shows a Gateway rejection with its reason and marks the order inactive', async () => {
    h = await brokerHarness();
    const rejections: string[] = [];
    h.broker.on('rejected', (r) => rejections.push(r.message));
    h.sim.fault({ kind: 'rejectNextOrder', reason: 'Insufficient buying power' });
    const id = h.broker.orders.place(ticket({ symbol: 'AAPL', side: 'BUY', quantity: '10', type: 'MKT' }), null);
    const o = await h.broker.orders.waitFor(id, (v) => v.status === 'Inactive');
    expect(o.lastError).toMatch(/Insufficient buying power.*201/);
    expect(rejections.join()).toMatch(/Insufficient buying power/);
  });

  it('previews an order (what-if) with commission and margin, and never leaves a working order', async () => {
    h = await brokerHarness();
    const w = await h.broker.orders.whatIf(ticket({ symbol: 'AAPL', side: 'BUY', quantity: '100', type: 'MKT' }), null);
    expect(Number(w.commission)).toBeGreaterThan(0);
    expect(Number(w.initMarginChange)).toBeGreaterThan(0);
    expect(h.broker.orders.snapshot().open).toHaveLength(0);
    expect(h.sim.book().orders.filter((o) => !o.whatIf && o.status !== 'Inactive')).toHaveLength(0);
  });

  it('looks up contracts and explains unknown or ill-formed symbols', async () => {
    h = await brokerHarness();
    const aapl = await h.broker.contracts.lookup({ symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' });
    expect(aapl.longName).toMatch(/APPLE/i);
    await expect(h.broker.contracts.lookup({ symbol: 'AAPL.US', secType: 'STK', exchange: 'SMART', currency: 'USD' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      hint: 'Did you mean AAPL?',
    });
    await expect(h.broker.contracts.lookup({ symbol: 'ZZZZQ', secType: 'STK', exchange: 'SMART', currency: 'USD' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('cancel all cancels every working order at the Gateway', async () => {
    h = await brokerHarness();
    const ids = ['1.00', '1.01', '1.02'].map((p) => h!.broker.orders.place(ticket({ symbol: 'AAPL', side: 'BUY', quantity: '1', type: 'LMT', limitPrice: p }), null));
    for (const id of ids) await h.broker.orders.waitFor(id, (o) => isOpen(o.status));
    h.broker.orders.cancelAll();
    for (const id of ids) await h.broker.orders.waitFor(id, (o) => o.status === 'Cancelled');
    expect(h.sim.book().orders.filter((o) => o.status === 'Cancelled')).toHaveLength(3);
  });
});

describe('connection health', () => {
  it('reconnects after the socket drops mid-order, reconciles, and never sends an order twice', async () => {
    h = await brokerHarness();
    const { broker, sim } = h;
    const id = broker.orders.place(ticket({ symbol: 'AAPL', side: 'BUY', quantity: '5', type: 'LMT', limitPrice: '1.00' }), null);
    await broker.orders.waitFor(id, (o) => isOpen(o.status));
    let lost = 0;
    broker.on('lost', () => lost++);
    sim.fault({ kind: 'dropSockets' });
    await until(() => lost > 0, { what: 'socket loss' });
    expect(() => broker.orders.place(ticket({ symbol: 'AAPL', side: 'BUY', quantity: '5', type: 'MKT' }), null)).toThrow(/reconcil|Not connected/);
    await until(() => broker.orders.reconciled, { what: 'reconnect + reconcile' });
    expect(broker.orders.get(id)?.status).toMatch(/Submitted/);
    const next = broker.orders.place(ticket({ symbol: 'AAPL', side: 'BUY', quantity: '5', type: 'LMT', limitPrice: '1.00' }), null);
    expect(next).toBeGreaterThan(id);
    await broker.orders.waitFor(next, (o) => isOpen(o.status));
    const book = sim.book();
    expect(book.orders.filter((o) => o.symbol === 'AAPL')).toHaveLength(2);
    for (const o of book.orders) expect(o.submissions, `order ${o.orderId}`).toBe(1);
  });

  it('takes the next client id when the Gateway says 326 and says so', async () => {
    h = await brokerHarness();
    h.broker.stop();
    h.sim.fault({ kind: 'staleSession', clientId: 1, durationMs: 10_000 });
    h.broker.start();
    await until(() => h!.broker.orders.reconciled, { what: 'connected on another id' });
    expect(h.broker.session.state.clientId).toBe(2);
    expect(h.broker.session.state.lastError).toBeNull();
    expect(h.sim.clients().map((c) => c.clientId)).toContain(2);
  });

  it('surfaces 1100 as lost and 1102 as restored without dropping the connection', async () => {
    h = await brokerHarness();
    h.sim.fault({ kind: 'connectivityLost' });
    await until(() => h!.broker.session.state.ibLink === 'lost', { what: '1100' });
    expect(h.broker.session.connected).toBe(true);
    h.sim.fault({ kind: 'connectivityRestored' });
    await until(() => h!.broker.session.state.ibLink === 'ok', { what: '1102' });
    expect(h.broker.session.connected).toBe(true);
  });

  it('after 1101 (restored, data lost) asks again for market data, so prices keep moving', async () => {
    h = await brokerHarness({ tickIntervalMs: 20 });
    // Ticks as the socket delivers them (the broker's own 'quotes' notice is told once until the quotes are
    // read, so it does not count ticks).
    let quotes = 0;
    h.broker.session.client!.on(EventName.tickPrice, () => quotes++);
    h.broker.market.watch({ symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' });
    await until(() => quotes > 5, { what: 'ticks' });
    h.sim.fault({ kind: 'connectivityLost' });
    h.sim.fault({ kind: 'connectivityRestored', dataLost: true });
    await until(() => h!.broker.session.state.ibLink === 'ok', { what: '1101 seen' });
    // The simulator forgets the subscriptions before it sends 1101 on the same socket, and each tick is
    // counted as it is read: every tick from here on comes from a subscription asked for again.
    const after = quotes;
    await until(() => quotes > after + 5, { what: 'ticks again after 1101', timeout: 5000 });
  });

  it('notices a Gateway that goes silent with its probe and reconnects when it answers again', async () => {
    h = await brokerHarness({}, { probeIntervalMs: 200 });
    let lost = '';
    h.broker.on('lost', (why) => (lost = why));
    h.sim.fault({ kind: 'hang', durationMs: 1500 });
    await until(() => lost !== '', { what: 'probe to notice' });
    expect(lost).toMatch(/stopped answering/);
    await until(() => h!.broker.orders.reconciled, { what: 'reconnect after hang', timeout: 15_000 });
  });

  it('keeps the last account values, marked stale, while disconnected', async () => {
    h = await brokerHarness();
    const before = h.broker.account.snapshot()!;
    h.broker.stop();
    const after = h.broker.account.snapshot()!;
    expect(after.stale).toBe(true);
    expect(after.summary['NetLiquidation']).toBe(before.summary['NetLiquidation']);
  });
});
