import { afterEach, describe, expect, it } from 'vitest';
import { localTime } from '../../../electron/core/export/csv.ts';
import { coreHarness, type CoreHarness } from '../../support/core-harness.ts';
import { parseCsv } from '../../support/csv.ts';
import { until } from '../../support/until.ts';

let h: CoreHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe("the day's CSV through the contract (the same file the UI saves)", () => {
  it('lists every fill the Gateway reported, field for field, and every order with its final state', async () => {
    h = await coreHarness();
    const { limits } = await h.call('risk.get');
    await h.call('risk.setLimits', { ...limits, maxOrderNotional: '500000' });
    const placed = await h.call('orders.place', { symbol: 'AAPL', side: 'BUY', quantity: '700', type: 'MKT' });
    // Above 500 shares the simulator fills in several executions, as a real book would.
    await until(() => (h!.latest('orders')!.fills.filter((f) => f.orderId === placed.orderId).length ?? 0) >= 2, { what: 'fills', timeout: 15_000 });
    await until(() => h!.latest('orders')!.done.some((o) => o.orderId === placed.orderId && o.status === 'Filled'), { what: 'filled', timeout: 15_000 });
    const fills = h.latest('orders')!.fills.filter((f) => f.orderId === placed.orderId);

    const out = await h.call('orders.exportCsv', { kind: 'fills' });
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(out.filename).toBe(`gatehouse-fills-${localTime(Date.now(), zone).slice(0, 10)}.csv`);
    const [header, ...rows] = parseCsv(out.csv);
    expect(header).toEqual([`Time (${zone})`, 'Order ID', 'Exec ID', 'Account', 'Symbol', 'Side', 'Quantity', 'Price', 'Commission', 'Realized P&L', 'Client ID']);
    const byExec = new Map(rows.map((r) => [r[2], r]));
    for (const f of fills) {
      expect(byExec.get(f.execId)).toEqual([localTime(f.time, zone), String(f.orderId), f.execId, f.account, 'AAPL', 'BUY', f.shares, f.price, f.commission ?? '', f.realizedPnl ?? '', String(f.clientId)]);
    }
    const total = rows.filter((r) => r[1] === String(placed.orderId)).reduce((s, r) => s + Number(r[6]), 0);
    expect(total).toBe(700);

    const orders = parseCsv((await h.call('orders.exportCsv', { kind: 'orders' })).csv);
    const row = orders.find((r) => r[1] === String(placed.orderId))!;
    expect(row.slice(4, 9)).toEqual(['AAPL', 'STK', 'BUY', '700', 'MKT']);
    expect(row[12]).toBe('Filled');
  });
});
