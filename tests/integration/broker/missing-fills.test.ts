/**
 * An order the Gateway reports Filled whose execution report never reached us (IB delays execution reports
 * during a reset; the socket that would have carried it dropped): after the reconnect's reqExecutions the
 * trader gets a notice, and executions are asked for again on the injected clock until the fill arrives.
 * Before, the order sat at Filled with nothing in Fills and no word about it.
 */
import { afterEach, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/core/util/clock.ts';
import { brokerHarness, ticket, type Harness } from '../../support/broker-harness.ts';
import { until } from '../../support/until.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

it('Filled without its fill after a reconnect: a notice, then the fill once the Gateway has it', async () => {
  const clock = new ManualClock(Date.now());
  const lines: { level: string; text: string }[] = [];
  h = await brokerHarness({}, { clock, log: (level, text) => lines.push({ level, text }) });
  const broker = h.broker;

  h.sim.fault({ kind: 'executionsDelayed' });
  const id = broker.orders.takeId();
  broker.orders.place(ticket({ symbol: 'AAPL', side: 'BUY', quantity: '100', type: 'MKT' }), broker.account.primaryAccount(), id);
  await until(() => broker.orders.get(id)?.status === 'Filled', { what: 'order Filled' });
  expect(broker.orders.snapshot().fills).toEqual([]);

  // The socket drops (its held-back report with it) and the broker reconnects after its backoff.
  h.sim.fault({ kind: 'dropSockets' });
  await until(() => !broker.session.connected, { what: 'disconnected' });
  clock.advance(1_000);
  await until(() => broker.session.connected && broker.orders.reconciled, { what: 'reconnected and reconciled' });
  await until(() => lines.some((l) => l.text.includes(`Order ${id} (AAPL)`)), { what: 'a notice for the order' });
  expect(lines.find((l) => l.text.includes(`Order ${id}`))?.text).toBe(
    `Order ${id} (AAPL): IB reports 100 filled but only 0 arrived in Fills; asking the Gateway for its executions again.`,
  );
  expect(broker.orders.get(id)?.lastError).toMatch(/IB reports 100 filled but only 0 arrived in Fills/);

  // The Gateway's execution reports catch up; the next retry on the broker's clock brings the fill.
  h.sim.fault({ kind: 'clear' });
  clock.advance(5_000);
  await until(() => broker.orders.snapshot().fills.length === 1, { what: 'the fill' });
  expect(broker.orders.snapshot().fills[0]).toMatchObject({ orderId: id, symbol: 'AAPL', shares: '100' });
  await until(() => broker.orders.get(id)?.lastError === null, { what: 'the notice cleared' });
  expect(lines.at(-1)?.text).toBe(`Order ${id} (AAPL): its missing fills arrived.`);
});

it('no notice when every fill is known after a reconnect', async () => {
  const clock = new ManualClock(Date.now());
  const lines: string[] = [];
  h = await brokerHarness({}, { clock, log: (_l, text) => lines.push(text) });
  const id = h.broker.orders.takeId();
  h.broker.orders.place(ticket({ symbol: 'MSFT', side: 'BUY', quantity: '10', type: 'MKT' }), h.broker.account.primaryAccount(), id);
  await until(() => h!.broker.orders.snapshot().fills.length === 1 && h!.broker.orders.get(id)?.status === 'Filled', { what: 'filled with its fill' });
  h.sim.fault({ kind: 'dropSockets' });
  await until(() => !h!.broker.session.connected, { what: 'disconnected' });
  clock.advance(1_000);
  await until(() => h!.broker.session.connected && h!.broker.orders.reconciled, { what: 'reconciled' });
  expect(lines.filter((t) => t.includes('arrived in Fills'))).toEqual([]);
  expect(h.broker.orders.get(id)?.lastError).toBeNull();
});
