import { afterEach, describe, expect, it } from 'vitest';
import { processHarness, type ProcessHarness } from '../../support/process-harness.ts';
import { until } from '../../support/until.ts';
import { runtimeOf } from '../../../electron/core/testing.ts';

/** A stop the user asked for is a stop, not a failure: core's status and alerts as the UI receives them. */
let x: ProcessHarness | null = null;
afterEach(async () => {
  await x?.close();
  x = null;
});

describe('stopping the Gateway on purpose', () => {
  it('reports "stopped by you" and raises no disconnect warning', async () => {
    x = await processHarness();
    const before = new Set((x.core.hub.get('alerts') ?? []).map((a) => a.id));
    const levels: string[] = [];
    const off = x.core.hub.subscribe('status', (s) => levels.push((s as { level: string }).level));
    await x.call('gateway.stop');
    // The broker's "lost" fires as the socket closes, around the stop; once the broker session has stopped
    // (it does when the supervisor says stopped) no "lost" can come, and the last status delivered is final.
    await until(() => runtimeOf(x!.core)?.broker.session.state.phase === 'stopped' && levels.at(-1) === 'stopped', {
      what: 'the broker session stopped and "stopped" delivered to the status subscriber',
      timeout: 15_000,
    });
    off();
    const status = x.core.hub.get('status')!;
    expect(status.level).toBe('stopped');
    expect(status.message).toBe('stopped by you');
    expect(levels).not.toContain('down');
    const fresh = (x.core.hub.get('alerts') ?? []).filter((a) => !before.has(a.id));
    expect(fresh.filter((a) => a.severity !== 'info')).toEqual([]);
  });

  it('still warns when the connection drops without being asked to', async () => {
    x = await processHarness();
    await x.sim.fault({ kind: 'dropSockets' });
    await until(() => (x!.core.hub.get('alerts') ?? []).some((a) => a.kind === 'disconnect' && a.severity === 'warn'), { what: 'the warning', timeout: 15_000 });
  });
});
