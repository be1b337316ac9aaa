/**
 * The simulator runs IB's order groups as IB documents them: a bracket held until its last leg transmits
 * (bracket_order.html), attached orders working only once their parent fills, OCA siblings cancelled or
 * reduced by a fill (oca.html), IOC / FOK leaving nothing working, GTD expiring on the engine's clock.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/core/util/clock.ts';
import type { Engine } from '../../../electron/simulator/engine.ts';
import { parseGoodTillDate } from '../../../electron/simulator/gtd.ts';
import { engineRig, inst, order } from './engine-rig.ts';

/** GTD runs on the engine's clock: a manual one the test moves, in New York (a goodTillDate without a zone). */
const setup = (clock = new ManualClock()) => ({ ...engineRig({ clock, timeZone: 'America/New_York' }), clock });


const status = (e: Engine, id: number) => e.findOrder(1, id)?.status;

function placeBracket(engine: Engine) {
  // IB's sample: parent and take-profit with transmit=false, the stop-loss transmits all three.
  engine.placeOrder(1, order(10, 'AAPL', { orderType: 'LMT', lmtPrice: 199, transmit: false }));
  engine.placeOrder(1, order(11, 'AAPL', { action: 'SELL', orderType: 'LMT', lmtPrice: 210, parentId: 10, ocaGroup: 'bracket-10', ocaType: 2, transmit: false }));
}

describe('brackets', () => {
  it('are held in the Gateway until the last leg transmits, then the children wait for the parent', () => {
    const { engine, rec } = setup();
    engine.setPrice(inst('AAPL'), 200);
    placeBracket(engine);
    expect([status(engine, 10), status(engine, 11)]).toEqual(['Inactive', 'Inactive']);
    engine.placeOrder(1, order(12, 'AAPL', { action: 'SELL', orderType: 'STP', auxPrice: 190, parentId: 10, ocaGroup: 'bracket-10', ocaType: 2 }));
    expect([status(engine, 10), status(engine, 11), status(engine, 12)]).toEqual(['Submitted', 'PreSubmitted', 'PreSubmitted']);
    // The market passes the take-profit while the parent has not filled: nothing fills.
    engine.setPrice(inst('AAPL'), 215);
    expect(rec.fills.map((f) => f.orderId)).toEqual([]);
  });

  it('the parent fill starts its children; the take-profit fill cancels the stop-loss', () => {
    const { engine, rec } = setup();
    engine.setPrice(inst('AAPL'), 200);
    placeBracket(engine);
    engine.placeOrder(1, order(12, 'AAPL', { action: 'SELL', orderType: 'STP', auxPrice: 190, parentId: 10, ocaGroup: 'bracket-10', ocaType: 2 }));
    engine.setPrice(inst('AAPL'), 198.5);
    expect(status(engine, 10)).toBe('Filled');
    expect([status(engine, 11), status(engine, 12)]).toEqual(['Submitted', 'PreSubmitted']);
    engine.setPrice(inst('AAPL'), 211);
    expect(rec.fills.map((f) => [f.orderId, f.side, f.shares])).toEqual([[10, 'BOT', 100], [11, 'SLD', 100]]);
    expect(status(engine, 12)).toBe('Cancelled');
    expect(rec.errors.filter((e) => e.orderId === 12).map((e) => e.code)).toEqual([202]);
  });

  it('cancelling the parent cancels its attached orders', () => {
    const { engine } = setup();
    engine.setPrice(inst('AAPL'), 200);
    placeBracket(engine);
    engine.placeOrder(1, order(12, 'AAPL', { action: 'SELL', orderType: 'STP', auxPrice: 190, parentId: 10 }));
    engine.cancelOrder(1, 10);
    expect([status(engine, 10), status(engine, 11), status(engine, 12)]).toEqual(['Cancelled', 'Cancelled', 'Cancelled']);
  });
});

