import { describe, expect, it } from 'vitest';
import { until } from '../../support/until.ts';
import { commissionFor, type SimOrder } from '../../../electron/simulator/orders.ts';
import { engineRig, inst, order } from './engine-rig.ts';

const setup = (positions: { symbol: string; quantity: number; avgCost: number }[] = []) => engineRig({ positions });


describe('commission schedule', () => {
  it('US stocks: $0.005/share, $1 minimum, capped at 1% of value', () => {
    expect(commissionFor(inst('AAPL'), 100, 200)).toBe(1);
    expect(commissionFor(inst('AAPL'), 1000, 200)).toBe(5);
    expect(commissionFor(inst('AAPL'), 10, 5)).toBe(0.5); // 1% of $50
  });
  it('futures per contract, FX with a $2 minimum', () => {
    expect(commissionFor(inst('ES'), 2, 5900)).toBe(4.5);
    expect(commissionFor(inst('EUR.USD'), 20000, 1.08)).toBe(2);
  });
});

describe('engine', () => {
  it('a MKT order fills at the ask; cash, position and NLV stay consistent', () => {
    const { engine, rec } = setup();
    const aapl = inst('AAPL');
    engine.setPrice(aapl, 200);
    engine.placeOrder(1, order(1, 'AAPL', { totalQuantity: 100 }));
    expect(rec.fills).toHaveLength(1);
    expect(rec.fills[0]).toMatchObject({ shares: 100, price: 200.01, commission: 1, side: 'BOT' });
    const account = engine.account('DU1234567');
    expect(account.cash).toBeCloseTo(1_000_000 - 100 * 200.01 - 1, 6);
    const h = account.holding(aapl);
    expect(h.quantity).toBe(100);
    expect(h.avgCost).toBeCloseTo(200.02, 6); // commission folded into the average cost
    engine.setPrice(aapl, 210);
    const v = account.values();
    expect(v.netLiquidation).toBeCloseTo(account.cash + 100 * 210, 6);
    expect(v.unrealizedPnl).toBeCloseTo(100 * 210 - 100 * 200.02, 6);
    expect(v.dailyPnl).toBeCloseTo(v.netLiquidation - 1_000_000, 6);
  });

  it('a short round trip nets both commissions: short 100 at 228.63, cover at 228.29, $1 each side realises $32.00', () => {
    const { engine, rec } = setup();
    const aapl = inst('AAPL');
    engine.setPrice(aapl, 228.64); // bid 228.63
    engine.placeOrder(1, order(1, 'AAPL', { action: 'SELL', totalQuantity: 100 }));
    expect(rec.fills[0]).toMatchObject({ price: 228.63, side: 'SLD', commission: 1 });
    const account = engine.account('DU1234567');
    // A short sale's commission lowers its average cost (the proceeds are smaller).
    expect(account.holding(aapl).avgCost).toBeCloseTo(228.62, 6);
    engine.setPrice(aapl, 228.28); // ask 228.29
    engine.placeOrder(1, order(2, 'AAPL', { totalQuantity: 100 }));
    expect(rec.fills[1]).toMatchObject({ price: 228.29, side: 'BOT', commission: 1 });
    expect(rec.fills[1]?.realizedPnl).toBeCloseTo(32, 6);
    expect(account.values().realizedPnl).toBeCloseTo(32, 6);
    expect(account.cash).toBeCloseTo(1_000_000 + 32, 6);
  });

  it('selling back realises P&L net of commission', () => {
    const { engine, rec } = setup();
    const aapl = inst('AAPL');
    engine.setPrice(aapl, 200);
    engine.placeOrder(1, order(1, 'AAPL', { totalQuantity: 100 }));
    engine.setPrice(aapl, 205);
    engine.placeOrder(1, order(2, 'AAPL', { action: 'SELL', totalQuantity: 100 }));
    const sell = rec.fills[1];
    expect(sell).toMatchObject({ price: 204.99, side: 'SLD' });
    expect(sell?.realizedPnl).toBeCloseTo((204.99 - 200.02) * 100 - 1, 6);
    const v = engine.account('DU1234567').values();
    expect(v.realizedPnl).toBeCloseTo((204.99 - 200.02) * 100 - 1, 6);
    expect(v.netLiquidation).toBeCloseTo(1_000_000 + (204.99 - 200.01) * 100 - 2, 6);
  });

  it('large MKT orders fill in several executions of at most 500', async () => {
    const { engine, rec } = setup();
    engine.placeOrder(1, order(1, 'MSFT', { totalQuantity: 1200 }));
    await until(() => engine.findOrder(1, 1)?.status === 'Filled', { what: 'order 1 filled' });
    expect(rec.fills.map((f) => f.shares)).toEqual([500, 500, 200]);
    expect(rec.fills.map((f) => f.cumQty)).toEqual([500, 1000, 1200]);
    expect(rec.statuses.map((s) => s.status)).toEqual(['PreSubmitted', 'Submitted', 'Submitted', 'Filled']);
  });

  it('marketable LMT fills at once; resting LMT waits for the market to cross', () => {
    const { engine, rec } = setup();
    const nvda = inst('NVDA');
    engine.setPrice(nvda, 130);
    engine.placeOrder(1, order(1, 'NVDA', { orderType: 'LMT', lmtPrice: 131, totalQuantity: 10 }));
    expect(rec.fills[0]).toMatchObject({ orderId: 1, price: 130.01 });
    engine.placeOrder(1, order(2, 'NVDA', { orderType: 'LMT', lmtPrice: 128, totalQuantity: 10 }));
    expect(engine.findOrder(1, 2)?.status).toBe('Submitted');
    engine.setPrice(nvda, 129);
    expect(engine.findOrder(1, 2)?.status).toBe('Submitted');
    engine.setPrice(nvda, 127.99);
    expect(engine.findOrder(1, 2)?.status).toBe('Filled');
    expect(rec.fills[1]).toMatchObject({ orderId: 2, price: 128 });
  });

  it('STP waits PreSubmitted, then triggers and fills', () => {
    const { engine } = setup([{ symbol: 'TSLA', quantity: 50, avgCost: 200 }]);
    const tsla = inst('TSLA');
    engine.setPrice(tsla, 250);
    engine.placeOrder(2, order(1, 'TSLA', { action: 'SELL', orderType: 'STP', auxPrice: 240, totalQuantity: 50 }));
    expect(engine.findOrder(2, 1)?.status).toBe('PreSubmitted');
    engine.setPrice(tsla, 241);
    expect(engine.findOrder(2, 1)?.status).toBe('PreSubmitted');
    engine.setPrice(tsla, 239.5);
    expect(engine.findOrder(2, 1)?.status).toBe('Filled');
    expect(engine.account('DU1234567').holding(tsla).quantity).toBe(0);
  });

  it('STP LMT triggers into a limit order', () => {
    const { engine } = setup();
    const amzn = inst('AMZN');
    engine.setPrice(amzn, 200);
    engine.placeOrder(1, order(1, 'AMZN', { orderType: 'STP LMT', auxPrice: 205, lmtPrice: 205.5, totalQuantity: 10 }));
    engine.setPrice(amzn, 207);
    const o = engine.findOrder(1, 1);
    expect(o?.triggered).toBe(true);
    expect(o?.status).toBe('Submitted'); // ask 207.01 is above the limit
    engine.setPrice(amzn, 205.2);
    expect(o?.status).toBe('Filled');
    expect(o?.avgFillPrice).toBe(205.21);
  });

  it('TRAIL (amount) follows the market up and triggers on the pullback', () => {
    const { engine } = setup([{ symbol: 'SPY', quantity: 10, avgCost: 500 }]);
    const spy = inst('SPY');
    engine.setPrice(spy, 600);
    engine.placeOrder(1, order(1, 'SPY', { action: 'SELL', orderType: 'TRAIL', auxPrice: 5, totalQuantity: 10 }));
    const o = engine.findOrder(1, 1);
    expect(o?.trailStopPrice).toBe(595);
    engine.setPrice(spy, 610);
    expect(o?.trailStopPrice).toBe(605);
    engine.setPrice(spy, 606);
    expect(o?.trailStopPrice).toBe(605);
    expect(o?.status).toBe('PreSubmitted');
    engine.setPrice(spy, 604.5);
    expect(o?.status).toBe('Filled');
  });

  it('TRAIL (percent) for a buy trails below', () => {
    const { engine } = setup();
    const qqq = inst('QQQ');
    engine.setPrice(qqq, 500);
    engine.placeOrder(1, order(1, 'QQQ', { action: 'BUY', orderType: 'TRAIL', trailingPercent: 1, totalQuantity: 5 }));
    const o = engine.findOrder(1, 1);
    expect(o?.trailStopPrice).toBe(505);
    engine.setPrice(qqq, 480);
    expect(o?.trailStopPrice).toBe(484.8);
    engine.setPrice(qqq, 485);
    expect(o?.status).toBe('Filled');
  });

  it('modify by re-placing the same id; cancel; cancel unknown; duplicate id', () => {
    const { engine, rec } = setup();
    engine.setPrice(inst('AAPL'), 200);
    engine.placeOrder(1, order(5, 'AAPL', { orderType: 'LMT', lmtPrice: 190, totalQuantity: 10 }));
    engine.placeOrder(1, order(5, 'AAPL', { orderType: 'LMT', lmtPrice: 191, totalQuantity: 20 }));
    const o = engine.findOrder(1, 5);
    expect(o).toMatchObject({ lmtPrice: 191, totalQuantity: 20, submissions: 2, status: 'Submitted' });
    engine.cancelOrder(1, 5);
    expect(o?.status).toBe('Cancelled');
    expect(rec.errors.at(-1)).toMatchObject({ code: 202, orderId: 5 });
    engine.cancelOrder(1, 99);
    expect(rec.errors.at(-1)).toMatchObject({ code: 10147, orderId: 99 });
    engine.placeOrder(1, order(5, 'AAPL', { orderType: 'LMT', lmtPrice: 191, totalQuantity: 20 }));
    expect(rec.errors.at(-1)).toMatchObject({ code: 103 });
    engine.placeOrder(1, order(3, 'AAPL', {}));
    expect(rec.errors.at(-1)).toMatchObject({ code: 103, orderId: 3 });
    expect(engine.nextOrderId(1)).toBe(6);
    expect(engine.nextOrderId(2)).toBe(1);
  });

  it('rejects: unknown symbol 200, min tick 110, buying power 201, fault 201', () => {
    const { engine, rec } = setup();
    const bad = order(1, 'AAPL', {});
    bad.contract.symbol = 'NOPE';
    engine.placeOrder(1, bad);
    expect(rec.errors.at(-1)).toMatchObject({ code: 200 });
    engine.placeOrder(1, order(2, 'AAPL', { orderType: 'LMT', lmtPrice: 200.003 }));
    expect(rec.errors.at(-1)).toMatchObject({ code: 110 });
    engine.placeOrder(1, order(3, 'ES', { orderType: 'LMT', lmtPrice: 5900.1, totalQuantity: 1 }));
    expect(rec.errors.at(-1)).toMatchObject({ code: 110 });
    engine.placeOrder(1, order(4, 'AAPL', { totalQuantity: 100_000 }));
    expect(rec.errors.at(-1)?.code).toBe(201);
    expect(rec.errors.at(-1)?.message).toContain('EQUITY WITH LOAN VALUE');
    engine.rejectNext = 'Simulated outage';
    engine.placeOrder(1, order(5, 'AAPL', { totalQuantity: 1 }));
    expect(rec.errors.at(-1)).toMatchObject({ code: 201, message: 'Order rejected - reason:Simulated outage' });
    expect(engine.findOrder(1, 5)?.status).toBe('Inactive');
    engine.placeOrder(1, order(6, 'AAPL', { totalQuantity: 1 }));
    expect(engine.findOrder(1, 6)?.status).toBe('Filled');
  });

  it('what-if never works and reports margin; transmit=false is held Inactive until transmitted', () => {
    const { engine, rec } = setup();
    engine.placeOrder(1, order(1, 'AAPL', { whatIf: true, totalQuantity: 100 }));
    expect(engine.findOrder(1, 1)?.whatIf).toBe(true);
    expect(rec.fills).toHaveLength(0);
    const state = engine.whatIfState(engine.findOrder(1, 1) as SimOrder);
    expect(state.initMarginChange).toBeGreaterThan(0);
    expect(state.commission).toBe(1);
    engine.placeOrder(1, order(2, 'AAPL', { transmit: false, totalQuantity: 10 }));
    expect(engine.findOrder(1, 2)?.status).toBe('Inactive');
    engine.placeOrder(1, order(2, 'AAPL', { transmit: true, totalQuantity: 10 }));
    expect(engine.findOrder(1, 2)?.status).toBe('Filled');
  });

  it('placing a what-if id for real turns the preview into a working order; a mismatching modify is 105', () => {
    const { engine, rec } = setup();
    engine.setPrice(inst('AAPL'), 200);
    engine.placeOrder(1, order(1, 'AAPL', { orderType: 'LMT', lmtPrice: 190, whatIf: true }));
    engine.placeOrder(1, order(1, 'AAPL', { orderType: 'LMT', lmtPrice: 190 }));
    expect(engine.findOrder(1, 1)).toMatchObject({ whatIf: false, status: 'Submitted', submissions: 2 });
    engine.placeOrder(1, order(1, 'AAPL', { action: 'SELL', orderType: 'LMT', lmtPrice: 190 }));
    expect(rec.errors.at(-1)).toMatchObject({ code: 105 });
    engine.setPrice(inst('AAPL'), 189);
    expect(engine.findOrder(1, 1)?.status).toBe('Filled');
  });

  it('futures: P&L through cash only, margin per contract', () => {
    const { engine } = setup();
    const es = inst('ES');
    engine.setPrice(es, 6000);
    engine.placeOrder(1, order(1, 'ES', { totalQuantity: 2 }));
    const account = engine.account('DU1234567');
    expect(account.cash).toBeCloseTo(1_000_000 - 4.5, 6);
    engine.setPrice(es, 6010);
    const v = account.values();
    expect(v.initMarginReq).toBe(33_000);
    expect(v.unrealizedPnl).toBeCloseTo((6010 - 6000.25) * 50 * 2, 6);
    expect(v.netLiquidation).toBeCloseTo(1_000_000 + (6010 - 6000.25) * 100 - 4.5, 6);
  });

  it('global cancel cancels working orders of every client', () => {
    const { engine } = setup();
    engine.setPrice(inst('AAPL'), 200);
    engine.placeOrder(1, order(1, 'AAPL', { orderType: 'LMT', lmtPrice: 150 }));
    engine.placeOrder(2, order(1, 'AAPL', { orderType: 'LMT', lmtPrice: 150 }));
    engine.globalCancel();
    expect(engine.orders.map((o) => o.status)).toEqual(['Cancelled', 'Cancelled']);
  });
});
