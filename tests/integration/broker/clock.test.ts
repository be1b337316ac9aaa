/**
 * The broker session's timers run on the injected clock: a Gateway that goes silent is found when the test
 * moves the clock past two probe intervals, and the reconnect waits out its backoff on the same clock.
 * Sockets are real (the simulator over TCP); only time is the test's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/core/util/clock.ts';
import { brokerHarness, type Harness } from '../../support/broker-harness.ts';
import { until } from '../../support/until.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('broker session on an injected clock', () => {
  it('finds a silent Gateway after two probe intervals of the test’s clock, then reconnects after the backoff', async () => {
    const clock = new ManualClock();
    h = await brokerHarness({}, { clock, probeIntervalMs: 5_000, backoffInitialMs: 2_000 });
    const lost: string[] = [];
    h.broker.on('lost', (why) => lost.push(why));
    expect(h.broker.session.state.connectedAt).toBe(clock.now());

    h.sim.fault({ kind: 'hang' });
    clock.advance(5_000); // the probe goes out and gets no answer
    expect(lost).toEqual([]);
    clock.advance(5_000); // still pending at the next interval: the Gateway is silent
    expect(lost).toEqual(['The Gateway stopped answering.']);
    expect(h.broker.session.connected).toBe(false);

    h.sim.fault({ kind: 'clear' });
    clock.advance(1_999);
    expect(h.broker.session.state.phase).toBe('reconnecting');
    expect(h.broker.session.state.attempts).toBe(1);
    clock.advance(1); // the backoff is over: a new attempt, answered by the Gateway over the socket
    await until(() => h!.broker.session.connected && h!.broker.orders.reconciled, { what: 'reconnected' });
    expect(h.broker.session.state.attempts).toBe(2);
  });
});
