/**
 * Brackets, OCA groups and times in force as the risk engine sees them: a bracket is checked as a whole
 * (its parent carries the exposure, its exits only close it), working exits of a working parent add
 * nothing, an OCA group counts as its largest order, and IB's time-in-force combinations are refused with
 * a clear message before anything is sent.
 */
import { describe, expect, it } from 'vitest';
import type { OrderTicket, RiskLimits } from '../../../electron/core/contract.ts';
import { evaluate } from '../../../electron/core/risk/engine.ts';
import { RiskGate } from '../../../electron/core/risk/gate.ts';
import type { WorkingOrder } from '../../../electron/core/risk/types.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { context, DAY, limits, market, snapshot, TestClock, ticket } from './fixtures.ts';

const clock = new TestClock();
const bracket = (extra: Partial<OrderTicket> = {}): Partial<OrderTicket> => ({
  quantity: '100',
  limitPrice: '100',
  attached: { takeProfit: '110', stopLoss: '95' },
  ...extra,
});

function verdictOf(t: Partial<OrderTicket>, l: Partial<RiskLimits> = {}, openOrders: WorkingOrder[] = []) {
  return evaluate(ticket(t), snapshot(), limits({ maxOrderNotional: null, ...l }), clock, context({ openOrders }));
}
const rule = (v: ReturnType<typeof verdictOf>, id: string) => v.rules.find((r) => r.rule === id);

describe('a bracket is checked as a whole', () => {
  it('counts only the entry: exits that close it do not add to the position', () => {
    // Without grouping, the two 100-share exits would read as a possible 200-share short.
    const v = verdictOf(bracket(), { maxPositionQty: '100', maxOrderQty: '100' });
    expect(v.decision).toBe('allow');
    expect(rule(v, 'attached')?.message).toBe(
      "Take-profit SELL 100 LMT and stop-loss SELL 100 STP only close what this order opens (one OCA group): the bracket's worst case is this order's 100 shares.",
    );
  });

  it('an entry above a limit refuses the whole bracket', () => {
    const v = verdictOf(bracket({ quantity: '101' }), { maxPositionQty: '100' });
    expect(v.decision).toBe('refuse');
    expect(v.reasons).toEqual(['AAPL position could reach 101 shares (held 0) — above your max position of 100.']);
  });

  it.each([
    [{ takeProfit: '94', stopLoss: '95' }, 'The take-profit $94 must be above the stop-loss $95 for a BUY bracket.'],
    [{ takeProfit: '99', stopLoss: '95' }, 'The take-profit $99 must be above the entry price $100: it would close the position at once.'],
    [{ takeProfit: '110', stopLoss: '101' }, 'The stop-loss $101 must be below the entry price $100: it would trigger at once.'],
    [{ stopLoss: '95', trailAmount: '2' }, 'Attach either a stop-loss or a trailing stop, not both: they would be two exits for the same shares.'],
    [{ takeProfit: '0' }, 'The take-profit needs a price above 0.'],
    [{}, 'Attach a take-profit, a stop-loss or a trailing stop, or remove the attachment.'],
  ])('refuses a bracket whose exits do not make sense: %o', (attached, message) => {
    const v = verdictOf(bracket({ attached }));
    expect(v.decision).toBe('refuse');
    expect(rule(v, 'attached')).toEqual({ rule: 'attached', ok: false, message });
  });

  it('a SELL bracket takes its profit below and its stop above the entry', () => {
    expect(verdictOf(bracket({ side: 'SELL', attached: { takeProfit: '90', stopLoss: '105' } })).decision).toBe('allow');
    expect(rule(verdictOf(bracket({ side: 'SELL', attached: { takeProfit: '105', stopLoss: '90' } })), 'attached')?.message).toBe(
      'The take-profit $105 must be below the stop-loss $90 for a SELL bracket.',
    );
  });

  it('an attached trailing stop is an exit like a stop-loss, and its order type must be allowed', () => {
    expect(verdictOf(bracket({ attached: { trailPercent: '2' } })).decision).toBe('allow');
    const v = verdictOf(bracket({ attached: { trailPercent: '2' } }), { allowedOrderTypes: ['LMT', 'MKT'] });
    expect(rule(v, 'attached')?.message).toBe('The trailing stop is a TRAIL order, which this profile does not allow (allowed: LMT, MKT).');
  });

  it('every leg counts against the orders-per-minute limit', () => {
    const v = evaluate(ticket(bracket()), snapshot(), limits({ maxOrdersPerMinute: 4 }), clock, context({ ordersLastMinute: 2 }));
    expect(rule(v, 'orders-per-minute')).toMatchObject({ ok: false, message: '2 orders in the last minute — your limit is 4 a minute. Wait a moment and try again.' });
  });
});

