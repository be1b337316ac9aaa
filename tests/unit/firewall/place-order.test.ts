/**
 * The firewall's placeOrder decoder against frames produced by @stoqey/ib's real Encoder at each version
 * the firewall negotiates: every field the risk gate reads comes out as the client set it, and frames
 * that are not a whole placeOrder at that version are refused.
 */
import { describe, expect, it } from 'vitest';
import type { Contract, Order } from '@stoqey/ib';
import { OrderAction, OrderType, SecType, TimeInForce } from '@stoqey/ib';
import { decodePlaceOrder, UndecodableOrder } from '../../../electron/core/firewall/place-order.ts';
import { encodeRequest } from '../simulator/stoqey-codec.ts';

const VERSIONS = [176, 187, 193, 150, 100];
const aapl: Contract = { symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };

function frame(sv: number, id: number, contract: Contract, order: Order): string[] {
  return encodeRequest(sv, (e) => e.placeOrder(id, contract, order));
}

describe.each(VERSIONS)('placeOrder at server version %i', (sv) => {
  it('reads a limit order field by field', () => {
    const order = decodePlaceOrder(
      sv,
      frame(sv, 42, { ...aapl, conId: 265598, primaryExch: 'NASDAQ', localSymbol: 'AAPL' }, {
        action: OrderAction.BUY,
        totalQuantity: 150,
        orderType: OrderType.LMT,
        lmtPrice: 187.25,
        tif: TimeInForce.GTC,
        account: 'DU1234567',
        orderRef: 'strategy-7',
        outsideRth: true,
        transmit: true,
      }),
    );
    expect(order.orderId).toBe(42);
    expect(order.contract).toMatchObject({
      conId: '265598',
      symbol: 'AAPL',
      secType: 'STK',
      exchange: 'SMART',
      primaryExch: 'NASDAQ',
      currency: 'USD',
      localSymbol: 'AAPL',
    });
    expect(order).toMatchObject({
      action: 'BUY',
      totalQuantity: '150',
      orderType: 'LMT',
      lmtPrice: '187.25',
      auxPrice: null,
      tif: 'GTC',
      account: 'DU1234567',
      orderRef: 'strategy-7',
      outsideRth: true,
      transmit: true,
      parentId: 0,
      whatIf: false,
      conditions: 0,
    });
  });

  it('reads a fractional stop-limit, an unset transmit as transmit, and the bracket fields', () => {
    const child = decodePlaceOrder(
      sv,
      frame(sv, 8, aapl, {
        action: OrderAction.SELL,
        totalQuantity: 2.5,
        orderType: OrderType.STP_LMT,
        lmtPrice: 179.5,
        auxPrice: 180,
        parentId: 7,
        ocaGroup: 'exit-7',
      }),
    );
    expect(child).toMatchObject({
      orderId: 8,
      action: 'SELL',
      totalQuantity: sv >= 101 ? '2.5' : '3', // stoqey rounds below FRACTIONAL_POSITIONS (encoder.js:771-776)
      orderType: 'STP LMT',
      lmtPrice: '179.5',
      auxPrice: '180',
      parentId: 7,
      ocaGroup: 'exit-7',
      transmit: true,
    });
    const held = decodePlaceOrder(sv, frame(sv, 7, aapl, { action: OrderAction.BUY, totalQuantity: 1, orderType: OrderType.MKT, transmit: false }));
    expect(held.transmit).toBe(false);
  });

  it("reads a future's contract month and a GTD order's goodTillDate as the program wrote them", () => {
    const order = decodePlaceOrder(
      sv,
      frame(sv, 12, { symbol: 'ES', secType: SecType.FUT, exchange: 'CME', currency: 'USD', lastTradeDateOrContractMonth: '202612', multiplier: 50, tradingClass: 'ES' }, {
        action: OrderAction.SELL,
        totalQuantity: 1,
        orderType: OrderType.LMT,
        lmtPrice: 6000.25,
        tif: TimeInForce.GTD,
        goodAfterTime: '20261201-14:30:00',
        goodTillDate: '20261218 16:00:00 America/Chicago',
      }),
    );
    expect(order.contract).toMatchObject({ symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: '202612', multiplier: '50', tradingClass: 'ES' });
    expect(order).toMatchObject({ tif: 'GTD', goodTillDate: '20261218 16:00:00 America/Chicago', lmtPrice: '6000.25' });
  });

  it('reads past algo params, a hedge, scale fields and (from 102) conditions to the last field', () => {
    const order = decodePlaceOrder(
      sv,
      frame(sv, 9, aapl, {
        action: OrderAction.BUY,
        totalQuantity: 10,
        orderType: OrderType.TRAIL,
        auxPrice: 1.5,
        trailStopPrice: 170,
        algoStrategy: 'Adaptive',
        algoParams: [{ tag: 'adaptivePriority', value: 'Normal' }],
        hedgeType: 'D',
        hedgeParam: '0.5',
        scalePriceIncrement: 0.1,
        scaleInitLevelSize: 5,
        scaleSubsLevelSize: 5,
        conditions: [
          { type: 1, conjunctionConnection: 'a', isMore: true, strValue: '200', conId: 265598, exchange: 'SMART', triggerMethod: 0 },
          { type: 3, conjunctionConnection: 'o', isMore: false, strValue: '20261201 15:00:00' },
        ] as unknown as Order['conditions'],
        conditionsIgnoreRth: true,
        conditionsCancelOrder: false,
      }),
    );
    expect(order).toMatchObject({ orderType: 'TRAIL', auxPrice: '1.5', trailStopPrice: '170', algoStrategy: 'Adaptive', hedgeType: 'D', scaled: true });
    expect(order.conditions).toBe(sv >= 102 ? 2 : 0);
  });

  it('reads a combo (BAG) order with its legs', () => {
    const order = decodePlaceOrder(
      sv,
      frame(
        sv,
        11,
        {
          symbol: 'SPY',
          secType: SecType.BAG,
          exchange: 'SMART',
          currency: 'USD',
          comboLegs: [
            { conId: 1, ratio: 1, action: OrderAction.BUY, exchange: 'SMART' },
            { conId: 2, ratio: 1, action: OrderAction.SELL, exchange: 'SMART' },
          ],
        },
        { action: OrderAction.BUY, totalQuantity: 1, orderType: OrderType.LMT, lmtPrice: 1, orderComboLegs: [{ price: 1 }] },
      ),
    );
    expect(order.contract).toMatchObject({ secType: 'BAG', comboLegs: 2 });
    expect(order.lmtPrice).toBe('1');
  });

  it('refuses a frame cut short, one with a field too many, and garbage where numbers belong', () => {
    const good = frame(sv, 5, aapl, { action: OrderAction.BUY, totalQuantity: 1, orderType: OrderType.MKT });
    expect(() => decodePlaceOrder(sv, good.slice(0, -1))).toThrow(UndecodableOrder);
    expect(() => decodePlaceOrder(sv, [...good, ''])).toThrow(/more than this version defines/);
    const badId = [...good];
    badId[sv < 145 ? 2 : 1] = 'five';
    expect(() => decodePlaceOrder(sv, badId)).toThrow(/order id/);
    expect(() => decodePlaceOrder(sv, good.slice(0, 10))).toThrow(/ends before/);
  });
});

it('a frame encoded for one version is not read as another (the negotiated version decides)', () => {
  const at193 = frame(193, 5, aapl, { action: OrderAction.BUY, totalQuantity: 1, orderType: OrderType.MKT });
  expect(() => decodePlaceOrder(176, at193)).toThrow(UndecodableOrder);
  expect(() => decodePlaceOrder(150, at193)).toThrow(UndecodableOrder);
});
