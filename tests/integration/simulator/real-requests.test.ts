/**
 * Requests real clients send on every connect or chart (ib_async waits 20 s on connect for the first two
 * otherwise), answered as a real Gateway does, decoded by @stoqey/ib at the versions Gateways negotiate.
 */
import { describe, expect, it } from 'vitest';
import { BarSizeSetting, SecType, WhatToShow } from '@stoqey/ib';
import type { Contract } from '@stoqey/ib';
import type { SimulatorHandle } from '../../../electron/simulator/server.ts';
import { simulatorRig, type RecordingClient } from './ib-client.ts';

const ACCOUNT = 'DU1234567';
const AAPL: Contract = { symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
/** ibapi/account_summary_tags.py:8-36 (AccountSummaryTags.AllTags). */
const IB_ALL_TAGS =
  'AccountType,NetLiquidation,TotalCashValue,SettledCash,AccruedCash,BuyingPower,EquityWithLoanValue,PreviousDayEquityWithLoanValue,GrossPositionValue,ReqTEquity,ReqTMargin,SMA,InitMarginReq,MaintMarginReq,AvailableFunds,ExcessLiquidity,Cushion,FullInitMarginReq,FullMaintMarginReq,FullAvailableFunds,FullExcessLiquidity,LookAheadNextChange,LookAheadInitMarginReq,LookAheadMaintMarginReq,LookAheadAvailableFunds,LookAheadExcessLiquidity,HighestSeverity,DayTradesRemaining,Leverage';

const rig = simulatorRig({ seed: 3 });

async function setup(sv: number): Promise<{ s: SimulatorHandle; c: RecordingClient }> {
  const s = await rig.sim({ maxServerVersion: sv });
  return { s, c: await rig.client(s) };
}

describe.each([176, 187, 193])('at server version %i', (sv) => {
  it('completed orders and account updates multi end, as ib_async waits for on connect', async () => {
    const { c } = await setup(sv);
    c.ib.reqCompletedOrders(false);
    await c.next('completedOrdersEnd');
    c.ib.reqAccountUpdatesMulti(7, ACCOUNT, '', false);
    await c.next('accountUpdateMultiEnd');
    const rows = c.all('accountUpdateMulti', (a) => a[0] === 7);
    const keys = new Set(rows.map((a) => a[3] as string));
    for (const k of ['NetLiquidation', 'BuyingPower', 'CashBalance', 'TotalCashBalance']) expect(keys.has(k), k).toBe(true);
    expect(rows.every((a) => a[1] === ACCOUNT)).toBe(true);
  });

  it('account summary answers all 29 tags IB’s client asks for, and $LEDGER:ALL per currency', async () => {
    const { c } = await setup(sv);
    c.ib.reqAccountSummary(12, 'All', `${IB_ALL_TAGS},$LEDGER:ALL`);
    await c.next('accountSummaryEnd', (a) => a[0] === 12);
    const rows = c.all('accountSummary', (a) => a[0] === 12);
    const tags = rows.map((a) => a[2] as string);
    for (const tag of IB_ALL_TAGS.split(',')) expect(tags, tag).toContain(tag);
    const cash = rows.filter((a) => a[2] === 'CashBalance').map((a) => a[4]);
    expect(cash.sort()).toEqual(['BASE', 'USD']);
    expect(rows.find((a) => a[2] === 'NetLiquidation')?.[3]).toBe('1000000.00');
  });

  it('historical bars end where the market is now; matching symbols find AAPL', async () => {
    const { s, c } = await setup(sv);
    s.setPrice('AAPL', 231.25);
    c.ib.reqHistoricalData(9, AAPL, '', '1 D', BarSizeSetting.MINUTES_FIVE, WhatToShow.TRADES, 1, 1, false);
    await c.next('historicalData', (a) => a[0] === 9 && String(a[1]).startsWith('finished'));
    const bars = c.all('historicalData', (a) => a[0] === 9 && !String(a[1]).startsWith('finished'));
    expect(bars).toHaveLength(288);
    const last = bars.at(-1)!;
    expect(last[5]).toBe(231.25); // close
    for (const b of bars) {
      const [, , open, high, low, close] = b as number[];
      expect(high).toBeGreaterThanOrEqual(Math.max(open!, close!));
      expect(low).toBeLessThanOrEqual(Math.min(open!, close!));
    }
    expect(String(last[1])).toMatch(/^\d{8} \d\d:\d\d:\d\d US\/Eastern$/);

    c.ib.reqMatchingSymbols(11, 'aap');
    const [reqId, samples] = (await c.next('symbolSamples')) as [number, { contract: { symbol: string; conId: number } }[]];
    expect(reqId).toBe(11);
    expect(samples[0]?.contract).toMatchObject({ symbol: 'AAPL', conId: 265598 });
  });

  it('HIGH and LOW ticks follow the day’s extremes as they move', async () => {
    const { s, c } = await setup(sv);
    s.setPrice('AAPL', 230);
    c.ib.reqMktData(5, AAPL, '', false, false);
    await c.next('tickPrice', (a) => a[0] === 5 && a[1] === 6);
    s.setPrice('AAPL', 240);
    await c.next('tickPrice', (a) => a[0] === 5 && a[1] === 6 && a[2] === 240);
    s.setPrice('AAPL', 200);
    await c.next('tickPrice', (a) => a[0] === 5 && a[1] === 7 && a[2] === 200);
    const highs = c.all('tickPrice', (a) => a[0] === 5 && a[1] === 6).map((a) => a[2]);
    expect(highs.at(-1)).toBe(240);
  });
});