describe('working order groups in the exposure', () => {
  const parent: WorkingOrder = { orderId: 10, symbol: 'AAPL', side: 'BUY', remaining: '100' };
  const tp: WorkingOrder = { orderId: 11, symbol: 'AAPL', side: 'SELL', remaining: '100', parentId: 10, ocaGroup: 'bracket-10' };
  const sl: WorkingOrder = { orderId: 12, symbol: 'AAPL', side: 'SELL', remaining: '100', parentId: 10, ocaGroup: 'bracket-10' };

  it("a working bracket's exits add nothing while their parent works", () => {
    // Short side: only the new 100 — the exits cannot fill before the parent does.
    const v = verdictOf({ side: 'SELL', quantity: '100' }, { maxPositionQty: '100' }, [parent, tp, sl]);
    expect(rule(v, 'position-qty')).toMatchObject({ ok: true, message: 'AAPL position at most 100 of 100 shares.' });
  });

  it("another API client's order with the parent's id is not the parent: each client numbers its own orders", () => {
    // Client 7's BUY 100 is order 5; client 9's SELL 100 names its own order 5 as parent, which has filled
    // and is gone, so the sell is live on its own and can open a 100 short.
    const other: WorkingOrder = { orderId: 5, clientId: 7, symbol: 'AAPL', side: 'BUY', remaining: '100' };
    const child: WorkingOrder = { orderId: 6, clientId: 9, symbol: 'AAPL', side: 'SELL', remaining: '100', parentId: 5 };
    const v = verdictOf({ side: 'SELL', quantity: '100' }, { maxPositionQty: '150' }, [other, child]);
    expect(v.decision).toBe('refuse');
    expect(v.reasons).toEqual(['AAPL position could reach 200 shares (held 0, working orders 100 to buy and 100 to sell) — above your max position of 150.']);
    // Its own client's order 5 still working: then it is a held exit and adds nothing.
    const own: WorkingOrder = { ...other, clientId: 9 };
    expect(verdictOf({ side: 'SELL', quantity: '100' }, { maxPositionQty: '150' }, [own, child]).decision).toBe('allow');
  });

  it('an OCA group counts as its largest order, not the sum (risk/oca.ts), beside the bracket rule', () => {
    const a: WorkingOrder = { orderId: 20, symbol: 'AAPL', side: 'SELL', remaining: '100', ocaGroup: 'exit', ocaType: 1 };
    const b: WorkingOrder = { orderId: 21, symbol: 'AAPL', side: 'SELL', remaining: '80', ocaGroup: 'exit', ocaType: 1 };
    const v = verdictOf({ side: 'SELL', quantity: '50' }, { maxPositionQty: '150' }, [a, b]);
    expect(rule(v, 'position-qty')).toMatchObject({ ok: true, message: 'AAPL position at most 150 of 150 shares.' });
    // Not in one group: they could both fill.
    const apart = verdictOf({ side: 'SELL', quantity: '50' }, { maxPositionQty: '150' }, [{ ...a, ocaGroup: '' }, { ...b, ocaGroup: '' }]);
    expect(apart.decision).toBe('refuse');
  });
});

