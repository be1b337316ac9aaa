import { describe, expect, it } from 'vitest';
import type { RiskLimits } from '../../../electron/core/contract.ts';
import { AppError } from '../../../electron/core/errors.ts';
import { RiskGate } from '../../../electron/core/risk/gate.ts';
import { DAY, FRI_10AM, HOUR, limits, market, position, snapshot, tempDir, TestClock, ticket, working } from './fixtures.ts';

function makeGate(overrides: Partial<RiskLimits> = {}, dir = tempDir(), clock = new TestClock()) {
  const gate = new RiskGate({ dir, clock, limits: limits({ maxOrderNotional: null, ...overrides }) });
  return { gate, dir, clock };
}

describe('RiskGate reservations', () => {
  it('many orders evaluated before any fill cannot jointly breach a position limit', async () => {
    const { gate } = makeGate({ maxPositionQty: '100', maxOrderQty: '100' });
    const snap = snapshot();
    const decisions = await Promise.all(
      Array.from({ length: 25 }, (_, i) => gate.submit(ticket({ quantity: '7' }), snap, market(), i + 1)),
    );
    const allowed = decisions.filter((d) => d.verdict.decision === 'allow');
    expect(allowed).toHaveLength(14); // 14 * 7 = 98; a 15th would make 105
    const refused = decisions.find((d) => d.verdict.decision !== 'allow');
    expect(refused?.verdict.reasons).toEqual([
      'AAPL position could reach 105 shares (held 0, working orders 98 to buy) — above your max position of 100.',
    ]);
    expect(gate.reserved()).toHaveLength(14);
  });

  it('many orders across symbols cannot jointly breach the gross limit', async () => {
    const { gate } = makeGate({ maxGrossExposure: '10000' });
    const prices = { AAPL: '100', MSFT: '250', SPY: '500' };
    const symbols = ['AAPL', 'MSFT', 'SPY'];
    const decisions = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        gate.submit(ticket({ symbol: symbols[i % 3], quantity: '4', type: 'MKT', limitPrice: undefined }), snapshot(), market(prices), i + 1),
      ),
    );
    const total = decisions.reduce((sum, d, i) => {
      const price = Number(prices[symbols[i % 3] as keyof typeof prices]);
      return d.verdict.decision === 'allow' ? sum + 4 * price : sum;
    }, 0);
    expect(total).toBeLessThanOrEqual(10000);
    expect(total).toBeGreaterThan(10000 - 4 * 500);
  });

  it('releases a reservation on cancel and reject', async () => {
    const { gate } = makeGate({ maxPositionQty: '100' });
    expect((await gate.submit(ticket({ quantity: '60' }), snapshot(), market(), 1)).verdict.decision).toBe('allow');
    expect((await gate.submit(ticket({ quantity: '60' }), snapshot(), market(), 2)).verdict.decision).toBe('refuse');
    gate.release(1);
    expect((await gate.submit(ticket({ quantity: '60' }), snapshot(), market(), 3)).verdict.decision).toBe('allow');
  });

  it('counts broker open orders it does not know, and does not double count ones it reserved', async () => {
    const { gate } = makeGate({ maxPositionQty: '100' });
    const m = market({ AAPL: '100' }, { openOrders: [working('AAPL', 'BUY', '50', 77)] });
    expect((await gate.submit(ticket({ quantity: '51' }), snapshot(), m, 1)).verdict.decision).toBe('refuse');
    expect((await gate.submit(ticket({ quantity: '50' }), snapshot(), m, 1)).verdict.decision).toBe('allow');
    // The Gateway now lists our order 1 as well: still 100 in total, not 150.
    const both = market({ AAPL: '100' }, { openOrders: [working('AAPL', 'BUY', '50', 77), working('AAPL', 'BUY', '50', 1)] });
    expect(gate.context(both).openOrders.map((o) => o.orderId).sort()).toEqual([1, 77]);
  });

  it('a modify is evaluated without its own old reservation', async () => {
    const { gate } = makeGate({ maxPositionQty: '100' });
    expect((await gate.submit(ticket({ quantity: '80' }), snapshot(), market(), 5)).verdict.decision).toBe('allow');
    expect((await gate.submit(ticket({ quantity: '100' }), snapshot(), market(), 5)).verdict.decision).toBe('allow');
    expect(gate.reserved().map((r) => r.remaining)).toEqual([{ coef: 100n, scale: 0 }]);
    // A refused modify keeps the old order's reservation.
    expect((await gate.submit(ticket({ quantity: '101' }), snapshot(), market(), 5)).verdict.decision).toBe('refuse');
    expect(gate.reserved()).toHaveLength(1);
  });

  it('moves fills from the reservation into the position, counting them until the snapshot has them', async () => {
    const { gate, clock } = makeGate({ maxPositionQty: '100' });
    await gate.submit(ticket({ quantity: '100' }), snapshot(), market(), 1);
    gate.onFill({ execId: 'x1', orderId: 1, symbol: 'AAPL', side: 'BUY', shares: '40', time: clock.now() });
    expect(gate.reserved()[0]?.remaining).toEqual({ coef: 60n, scale: 0 });
    // The position update has not arrived yet: the 40 still count (as settling).
    expect((await gate.submit(ticket({ quantity: '1' }), snapshot(), market(), 2)).verdict.decision).toBe('refuse');
    // Snapshot with the position, taken after the settle delay: still exactly full.
    clock.advance(5_000);
    const held = snapshot({ positions: [position('AAPL', '40')], updatedAt: clock.now() });
    expect((await gate.submit(ticket({ quantity: '1' }), held, market(), 3)).verdict.decision).toBe('refuse');
    gate.release(1);
    expect((await gate.submit(ticket({ quantity: '60' }), held, market(), 4)).verdict.decision).toBe('allow');
  });

  it('a sell that reduces a long is allowed at the limit; freed room only counts once it fills', async () => {
    const { gate, clock } = makeGate({ maxPositionQty: '100' });
    const full = snapshot({ positions: [position('AAPL', '100')] });
    expect((await gate.submit(ticket({ side: 'SELL', quantity: '50' }), full, market(), 1)).verdict.decision).toBe('allow');
    expect((await gate.submit(ticket({ quantity: '10' }), full, market(), 2)).verdict.decision).toBe('refuse');
    gate.onFill({ execId: 's1', orderId: 1, symbol: 'AAPL', side: 'SELL', shares: '50', time: clock.now() });
    clock.advance(5_000);
    const half = snapshot({ positions: [position('AAPL', '50')], updatedAt: clock.now() });
    expect((await gate.submit(ticket({ quantity: '50' }), half, market(), 3)).verdict.decision).toBe('allow');
  });

  it('a sell is measured on the short side even while a fill is double counted on the long side', async () => {
    // Found by the property test: settling buys inflated the long side and hid a short growing past the limit.
    const { gate, clock } = makeGate({ maxPositionQty: '100', maxPositionNotional: '9000' });
    const prices = { SPY: '400' };
    await gate.submit(ticket({ symbol: 'SPY', quantity: '17', limitPrice: '400' }), snapshot(), market(prices), 1);
    gate.onFill({ execId: 'a', orderId: 1, symbol: 'SPY', side: 'BUY', shares: '7', time: clock.now() });
    const snap = snapshot({ positions: [position('SPY', '7', '400')] });
    const open = market(prices, { openOrders: [working('SPY', 'BUY', '10', 1)] });
    const d = await gate.submit(ticket({ symbol: 'SPY', side: 'SELL', quantity: '30', limitPrice: '400' }), snap, open, 2);
    expect(d.verdict.reasons).toEqual(['SPY position could be worth $9,200 — above your max position value of $9,000.']);
  });

  it('limits orders per minute over a sliding window', async () => {
    const { gate, clock } = makeGate({ maxOrdersPerMinute: 2 });
    expect((await gate.submit(ticket(), snapshot(), market(), 1)).verdict.decision).toBe('allow');
    clock.advance(30_000);
    expect((await gate.submit(ticket(), snapshot(), market(), 2)).verdict.decision).toBe('allow');
    const third = await gate.submit(ticket(), snapshot(), market(), 3);
    expect(third.verdict.reasons).toEqual(['2 orders in the last minute — your limit is 2 a minute. Wait a moment and try again.']);
    clock.advance(30_001);
    expect((await gate.submit(ticket(), snapshot(), market(), 4)).verdict.decision).toBe('allow');
    expect(gate.state(snapshot()).usage.ordersLastMinute).toBe(2);
  });

  it('preview neither reserves nor counts nor audits', async () => {
    const { gate } = makeGate({ maxOrdersPerMinute: 1 });
    for (let i = 0; i < 3; i++) expect(gate.preview(ticket(), snapshot(), market()).decision).toBe('allow');
    expect(gate.reserved()).toEqual([]);
    expect(await gate.audit.read()).toEqual([]);
  });
});

