/**
 * The simulator driven by the real @stoqey/ib IBApi over TCP, at the server versions real Gateways
 * negotiate (176, 187, 193). Assertions are on what the client library decoded; every test also checks
 * that the client saw no decoding error (505), the fidelity oracle.
 */
import { describe, expect, it } from 'vitest';
import { until } from '../../support/until.ts';
import { OrderAction, OrderType, SecType } from '@stoqey/ib';
import type { Contract, Order } from '@stoqey/ib';
import type { SimulatorOptions } from '../../../electron/simulator/server.ts';
import { RecordingClient, simulatorRig } from './ib-client.ts';
import { instrumentBySymbol } from '../../../electron/simulator/universe.ts';

const VERSIONS = [176, 187, 193] as const;
const ACCOUNT = 'DU1234567';
const stock = (symbol: string): Contract => ({ symbol, secType: SecType.STK, exchange: 'SMART', currency: 'USD' });
/** The front ES month as the simulator lists it today (universe.ts esChain). */
const FRONT = instrumentBySymbol('ES')!;
const ES: Contract = { symbol: 'ES', secType: SecType.FUT, exchange: 'CME', currency: 'USD', lastTradeDateOrContractMonth: FRONT.lastTradeDate.slice(0, 6) };
const EURUSD: Contract = { symbol: 'EUR', secType: SecType.CASH, exchange: 'IDEALPRO', currency: 'USD' };

const rig = simulatorRig({ seed: 3 });
const sim = (sv: number, opts: SimulatorOptions = {}) => rig.sim({ maxServerVersion: sv, ...opts });
const client = rig.client;

