/**
 * A Gateway that comes back is found soon, on the broker's own retries (no supervisor telling it the port
 * is up: an attached Gateway restarted by someone else, or IB's nightly restart seen only as a dropped
 * socket). A refused connect on the local port costs nothing, so the retries stay close together: the
 * first after a quarter second, never more than 5 s apart. They doubled to 30 s before, so a Gateway that
 * came back after a minute waited up to half a minute for Gatehouse. Engine clock; real sockets.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Broker } from '../../../electron/core/broker/broker.ts';
import { ManualClock } from '../../../electron/core/util/clock.ts';
import { startSimulator, type SimulatorHandle } from '../../../electron/simulator/server.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { until } from '../../support/until.ts';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

let broker: Broker | null = null;
let sim: SimulatorHandle | null = null;
afterEach(async () => {
  broker?.stop();
  await sim?.close();
  broker = null;
  sim = null;
});

describe('broker retries on its own', () => {
  it('connects within 5 s of engine time after a Gateway port that refused for a minute opens', async () => {
    const port = await freePort();
    const clock = new ManualClock();
    // The product's defaults: no backoff options passed.
    const b = (broker = new Broker({ port, clientId: 9, dataDir: tempDir(), profileKey: 'retry', clock }));
    // A refusal is the state update that schedules the next try: it sets lastError, the attempt count stays.
    let failures = 0;
    let attempts = 0;
    b.session.on('state', (s) => {
      if (s.attempts === attempts && s.phase !== 'connected' && s.lastError) failures++;
      attempts = s.attempts;
    });
    b.start();
    const step = async () => {
      const started = b.session.state.attempts;
      clock.advance(50);
      // An attempt that started refuses over a real socket: wait for that before moving time on.
      if (b.session.state.attempts > started) await until(() => failures >= b.session.state.attempts || b.session.connected, { what: 'attempt answered' });
    };
    await until(() => failures >= 1, { what: 'first refusal' });
    const startedAt = clock.now();
    while (clock.now() - startedAt < 62_000) await step();

    sim = await startSimulator({ port, tickIntervalMs: 0 });
    const openedAt = clock.now();
    while (!b.session.connected && clock.now() - openedAt < 40_000) await step();
    expect(b.session.connected).toBe(true);
    expect(clock.now() - openedAt).toBeLessThanOrEqual(5_050);
  });
});
