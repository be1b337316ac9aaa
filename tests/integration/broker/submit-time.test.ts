/**
 * When an order was submitted (issue 17: the blotter's "submit time"). IB's openOrder and orderStatus carry
 * no submission time (ibapi/decoder.py processOpenOrder / processOrderStatusMsg; TWS shows its own), so the
 * time is the one Gatehouse saw: when it placed the order, or when the Gateway first reported one placed
 * while it was connected. An order already working when Gatehouse connected has no known submit time and
 * says so, rather than taking the connect time as its own.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Broker } from '../../../electron/core/broker/broker.ts';
import { systemClock, type Clock } from '../../../electron/core/util/clock.ts';
import { brokerHarness, ticket, type Harness } from '../../support/broker-harness.ts';
import { until } from '../../support/until.ts';

let h: Harness | null = null;
let other: Broker | null = null;
afterEach(async () => {
  other?.stop();
  other = null;
  await h?.close();
  h = null;
});

/** Real timers (the connection needs them), but a time the test sets. */
function setTime(start: number): Clock & { set(t: number): void } {
  let t = start;
  return { now: () => t, setTimeout: systemClock.setTimeout, clearTimeout: systemClock.clearTimeout, set: (v) => (t = v) };
}

const T1 = Date.UTC(2026, 11, 2, 15, 30, 0);

describe('submit time of an order', () => {
  it('is when Gatehouse placed it, and stays so while its status changes and across a dropped socket', async () => {
    const clock = setTime(T1);
    h = await brokerHarness({}, { clock });
    const id = h.broker.orders.place(ticket({ symbol: 'AAPL', side: 'BUY', quantity: '10', type: 'LMT', limitPrice: '1.00' }), null);
    await h.broker.orders.waitFor(id, (o) => o.status === 'Submitted');
    clock.set(T1 + 60_000);
    h.broker.orders.modify(id, ticket({ symbol: 'AAPL', side: 'BUY', quantity: '10', type: 'LMT', limitPrice: '1.10' }));
    await until(() => h!.broker.orders.get(id)?.limitPrice === '1.1', { what: 'modified' });
    const after = h.broker.orders.get(id)!;
    expect(after.updatedAt).toBe(T1 + 60_000);
    expect(after.submittedAt).toBe(T1);

    h.sim.fault({ kind: 'dropSockets' });
    await until(() => !h!.broker.orders.reconciled, { what: 'socket dropped' });
    await until(() => h!.broker.orders.reconciled, { what: 'reconciled again' });
    expect(h.broker.orders.get(id)!.submittedAt).toBe(T1);
  });

  it('is unknown for an order that was already working when Gatehouse connected, not the connect time', async () => {
    h = await brokerHarness({}, { clock: setTime(T1) });
    const id = h.broker.orders.place(ticket({ symbol: 'AAPL', side: 'BUY', quantity: '10', type: 'LMT', limitPrice: '1.00' }), null);
    await h.broker.orders.waitFor(id, (o) => o.status === 'Submitted');
    h.broker.stop();

    // Gatehouse restarted: a new broker on the same data folder reads the order at its reconcile.
    other = new Broker({ port: h.sim.port, clientId: 1, dataDir: h.dataDir, profileKey: 'test', probeIntervalMs: 60_000, clock: setTime(T1 + 3_600_000) });
    other.start();
    await until(() => other!.orders.reconciled && other!.orders.get(id) !== undefined, { what: 'the working order read at reconcile' });
    expect(other.orders.get(id)!.status).toBe('Submitted');
    expect(other.orders.get(id)!.submittedAt).toBeUndefined();
  });
});
