import { describe, expect, it } from 'vitest';
import { OrderAction, OrderType, SecType } from '@stoqey/ib';
import type { Contract, Order } from '@stoqey/ib';
import {
  FieldReader,
  RequestError,
  parseCancelOrder,
  parseContractDetailsRequest,
  parseExecutionsRequest,
  parseMktDataRequest,
  parsePlaceOrder,
} from '../../../electron/simulator/requests.ts';
import { encodeRequest } from './stoqey-codec.ts';

const VERSIONS = [176, 187, 193] as const;
const AAPL: Contract = { symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };

describe.each(VERSIONS)('requests encoded by @stoqey/ib at server version %i', (sv) => {
  const place = (order: Order, contract: Contract = AAPL, id = 7) =>
    parsePlaceOrder(sv, encodeRequest(sv, (e) => e.placeOrder(id, contract, order)));

  it('plain MKT order: transmit unset ("" from stoqey) is read as transmit=true', () => {
    const fields = encodeRequest(sv, (e) => e.placeOrder(7, AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 100 }));
    if (sv === 193) expect(fields).toHaveLength(118);
    const req = parsePlaceOrder(sv, fields);
    expect(req).toMatchObject({
      orderId: 7,
      action: 'BUY',
      totalQuantity: 100,
      orderType: 'MKT',
      lmtPrice: undefined,
      auxPrice: undefined,
      tif: 'DAY',
      transmit: true,
      whatIf: false,
    });
    expect(req.contract).toMatchObject({ symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD' });
  });

  it('explicit transmit=false holds the order', () => {
    expect(place({ action: OrderAction.SELL, orderType: OrderType.LMT, lmtPrice: 230, totalQuantity: 5, transmit: false }).transmit).toBe(false);
  });

  it('LMT GTC with account and orderRef', () => {
    const req = place({
      action: OrderAction.SELL,
      orderType: OrderType.LMT,
      lmtPrice: 231.25,
      totalQuantity: 12,
      tif: 'GTC',
      account: 'DU1234567',
      orderRef: 'gh-1',
      outsideRth: true,
    });
    expect(req).toMatchObject({ action: 'SELL', orderType: 'LMT', lmtPrice: 231.25, tif: 'GTC', account: 'DU1234567', orderRef: 'gh-1', outsideRth: true });
  });

  it('STP LMT carries both prices', () => {
    expect(place({ action: OrderAction.BUY, orderType: OrderType.STP_LMT, auxPrice: 235, lmtPrice: 235.5, totalQuantity: 1 })).toMatchObject({
      orderType: 'STP LMT',
      auxPrice: 235,
      lmtPrice: 235.5,
    });
  });

  it('TRAIL by amount and by percent', () => {
    expect(place({ action: OrderAction.SELL, orderType: OrderType.TRAIL, auxPrice: 2, totalQuantity: 1 })).toMatchObject({
      orderType: 'TRAIL',
      auxPrice: 2,
      trailingPercent: undefined,
    });
    expect(place({ action: OrderAction.SELL, orderType: OrderType.TRAIL, trailingPercent: 1.5, trailStopPrice: 220, totalQuantity: 1 })).toMatchObject({
      trailingPercent: 1.5,
      trailStopPrice: 220,
    });
  });

  it('what-if survives the variable-length sections before it (algo params, hedge, delta neutral)', () => {
    const req = place({
      action: OrderAction.BUY,
      orderType: OrderType.LMT,
      lmtPrice: 100,
      totalQuantity: 3,
      whatIf: true,
      algoStrategy: 'Adaptive',
      algoParams: [{ tag: 'adaptivePriority', value: 'Normal' }],
      hedgeType: 'D',
      hedgeParam: '0.5',
      deltaNeutralOrderType: 'MKT',
    });
    expect(req.whatIf).toBe(true);
    expect(req.lmtPrice).toBe(100);
  });

  it('future and forex contracts', () => {
    expect(place({ action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1 }, { symbol: 'ES', secType: SecType.FUT, exchange: 'CME', currency: 'USD', lastTradeDateOrContractMonth: '202612' }).contract).toMatchObject({
      symbol: 'ES',
      secType: 'FUT',
      lastTradeDateOrContractMonth: '202612',
    });
    expect(place({ action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 20000 }, { symbol: 'EUR', secType: SecType.CASH, exchange: 'IDEALPRO', currency: 'USD' }).contract).toMatchObject({
      symbol: 'EUR',
      secType: 'CASH',
    });
  });

  it('cancelOrder', () => {
    expect(parseCancelOrder(sv, encodeRequest(sv, (e) => e.cancelOrder(12, {})))).toEqual({ orderId: 12 });
  });

  it('reqContractDetails', () => {
    const parsed = parseContractDetailsRequest(encodeRequest(sv, (e) => e.reqContractDetails(4, { symbol: 'NVDA', secType: SecType.STK, exchange: 'SMART', currency: 'USD' })));
    expect(parsed.reqId).toBe(4);
    expect(parsed.contract).toMatchObject({ symbol: 'NVDA', secType: 'STK', currency: 'USD' });
  });

  it('reqMktData with snapshot', () => {
    const parsed = parseMktDataRequest(encodeRequest(sv, (e) => e.reqMktData(3, AAPL, '233', true, false)));
    expect(parsed).toMatchObject({ reqId: 3, genericTickList: '233', snapshot: true });
    expect(parsed.contract.symbol).toBe('AAPL');
  });

  it('reqExecutions with a filter', () => {
    const parsed = parseExecutionsRequest(encodeRequest(sv, (e) => e.reqExecutions(8, { clientId: '3', acctCode: 'DU1234567', symbol: 'AAPL', side: 'BUY' })));
    expect(parsed).toEqual({ reqId: 8, clientId: 3, acctCode: 'DU1234567', symbol: 'AAPL', secType: '', side: 'BUY' });
  });
});

describe('FieldReader', () => {
  it('throws RequestError on a short request and on non-numbers', () => {
    expect(() => new FieldReader(['3']).int() && new FieldReader([]).str()).toThrow(RequestError);
    expect(() => new FieldReader(['abc']).int()).toThrow(RequestError);
    expect(() => parsePlaceOrder(193, ['3', '1', '0', 'AAPL'])).toThrow(RequestError);
  });

  it('reads Double.MAX_VALUE and "" as unset', () => {
    const r = new FieldReader(['', '1.7976931348623157E308', '2.5']);
    expect([r.optDbl(), r.optDbl(), r.optDbl()]).toEqual([undefined, undefined, 2.5]);
  });
});
