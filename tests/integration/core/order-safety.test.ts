/**
 * Order safety (issue 15) through the contract, over real TCP to the simulated Gateway: what the Gateway's
 * book holds is the witness, not core's own account of it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { coreHarness, type CoreHarness } from '../../support/core-harness.ts';
import { fullDisk } from '../../support/full-disk.ts';
import { runtimeOf } from '../../../electron/core/testing.ts';
import { until } from '../../support/until.ts';

let h: CoreHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const realOrders = (sim: CoreHarness['sim']) => sim.book().orders.filter((o) => !o.whatIf);

describe('a refused modify', () => {
  it('leaves the working order and its reservation at the last accepted terms (110 from the Gateway)', async () => {
    h = await coreHarness();
    const limits = (await h.call('risk.get')).limits;
    await h.call('risk.setLimits', { ...limits, maxOrderQty: '150', maxPositionQty: '150' });
    const buy = { symbol: 'AAPL', side: 'BUY' as const, quantity: '100', type: 'LMT' as const, limitPrice: '1.00' };
    const placed = await h.call('orders.place', buy);
    await until(() => h!.latest('orders')!.open.some((o) => o.orderId === placed.orderId && o.status === 'Submitted'), { what: 'working' });

    // 1.005 is off AAPL's 0.01 tick: the Gateway answers 110 and the order keeps working at 1.00.
    await h.call('orders.modify', { orderId: placed.orderId, ticket: { ...buy, quantity: '40', limitPrice: '1.005' } });
    await until(() => !!h!.latest('orders')!.open.find((o) => o.orderId === placed.orderId)?.lastError, { what: 'the refusal shown' });
    const view = h.latest('orders')!.open.find((o) => o.orderId === placed.orderId)!;
    expect(view).toMatchObject({ status: 'Submitted', limitPrice: '1', quantity: '100' });
    expect(view.lastError).toMatch(/minimum price variation.*110/);
    expect(h.sim.book().orders.find((o) => o.orderId === placed.orderId)).toMatchObject({ status: 'Submitted', lmtPrice: 1, quantity: 100 });

    // The 100 shares are still reserved (not the refused 40): another 100 would make 200 against a limit of 150.
    const second = await h.fail('orders.place', buy);
    expect(second.code).toBe('RISK_REJECTED');
    expect(second.message).toMatch(/max position of 150/);
    expect(realOrders(h.sim)).toHaveLength(1);
  });
});

describe('order value', () => {
  it('is measured at the worse of the order’s price and the market: a marketable limit and a stop at $0.01 are refused', async () => {
    h = await coreHarness();
    const limits = (await h.call('risk.get')).limits;
    await h.call('risk.setLimits', { ...limits, maxOrderNotional: '5000' });
    const last = h.sim.state().prices['AAPL']!.last;
    expect(last).toBeGreaterThan(100);

    // SELL LMT 100 @ 0.01 fills at the market (~$228 a share): about $22,800, not $1.
    const sell = await h.fail('orders.place', { symbol: 'AAPL', side: 'SELL', quantity: '100', type: 'LMT', limitPrice: '0.01' });
    expect(sell.code).toBe('RISK_REJECTED');
    expect(sell.message).toMatch(/Order value \$2\d,\d{3}(\.\d+)? is above your max order value of \$5,000/);
    // BUY STP 100 @ 0.01 is a market order at once.
    const stop = await h.fail('orders.place', { symbol: 'AAPL', side: 'BUY', quantity: '100', type: 'STP', stopPrice: '0.01' });
    expect(stop.code).toBe('RISK_REJECTED');
    expect(stop.message).toMatch(/above your max order value of \$5,000/);
    expect(realOrders(h.sim)).toHaveLength(0);
    // A resting limit far below the market is still valued at the market: 10 × ~$228 passes.
    expect((await h.call('orders.place', { symbol: 'AAPL', side: 'BUY', quantity: '10', type: 'LMT', limitPrice: '1.00' })).orderId).toBeGreaterThan(0);
  });
});

describe('the kill switch on a full disk', () => {
  it('engages by hand all the same: working orders cancelled at the Gateway, new ones blocked, the user told it is not saved', async () => {
    const disk = fullDisk();
    h = await coreHarness({}, { risk: { disk } });
    const open = await h.call('orders.place', { symbol: 'AAPL', side: 'BUY', quantity: '10', type: 'LMT', limitPrice: '1.00' });
    await until(() => h!.sim.book().orders.some((o) => o.orderId === open.orderId && o.status === 'Submitted'), { what: 'working at the Gateway' });
    disk.full = true;
    const st = await h.call('risk.killSwitch', { active: true, reason: 'stop now' });
    expect(st.killSwitch.active).toBe(true);
    await until(() => h!.sim.book().orders.find((o) => o.orderId === open.orderId)?.status === 'Cancelled', { what: 'cancelled at the Gateway' });
    const refused = await h.fail('orders.place', { symbol: 'AAPL', side: 'BUY', quantity: '1', type: 'LMT', limitPrice: '1.00' });
    expect(refused.code).toBe('KILL_SWITCH');
    expect(h.latest('alerts')!.some((a) => a.title === 'Kill switch is ON but not saved' && /ENOSPC/.test(a.body))).toBe(true);
    expect(realOrders(h.sim)).toHaveLength(1);
    // Room again: the switch stays on and is written at the next check.
    disk.full = false;
    expect((await h.fail('orders.place', { symbol: 'AAPL', side: 'BUY', quantity: '1', type: 'LMT', limitPrice: '1.00' })).code).toBe('KILL_SWITCH');
    expect(runtimeOf(h.core)!.gate.unsaved()).toBeNull();
  });

  it('a breached daily loss still trips it and cancels working orders', async () => {
    const disk = fullDisk();
    h = await coreHarness({ positions: [{ symbol: 'TSLA', quantity: 1000, avgCost: 250 }] }, { risk: { disk } });
    const limits = (await h.call('risk.get')).limits;
    await h.call('risk.setLimits', { ...limits, dailyLossLimit: '5000' });
    const open = await h.call('orders.place', { symbol: 'MSFT', side: 'BUY', quantity: '1', type: 'LMT', limitPrice: '1.00' });
    await until(() => h!.sim.book().orders.some((o) => o.orderId === open.orderId && o.status === 'Submitted'), { what: 'working at the Gateway' });
    disk.full = true;
    h.sim.setPrice('TSLA', h.sim.state().prices['TSLA']!.last - 20); // 1000 × $20 = $20,000 down
    await until(() => h!.latest('risk')?.killSwitch.active === true, { what: 'auto kill switch', timeout: 15_000 });
    await until(() => h!.sim.book().orders.find((o) => o.orderId === open.orderId)?.status === 'Cancelled', { what: 'open order cancelled' });
    await until(() => h!.latest('alerts')!.some((a) => a.title === 'Kill switch is ON but not saved'), { what: 'told it is not saved' });
    expect(disk.refused).toBeGreaterThan(0);
  });
});

describe('risk state belongs to the account', () => {
  it('another profile on the same account trades under the same limits and stops under the same kill switch', async () => {
    h = await coreHarness();
    const limits = (await h.call('risk.get')).limits;
    await h.call('risk.setLimits', { ...limits, maxOrderQty: '7' });
    await h.call('risk.killSwitch', { active: true, reason: 'done for today' });
    const same = await h.call('settings.saveProfile', {
      profile: { name: 'Same account, other client', mode: 'paper', installPath: h.dataDir, settingsPath: h.dataDir, apiPort: h.sim.port, clientId: 8, account: 'DU1234567' },
      activate: true,
    });
    expect((await h.call('settings.get')).activeProfileId).toBe(same.id);
    const risk = await h.call('risk.get');
    expect(risk.killSwitch).toMatchObject({ active: true, reason: 'done for today' });
    expect(risk.limits.maxOrderQty).toBe('7');

    const other = await h.call('settings.saveProfile', {
      profile: { name: 'Another account', mode: 'paper', installPath: h.dataDir, settingsPath: h.dataDir, apiPort: h.sim.port, clientId: 9, account: 'DU7654321' },
      activate: true,
    });
    expect((await h.call('settings.get')).activeProfileId).toBe(other.id);
    expect((await h.call('risk.get')).killSwitch.active).toBe(false);
  });
});

describe('strings that reach the wire', () => {
  const buy = { symbol: 'AAPL', side: 'BUY' as const, quantity: '1', type: 'LMT' as const, limitPrice: '1.00' };

  it('a NUL byte in any ticket string is refused before risk, and the Gateway sees nothing (no shifted order)', async () => {
    h = await coreHarness();
    // Shaped like the attack: the fields after the NUL would be read as quantity 5000 and price 300.
    const smuggled = [
      { ...buy, exchange: 'SMART\0USD\0\0BUY\x005000\0LMT\x00300' },
      { ...buy, currency: 'USD\0\0BUY\x005000' },
      { ...buy, symbol: 'MSFT\0STK' },
    ];
    for (const t of smuggled) {
      const err = await h.fail('orders.place', t);
      expect(err.code).toBe('BAD_INPUT');
      const preview = await h.fail('orders.preview', t);
      expect(preview.code).toBe('BAD_INPUT');
    }
    expect(h.sim.book().orders).toHaveLength(0);
  });

  it('exchanges, currencies and symbols must be in their real alphabet', async () => {
    h = await coreHarness();
    for (const t of [{ ...buy, exchange: 'SMART;DROP' }, { ...buy, currency: 'usdollars' }, { ...buy, symbol: 'AA\nPL' }, { ...buy, exchange: '' }]) {
      expect((await h.fail('orders.place', t)).code).toBe('BAD_INPUT');
    }
    expect(h.sim.book().orders).toHaveLength(0);
    // Real ones pass: BRK B with a space, lower case typed, a named exchange.
    expect((await h.call('orders.place', { ...buy, symbol: 'msft', exchange: 'ISLAND', currency: 'USD' })).orderId).toBeGreaterThan(0);
  });
});

describe('one intent, one order', () => {
  const buy = { symbol: 'AAPL', side: 'BUY' as const, quantity: '1', type: 'LMT' as const, limitPrice: '1.00' };

  it('frames with the same idempotency key return the first result and never a second order', async () => {
    h = await coreHarness();
    const intentId = 'intent-0001-aaaa';
    const [a, b] = await Promise.all([h.call('orders.place', { ...buy, intentId }), h.call('orders.place', { ...buy, intentId })]);
    expect(b.orderId).toBe(a.orderId);
    const again = await h.call('orders.place', { ...buy, intentId });
    expect(again.orderId).toBe(a.orderId);
    const other = await h.call('orders.place', { ...buy, intentId: 'intent-0002-bbbb' });
    expect(other.orderId).not.toBe(a.orderId);
    await until(() => realOrders(h!.sim).length >= 2, { what: 'orders at the Gateway' });
    // Barrier: a last order; every frame before it has arrived once it is in the book.
    const last = await h.call('orders.place', buy);
    await until(() => realOrders(h!.sim).some((o) => o.orderId === last.orderId), { what: 'barrier' });
    expect(realOrders(h.sim).map((o) => o.orderId).sort()).toEqual([a.orderId, other.orderId, last.orderId].sort());
    expect(realOrders(h.sim).every((o) => o.submissions === 1)).toBe(true);
  });

  it('core answers what became of an intent, by its key (for the page after a dropped bridge)', async () => {
    h = await coreHarness();
    expect(await h.call('orders.intent', { intentId: 'never-sent-0000' })).toEqual({ state: 'unknown', orderId: null, error: null });
    const placed = await h.call('orders.place', { ...buy, intentId: 'intent-0003-cccc' });
    expect(await h.call('orders.intent', { intentId: 'intent-0003-cccc' })).toEqual({ state: 'placed', orderId: placed.orderId, error: null });
    await h.fail('orders.place', { ...buy, quantity: '5000', intentId: 'intent-0004-dddd' });
    const refused = await h.call('orders.intent', { intentId: 'intent-0004-dddd' });
    expect(refused).toMatchObject({ state: 'failed', orderId: null, error: { code: 'RISK_REJECTED' } });
    expect((await h.fail('orders.place', { ...buy, intentId: 'bad\0key' })).code).toBe('BAD_INPUT');
  });
});

describe('a modify', () => {
  it('may not change the instrument: a secType change is refused and the reservation stays on the order’s own instrument', async () => {
    h = await coreHarness();
    const buy = { symbol: 'AAPL', side: 'BUY' as const, quantity: '10', type: 'LMT' as const, limitPrice: '1.00' };
    const placed = await h.call('orders.place', buy);
    await until(() => h!.latest('orders')!.open.some((o) => o.orderId === placed.orderId && o.status === 'Submitted'), { what: 'working' });
    const err = await h.fail('orders.modify', { orderId: placed.orderId, ticket: { ...buy, secType: 'FUT' } });
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toMatch(/cannot change the instrument/);
    expect(runtimeOf(h.core)!.gate.reserved().find((r) => r.orderId === placed.orderId)).toMatchObject({ secType: 'STK', symbol: 'AAPL' });
    expect(h.sim.book().orders.find((o) => o.orderId === placed.orderId)).toMatchObject({ status: 'Submitted', submissions: 1 });
  });
});
