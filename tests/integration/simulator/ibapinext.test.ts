/**
 * The simulator driven by @stoqey/ib's IBApiNext (the observable API) at 176, 187 and 193.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../support/until.ts';
import { IBApiNext, OrderAction, OrderType, SecType } from '@stoqey/ib';
import type { Contract, IBApiNextError } from '@stoqey/ib';
// Type only: IBApiNext's observables are rxjs ones (rxjs comes with @stoqey/ib; nothing of it is loaded here).
import type { Observable } from 'rxjs';
import { startSimulator } from '../../../electron/simulator/server.ts';
import type { SimulatorHandle } from '../../../electron/simulator/server.ts';

const VERSIONS = [176, 187, 193] as const;
const ACCOUNT = 'DU1234567';
/** IB tick types (the enum is exported as a type only): bid, ask, last. */
const BID = 1;
const ASK = 2;
const LAST = 4;
const stock = (symbol: string): Contract => ({ symbol, secType: SecType.STK, exchange: 'SMART', currency: 'USD' });

/** The first value an observable emits that satisfies the predicate (then unsubscribes). */
function first<T>(observable: Observable<T>, predicate: (v: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => reject(new Error('no matching value')), 8000);
    const sub = observable.subscribe({
      next: (v) => {
        if (done || !predicate(v)) return;
        done = true;
        clearTimeout(timer);
        queueMicrotask(() => sub.unsubscribe());
        resolve(v);
      },
      error: (e) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(JSON.stringify(e)));
      },
    });
  });
}

let sim: SimulatorHandle | undefined;
let api: IBApiNext | undefined;
let errors: IBApiNextError[] = [];

afterEach(async () => {
  expect(errors.filter((e) => e.code === 505)).toEqual([]);
  api?.disconnect();
  api = undefined;
  errors = [];
  await sim?.close();
  sim = undefined;
});

async function setup(sv: number, tickIntervalMs = 0): Promise<{ s: SimulatorHandle; next: IBApiNext }> {
  sim = await startSimulator({ port: 0, maxServerVersion: sv, tickIntervalMs, seed: 11, positions: [{ symbol: 'AAPL', quantity: 50, avgCost: 210 }] });
  api = new IBApiNext({ host: '127.0.0.1', port: sim.port });
  api.error.subscribe((e) => errors.push(e));
  api.connect(9);
  return { s: sim, next: api };
}

describe.each(VERSIONS)('IBApiNext against the simulator at server version %i', (sv) => {
  it('current time, managed accounts, account summary, positions, P&L', async () => {
    const { next } = await setup(sv);
    expect(await next.getCurrentTime()).toBeGreaterThan(1_700_000_000);
    expect(await next.getManagedAccounts()).toEqual([ACCOUNT]);
    const summary = await first(next.getAccountSummary('All', 'NetLiquidation,TotalCashValue,BuyingPower'));
    const tags = summary.all.get(ACCOUNT);
    expect(tags?.get('TotalCashValue')?.get('USD')?.value).toBe('1000000.00');
    expect(tags?.get('NetLiquidation')?.get('USD')?.value).toBe((1_000_000 + 50 * 228.5).toFixed(2));
    const positions = await first(next.getPositions(), (u) => (u.all.get(ACCOUNT)?.length ?? 0) > 0);
    expect(positions.all.get(ACCOUNT)?.map((p) => [p.contract.symbol, p.pos, p.avgCost])).toEqual([['AAPL', 50, 210]]);
    const pnl = await first(next.getPnL(ACCOUNT));
    expect(pnl.realizedPnL).toBe(0);
    expect(typeof pnl.unrealizedPnL).toBe('number');
    const single = await first(next.getPnLSingle(ACCOUNT, '', 265598));
    expect(single.position).toBe(50);
  });

  it('account updates stream portfolio and values', async () => {
    const { next } = await setup(sv);
    const update = await first(next.getAccountUpdates(ACCOUNT), (u) => (u.all.portfolio?.get(ACCOUNT)?.length ?? 0) > 0 && !!u.all.timestamp);
    expect(update.all.portfolio?.get(ACCOUNT)?.[0]).toMatchObject({ pos: 50, avgCost: 210 });
    expect(update.all.value?.get(ACCOUNT)?.get('TotalCashValue')?.get('USD')?.value).toBe('1000000.00');
  });

  it('contract details and market data', async () => {
    const { next } = await setup(sv, 20);
    const details = await next.getContractDetails(stock('NVDA'));
    expect(details.map((d) => d.contract.conId)).toEqual([4815747]);
    await expect(next.getContractDetails(stock('NOPE'))).rejects.toMatchObject({ code: 200 });
    const md = await first(next.getMarketData(stock('AAPL'), '', false, false), (u) => u.all.has(BID) && u.all.has(ASK) && u.all.has(LAST));
    const bid = md.all.get(BID)?.value ?? 0;
    const ask = md.all.get(ASK)?.value ?? 0;
    expect(ask - bid).toBeCloseTo(0.02, 6);
  });

  it('placeNewOrder, open orders with status, execution details', async () => {
    const { s, next } = await setup(sv);
    s.setPrice('MSFT', 400);
    const orderId = await next.placeNewOrder(stock('MSFT'), { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 390, totalQuantity: 3 });
    const open = await first(next.getAutoOpenOrders(false), (u) => u.all.some((o) => o.orderId === orderId && o.orderStatus?.status === 'Submitted'));
    expect(open.all.find((o) => o.orderId === orderId)?.order).toMatchObject({ lmtPrice: 390, totalQuantity: 3, clientId: 9 });
    const listed = await first(next.getOpenOrders(), (u) => u.all.some((o) => o.orderId === orderId));
    expect(listed.all.find((o) => o.orderId === orderId)?.orderStatus?.remaining).toBe(3);
    s.setPrice('MSFT', 389);
    await until(() => s.book().orders[0]?.status === 'Filled', { what: 'the order filled at the simulator' });
    // IBApiNext adds live execDetails to any open executions request: let the fill reach the client first.
    await next.getCurrentTime();
    const executions = await next.getExecutionDetails({});
    expect(executions.map((e) => [e.contract.symbol, e.execution.shares, e.execution.price])).toEqual([['MSFT', 3, 389.01]]);
    const reports = await next.getCommissionReport({});
    expect(reports.map((r) => r.commission)).toEqual([1]);
  });
});
