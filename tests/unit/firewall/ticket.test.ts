/**
 * From a decoded API order to the ticket the gate judges: the program's contract month, time in force,
 * goodTillDate and outside-RTH are kept as sent (IB's forms: TWS API orders page, "Changes in the date/time
 * field"; ibapi/order.py goodTillDate "Format: 20060505 08:00:00 {time zone}"), never rewritten to what
 * the engine used to know.
 */
import { describe, expect, it } from 'vitest';
import type { Contract, Order } from '@stoqey/ib';
import { OrderAction, OrderType, SecType, TimeInForce } from '@stoqey/ib';
import { decodePlaceOrder } from '../../../electron/core/firewall/place-order.ts';
import { toTicket } from '../../../electron/core/firewall/ticket.ts';
import { encodeRequest } from '../simulator/stoqey-codec.ts';

const aapl: Contract = { symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
const decoded = (contract: Contract, order: Partial<Order>) =>
  decodePlaceOrder(193, encodeRequest(193, (e) => e.placeOrder(1, contract, { action: OrderAction.BUY, totalQuantity: 1, orderType: OrderType.LMT, lmtPrice: 10, ...order })));

describe('toTicket', () => {
  it.each([TimeInForce.DAY, TimeInForce.GTC, TimeInForce.IOC, TimeInForce.FOK, TimeInForce.OPG])('keeps time in force %s as sent', (tif) => {
    const t = toTicket(decoded(aapl, { tif }));
    expect(t).toMatchObject({ ok: true, ticket: { tif } });
  });

  it('reads goodTillDate in UTC, with a zone, and without one in the Gateway zone', () => {
    const gtd = (goodTillDate: string, gatewayZone?: string) => {
      const t = toTicket(decoded(aapl, { tif: TimeInForce.GTD, goodTillDate }), { gatewayZone: gatewayZone ?? null });
      return t.ok ? t.ticket.goodTillDate : t.reason;
    };
    expect(gtd('20261218-21:00:00')).toBe(Date.UTC(2026, 11, 18, 21));
    expect(gtd('20261218 16:00:00 America/New_York')).toBe(Date.UTC(2026, 11, 18, 21));
    expect(gtd('20261218 16:00:00 US/Eastern')).toBe(Date.UTC(2026, 11, 18, 21));
    expect(gtd('20261218 16:00:00', 'Asia/Tokyo')).toBe(Date.UTC(2026, 11, 18, 7));
    expect(gtd('1796465788')).toMatch(/^goodTillDate "1796465788" is not a date and time IB reads/);
    expect(gtd('tomorrow')).toMatch(/is not a date and time IB reads/);
  });

  it("keeps a future's contract month, and refuses one the gate cannot value", () => {
    const es: Contract = { symbol: 'ES', secType: SecType.FUT, exchange: 'CME', currency: 'USD' };
    expect(toTicket(decoded({ ...es, lastTradeDateOrContractMonth: '20261218' }, {}))).toMatchObject({
      ok: true,
      ticket: { symbol: 'ES', secType: 'FUT', exchange: 'CME', lastTradeDateOrContractMonth: '20261218' },
    });
    expect(toTicket(decoded(es, {}))).toEqual({ ok: false, reason: 'an ES future must name its expiry (lastTradeDateOrContractMonth) for Gatehouse to value it' });
    expect(toTicket(decoded({ ...es, lastTradeDateOrContractMonth: 'Dec26' }, {}))).toMatchObject({ ok: false, reason: expect.stringMatching(/not a contract month/) });
    expect(toTicket(decoded({ secType: SecType.FUT, exchange: 'CME', currency: 'USD', localSymbol: 'ESZ6' }, {}))).toMatchObject({ ok: false, reason: expect.stringMatching(/must name its symbol and expiry/) });
    // A stock's local symbol is its ticker.
    expect(toTicket(decoded({ secType: SecType.STK, exchange: 'SMART', currency: 'USD', localSymbol: 'MSFT' }, {}))).toMatchObject({ ok: true, ticket: { symbol: 'MSFT' } });
  });
});
