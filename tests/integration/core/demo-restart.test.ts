import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core, type CoreOptions } from '../../../electron/core/app.ts';
import { DEMO_POSITIONS } from '../../../electron/core/demo.ts';
import { contractClient } from '../../support/contract-client.ts';
import { demoCoreOptions, demoHarness, type DemoHarness } from '../../support/demo-harness.ts';
import { until } from '../../support/until.ts';
import { tempDir } from '../../support/temp-dir.ts';

/**
 * Demo mode across restarts of Gatehouse itself: same data folder, a new process's memory (browser mode
 * keeps passwords in memory only), the simulated Gateway a real child process started by the supervisor.
 */
const cores: Core[] = [];
let harness: DemoHarness | null = null;
afterEach(async () => {
  for (const c of cores.splice(0)) await c.dispose({ stopGateway: true });
  await harness?.close();
  harness = null;
});

const options = demoCoreOptions;

async function open(dataDir: string, extra: Partial<CoreOptions> = {}) {
  const core = await createCore(options(dataDir, extra));
  cores.push(core);
  return core;
}

const connected = (core: Core) => core.hub.get('status')?.level === 'connected';
const positions = (core: Core) => core.hub.get('account')?.positions.length ?? 0;
/** The demo's starting book has arrived in full. */
const allPositions = (core: Core) => positions(core) >= DEMO_POSITIONS.length;
const timelineText = (core: Core) => (core.hub.get('timeline') ?? []).map((e) => e.reason).join('\n');

describe('demo mode after a restart of Gatehouse', () => {
  it('starts again by itself, logs in without any stored password, and shows its positions', { timeout: 90_000 }, async () => {
    const dataDir = tempDir('gh-demo-restart-');
    const first = await open(dataDir, { autoDemo: true });
    await until(() => connected(first) && allPositions(first), { what: 'the first run connected with positions', timeout: 30_000 });
    const before = first.hub.get('account')!.positions.map((p) => `${p.symbol} ${p.quantity}`).sort();
    cores.splice(cores.indexOf(first), 1);
    await first.dispose();

    // The same folder, a new process: nothing in memory, the demo profile on disk.
    const second = await open(dataDir, { autoDemo: true });
    await until(() => connected(second) && allPositions(second), { what: 'the second run connected with positions', timeout: 30_000 });
    expect(timelineText(second)).not.toMatch(/bad credentials|login failed/i);
    // Once its orders are reconciled the demo takes orders, and the status (the bar's "Orders enabled") says so.
    await until(() => second.hub.get('status')?.orders.enabled === true, { what: 'orders enabled', timeout: 15_000 });
    expect(second.hub.get('account')!.positions.map((p) => `${p.symbol} ${p.quantity}`).sort()).toEqual(before);
  });

  it('"Try demo mode" from a reopened wizard works after a restart', { timeout: 90_000 }, async () => {
    const dataDir = tempDir('gh-demo-restart-');
    const first = await open(dataDir, { autoDemo: true });
    await until(() => connected(first), { what: 'the first run connected', timeout: 30_000 });
    await contractClient(first).call('gateway.stop');
    cores.splice(cores.indexOf(first), 1);
    await first.dispose();

    const second = await open(dataDir);
    const { call } = contractClient(second);
    await call('wizard.useDemo');
    await call('gateway.start');
    await until(() => connected(second), { what: 'connected after Try demo mode', timeout: 30_000 });
    expect(timelineText(second)).not.toMatch(/bad credentials/i);
  });
});

describe('a start that fails', () => {
  it('is reported as a failure with the reason, never as "start requested"', async () => {
    harness = await demoHarness();
    // IB will not accept this profile's password.
    harness.sim({ users: { [harness.profile.username]: 'something-else' } });
    const error = await harness.fail('gateway.start');
    expect(error.message).toMatch(/^The Gateway did not start: login failed/);
    expect(error.hint).toMatch(/username and password/);
  });
});