describe('OCA groups', () => {
  it('ocaType 1: a fill cancels the other members', () => {
    const { engine } = setup();
    engine.setPrice(inst('AAPL'), 200);
    engine.placeOrder(1, order(20, 'AAPL', { orderType: 'LMT', lmtPrice: 195, ocaGroup: 'dip', ocaType: 1 }));
    engine.placeOrder(1, order(21, 'AAPL', { orderType: 'LMT', lmtPrice: 190, ocaGroup: 'dip', ocaType: 1 }));
    engine.setPrice(inst('AAPL'), 194);
    expect([status(engine, 20), status(engine, 21)]).toEqual(['Filled', 'Cancelled']);
  });

  it('ocaType 3: a partial fill reduces the other members by the same part', () => {
    const { engine } = setup();
    engine.setPrice(inst('AAPL'), 200);
    engine.placeOrder(1, order(30, 'AAPL', { orderType: 'LMT', lmtPrice: 195, totalQuantity: 1000, ocaGroup: 'x', ocaType: 3 }));
    engine.placeOrder(1, order(31, 'AAPL', { orderType: 'LMT', lmtPrice: 150, totalQuantity: 1000, ocaGroup: 'x', ocaType: 3 }));
    engine.setPrice(inst('AAPL'), 194); // 1,000 fills in two executions of 500
    expect(engine.findOrder(1, 31)?.totalQuantity).toBe(500);
  });
});

describe('times in force', () => {
  it('IOC takes what the touch shows and cancels the rest; an IOC that cannot fill leaves nothing working', () => {
    const { engine, rec } = setup();
    engine.setPrice(inst('AAPL'), 200);
    engine.placeOrder(1, order(40, 'AAPL', { totalQuantity: 800, tif: 'IOC' }));
    expect(rec.fills.filter((f) => f.orderId === 40).map((f) => f.shares)).toEqual([500]);
    expect(status(engine, 40)).toBe('Cancelled');
    engine.placeOrder(1, order(41, 'AAPL', { orderType: 'LMT', lmtPrice: 150, tif: 'IOC' }));
    expect(status(engine, 41)).toBe('Cancelled');
    expect(rec.fills.some((f) => f.orderId === 41)).toBe(false);
  });

  it('FOK fills all at once or not at all', () => {
    const { engine, rec } = setup();
    engine.setPrice(inst('AAPL'), 200);
    engine.placeOrder(1, order(50, 'AAPL', { totalQuantity: 800, tif: 'FOK' }));
    expect([status(engine, 50), rec.fills.some((f) => f.orderId === 50)]).toEqual(['Cancelled', false]);
    engine.placeOrder(1, order(51, 'AAPL', { totalQuantity: 300, tif: 'FOK' }));
    expect(rec.fills.filter((f) => f.orderId === 51).map((f) => f.shares)).toEqual([300]);
  });

  it('GTD expires at its date-time on the engine clock, and a past date is refused', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 15, 0, 0));
    const { engine, rec } = setup(clock);
    engine.setPrice(inst('AAPL'), 200);
    engine.placeOrder(1, order(60, 'AAPL', { orderType: 'LMT', lmtPrice: 150, tif: 'GTD', goodTillDate: '20260105-16:00:00' }));
    clock.advance(59 * 60_000);
    expect(status(engine, 60)).toBe('Submitted');
    clock.advance(60_000);
    expect(status(engine, 60)).toBe('Cancelled');
    engine.placeOrder(1, order(61, 'AAPL', { orderType: 'LMT', lmtPrice: 150, tif: 'GTD', goodTillDate: '20260105 09:00:00 US/Eastern' }));
    expect(rec.errors.find((e) => e.orderId === 61)).toMatchObject({ code: 201, message: 'Order rejected - reason:The good till date is in the past' });
  });

  it('OPG is for market and limit orders only', () => {
    const { engine, rec } = setup();
    engine.setPrice(inst('AAPL'), 200);
    engine.placeOrder(1, order(70, 'AAPL', { orderType: 'STP', auxPrice: 210, tif: 'OPG' }));
    expect(rec.errors.find((e) => e.orderId === 70)).toMatchObject({ code: 201, message: 'Order rejected - reason:Time in force OPG is not valid for STP orders' });
    engine.placeOrder(1, order(71, 'AAPL', { tif: 'OPG' }));
    // The simulated market has no opening auction: a market-on-open waits, unfilled.
    expect([status(engine, 71), rec.fills.some((f) => f.orderId === 71)]).toEqual(['PreSubmitted', false]);
  });

  it('reads goodTillDate in UTC, in a named zone, and in the Gateway zone', () => {
    expect(parseGoodTillDate('20260105-16:00:00', 'America/New_York')).toBe(Date.UTC(2026, 0, 5, 16));
    expect(parseGoodTillDate('20260105 11:00:00 US/Eastern', 'UTC')).toBe(Date.UTC(2026, 0, 5, 16));
    expect(parseGoodTillDate('20260705 11:00:00', 'America/New_York')).toBe(Date.UTC(2026, 6, 5, 15));
    expect(parseGoodTillDate('tomorrow', 'UTC')).toBeNull();
  });
});