describe('time in force combinations IB refuses', () => {
  it.each([
    [{ tif: 'GTD' }, 'A GTD order needs the date and time it expires — pick one, or choose DAY or GTC.'],
    [{ tif: 'GTD', goodTillDate: clock.now() - 1 }, 'The GTD expiry is in the past — pick a later date and time.'],
    [{ tif: 'DAY', goodTillDate: clock.now() + DAY }, 'An expiry date is only for GTD orders, not DAY — choose GTD or clear the date.'],
    [{ tif: 'OPG', type: 'STP', stopPrice: '90', limitPrice: undefined }, 'OPG (at the open) is for market or limit orders only, not STP — choose MKT or LMT, or another time in force.'],
    [{ tif: 'OPG', outsideRth: true }, 'An OPG order works in the opening auction; it cannot also work outside regular hours.'],
    [{ ocaType: 1 }, 'An OCA type needs an OCA group name — enter one or clear the type.'],
  ] as [Partial<OrderTicket>, string][])('%o', (t, message) => {
    const v = verdictOf(t);
    expect(rule(v, 'ticket')).toEqual({ rule: 'ticket', ok: false, message });
    expect(v.decision).toBe('refuse');
  });

  it.each([
    { tif: 'GTD', goodTillDate: clock.now() + DAY },
    { tif: 'IOC' },
    { tif: 'FOK' },
    { tif: 'OPG', type: 'MKT', limitPrice: undefined },
    { tif: 'DAY', ocaGroup: 'exits', ocaType: 2 },
  ] as Partial<OrderTicket>[])('allows %o', (t) => {
    expect(verdictOf(t).decision).toBe('allow');
  });
});

describe('the gate takes a bracket in one decision', () => {
  it('one reservation for the entry, one audit line naming every leg, every leg counted as an order', async () => {
    const dir = tempDir();
    const gate = new RiskGate({ dir, clock, limits: limits({ maxOrderNotional: null, maxOrdersPerMinute: 4 }) });
    const d = await gate.submit(ticket(bracket()), snapshot(), market(), 30, { attachedIds: [31, 32] });
    expect(d.verdict.decision).toBe('allow');
    expect(gate.reserved().map((r) => [r.orderId, r.side])).toEqual([[30, 'BUY']]);
    const lines = await gate.audit.read(10);
    const orders = lines.filter((l) => l.kind === 'order');
    expect(orders).toHaveLength(1);
    expect(orders[0]?.order).toMatchObject({ orderId: 30, attachedIds: [31, 32], attached: { takeProfit: '110', stopLoss: '95' } });
    expect(gate.state(snapshot()).usage.ordersLastMinute).toBe(3);
    // A second bracket would make 6 orders this minute: refused whole, nothing reserved for it.
    const second = await gate.submit(ticket(bracket()), snapshot(), market(), 33, { attachedIds: [34, 35] });
    expect(second.verdict.decision).toBe('refuse');
    expect(gate.reserved()).toHaveLength(1);
  });

  it("a modified exit of a working bracket is checked as the exit it is, not as a new short", async () => {
    const dir = tempDir();
    const gate = new RiskGate({ dir, clock, limits: limits({ maxOrderNotional: null, maxPositionQty: '100' }) });
    expect((await gate.submit(ticket(bracket()), snapshot(), market(), 40, { attachedIds: [41, 42] })).verdict.decision).toBe('allow');
    const exits: WorkingOrder[] = [41, 42].map((orderId) => ({ orderId, symbol: 'AAPL', side: 'SELL', remaining: '100', parentId: 40, ocaGroup: 'bracket-40' }));
    const m = market({ AAPL: '100' }, { openOrders: exits });
    // A plain SELL 150 would be a 150 short; the exit moved to 112 closes the entry.
    const moved = await gate.submit(ticket({ side: 'SELL', quantity: '100', limitPrice: '112' }), snapshot(), m, 41, { parentId: 40 });
    expect(moved.verdict.decision).toBe('allow');
    const unlinked = gate.preview(ticket({ side: 'SELL', quantity: '150', limitPrice: '112' }), snapshot(), m, 41);
    expect(unlinked.decision).toBe('refuse');
  });
});