describe.each(VERSIONS)('IBApi against the simulator at server version %i', (sv) => {
  it('handshake: negotiated version, accounts, next id and farm notices', async () => {
    const s = await sim(sv);
    const c = await client(s, 7);
    expect(c.ib.serverVersion).toBe(sv);
    expect(await c.next('managedAccounts')).toEqual([ACCOUNT]);
    expect(await c.next('nextValidId')).toEqual([1]);
    await c.info(2158);
    expect(c.infos.map((i) => i.code)).toEqual([2104, 2106, 2158]);
    expect(c.infos[0]?.message).toBe('Market data farm connection is OK:usfarm');
    expect(s.clients().map((x) => x.clientId)).toEqual([7]);
  });

  it('currentTime and reqIds', async () => {
    const c = await client(await sim(sv));
    const before = Math.floor(Date.now() / 1000);
    c.ib.reqCurrentTime();
    const [t] = await c.next('currentTime');
    expect(t as number).toBeGreaterThanOrEqual(before - 1);
    c.ib.reqIds();
    expect(await c.next('nextValidId', () => true, 2)).toEqual([1]);
  });

  it('account summary with every tag the app uses, then End', async () => {
    const s = await sim(sv, { positions: [{ symbol: 'AAPL', quantity: 100, avgCost: 200 }] });
    const c = await client(s);
    const tags =
      'NetLiquidation,TotalCashValue,SettledCash,BuyingPower,AvailableFunds,ExcessLiquidity,InitMarginReq,MaintMarginReq,GrossPositionValue,DayTradesRemaining,Cushion';
    c.ib.reqAccountSummary(11, 'All', tags);
    await c.next('accountSummaryEnd', (a) => a[0] === 11);
    const rows = Object.fromEntries(c.all('accountSummary').map((a) => [a[2] as string, { value: a[3] as string, currency: a[4] as string, account: a[1] }]));
    expect(Object.keys(rows).sort()).toEqual(tags.split(',').sort());
    const aaplValue = 100 * 228.5;
    expect(rows.NetLiquidation).toEqual({ value: (1_000_000 + aaplValue).toFixed(2), currency: 'USD', account: ACCOUNT });
    expect(rows.TotalCashValue?.value).toBe('1000000.00');
    expect(rows.SettledCash?.value).toBe('1000000.00');
    expect(rows.GrossPositionValue?.value).toBe(aaplValue.toFixed(2));
    expect(rows.InitMarginReq?.value).toBe((aaplValue * 0.25).toFixed(2));
    expect(Number(rows.AvailableFunds?.value)).toBeCloseTo(1_000_000 + aaplValue - aaplValue * 0.25, 2);
    expect(Number(rows.BuyingPower?.value)).toBeCloseTo(4 * Number(rows.AvailableFunds?.value), 2);
    expect(rows.DayTradesRemaining).toMatchObject({ value: '-1', currency: '' });
    expect(Number(rows.Cushion?.value)).toBeGreaterThan(0.9);
  });

  it('account updates: values, portfolio, time, download end', async () => {
    const s = await sim(sv, { positions: [{ symbol: 'MSFT', quantity: 10, avgCost: 400 }] });
    const c = await client(s);
    c.ib.reqAccountUpdates(true, ACCOUNT);
    await c.next('accountDownloadEnd');
    const values = new Map(c.all('updateAccountValue').map((a) => [`${a[0]}:${a[2]}`, a[1]]));
    expect(values.get('NetLiquidation:USD')).toBe((1_000_000 + 4152).toFixed(2));
    expect(values.get('AccountCode:')).toBe(ACCOUNT);
    const [contract, pos, price, value, avg, unreal] = (await c.next('updatePortfolio')) as [Contract, number, number, number, number, number];
    expect(contract).toMatchObject({ symbol: 'MSFT', conId: 272093 });
    expect([pos, price, value, avg, unreal]).toEqual([10, 415.2, 4152, 400, 152]);
    expect((await c.next('updateAccountTime'))[0]).toMatch(/^\d\d:\d\d$/);
    expect(await c.next('accountDownloadEnd')).toEqual([ACCOUNT]);
  });

  it('positions then End, and P&L / single P&L that follow the price', async () => {
    const s = await sim(sv, { positions: [{ symbol: 'NVDA', quantity: 200, avgCost: 120 }, { symbol: 'ES', quantity: 1, avgCost: 5900 }] });
    const c = await client(s);
    c.ib.reqPositions();
    await c.next('positionEnd');
    const positions = c.all('position').map((a) => [a[0], (a[1] as Contract).symbol, a[2], a[3]]);
    expect(positions).toEqual([
      [ACCOUNT, 'NVDA', 200, 120],
      [ACCOUNT, 'ES', 1, 295000],
    ]);
    c.ib.reqPnL(21, ACCOUNT, '');
    c.ib.reqPnLSingle(22, ACCOUNT, '', 4815747);
    await c.next('pnlSingle');
    s.setPrice('NVDA', 135.4);
    const [reqId, daily, unrealized, realized] = await c.next('pnl', () => true, 2);
    expect(reqId).toBe(21);
    expect(daily as number).toBeCloseTo(200 * (135.4 - 131.4), 2);
    expect(unrealized as number).toBeCloseTo(200 * (135.4 - 120) + 50 * (5925.25 - 5900), 2);
    expect(realized).toBe(0);
    const single = await c.next('pnlSingle', () => true, 2);
    expect(single).toEqual([22, 200, 800, 3080, 0, 27080]);
  });

  it('contract details for stocks, ETFs, a future and a forex pair; unknown symbol → 200', async () => {
    const c = await client(await sim(sv));
    const wanted: [number, Contract, number][] = [
      [31, stock('AAPL'), 265598],
      [32, stock('SPY'), 756733],
      [33, stock('TSLA'), 76792991],
      [34, ES, FRONT.conId],
      [35, EURUSD, 12087792],
    ];
    for (const [reqId, contract] of wanted) c.ib.reqContractDetails(reqId, contract);
    c.ib.reqContractDetails(36, stock('NOPE'));
    for (const [reqId, , conId] of wanted) {
      const [, details] = (await c.next('contractDetails', (a) => a[0] === reqId)) as [number, { contract: Contract; minTick: number }];
      expect(details.contract.conId).toBe(conId);
      await c.next('contractDetailsEnd', (a) => a[0] === reqId);
    }
    const [, es] = c.all('contractDetails', (a) => a[0] === 34)[0] as [number, { contract: Contract; minTick: number }];
    expect(es.contract).toMatchObject({ localSymbol: FRONT.localSymbol, multiplier: 50, exchange: 'CME' });
    expect(es.minTick).toBe(0.25);
    const [, fx] = c.all('contractDetails', (a) => a[0] === 35)[0] as [number, { contract: Contract; minTick: number }];
    expect(fx.contract).toMatchObject({ localSymbol: 'EUR.USD', secType: 'CASH' });
    expect(fx.minTick).toBe(0.00005);
    const err = await c.error(200, 36);
    expect(err.message).toBe('No security definition has been found for the request');
  });

  it('market data: live ticks follow the walk; unsubscribed symbols get 354 and nothing until delayed data is asked for, then 10167 and delayed ticks; snapshot ends', async () => {
    const s = await sim(sv, { tickIntervalMs: 20, unsubscribedSymbols: ['TSLA'] });
    const c = await client(s);
    c.ib.reqMktData(41, stock('AAPL'), '', false, false);
    await c.next('tickPrice', (a) => a[0] === 41 && a[1] === 4, 4);
    expect(await c.next('marketDataType', (a) => a[0] === 41)).toEqual([41, 1]);
    const bids = c.all('tickPrice', (a) => a[0] === 41 && a[1] === 1).map((a) => a[2] as number);
    const asks = c.all('tickPrice', (a) => a[0] === 41 && a[1] === 2).map((a) => a[2] as number);
    expect(bids.length).toBeGreaterThan(1);
    expect((asks[0] as number) - (bids[0] as number)).toBeCloseTo(0.02, 6);
    expect(c.all('tickSize', (a) => a[0] === 41 && a[1] === 0).length).toBeGreaterThan(0);

    c.ib.reqMktData(40, stock('TSLA'), '', false, false);
    expect((await c.error(354, 40)).message).toMatch(/^Requested market data is not subscribed/);
    c.ib.reqMarketDataType(3);
    c.ib.reqMktData(42, stock('TSLA'), '', false, false);
    const notice = await c.error(10167, 42);
    expect(c.all('tickPrice', (a) => a[0] === 40)).toEqual([]);
    expect(c.all('marketDataType', (a) => a[0] === 40)).toEqual([]);
    expect(notice.message).toContain('Displaying delayed market data');
    expect(await c.next('marketDataType', (a) => a[0] === 42)).toEqual([42, 3]);
    await c.next('tickPrice', (a) => a[0] === 42 && a[1] === 68);
    expect(c.all('tickPrice', (a) => a[0] === 42 && a[1] === 1)).toEqual([]);

    // Delayed-frozen asked for, but MSFT has a live subscription: the data is live.
    c.ib.reqMarketDataType(4);
    c.ib.reqMktData(43, stock('MSFT'), '', true, false);
    await c.next('tickSnapshotEnd', (a) => a[0] === 43);
    expect(await c.next('marketDataType', (a) => a[0] === 43)).toEqual([43, 1]);
    expect(c.all('tickPrice', (a) => a[0] === 43).every((a) => (a[1] as number) < 66)).toBe(true);
    c.ib.cancelMktData(41);
  });

  it('MKT order: the real fill sequence, commission and execution', async () => {
    const s = await sim(sv);
    s.setPrice('AAPL', 200);
    const c = await client(s);
    c.ib.placeOrder(1, stock('AAPL'), { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 100, account: ACCOUNT, orderRef: 'o-1' });
    await c.next('orderStatus', (a) => a[0] === 1 && a[1] === 'Filled');
    expect(c.statuses(1)).toEqual(['PreSubmitted', 'Filled']);
    const [reqId, contract, exec] = (await c.next('execDetails')) as [number, Contract, Record<string, unknown>];
    expect(reqId).toBe(-1);
    expect(contract).toMatchObject({ symbol: 'AAPL', conId: 265598 });
    expect(exec).toMatchObject({ orderId: 1, side: 'BOT', shares: 100, price: 200.01, cumQty: 100, avgPrice: 200.01, acctNumber: ACCOUNT, clientId: 1, orderRef: 'o-1' });
    // At server versions up to 193 the time is UTC with a hyphen (gateway-time.ts), the id real-shaped.
    expect(exec.time).toMatch(/^\d{8}-\d\d:\d\d:\d\d$/);
    expect(Math.abs(Date.parse(`${String(exec.time).replace(/^(\d{4})(\d\d)(\d\d)-/, '$1-$2-$3T')}Z`) - Date.now())).toBeLessThan(10_000);
    expect(exec.execId).toMatch(/^[0-9a-f]{8}\.[0-9a-f]{8}\.[0-9a-f]{2}\.01$/);
    const [report] = (await c.next('commissionReport')) as [Record<string, unknown>];
    expect(report).toMatchObject({ execId: exec.execId, commission: 1, currency: 'USD', realizedPNL: undefined });
    const filledOpen = c.all('openOrder', (a) => a[0] === 1 && (a[3] as { status: string }).status === 'Filled');
    expect((filledOpen[0]?.[3] as { commission: number }).commission).toBe(1);
    const status = c.all('orderStatus', (a) => a[0] === 1 && a[1] === 'Filled')[0];
    expect(status?.slice(0, 5)).toEqual([1, 'Filled', 100, 0, 200.01]);
    expect(s.book().orders[0]).toMatchObject({ orderId: 1, clientId: 1, symbol: 'AAPL', status: 'Filled', filled: 100, submissions: 1 });
    expect(s.book().fills).toHaveLength(1);
  });

  it('large MKT orders fill in several executions with partial statuses', async () => {
    const s = await sim(sv);
    const c = await client(s);
    c.ib.placeOrder(1, stock('QQQ'), { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1200 });
    await c.next('orderStatus', (a) => a[0] === 1 && a[1] === 'Filled');
    expect(c.all('execDetails').map((a) => (a[2] as { shares: number }).shares)).toEqual([500, 500, 200]);
    const partials = c.all('orderStatus', (a) => a[0] === 1 && a[1] === 'Submitted').map((a) => [a[2], a[3]]);
    expect(partials).toEqual([
      [500, 700],
      [1000, 200],
    ]);
    expect(c.all('commissionReport')).toHaveLength(3);
  });

  it('LMT: marketable fills at once, resting fills when the market crosses; TIF GTC kept', async () => {
    const s = await sim(sv);
    s.setPrice('MSFT', 400);
    const c = await client(s);
    c.ib.placeOrder(1, stock('MSFT'), { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 401, totalQuantity: 5 });
    c.ib.placeOrder(2, stock('MSFT'), { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 395, totalQuantity: 5, tif: 'GTC' });
    await c.next('orderStatus', (a) => a[0] === 1 && a[1] === 'Filled');
    await c.next('orderStatus', (a) => a[0] === 2 && a[1] === 'Submitted');
    const [, , order] = (await c.next('openOrder', (a) => a[0] === 2)) as [number, Contract, Order];
    expect(order).toMatchObject({ orderType: 'LMT', lmtPrice: 395, tif: 'GTC', totalQuantity: 5 });
    s.setPrice('MSFT', 394.99);
    const filled = await c.next('orderStatus', (a) => a[0] === 2 && a[1] === 'Filled');
    expect(filled[4]).toBe(395);
  });

  it('STP and STP LMT wait PreSubmitted, then trigger and fill', async () => {
    const s = await sim(sv, { positions: [{ symbol: 'TSLA', quantity: 20, avgCost: 200 }] });
    s.setPrice('TSLA', 250);
    const c = await client(s);
    c.ib.placeOrder(1, stock('TSLA'), { action: OrderAction.SELL, orderType: OrderType.STP, auxPrice: 245, totalQuantity: 10 });
    c.ib.placeOrder(2, stock('TSLA'), { action: OrderAction.SELL, orderType: OrderType.STP_LMT, auxPrice: 240, lmtPrice: 239.5, totalQuantity: 10 });
    await c.next('orderStatus', (a) => a[0] === 2 && a[1] === 'PreSubmitted');
    expect(c.statuses(1)).toEqual(['PreSubmitted']);
    s.setPrice('TSLA', 244);
    await c.next('orderStatus', (a) => a[0] === 1 && a[1] === 'Filled');
    expect(c.statuses(2)).toEqual(['PreSubmitted']);
    s.setPrice('TSLA', 239.8);
    await c.next('orderStatus', (a) => a[0] === 2 && a[1] === 'Filled');
    expect(c.statuses(2)).toEqual(['PreSubmitted', 'Submitted', 'Filled']);
    const [, , order] = c.all('openOrder', (a) => a[0] === 2)[0] as [number, Contract, Order];
    expect(order).toMatchObject({ orderType: 'STP LMT', auxPrice: 240, lmtPrice: 239.5 });
  });

  it('TRAIL by amount and by percent report their trailing stop and trigger', async () => {
    const s = await sim(sv, { positions: [{ symbol: 'SPY', quantity: 20, avgCost: 500 }] });
    s.setPrice('SPY', 600);
    const c = await client(s);
    c.ib.placeOrder(1, stock('SPY'), { action: OrderAction.SELL, orderType: OrderType.TRAIL, auxPrice: 5, totalQuantity: 10 });
    c.ib.placeOrder(2, stock('SPY'), { action: OrderAction.SELL, orderType: OrderType.TRAIL, trailingPercent: 2, totalQuantity: 10 });
    const [, , o1] = (await c.next('openOrder', (a) => a[0] === 1)) as [number, Contract, Order];
    expect(o1).toMatchObject({ orderType: 'TRAIL', auxPrice: 5, trailStopPrice: 595 });
    const [, , o2] = (await c.next('openOrder', (a) => a[0] === 2)) as [number, Contract, Order];
    expect(o2).toMatchObject({ orderType: 'TRAIL', trailingPercent: 2, trailStopPrice: 588 });
    s.setPrice('SPY', 620);
    s.setPrice('SPY', 614.9);
    await c.next('orderStatus', (a) => a[0] === 1 && a[1] === 'Filled');
    expect(c.statuses(2)).toEqual(['PreSubmitted']);
    s.setPrice('SPY', 607.5);
    await c.next('orderStatus', (a) => a[0] === 2 && a[1] === 'Filled');
  });

  it('what-if: margin and commission in the order state, never a working order', async () => {
    const s = await sim(sv);
    s.setPrice('AAPL', 200);
    const c = await client(s);
    c.ib.placeOrder(1, stock('AAPL'), { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 200, totalQuantity: 100, whatIf: true });
    const [, , order, state] = (await c.next('openOrder', (a) => a[0] === 1)) as [number, Contract, Order, Record<string, unknown>];
    expect(order.whatIf).toBe(true);
    expect(state).toMatchObject({ initMarginBefore: 0, initMarginChange: 5000, initMarginAfter: 5000, maintMarginChange: 5000, equityWithLoanBefore: 1_000_000, commission: 1, commissionCurrency: 'USD' });
    c.ib.reqOpenOrders();
    await c.next('openOrderEnd');
    expect(c.all('openOrder', (a) => a[0] === 1)).toHaveLength(1);
    expect(c.all('orderStatus')).toEqual([]);
    expect(s.book().orders[0]).toMatchObject({ whatIf: true, filled: 0 });
  });

  it('modify by re-placing the id, cancel (202 + Cancelled), cancel unknown (10147), global cancel', async () => {
    const s = await sim(sv);
    s.setPrice('AMZN', 200);
    const c = await client(s);
    c.ib.placeOrder(1, stock('AMZN'), { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 190, totalQuantity: 10 });
    await c.next('orderStatus', (a) => a[0] === 1);
    c.ib.placeOrder(1, stock('AMZN'), { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 191.5, totalQuantity: 15 });
    const [, , modified] = (await c.next('openOrder', (a) => a[0] === 1, 2)) as [number, Contract, Order];
    expect(modified).toMatchObject({ lmtPrice: 191.5, totalQuantity: 15 });
    c.ib.cancelOrder(1, {});
    const cancelled = await c.error(202, 1);
    expect(cancelled.message).toBe('Order Canceled - reason:');
    await c.next('orderStatus', (a) => a[0] === 1 && a[1] === 'Cancelled');
    c.ib.cancelOrder(77, {});
    expect((await c.error(10147, 77)).message).toBe('OrderId 77 that needs to be cancelled is not found.');
    c.ib.placeOrder(2, stock('AMZN'), { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 150, totalQuantity: 1 });
    c.ib.placeOrder(3, stock('AMZN'), { action: OrderAction.SELL, orderType: OrderType.LMT, lmtPrice: 250, totalQuantity: 1 });
    await c.next('orderStatus', (a) => a[0] === 3);
    c.ib.reqGlobalCancel({});
    await c.next('orderStatus', (a) => a[0] === 2 && a[1] === 'Cancelled');
    await c.next('orderStatus', (a) => a[0] === 3 && a[1] === 'Cancelled');
    const book = s.book().orders;
    expect(book.map((o) => [o.orderId, o.status, o.submissions])).toEqual([
      [1, 'Cancelled', 2],
      [2, 'Cancelled', 1],
      [3, 'Cancelled', 1],
    ]);
  });

  it('order errors: duplicate id 103, no definition 200, min tick 110, buying power 201, untransmitted Inactive', async () => {
    const s = await sim(sv, { startingCash: 100_000 });
    const c = await client(s);
    c.ib.placeOrder(5, stock('AAPL'), { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1 });
    await c.next('orderStatus', (a) => a[0] === 5 && a[1] === 'Filled');
    c.ib.placeOrder(4, stock('AAPL'), { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1 });
    expect((await c.error(103, 4)).message).toBe('Duplicate order id');
    c.ib.placeOrder(6, stock('NOPE'), { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1 });
    await c.error(200, 6);
    c.ib.placeOrder(7, ES, { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 5900.1, totalQuantity: 1 });
    expect((await c.error(110, 7)).message).toBe('The price does not conform to the minimum price variation for this contract.');
    c.ib.placeOrder(8, stock('NVDA'), { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 10_000 });
    expect((await c.error(201, 8)).message).toMatch(/^Order rejected - reason:YOUR ORDER IS NOT ACCEPTED/);
    await c.next('orderStatus', (a) => a[0] === 8 && a[1] === 'Inactive');
    c.ib.placeOrder(9, stock('NVDA'), { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1, transmit: false });
    await c.next('orderStatus', (a) => a[0] === 9 && a[1] === 'Inactive');
    expect(s.book().fills).toHaveLength(1);
  });

  it('executions: reqExecutions replays fills with their commission reports, filtered', async () => {
    const s = await sim(sv);
    const c = await client(s);
    c.ib.placeOrder(1, stock('AAPL'), { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 10 });
    c.ib.placeOrder(2, EURUSD, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 20000 });
    c.ib.placeOrder(3, ES, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1 });
    await c.next('orderStatus', (a) => a[0] === 3 && a[1] === 'Filled');
    c.ib.reqExecutions(51, {});
    await c.next('execDetailsEnd', (a) => a[0] === 51);
    const mine = c.all('execDetails', (a) => a[0] === 51).map((a) => (a[1] as Contract).symbol);
    expect(mine).toEqual(['AAPL', 'EUR', 'ES']);
    c.ib.reqExecutions(52, { symbol: 'ES' });
    await c.next('execDetailsEnd', (a) => a[0] === 52);
    expect(c.all('execDetails', (a) => a[0] === 52)).toHaveLength(1);
    const commissions = c.all('commissionReport').map((a) => (a[0] as { commission: number }).commission);
    expect(commissions).toEqual([1, 2, 2.25, 1, 2, 2.25, 2.25]);
  });
});

