import { describe, expect, it } from 'vitest';
import { csvFilename, fillsCsv, localTime, toCsv } from '../../../electron/core/export/csv.ts';
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
    expect(rows[1]).toEqual(['2026-12-01 09:30:05', '7', '0000e0d5.6578a3b2.01.01', 'DU1', 'AAPL', 'BUY', '100', '189.25', '1.00', '']);
    expect(rows[2]![2]).toBe('later');
    expect(localTime(t, 'Asia/Tokyo')).toBe('2026-12-01 23:30:05');
    expect(csvFilename('fills', Date.UTC(2026, 11, 1, 16, 0), 'Asia/Tokyo')).toBe('gatehouse-fills-2026-12-02.csv');
  });
});
