/**
 * Futures through core's broker against the simulator over TCP: the expiries a real Gateway lists for
 * `ES FUT CME` come back front month first with months past on the injected clock left out; a future
 * without an expiry is never resolved by taking the first contract-details row, it is a clear question.
 */
import { afterEach, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/core/util/clock.ts';
import { AppError } from '../../../electron/core/errors.ts';
import { quarterlyExpiries } from '../../../electron/simulator/universe.ts';
import { brokerHarness, ticket, type Harness } from '../../support/broker-harness.ts';
import { until } from '../../support/until.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const ES = { symbol: 'ES', exchange: 'CME', currency: 'USD' };

it('lists every listed ES expiry, front month first, none expired', async () => {
  h = await brokerHarness();
  const listed = quarterlyExpiries(Date.now(), 5);
  const expiries = await h.broker.contracts.expiries(ES);
  expect(expiries.map((e) => e.lastTradeDateOrContractMonth)).toEqual(listed);
  expect(expiries[0]).toMatchObject({ multiplier: 50, label: expect.stringMatching(/^(Mar|Jun|Sep|Dec) 20\d\d$/) });
});

it('leaves out a month whose last trade date is past on the injected clock', async () => {
  const listed = quarterlyExpiries(Date.now(), 5);
  // The broker's clock is the day after the Gateway's front month expired (a Gateway that has not yet
  // dropped it from its list, or a clock a trader's machine reads later than the Gateway's).
  const dayAfter = Date.UTC(Number(listed[0]!.slice(0, 4)), Number(listed[0]!.slice(4, 6)) - 1, Number(listed[0]!.slice(6, 8)) + 1, 12);
  h = await brokerHarness({}, { clock: new ManualClock(dayAfter) });
  const expiries = await h.broker.contracts.expiries(ES);
  expect(expiries.map((e) => e.lastTradeDateOrContractMonth)).toEqual(listed.slice(1));
});

it('a future without an expiry is a question ("choose one"), not the first row nor "No security definition"', async () => {
  h = await brokerHarness();
  const err = await h.broker.contracts.lookup({ ...ES, secType: 'FUT' }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).message).toBe('ES on CME has several expiries: choose one.');
  expect((err as AppError).fields).toEqual({ lastTradeDateOrContractMonth: 'choose an expiry' });

  const second = quarterlyExpiries(Date.now(), 2)[1]!;
  const info = await h.broker.contracts.lookup({ ...ES, secType: 'FUT', lastTradeDateOrContractMonth: second.slice(0, 6) });
  expect(info).toMatchObject({ symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: second, multiplier: 50 });
});

it('market data for ES without an expiry says to choose one; with one it streams that month', async () => {
  h = await brokerHarness({ tickIntervalMs: 20 });
  h.broker.market.watch({ ...ES, secType: 'FUT' });
  await until(() => h!.broker.market.problem('ES') !== null, { what: 'a problem for ES' });
  expect(h.broker.market.problem('ES')).toBe('ES on CME has several expiries: choose one.');
  const [front] = quarterlyExpiries(Date.now(), 1);
  h.broker.market.watch({ ...ES, secType: 'FUT', lastTradeDateOrContractMonth: front });
  // The month's own line (contract/keys.ts instrumentId); the bare root's question is gone with it.
  await until(() => h!.broker.market.lastPrice(`ES ${front}`) !== null, { what: 'an ES price' });
  expect(h.broker.market.problem('ES')).toBeNull();
  expect(Object.keys(h.broker.market.views())).toEqual([`ES ${front}`]);
});

it('an order for a chosen month reaches the Gateway for that month', async () => {
  h = await brokerHarness();
  const second = quarterlyExpiries(Date.now(), 2)[1]!;
  const t = ticket({ symbol: 'ES', secType: 'FUT', exchange: 'CME', side: 'BUY', quantity: '1', type: 'MKT', lastTradeDateOrContractMonth: second });
  const id = h.broker.orders.takeId();
  h.broker.orders.place(t, h.broker.account.primaryAccount(), id);
  await until(() => h!.broker.orders.get(id)?.status === 'Filled', { what: 'ES order filled' });
  const pos = h.sim.book().positions.find((p) => p.symbol.startsWith('ES'));
  expect(pos?.conId).toBe(495_000_000 + Number(second.slice(0, 6)));
});