describe('kill switch', () => {
  const sod = snapshot({ netLiq: '100000', positions: [position('AAPL', '100'), position('TSLA', '-20', '300')] });

  it('trips on the daily loss limit, returns cancel + flatten actions, and blocks new orders', async () => {
    const { gate, clock } = makeGate({ dailyLossLimit: '2000', flattenOnKill: true });
    expect(await gate.observe(sod)).toEqual([]);
    await gate.submit(ticket(), sod, market(), 11);
    clock.advance(HOUR);
    const down = { ...sod, summary: { NetLiquidation: '97999.50' }, updatedAt: clock.now() };
    const actions = await gate.observe(down, market({ AAPL: '100' }, { openOrders: [working('MSFT', 'BUY', '5', 12)] }));
    expect(actions).toEqual([
      { kind: 'cancel-all-orders', orderIds: [12, 11] },
      { kind: 'flatten-position', symbol: 'AAPL', secType: 'STK', currency: 'USD', side: 'SELL', quantity: '100' },
      { kind: 'flatten-position', symbol: 'TSLA', secType: 'STK', currency: 'USD', side: 'BUY', quantity: '20' },
    ]);
    const state = gate.state(down);
    expect(state.killSwitch).toMatchObject({ active: true, reason: 'daily loss $2,000.50 reached the $2,000 limit' });
    expect(state.usage.dailyLoss).toBe('2000.50');
    const refused = await gate.submit(ticket(), down, market(), 13);
    expect(refused.verdict.decision).toBe('refuse');
    expect(refused.verdict.reasons[0]).toBe(
      'Kill switch is on (daily loss $2,000.50 reached the $2,000 limit) — new orders are blocked until you reset it or the next trading day.',
    );
    // Tripping once is enough: no repeated actions.
    expect(await gate.observe(down)).toEqual([]);
  });

  it('does not list settling fills as orders to cancel', async () => {
    const { gate, clock } = makeGate({ dailyLossLimit: '2000' });
    await gate.observe(snapshot({ netLiq: '100000' }));
    await gate.submit(ticket({ quantity: '10' }), snapshot(), market(), 4);
    gate.onFill({ execId: 'f', orderId: 4, symbol: 'AAPL', side: 'BUY', shares: '4', time: clock.now() });
    const actions = await gate.observe(snapshot({ netLiq: '50000' }), market({}, { openOrders: [working('AAPL', 'BUY', '6', 4)] }));
    expect(actions).toEqual([{ kind: 'cancel-all-orders', orderIds: [4] }]);
  });

  it('trips on drawdown from peak equity with only the cancel action when flattenOnKill is off', async () => {
    const { gate, clock } = makeGate({ maxDrawdown: '10000' });
    await gate.observe(snapshot({ netLiq: '100000' }));
    clock.advance(HOUR);
    await gate.observe(snapshot({ netLiq: '112000', updatedAt: clock.now() })); // new peak
    clock.advance(DAY); // the next day: drawdown is not reset by a new day
    const actions = await gate.observe(snapshot({ netLiq: '102000', updatedAt: clock.now() }));
    expect(actions).toEqual([{ kind: 'cancel-all-orders', orderIds: [] }]);
    expect(gate.state(null).killSwitch.reason).toBe('drawdown $10,000 reached the $10,000 limit');
    expect(gate.state(null).usage.peakEquity).toBe('112000');
  });

  it('trips inside submit when the snapshot passed with the order breaches', async () => {
    const { gate } = makeGate({ dailyLossLimit: '2000' });
    await gate.observe(snapshot({ netLiq: '100000' }));
    const d = await gate.submit(ticket(), snapshot({ netLiq: '97000' }), market(), 1);
    expect(d.verdict.decision).toBe('refuse');
    expect(d.actions).toEqual([{ kind: 'cancel-all-orders', orderIds: [] }]);
    expect(d.verdict.rules.filter((r) => !r.ok).map((r) => r.rule)).toEqual(['kill-switch', 'daily-loss']);
  });

  it('stays on across a restart and resets on the next trading day', async () => {
    const { gate, dir, clock } = makeGate({ dailyLossLimit: '2000' });
    await gate.observe(snapshot({ netLiq: '100000' }));
    await gate.observe(snapshot({ netLiq: '90000' }));
    expect(gate.state(null).killSwitch.active).toBe(true);

    const restarted = new RiskGate({ dir, clock });
    expect(restarted.state(null).killSwitch).toMatchObject({ active: true, since: FRI_10AM });
    expect(restarted.limits.dailyLossLimit).toBe('2000');
    clock.time = FRI_10AM + 3 * DAY; // Monday
    const monday = snapshot({ netLiq: '90000', updatedAt: clock.now() });
    expect((await restarted.submit(ticket(), monday, market(), 1)).verdict.decision).toBe('allow');
    const log = await restarted.audit.read();
    expect(log.map((e) => e.kind)).toEqual(['order', 'kill-switch', 'kill-switch']);
    expect(log[1]?.reasons).toEqual(['kill switch reset: new trading day']);
    expect(log[2]?.reasons).toEqual(['kill switch tripped: daily loss $10,000 reached the $2,000 limit']);
    expect(log[0]).toMatchObject({ kind: 'order', verdict: 'allowed' });
    expect(restarted.state(monday).usage.startOfDayEquity).toBe('90000');
  });

  it('trips and resets by hand, audited', async () => {
    const { gate } = makeGate({ flattenOnKill: false });
    const acts = await gate.setKillSwitch(true, 'going to lunch', snapshot(), market({}, { openOrders: [working('AAPL', 'SELL', '1', 3)] }));
    expect(acts).toEqual([{ kind: 'cancel-all-orders', orderIds: [3] }]);
    expect((await gate.submit(ticket(), snapshot(), market(), 1)).verdict.reasons[0]).toMatch(/^Kill switch is on \(going to lunch\)/);
    expect(await gate.setKillSwitch(false, undefined, snapshot())).toEqual([]);
    expect((await gate.submit(ticket(), snapshot(), market(), 2)).verdict.decision).toBe('allow');
    const kinds = (await gate.audit.read()).map((e) => `${e.kind}:${e.verdict}`);
    expect(kinds).toEqual(['order:allowed', 'kill-switch:info', 'order:refused', 'kill-switch:info']);
  });
});

