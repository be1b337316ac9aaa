/**
 * The process faults of the matrix, against the full core with the simulated Gateway as a real child
 * process (demo mode): crash, crash loop, slow login, bad credentials, 2FA timeout, port taken.
 */
import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { controlRequest, readControlFile, type ControlTarget } from '../../electron/simulator/control-client.ts';
import { demoHarness, type DemoHarness } from '../support/demo-harness.ts';
import { runtimeOf } from '../../electron/core/testing.ts';
import { until } from '../support/until.ts';

let h: DemoHarness | null = null;
const servers: net.Server[] = [];
afterEach(async () => {
  if (h) {
    // After the Gateway has stopped: while it runs, IBC's config.ini carries the password (ibc-credentials.ts).
    await h.close();
    assertNoSecret(h);
  }
  h = null;
  for (const s of servers.splice(0)) s.close();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => statSync(f).isFile() && !f.endsWith('sim.json')); // sim.json is the fake Gateway's own user list
}

function assertNoSecret(x: DemoHarness) {
  expect(JSON.stringify(x.core.hub.get('logs') ?? [])).not.toContain(x.password);
  for (const f of filesUnder(x.dataDir)) expect(readFileSync(f).includes(x.password), f).toBe(false);
}

const status = (x: DemoHarness) => x.core.hub.get('status')!;
const seenLevels = (x: DemoHarness) => {
  const seen = new Set<string>();
  x.core.hub.subscribe('status', (s) => seen.add((s as { level: string }).level));
  return seen;
};

async function control(x: DemoHarness): Promise<ControlTarget> {
  await until(() => {
    try {
      return !!JSON.parse(readFileSync(path.join(x.settingsPath, 'sim-control.json'), 'utf8')).controlPort;
    } catch {
      return false;
    }
  }, { what: 'sim-control.json' });
  return readControlFile(x.settingsPath);
}

describe('process faults through the whole core', () => {
  it('Gateway crash: shown as down/restarting, restarted, reconnected; no order sent twice', async () => {
    const x = (h = await demoHarness());
    await x.call('gateway.start');
    await until(() => status(x).level === 'connected' && !!runtimeOf(x.core)!.broker.orders.reconciled, { what: 'connected', timeout: 20_000 });
    const seen = seenLevels(x);
    const order = await x.call('orders.place', { symbol: 'AAPL', side: 'BUY', quantity: '1', type: 'LMT', limitPrice: '1.00' });
    await until(() => x.core.hub.get('orders')!.open.some((o) => o.orderId === order.orderId && o.status === 'Submitted'), { what: 'order open' });
    await controlRequest(await control(x), 'fault', { kind: 'crash', exitCode: 1 });
    await until(() => seen.has('down') || seen.has('starting'), { what: 'down shown' });
    seen.clear();
    await until(() => status(x).level === 'connected' && !!runtimeOf(x.core)!.broker.orders.reconciled, { what: 'reconnected', timeout: 30_000 });
    expect(runtimeOf(x.core)!.supervisor.timeline().some((e) => e.state === 'crashed' && /exit code 1/.test(e.reason))).toBe(true);
    // The restarted (simulated) Gateway must not have received the old order again from us.
    const book = (await (await controlRequest(await control(x), 'book')).json()) as { orders: { orderId: number; submissions: number }[] };
    for (const o of book.orders) expect(o.submissions).toBe(1);
    expect(book.orders.some((o) => o.orderId === order.orderId)).toBe(false);
    // …and the app does not pretend the order still works: it says the Gateway no longer reports it.
    const view = x.core.hub.get('orders')!.done.find((o) => o.orderId === order.orderId)!;
    expect(view.status).toBe('Inactive');
    expect(view.lastError).toMatch(/no longer reports this order/);
  });

  it('crash loop: stops restarting after the limit and says why', async () => {
    const x = (h = await demoHarness());
    x.sim({ crashAfterMs: 100, exitCode: 9 });
    // Up for 100 ms or crashed already when the start answers, depending on the machine's load: either is true.
    await x.core.dispatcher.dispatch('gateway.start', undefined);
    await until(() => status(x).gateway === 'crashed' && /crash loop/i.test(status(x).message), { what: 'crash loop', timeout: 30_000 });
    expect(status(x).level).toBe('down');
    expect(x.core.hub.get('alerts')!.some((a) => a.kind === 'gateway')).toBe(true);
  });

  it('slow login: "waiting for login" while it takes, then connected', async () => {
    const x = (h = await demoHarness());
    x.sim({ loginDelayMs: 2500 });
    const seen = seenLevels(x);
    await x.call('gateway.start');
    await until(() => status(x).level === 'connected', { what: 'connected', timeout: 20_000 });
    expect(seen.has('login')).toBe(true);
    expect(runtimeOf(x.core)!.supervisor.timeline().filter((e) => e.state === 'restarting')).toHaveLength(0);
  });

  it('bad credentials: stopped with the reason, no restart loop, password nowhere', async () => {
    const x = (h = await demoHarness());
    x.sim({ users: { [x.profile.username]: 'the-right-one' } });
    expect((await x.fail('gateway.start')).message).toMatch(/^The Gateway did not start: login failed/);
    await until(() => ['stopped', 'crashed'].includes(status(x).gateway) && /credential|login failed|password/i.test(status(x).message), { what: 'stopped with reason', timeout: 20_000 });
    expect(runtimeOf(x.core)!.supervisor.timeline().filter((e) => e.state === 'starting')).toHaveLength(1);
  });

  it('2FA not approved in time: stops (profile says exit) and tells the user', async () => {
    const x = (h = await demoHarness());
    x.sim({ twoFactor: 'timeout', twoFactorMs: 800 });
    const seen = seenLevels(x);
    expect((await x.fail('gateway.start')).message).toMatch(/^The Gateway did not start: /);
    await until(() => ['stopped', 'crashed'].includes(status(x).gateway) && /2FA|second factor|two-factor/i.test(status(x).message), { what: '2FA timeout', timeout: 20_000 });
    expect(seen.has('login')).toBe(true);
    expect(runtimeOf(x.core)!.supervisor.timeline().filter((e) => e.state === 'restarting')).toHaveLength(0);
  });

  it('port taken by another program: a clear error naming the port, nothing launched', async () => {
    const x = (h = await demoHarness());
    const squatter = net.createServer((s) => {
      s.on('error', () => {});
      s.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    });
    servers.push(squatter);
    await new Promise<void>((r) => squatter.listen(x.profile.apiPort, '127.0.0.1', () => r()));
    const err = await x.fail('gateway.start');
    expect(err.code).toBe('PORT_TAKEN');
    expect(err.message).toContain(String(x.profile.apiPort));
    expect(err.hint).toBeTruthy();
    expect(runtimeOf(x.core)!.supervisor.pid).toBeUndefined();
  });
});

describe('Gateway log files', () => {
  it("follows the Gateway's launcher.log besides its stdout", async () => {
    const x = (h = await demoHarness());
    await x.call('gateway.start');
    await until(() => status(x).level === 'connected', { what: 'connected', timeout: 20_000 });
    await until(() => (x.core.hub.get('logs') ?? []).some((l) => l.source === 'gateway' && /\[launcher\] Starting IB Gateway/.test(l.text)), { what: 'launcher.log line', timeout: 5000 });
  });
});
