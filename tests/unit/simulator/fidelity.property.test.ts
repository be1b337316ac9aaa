/**
 * Property tests of the wire fidelity: for any order the app could build and any server version from 100
 * to 193, stoqey's encoder output parses back to the same order, and our openOrder / orderStatus /
 * execDetails decode without a single decoder complaint.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Order, SecType } from '@stoqey/ib';
import { OrderAction } from '@stoqey/ib';
import * as M from '../../../electron/simulator/messages.ts';
import { parsePlaceOrder } from '../../../electron/simulator/requests.ts';
import { UNIVERSE } from '../../../electron/simulator/universe.ts';
import { decode, encodeRequest } from './stoqey-codec.ts';

const version = fc.integer({ min: 100, max: 193 });
const price = fc.integer({ min: 1, max: 1_000_000 }).map((n) => n / 100);
const orderType = fc.constantFrom('MKT', 'LMT', 'STP', 'STP LMT', 'TRAIL');

const orderArb = fc.record({
  action: fc.constantFrom(OrderAction.BUY, OrderAction.SELL),
  totalQuantity: fc.integer({ min: 1, max: 100_000 }),
  orderType,
  lmtPrice: fc.option(price, { nil: undefined }),
  auxPrice: fc.option(price, { nil: undefined }),
  tif: fc.constantFrom('DAY', 'GTC'),
  transmit: fc.option(fc.boolean(), { nil: undefined }),
  whatIf: fc.option(fc.boolean(), { nil: undefined }),
  orderRef: fc.option(fc.stringMatching(/^[a-z0-9-]{0,12}$/), { nil: undefined }),
  outsideRth: fc.option(fc.boolean(), { nil: undefined }),
  algo: fc.boolean(),
  hedge: fc.boolean(),
  deltaNeutral: fc.boolean(),
});

describe('placeOrder round trip through the real encoder', () => {
  it('recovers every field the simulator uses, at any version', () => {
    fc.assert(
      fc.property(version, orderArb, fc.constantFrom(...UNIVERSE), (sv, o, instrument) => {
        const order: Order = {
          action: o.action,
          totalQuantity: o.totalQuantity,
          orderType: o.orderType as Order['orderType'],
          lmtPrice: o.lmtPrice,
          auxPrice: o.auxPrice,
          tif: o.tif,
          transmit: o.transmit,
          whatIf: o.whatIf,
          orderRef: o.orderRef,
          outsideRth: o.outsideRth,
          ...(o.algo ? { algoStrategy: 'Adaptive', algoParams: [{ tag: 'adaptivePriority', value: 'Normal' }] } : {}),
          ...(o.hedge ? { hedgeType: 'D', hedgeParam: '0.5' } : {}),
          ...(o.deltaNeutral ? { deltaNeutralOrderType: 'MKT' } : {}),
        };
        const contract = { symbol: instrument.symbol, secType: instrument.secType as SecType, exchange: instrument.exchange, currency: instrument.currency };
        const fields = encodeRequest(sv, (e) => e.placeOrder(42, contract, order));
        const req = parsePlaceOrder(sv, fields);
        expect(req).toMatchObject({
          orderId: 42,
          action: o.action,
          totalQuantity: o.totalQuantity,
          orderType: o.orderType,
          lmtPrice: o.lmtPrice,
          auxPrice: o.auxPrice,
          tif: o.tif,
          orderRef: o.orderRef ?? '',
          transmit: o.transmit ?? true,
          whatIf: o.whatIf ?? false,
          outsideRth: o.outsideRth ?? false,
        });
        expect(req.contract.symbol).toBe(instrument.symbol);
      }),
      { numRuns: 300 },
    );
  });
});

describe('outgoing order messages decode cleanly at any version', () => {
  it('openOrder, orderStatus and execDetails', () => {
    fc.assert(
      fc.property(
        // 103–144: stoqey reads openOrder's modelCode by the message version, IB by the server version;
        // the simulator follows IB there (tested against IB's field order in messages.test.ts).
        fc.oneof(fc.integer({ min: 100, max: 102 }), fc.integer({ min: 145, max: 193 })),
        fc.constantFrom(...UNIVERSE),
        orderType,
        fc.option(price, { nil: undefined }),
        fc.option(price, { nil: undefined }),
        fc.boolean(),
        fc.integer({ min: 1, max: 1_000_000 }),
        (sv, instrument, type, lmt, aux, whatIf, permId) => {
          const view: M.OpenOrderView = {
            orderId: 3,
            instrument,
            action: 'SELL',
            totalQuantity: 10,
            orderType: type,
            lmtPrice: lmt,
            auxPrice: aux,
            tif: 'GTC',
            ocaGroup: '',
            account: 'DU1234567',
            orderRef: '',
            clientId: 4,
            permId,
            outsideRth: false,
            parentId: 0,
            trailStopPrice: type === 'TRAIL' ? aux : undefined,
            trailingPercent: undefined,
            whatIf,
            status: whatIf ? 'PreSubmitted' : 'Submitted',
            filledQuantity: 0,
            state: whatIf ? { initMarginChange: 100, commission: 1, commissionCurrency: 'USD', warningText: '' } : { commissionCurrency: '', warningText: '' },
          };
          const d = decode(
            sv,
            M.openOrder(sv, view),
            M.orderStatus(sv, { orderId: 3, status: 'Submitted', filled: 0, remaining: 10, avgFillPrice: 0, permId, parentId: 0, lastFillPrice: 0, clientId: 4, whyHeld: '' }),
            M.execDetails(sv, {
              reqId: -1,
              orderId: 3,
              instrument,
              execId: 'x.1',
              time: '20261125  10:00:00',
              account: 'DU1234567',
              exchange: 'ISLAND',
              side: 'SLD',
              shares: 10,
              price: lmt ?? 1,
              permId,
              clientId: 4,
              cumQty: 10,
              avgPrice: lmt ?? 1,
              orderRef: '',
            }),
            M.contractData(sv, 1, instrument),
          );
          expect(d.errors).toEqual([]);
          expect(d.events.map((e) => e.name)).toEqual(['openOrder', 'orderStatus', 'execDetails', 'contractDetails']);
          const [, , order] = d.events[0]?.args as [number, unknown, { permId: number; orderType: string; whatIf: boolean }];
          expect(order).toMatchObject({ permId, orderType: type, whatIf });
        },
      ),
      { numRuns: 300 },
    );
  });
});
