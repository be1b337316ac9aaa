import { describe, expect, it } from 'vitest';
import { PositionRows } from '../../../electron/core/broker/position-rows.ts';
import type { Position } from '../../../electron/core/contract.ts';

const row = (conId: number, quantity: string, marketPrice: string | null = null): Position =>
  Object.freeze({
    account: 'DU1',
    conId,
    symbol: `S${conId}`,
    secType: 'STK',
    currency: 'USD',
    quantity,
    avgCost: '10',
    marketPrice,
    marketValue: null,
    unrealizedPnl: null,
    realizedPnl: null,
  }) as Position;

const symbols = (rows: readonly Position[]) => rows.map((p) => `${p.symbol}@${p.marketPrice ?? '-'}`);

describe('an account’s position rows', () => {
  it('lists the open positions in the order first reported, with each price change in its place', () => {
    const rows = new PositionRows();
    rows.set(1, row(1, '10'));
    rows.set(2, row(2, '0'));
    rows.set(3, row(3, '-5'));
    expect(symbols(rows.open())).toEqual(['S1@-', 'S3@-']);
    rows.set(3, row(3, '-5', '12.5'));
    rows.set(1, row(1, '10', '9.75'));
    expect(symbols(rows.open())).toEqual(['S1@9.75', 'S3@12.5']);
  });

  it('a position that opens, closes or goes away changes the list; one closed stays known by conId', () => {
    const rows = new PositionRows();
    rows.set(1, row(1, '10'));
    rows.set(2, row(2, '20'));
    rows.open();
    rows.set(1, row(1, '0'));
    expect(symbols(rows.open())).toEqual(['S2@-']);
    expect(rows.get(1)?.quantity).toBe('0');
    rows.set(4, row(4, '1'));
    rows.set(1, row(1, '3'));
    expect(symbols(rows.open())).toEqual(['S1@-', 'S2@-', 'S4@-']);
    rows.delete(2);
    expect(symbols(rows.open())).toEqual(['S1@-', 'S4@-']);
    expect([...rows.keys()]).toEqual([1, 4]);
  });

  it('a list already handed out keeps its rows when prices move afterwards, and cannot be edited', () => {
    const rows = new PositionRows();
    rows.set(1, row(1, '10', '1.00'));
    rows.set(2, row(2, '20', '2.00'));
    const before = rows.open();
    rows.set(2, row(2, '20', '2.50'));
    const after = rows.open();
    expect(symbols(before)).toEqual(['S1@1.00', 'S2@2.00']);
    expect(symbols(after)).toEqual(['S1@1.00', 'S2@2.50']);
    // Unchanged rows are the same objects, so the stream's diff skips them by identity.
    expect(after[0]).toBe(before[0]);
    expect(() => (before as Position[]).push(row(9, '1'))).toThrow(TypeError);
    // Asked again with no change in between: the same array.
    expect(rows.open()).toBe(after);
  });
});