describe('several clients at once', () => {
  it('own vs all open orders, auto-open orders for client 0, orders survive a disconnect', async () => {
    const s = await sim(193);
    s.setPrice('AAPL', 200);
    const a = await client(s, 1);
    const b = await client(s, 2);
    const master = await client(s, 0);
    master.ib.reqAutoOpenOrders(true);
    a.ib.placeOrder(1, stock('AAPL'), { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 190, totalQuantity: 1 });
    b.ib.placeOrder(1, stock('AAPL'), { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 191, totalQuantity: 2 });
    await a.next('orderStatus', (x) => x[0] === 1);
    await b.next('orderStatus', (x) => x[0] === 1);
    await master.until(() => master.all('openOrder').length >= 2, { what: 'auto-bound orders' });
    expect(master.all('openOrder').map((x) => (x[2] as Order).clientId).sort()).toEqual([1, 2]);
    b.ib.reqAutoOpenOrders(true);
    await b.info(327);

    a.ib.reqOpenOrders();
    await a.next('openOrderEnd');
    expect(a.all('openOrder').map((x) => (x[2] as Order).clientId)).toEqual([1, 1]);
    a.ib.reqAllOpenOrders();
    await a.next('openOrderEnd', () => true, 2);
    expect(a.all('openOrder').slice(2).map((x) => (x[2] as Order).clientId)).toEqual([1, 2]);

    b.close();
    await until(() => s.clients().length === 2, { what: 'the simulator to notice the disconnect' });
    s.setPrice('AAPL', 190.5);
    await master.next('orderStatus', (x) => x[0] === 1 && x[1] === 'Filled' && (x[8] as number) === 2);
    const b2 = await client(s, 2);
    b2.ib.reqExecutions(3, {});
    await b2.next('execDetailsEnd');
    expect(b2.all('execDetails').map((x) => (x[2] as { clientId: number; shares: number }).shares)).toEqual([2]);
    expect(s.book().orders.find((o) => o.clientId === 2)).toMatchObject({ status: 'Filled', submissions: 1 });
  });

  it('a client id already in use gets 326 and its socket is closed; the first client is unaffected', async () => {
    const s = await sim(193);
    const first = await client(s, 5);
    const second = new RecordingClient(s.port, 5);
    second.ib.connect();
    const refused = await second.info(326);
    expect(refused.message).toBe('Unable to connect as the client id is already in use. Retry with a unique client id.');
    await second.next('disconnected');
    second.close();
    first.ib.reqCurrentTime();
    await first.next('currentTime');
    expect(s.clients().map((c) => c.clientId)).toEqual([5]);
  });
});
