/**
 * reqCompletedOrders as a real Gateway answers it, through the real @stoqey/ib client over TCP: the day's
 * filled and cancelled orders as completedOrder rows (field order of ibapi/decoder.py
 * processCompletedOrderMsg), then completedOrdersEnd. The simulator used to send the End alone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OrderAction, OrderType, SecType } from '@stoqey/ib';
import type { Contract, Order, OrderState } from '@stoqey/ib';
import { startSimulator } from '../../../electron/simulator/server.ts';
import type { SimulatorHandle } from '../../../electron/simulator/server.ts';
import { RecordingClient } from './ib-client.ts';

const AAPL: Contract = { symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };

let sim: SimulatorHandle | undefined;
let client: RecordingClient | undefined;

afterEach(async () => {
  expect(client?.decodeErrors() ?? [], 'decoding errors (505) seen by the client').toEqual([]);
  client?.close();
  await sim?.close();
});

describe.each([176, 187, 193])('completed orders at server version %i', (sv) => {
  it("lists the day's filled and cancelled orders, not the working one, then End", async () => {
    sim = await startSimulator({ port: 0, tickIntervalMs: 0, seed: 9, maxServerVersion: sv, timeZone: 'America/New_York' });
    const c = (client = await RecordingClient.connect(sim.port, 3));
    c.ib.placeOrder(1, AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 10, transmit: true, orderRef: 'filled-one' });
    c.ib.placeOrder(2, AAPL, { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 100, totalQuantity: 5, transmit: true, orderRef: 'cancelled-one' });
    c.ib.placeOrder(3, AAPL, { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 101, totalQuantity: 7, transmit: true, orderRef: 'working-one' });
    await c.until(() => c.statuses(1).includes('Filled') && c.statuses(3).includes('Submitted') && c.statuses(2).includes('Submitted'), { what: 'orders placed' });
    c.ib.cancelOrder(2);
    await c.until(() => c.statuses(2).includes('Cancelled'), { what: 'order 2 cancelled' });

    c.ib.reqCompletedOrders(false);
    await c.next('completedOrdersEnd');
    const rows = c.all('completedOrder') as [Contract, Order, OrderState][];
    const byRef = Object.fromEntries(rows.map(([contract, order, state]) => [order.orderRef, { contract, order, state }]));
    expect(Object.keys(byRef).sort()).toEqual(['cancelled-one', 'filled-one']);

    const filled = byRef['filled-one']!;
    expect(filled.contract).toMatchObject({ conId: 265598, symbol: 'AAPL', secType: 'STK', currency: 'USD' });
    expect(filled.order).toMatchObject({ action: 'BUY', totalQuantity: 10, orderType: 'MKT', account: 'DU1234567', permId: sim.book().orders.find((o) => o.orderId === 1)?.permId });
    expect(Number(filled.order.filledQuantity)).toBe(10);
    expect(filled.state.status).toBe('Filled');
    expect(filled.state.completedStatus).toBe('Filled');
    expect(filled.state.completedTime).toMatch(/^\d{8} \d\d:\d\d:\d\d America\/New_York$/);

    const cancelled = byRef['cancelled-one']!;
    expect(cancelled.order).toMatchObject({ orderType: 'LMT', lmtPrice: 100, totalQuantity: 5 });
    expect(Number(cancelled.order.filledQuantity)).toBe(0);
    expect(cancelled.state.status).toBe('Cancelled');
  });
});