describe('limits and audit through the gate', () => {
  it('validates limits with field errors, saves good ones across a restart, audits changes', async () => {
    const { gate, dir, clock } = makeGate();
    await expect(gate.setLimits({ ...gate.limits, maxOrderQty: '-5' })).rejects.toSatisfy(
      (e: unknown) => e instanceof AppError && e.code === 'BAD_INPUT' && e.fields?.maxOrderQty !== undefined,
    );
    const saved = await gate.setLimits({ ...gate.limits, maxOrderQty: '250', blockedSymbols: ['gme'] });
    expect(saved.blockedSymbols).toEqual(['GME']);
    const restarted = new RiskGate({ dir, clock });
    expect(restarted.limits.maxOrderQty).toBe('250');
    const [entry] = await restarted.audit.read(1);
    expect(entry).toMatchObject({ kind: 'limits', verdict: 'info', reasons: ['limits changed'] });
    expect((entry?.inputs.after as RiskLimits).maxOrderQty).toBe('250');
  });

  it('logs every decision with its reasons and inputs, readable after a restart', async () => {
    const { gate, dir, clock } = makeGate();
    await gate.submit(ticket({ quantity: '5' }), snapshot(), market(), 1);
    await gate.submit(ticket({ quantity: '5000' }), snapshot(), market(), 2);
    const log = await new RiskGate({ dir, clock }).audit.read();
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({
      kind: 'order',
      verdict: 'refused',
      order: { orderId: 2, symbol: 'AAPL', quantity: '5000' },
      reasons: ['Order for 5,000 shares is above your max order size of 1,000.'],
      inputs: { mode: 'paper', lastPrice: '100', netLiq: '100000' },
    });
    expect(log[1]).toMatchObject({ verdict: 'allowed', reasons: [] });
  });

  it('state() reports usage for the UI', async () => {
    const { gate } = makeGate();
    await gate.observe(snapshot({ netLiq: '100000' }));
    await gate.submit(ticket({ quantity: '10' }), snapshot(), market(), 1);
    const s = gate.state(snapshot({ netLiq: '99500', positions: [position('MSFT', '10', '400')] }), market({ AAPL: '100', MSFT: '400' }));
    expect(s.usage).toEqual({
      dailyLoss: '500.00',
      drawdown: '500.00',
      grossExposure: '5000.00',
      ordersLastMinute: 1,
      startOfDayEquity: '100000',
      peakEquity: '100000',
    });
  });
});
