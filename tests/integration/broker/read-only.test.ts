/**
 * A Gateway whose API is read-only gives programs no order information: it answers reqAllOpenOrders with
 * 321 for id -1 and never an openOrderEnd (IB's docs as erdewit/ib_insync#8 quote them; ib_insync#1, #224;
 * ib_async/ib.py 2057-2063 skips the request when readonly). The broker must stop waiting and say why, and
 * never call the book reconciled with zero orders: there may be working orders the API cannot see.
 */
import { afterEach, expect, it } from 'vitest';
import { AppError } from '../../../electron/core/errors.ts';
import { brokerHarness, ticket, type Harness } from '../../support/broker-harness.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
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
