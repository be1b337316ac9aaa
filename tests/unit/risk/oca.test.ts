/** The one OCA group function of the risk engine: a blocking group weighs its largest member. */
import { expect, it } from 'vitest';
import { buildBooks, grossExposure, withOrder, worstShares } from '../../../electron/core/risk/exposure.ts';
import { format, parse } from '../../../electron/core/risk/money.ts';
import { addedShares, countedOrders } from '../../../electron/core/risk/oca.ts';
import type { WorkingOrder } from '../../../electron/core/risk/types.ts';

const order = (orderId: number, remaining: string, extra: Partial<WorkingOrder> = {}): WorkingOrder => ({
  orderId,
  symbol: 'AAPL',
  side: 'BUY',
  remaining,
  limitPrice: '100',
  ...extra,
});
const price = () => '100';

it('counts a blocking group (ocaType 1 or 2) once, at its largest member, per instrument and side', () => {
  const working = [
    order(1, '200', { ocaGroup: 'g', ocaType: 1 }),
    order(2, '250', { ocaGroup: 'g', ocaType: 1 }),
    order(3, '100'),
    order(4, '50', { ocaGroup: 'g', ocaType: 1, symbol: 'MSFT' }),
    order(5, '70', { ocaGroup: 'g', ocaType: 1, side: 'SELL' }),
  ];
  expect(countedOrders(working).map((o) => o.remaining)).toEqual(['0', '250', '100', '50', '70']);
  const books = buildBooks(null, working, price);
  expect(format(worstShares(books.get('STK:AAPL')!))).toBe('350');
  expect(format(grossExposure(books))).toBe(format(parse('40000')));
});

it('sums the members of a group without overfill block (ocaType 3) or without a type', () => {
  const working = [order(1, '200', { ocaGroup: 'g', ocaType: 3 }), order(2, '250', { ocaGroup: 'g', ocaType: 3 }), order(3, '10', { ocaGroup: 'g' })];
  expect(countedOrders(working).map((o) => o.remaining)).toEqual(['200', '250', '10']);
});

it('a new member adds only what it has beyond the group\'s largest working member', () => {
  const working = [order(1, '200', { ocaGroup: 'g', ocaType: 2 })];
  const ticket = { symbol: 'AAPL', secType: 'STK' as const, side: 'BUY' as const, ocaGroup: 'g', ocaType: 2 as const };
  expect(format(addedShares(working, ticket, parse('150')))).toBe('0');
  expect(format(addedShares(working, ticket, parse('260')))).toBe('60');
  expect(format(addedShares(working, { ...ticket, ocaGroup: 'other' }, parse('150')))).toBe('150');
  expect(format(addedShares(working, { ...ticket, ocaType: 3 }, parse('150')))).toBe('150');
  const books = buildBooks(null, working, price);
  const full = { ...ticket, exchange: 'SMART', currency: 'USD', quantity: '260', type: 'LMT' as const, tif: 'DAY' as const, outsideRth: false, confirmed: false };
  expect(format(worstShares(withOrder(books, full, parse('260'), parse('100'), working).get('STK:AAPL')!))).toBe('260');
});
