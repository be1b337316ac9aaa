/** Tickets → IB orders for IB's group mechanisms: bracket legs, OCA fields, times in force with a date. */
import { describe, expect, it } from 'vitest';
import { groupLegs, ibUtcDateTime, ticketOrder } from '../../../electron/core/broker/tickets.ts';
import { OrderTicket, type OrderTicket as TicketInput, type ParsedTicket } from '../../../electron/core/contract.ts';

const t = (p: Partial<TicketInput> = {}): ParsedTicket => OrderTicket.parse({ symbol: 'AAPL', side: 'BUY', quantity: '100', type: 'LMT', limitPrice: '100', ...p });

describe('a bracket as IB sends it', () => {
  it('parent first, then the children with parentId and one OCA group; only the last one transmits', () => {
    const legs = groupLegs(t({ attached: { takeProfit: '110', stopLoss: '95' } }), [50, 51, 52]);
    const sent = legs.map((l) => ({ id: l.orderId, role: l.role, ...ticketOrder(l.ticket, l.links) }));
    expect(sent).toEqual([
      expect.objectContaining({ id: 50, role: 'parent', action: 'BUY', orderType: 'LMT', lmtPrice: 100, transmit: false }),
      expect.objectContaining({ id: 51, role: 'take-profit', action: 'SELL', totalQuantity: 100, orderType: 'LMT', lmtPrice: 110, parentId: 50, ocaGroup: 'bracket-50', ocaType: 2, transmit: false }),
      expect.objectContaining({ id: 52, role: 'stop-loss', action: 'SELL', totalQuantity: 100, orderType: 'STP', auxPrice: 95, parentId: 50, ocaGroup: 'bracket-50', ocaType: 2, transmit: true }),
    ]);
    expect(sent[0]).not.toHaveProperty('parentId');
    expect(sent[0]).not.toHaveProperty('ocaGroup');
  });

  it('an attached trailing stop (percent or amount) is the one child, and it transmits', () => {
    const pct = groupLegs(t({ side: 'SELL', attached: { trailPercent: '1.5' } }), [60, 61]);
    expect(pct.map((l) => ticketOrder(l.ticket, l.links))).toEqual([
      expect.objectContaining({ action: 'SELL', transmit: false }),
      expect.objectContaining({ action: 'BUY', orderType: 'TRAIL', trailingPercent: 1.5, parentId: 60, transmit: true }),
    ]);
    const amount = groupLegs(t({ attached: { trailAmount: '2.5' } }), [70, 71]);
    expect(ticketOrder(amount[1]!.ticket, amount[1]!.links)).toMatchObject({ orderType: 'TRAIL', auxPrice: 2.5, parentId: 70 });
  });

  it('a ticket without attached orders is one leg that transmits', () => {
    expect(groupLegs(t(), [80]).map((l) => ticketOrder(l.ticket, l.links).transmit)).toEqual([true]);
  });
});

describe('times in force and OCA on the wire', () => {
  it('GTD carries its expiry as IB UTC date-time, the others their TIF', () => {
    const at = Date.UTC(2026, 11, 31, 20, 59, 5);
    expect(ibUtcDateTime(at)).toBe('20261231-20:59:05');
    expect(ticketOrder(t({ tif: 'GTD', goodTillDate: at }))).toMatchObject({ tif: 'GTD', goodTillDate: '20261231-20:59:05' });
    for (const tif of ['IOC', 'FOK', 'OPG', 'GTC', 'DAY'] as const) expect(ticketOrder(t({ tif })).tif).toBe(tif);
    expect(ticketOrder(t({ tif: 'IOC' }))).not.toHaveProperty('goodTillDate');
  });

  it("an OCA ticket's group and type reach the order", () => {
    expect(ticketOrder(t({ ocaGroup: 'exits', ocaType: 3 }))).toMatchObject({ ocaGroup: 'exits', ocaType: 3 });
  });
});
