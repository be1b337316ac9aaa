/**
 * Failures core survives must still be said where the trader can read them (the Logs screen, fed by
 * `gateway.logs` and the `logs` stream), not only on a stderr nobody sees in a packaged app.
 */
import { describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/app.ts';
import { Broker } from '../../../electron/core/broker/broker.ts';
import type { LogLine } from '../../../electron/core/contract.ts';
import { GatewayLogs } from '../../../electron/core/gateway/logs.ts';
import { StreamHub } from '../../../electron/core/rpc.ts';
import { tempDir } from '../../support/temp-dir.ts';

async function logLines(core: Core): Promise<LogLine[]> {
  const r = await core.dispatcher.dispatch('gateway.logs', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** Lets queued microtasks and same-turn deliveries (setImmediate) run. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('a stream subscriber that throws', () => {
  it('shows a line in the user-visible log, and the other subscribers still get the value', async () => {
    const dataDir = tempDir();
    const core = await createCore({ dataDir, shell: 'web', version: '0.0.0-test', discovery: { home: dataDir, standardRoots: false } });
    try {
      const seen: unknown[] = [];
      core.hub.subscribe('alerts', () => {
        throw new Error('renderer bridge closed');
      });
      core.hub.subscribe('alerts', (a) => seen.push(a));
      await nextTurn();
      // A changed list (an unchanged one is not delivered at all).
      core.hub.publish('alerts', [{ id: 'a1', time: 1, kind: 'info', severity: 'info', title: 'Test', body: 'one' }]);
      await nextTurn();
      await nextTurn();

      expect(seen.length).toBeGreaterThanOrEqual(2);
      const errors = (await logLines(core)).filter((l) => l.level === 'error').map((l) => l.text);
      expect(errors).toContain('Internal error: a listener for the alerts stream failed (renderer bridge closed); the other listeners still ran.');
      // Said once, not once per delivery: a subscriber that always fails must not flood the log.
      expect(errors.filter((t) => t.includes('renderer bridge closed'))).toHaveLength(1);
    } finally {
      await core.dispose();
    }
  });

  it('a snapshot that fails the contract is dropped and the log says which view stayed on old data', async () => {
    const lines: string[] = [];
    const hub = new StreamHub({ report: (t) => lines.push(t) });
    const got: unknown[] = [];
    hub.subscribe('apiClients', (v) => got.push(v));
    hub.publish('apiClients', { port: 'not a number' } as never);
    await nextTurn();
    await nextTurn();
    hub.dispose();
    expect(got).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Internal error: the apiClients view was not updated, its data failed the contract check \(.+\); the screen keeps the last good data\.$/);
  });
});

describe('an event listener inside the broker that throws', () => {
  it('is said in the broker log, and the other listeners still run', () => {
    const lines: { level: string; text: string }[] = [];
    const broker = new Broker({
      port: 1,
      clientId: 1,
      dataDir: tempDir(),
      profileKey: 'test-paper',
      log: (level, text) => lines.push({ level, text }),
    });
    let second = 0;
    broker.orders.on('change', () => {
      throw new Error('desk not ready');
    });
    broker.orders.on('change', () => second++);
    broker.orders.emit('change');

    expect(second).toBe(1);
    expect(lines).toContainEqual({
      level: 'error',
      text: "Internal error: a listener for orders 'change' failed (desk not ready); the other listeners still ran.",
    });
  });
});

describe('the log file failing to write', () => {
  it('keeps every line on the Logs screen and says once that the file is behind', () => {
    let full = true;
    const logs = new GatewayLogs({
      sinks: [
        {
          write: () => {
            if (full) throw new Error('ENOSPC: no space left on device');
          },
        },
      ],
    });
    logs.supervisor('Gateway started');
    logs.supervisor('API port open');
    expect(logs.query().map((l) => `${l.level} ${l.text}`)).toEqual([
      'info Gateway started',
      'warn Log file not written (ENOSPC: no space left on device): new lines are kept in memory only until it works again.',
      'info API port open',
    ]);
    full = false;
    logs.supervisor('written again');
    full = true;
    logs.supervisor('full again');
    expect(logs.query({ filter: 'level:warn' })).toHaveLength(2);
  });
});
