import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as M from '../../../electron/simulator/messages.ts';
import { UNIVERSE } from '../../../electron/simulator/universe.ts';
import { BARE_TERMS, inst } from './engine-rig.ts';
import { decode, eventArgs } from './stoqey-codec.ts';

const VERSIONS = [176, 187, 193] as const;

const baseOrder = (overrides: Partial<M.OpenOrderView> = {}): M.OpenOrderView => ({
  ...BARE_TERMS,
  orderId: 5,
  instrument: inst('AAPL'),
  account: 'DU1234567',
  orderRef: 'ref-1',
  clientId: 100,
  permId: 600745656,
  status: 'PreSubmitted',
  filledQuantity: 0,
  state: { commissionCurrency: '', warningText: '' },
  ...overrides,
});

describe.each(VERSIONS)('messages decoded by @stoqey/ib at server version %i', (sv) => {
  it('error frames: id -1 arrive as info, others as errors with their code', () => {
    const d = decode(sv, M.error(sv, -1, 2104, 'Market data farm connection is OK:usfarm'), M.error(sv, 7, 200, 'No security definition has been found for the request'));
    expect(d.infos).toEqual([{ message: 'Market data farm connection is OK:usfarm', code: 2104 }]);
    expect(d.errors).toEqual([{ message: 'No security definition has been found for the request', code: 200, reqId: 7 }]);
  });

  it('nextValidId, managedAccounts, currentTime', () => {
    const d = decode(sv, M.nextValidId(42), M.managedAccounts(['DU1234567', 'DU7654321']), M.currentTime(1795600000));
    expect(d.errors).toEqual([]);
    expect(eventArgs(d, 'nextValidId')).toEqual([42]);
    expect(eventArgs(d, 'managedAccounts')).toEqual(['DU1234567,DU7654321']);
    expect(eventArgs(d, 'currentTime')).toEqual([1795600000]);
  });

  it('account summary and its end', () => {
    const d = decode(sv, M.accountSummary(3, 'DU1234567', 'NetLiquidation', '1000000.00', 'USD'), M.accountSummaryEnd(3));
    expect(d.errors).toEqual([]);
    expect(eventArgs(d, 'accountSummary')).toEqual([3, 'DU1234567', 'NetLiquidation', '1000000.00', 'USD']);
    expect(eventArgs(d, 'accountSummaryEnd')).toEqual([3]);
  });

  it('account updates: value, portfolio, time, download end', () => {
    const d = decode(
      sv,
      M.accountValue('TotalCashValue', '885612.50', 'USD', 'DU1234567'),
      M.portfolioValue({
        instrument: inst('ES'),
        position: 2,
        marketPrice: 5930.5,
        marketValue: 593050,
        averageCost: 296262.5,
        unrealizedPnl: 525,
        realizedPnl: 0,
        account: 'DU1234567',
      }),
      M.accountUpdateTime('14:32'),
      M.accountDownloadEnd('DU1234567'),
    );
    expect(d.errors).toEqual([]);
    expect(eventArgs(d, 'updateAccountValue')).toEqual(['TotalCashValue', '885612.50', 'USD', 'DU1234567']);
    const [contract, pos, price, value, avg, unreal, real, account] = eventArgs(d, 'updatePortfolio');
    expect(contract).toMatchObject({ conId: inst('ES').conId, symbol: 'ES', secType: 'FUT', multiplier: 50, localSymbol: inst('ES').localSymbol });
    expect([pos, price, value, avg, unreal, real, account]).toEqual([2, 5930.5, 593050, 296262.5, 525, 0, 'DU1234567']);
    expect(eventArgs(d, 'updateAccountTime')).toEqual(['14:32']);
    expect(eventArgs(d, 'accountDownloadEnd')).toEqual(['DU1234567']);
  });

  it('positions and positionEnd', () => {
    const d = decode(sv, M.position('DU1234567', inst('MSFT'), 150, 401.25), M.positionEnd());
    expect(d.errors).toEqual([]);
    const [account, contract, pos, avg] = eventArgs(d, 'position');
    expect(account).toBe('DU1234567');
    expect(contract).toMatchObject({ conId: 272093, symbol: 'MSFT', secType: 'STK', currency: 'USD' });
    expect([pos, avg]).toEqual([150, 401.25]);
    expect(eventArgs(d, 'positionEnd')).toEqual([]);
  });

  it('pnl and pnlSingle', () => {
    const d = decode(sv, M.pnl(sv, 9, 120.5, 300.25, -10), M.pnlSingle(sv, 10, 100, 12.5, 40, 0, 22850));
    expect(d.errors).toEqual([]);
    expect(eventArgs(d, 'pnl')).toEqual([9, 120.5, 300.25, -10]);
    expect(eventArgs(d, 'pnlSingle')).toEqual([10, 100, 12.5, 40, 0, 22850]);
  });

  it.each(UNIVERSE.map((i) => [i.localSymbol, i] as const))('contract details for %s', (_name, i) => {
    const d = decode(sv, M.contractData(sv, 4, i), M.contractDataEnd(4));
    expect(d.errors).toEqual([]);
    const [reqId, details] = eventArgs(d, 'contractDetails') as [number, Record<string, unknown> & { contract: Record<string, unknown> }];
    expect(reqId).toBe(4);
    expect(details.contract).toMatchObject({
      conId: i.conId,
      symbol: i.symbol,
      secType: i.secType,
      exchange: i.exchange,
      currency: i.currency,
      localSymbol: i.localSymbol,
      tradingClass: i.tradingClass,
    });
    expect(details.minTick).toBe(i.minTick);
    expect(details.longName).toBe(i.longName);
    expect(details.timeZoneId).toBe(i.timeZoneId);
    if (i.secType === 'FUT') {
      expect(details.contract.multiplier).toBe(i.multiplier);
      expect(details.contractMonth).toBe(i.contractMonth);
      expect(details.contract.lastTradeDateOrContractMonth).toBe(i.lastTradeDate);
      expect(details.contract.lastTradeDateOrContractMonth).toMatch(/^\d{8}$/);
    }
    expect(eventArgs(d, 'contractDetailsEnd')).toEqual([4]);
  });

  it('market data: tickPrice, tickSize, tickString, marketDataType, tickReqParams, snapshot end', () => {
    const d = decode(
      sv,
      M.tickReqParams(3, 0.01, '9c0001', 3),
      M.marketDataType(3, 1),
      M.tickPrice(3, 1, 228.49, 300, 1),
      M.tickSize(3, 0, 300),
      M.tickPrice(3, 68, 228.5, 100, 0),
      M.tickString(3, 45, '1795600000'),
      M.tickSnapshotEnd(3),
    );
    expect(d.errors).toEqual([]);
    expect(eventArgs(d, 'tickReqParams')).toEqual([3, 0, '9c0001', 3]); // stoqey reads minTick as an int
    expect(eventArgs(d, 'marketDataType')).toEqual([3, 1]);
    expect(eventArgs(d, 'tickPrice')).toEqual([3, 1, 228.49, true]);
    expect(eventArgs(d, 'tickSize')).toEqual([3, 0, 300]);
    expect(eventArgs(d, 'tickPrice', 1)).toEqual([3, 68, 228.5, false]);
    expect(eventArgs(d, 'tickSize', 1)).toEqual([3, 71, 100]); // DELAYED_LAST_SIZE from the tickPrice
    expect(eventArgs(d, 'tickString')).toEqual([3, 45, '1795600000']);
    expect(eventArgs(d, 'tickSnapshotEnd')).toEqual([3]);
  });

  it('orderStatus', () => {
    const d = decode(
      sv,
      M.orderStatus(sv, {
        orderId: 5,
        status: 'Submitted',
        filled: 500,
        remaining: 700,
        avgFillPrice: 228.77,
        permId: 600745656,
        parentId: 0,
        lastFillPrice: 228.77,
        clientId: 100,
        whyHeld: '',
      }),
    );
    expect(d.errors).toEqual([]);
    expect(eventArgs(d, 'orderStatus')).toEqual([5, 'Submitted', 500, 700, 228.77, 600745656, 0, 228.77, 100, '', 0]);
  });

  it.each([
    ['MKT', {}],
    ['LMT', { orderType: 'LMT', lmtPrice: 228.5, tif: 'GTC' }],
    ['STP', { orderType: 'STP', auxPrice: 220 }],
    ['STP LMT', { orderType: 'STP LMT', auxPrice: 220, lmtPrice: 219.5 }],
    ['TRAIL amount', { orderType: 'TRAIL', auxPrice: 2.5, trailStopPrice: 226 }],
    ['TRAIL percent', { orderType: 'TRAIL', trailingPercent: 1.5, trailStopPrice: 225.1 }],
  ] as const)('openOrder %s', (_name, overrides) => {
    const d = decode(sv, M.openOrder(sv, baseOrder(overrides as Partial<M.OpenOrderView>)), M.openOrderEnd());
    expect(d.errors).toEqual([]);
    const [orderId, contract, order, state] = eventArgs(d, 'openOrder') as [number, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
    expect(orderId).toBe(5);
    expect(contract).toMatchObject({ conId: 265598, symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' });
    const o = { ...baseOrder(), ...overrides } as M.OpenOrderView;
    expect(order).toMatchObject({
      orderId: 5,
      action: 'BUY',
      totalQuantity: 100,
      orderType: o.orderType,
      tif: o.tif,
      account: 'DU1234567',
      orderRef: 'ref-1',
      clientId: 100,
      permId: 600745656,
      whatIf: false,
    });
    if (o.lmtPrice !== undefined) expect(order.lmtPrice).toBe(o.lmtPrice);
    if (o.auxPrice !== undefined) expect(order.auxPrice).toBe(o.auxPrice);
    if (o.trailingPercent !== undefined) expect(order.trailingPercent).toBe(o.trailingPercent);
    if (o.trailStopPrice !== undefined) expect(order.trailStopPrice).toBe(o.trailStopPrice);
    expect(state.status).toBe('PreSubmitted');
    expect(eventArgs(d, 'openOrderEnd')).toEqual([]);
  });

  it('what-if openOrder carries margin and commission in its order state', () => {
    const d = decode(
      sv,
      M.openOrder(
        sv,
        baseOrder({
          whatIf: true,
          state: {
            initMarginBefore: 0,
            maintMarginBefore: 0,
            equityWithLoanBefore: 1000000,
            initMarginChange: 5712.5,
            maintMarginChange: 5712.5,
            equityWithLoanChange: -1,
            initMarginAfter: 5712.5,
            maintMarginAfter: 5712.5,
            equityWithLoanAfter: 999999,
            commission: 1,
            commissionCurrency: 'USD',
            warningText: '',
          },
        }),
      ),
    );
    expect(d.errors).toEqual([]);
    const [, , order, state] = eventArgs(d, 'openOrder') as [number, unknown, Record<string, unknown>, Record<string, unknown>];
    expect(order.whatIf).toBe(true);
    expect(state).toMatchObject({
      initMarginChange: 5712.5,
      maintMarginAfter: 5712.5,
      equityWithLoanAfter: 999999,
      commission: 1,
      commissionCurrency: 'USD',
    });
  });

  it('execDetails, commissionReport and execDetailsEnd', () => {
    const d = decode(
      sv,
      M.execDetails(sv, {
        reqId: -1,
        orderId: 5,
        instrument: inst('AAPL'),
        execId: '0000e0d5.6745a001.01.01',
        time: '20261125  14:32:11',
        account: 'DU1234567',
        exchange: 'ISLAND',
        side: 'BOT',
        shares: 500,
        price: 228.77,
        permId: 600745656,
        clientId: 100,
        cumQty: 500,
        avgPrice: 228.77,
        orderRef: 'ref-1',
      }),
      M.commissionReport('0000e0d5.6745a001.01.01', 2.5, 'USD', undefined),
      M.commissionReport('0000e0d5.6745a001.02.01', 1, 'USD', 125.5),
      M.execDetailsEnd(8),
    );
    expect(d.errors).toEqual([]);
    const [reqId, contract, exec] = eventArgs(d, 'execDetails') as [number, Record<string, unknown>, Record<string, unknown>];
    expect(reqId).toBe(-1);
    expect(contract).toMatchObject({ conId: 265598, symbol: 'AAPL' });
    expect(exec).toMatchObject({
      orderId: 5,
      execId: '0000e0d5.6745a001.01.01',
      time: '20261125  14:32:11',
      acctNumber: 'DU1234567',
      side: 'BOT',
      shares: 500,
      price: 228.77,
      permId: 600745656,
      clientId: 100,
      cumQty: 500,
      avgPrice: 228.77,
      orderRef: 'ref-1',
    });
    expect(eventArgs(d, 'commissionReport')[0]).toMatchObject({ execId: '0000e0d5.6745a001.01.01', commission: 2.5, currency: 'USD', realizedPNL: undefined });
    expect(eventArgs(d, 'commissionReport', 1)[0]).toMatchObject({ realizedPNL: 125.5 });
    expect(eventArgs(d, 'execDetailsEnd')).toEqual([8]);
  });
});

describe('openOrder modelCode by server version, as IB decodes it', () => {
  it('from 103 (also below 145, where a message version is sent) it carries modelCode after the FA fields', () => {
    // ibapi/orderdecoder.py:132-141: faGroup, faMethod, faPercentage, faProfile (< 177), then modelCode when
    // serverVersion >= MIN_SERVER_VER_MODELS_SUPPORT (103). Nothing else changes between 102 and 103.
    const at = (sv: number) => M.openOrder(sv, baseOrder({ account: 'DU1234567' })).map(String);
    expect(at(103).length).toBe(at(102).length + 1);
    expect(at(144).length).toBe(at(143).length);
    const row = at(120);
    const fa = row.findIndex((f) => /\/DU1234567\//.test(f)) + 1; // after the deprecated sharesAllocation
    expect(fa).toBeGreaterThan(20);
    expect(row.slice(fa, fa + 5)).toEqual(['', '', '', '', '']); // faGroup, faMethod, faPercentage, faProfile, modelCode
    expect(row[fa + 5]).toBe(''); // goodTillDate
    expect(row[fa + 9]).toBe('0'); // shortSaleSlot: proves the count of fields before it
  });
});

describe('openOrder at 193 against the recorded Gateway capture', () => {
  it('has the 141 fields of the capture, with the same values for the same order', () => {
    const rows = readFileSync('/work/shared/reference/openorder-v193-fields.tsv', 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t'));
    const expected = rows.map((r) => JSON.parse(r[2] ?? '""') as string);
    const fields = M.openOrder(193, baseOrder({ orderRef: '' })).map((f) =>
      f === true ? '1' : f === false ? '0' : f === undefined || f === null ? '' : String(f),
    );
    expect(fields).toHaveLength(141);
    // The capture's lmt/aux "0.0" and sharesAllocation are reproduced literally; compare everything.
    expect(fields).toEqual(expected);
  });
});
