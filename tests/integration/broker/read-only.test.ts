/**
 * A Gateway whose API is read-only gives programs no order information: it answers reqAllOpenOrders with
 * 321 for id -1 and never an openOrderEnd (IB's docs as erdewit/ib_insync#8 quote them; ib_insync#1, #224;
 * ib_async/ib.py 2057-2063 skips the request when readonly). The broker must stop waiting and say why, and
 * never call the book reconciled with zero orders: there may be working orders the API cannot see.
 */
import { afterEach, expect, it } from 'vitest';
import { AppError } from '../../../electron/core/errors.ts';
import { startSimulator, type SimulatorHandle } from '../../../electron/simulator/server.ts';
import { brokerHarness, ticket, type Harness } from '../../support/broker-harness.ts';
import { until } from '../../support/until.ts';

let h: Harness | null = null;
const extraSims: SimulatorHandle[] = [];
afterEach(async () => {
  await h?.close();
  h = null;
  await Promise.all(extraSims.splice(0).map((s) => s.close()));
});

it('a read-only Gateway: the orders book says it cannot be read, is never reconciled, and nothing can be sent', async () => {
  h = await brokerHarness({ readOnlyApi: true });
  const book = h.broker.orders.snapshot();
  expect(book.unreadable).toBe('read-only');
  expect(book.reconciled).toBe(false);
  expect(h.broker.orders.reconciled).toBe(false);

  let refused: unknown;
  try {
    h.broker.orders.place(ticket({ symbol: 'AAPL', side: 'BUY', quantity: '1', type: 'MKT' }), null);
  } catch (err) {
    refused = err;
  }
  expect(refused).toBeInstanceOf(AppError);
  expect(refused).toMatchObject({ code: 'READ_ONLY' });
  expect((refused as AppError).message).toMatch(/read-only/i);
  expect((refused as AppError).message).not.toMatch(/reconcil/i);
  expect(h.sim.book().orders).toEqual([]);
});

it('a Gateway that is not read-only: reconciled, no reason given', async () => {
  h = await brokerHarness({ readOnlyApi: false });
  expect(h.broker.orders.reconciled).toBe(true);
  expect(h.broker.orders.snapshot().unreadable).toBeUndefined();
});

it('orders seen before the Gateway came back read-only are not shown as still known to be working', async () => {
  h = await brokerHarness();
  const { broker } = h;
  const id = broker.orders.place(ticket({ symbol: 'AAPL', side: 'BUY', quantity: '1', type: 'LMT', limitPrice: '1.00' }), null);
  await broker.orders.waitFor(id, (o) => o.status === 'Submitted');

  // The Gateway restarts with Read-Only API on (same port): its orders can no longer be read.
  const port = h.sim.port;
  await h.sim.pause();
  const readOnly = await startSimulator({ port, seed: 7, tickIntervalMs: 0, readOnlyApi: true });
  extraSims.push(readOnly);
  await until(() => broker.orders.snapshot().unreadable === 'read-only', { what: 'unreadable after the read-only restart' });

  const o = broker.orders.snapshot().open.find((x) => x.orderId === id)!;
  expect(o.lastError).toMatch(/read-only/i);
  expect(o.lastError).toMatch(/last known/i);
  expect(broker.orders.reconciled).toBe(false);

  // Restarted read-write (the first Gateway, its book intact): reconciled, and the note is gone.
  await readOnly.close();
  await h.sim.resume();
  await until(() => broker.orders.reconciled, { what: 'reconciled after the read-write restart' });
  expect(broker.orders.snapshot().unreadable).toBeUndefined();
  expect(broker.orders.get(id)).toMatchObject({ status: 'Submitted', lastError: null });
});
