import { describe, expect, it } from 'vitest';
import { csvFilename, fillsCsv, localTime, ordersCsv, toCsv } from '../../../electron/core/export/csv.ts';
import type { OrderView } from '../../../electron/core/contract.ts';
import { parseCsv } from '../../support/csv.ts';

describe('CSV export', () => {
  it('round-trips commas, quotes and line breaks, and neutralises formulas but not negative numbers', () => {
    const csv = toCsv(['a', 'b', 'c', 'd'], [['x, y', 'say "hi"', 'two\nlines', '-12.5'], ['=HYPERLINK("x")', '+1', '@SUM(A1)', null]]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(parseCsv(csv)).toEqual([
      ['a', 'b', 'c', 'd'],
      ['x, y', 'say "hi"', 'two\nlines', '-12.5'],
      ["'=HYPERLINK(\"x\")", "'+1", "'@SUM(A1)", ''],
    ]);
  });

  it('writes fills in time order with the local wall clock of the zone named in the header', () => {
    const t = Date.UTC(2026, 11, 1, 14, 30, 5); // 09:30:05 in New York
    const fill = { execId: '0000e0d5.6578a3b2.01.01', orderId: 7, clientId: 1, account: 'DU1', symbol: 'AAPL', side: 'BUY' as const, shares: '100', price: '189.25', time: t, commission: '1.00', realizedPnl: null };
    const rows = parseCsv(fillsCsv([{ ...fill, execId: 'later', time: t + 60_000 }, fill], 'America/New_York'));
    expect(rows[0]![0]).toBe('Time (America/New_York)');
    expect(rows[1]).toEqual(['2026-12-01 09:30:05', '7', '0000e0d5.6578a3b2.01.01', 'DU1', 'AAPL', 'BUY', '100', '189.25', '1.00', '', '1']);
    expect(rows[2]![2]).toBe('later');
    expect(localTime(t, 'Asia/Tokyo')).toBe('2026-12-01 23:30:05');
    expect(csvFilename('fills', Date.UTC(2026, 11, 1, 16, 0), 'Asia/Tokyo')).toBe('gatehouse-fills-2026-12-02.csv');
  });

  it("keeps two clients' orders with the same order id apart by a Client ID column (Gatehouse sees other programs' orders as the master)", () => {
    const o = (clientId: number, symbol: string): OrderView => ({
      orderId: 12, permId: 100 + clientId, clientId, account: 'DU1', symbol, secType: 'STK', side: 'BUY', quantity: '10', type: 'LMT', limitPrice: '150',
      stopPrice: null, trailAmount: null, trailPercent: null, tif: 'DAY', outsideRth: false, status: 'Submitted', filled: '0', remaining: '10',
      avgFillPrice: null, lastError: null, updatedAt: Date.UTC(2026, 11, 1, 15),
    });
    const [header, ...rows] = parseCsv(ordersCsv({ open: [o(31, 'MSFT'), o(1, 'AAPL')], done: [] }, 'UTC'));
    const client = header!.indexOf('Client ID');
    expect(client).toBeGreaterThan(0);
    expect(rows.map((r) => [r[1], r[client], r[4]])).toEqual([
      ['12', '1', 'AAPL'],
      ['12', '31', 'MSFT'],
    ]);
    const fills = parseCsv(fillsCsv([{ execId: 'x', orderId: 12, clientId: 31, account: 'DU1', symbol: 'MSFT', side: 'BUY', shares: '5', price: '400', time: 0, commission: null, realizedPnl: null }], 'UTC'));
    expect(fills[1]![fills[0]!.indexOf('Client ID')]).toBe('31');
  });
});
