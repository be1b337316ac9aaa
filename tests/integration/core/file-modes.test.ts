/**
 * Issue 15, finding 13: everything core writes in its data folder is the user's alone: folders 0700, files
 * 0600 (settings, the risk audit log, order-id state, logs, kill switch and limits, the IBC config that
 * holds the login while the Gateway runs, the demo Gateway's files). Demo mode runs the whole path: the
 * supervisor starts the simulated Gateway through IBC's script, core connects, an order goes through the
 * risk gate and is audited, the kill switch is engaged.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runtimeOf } from '../../../electron/core/testing.ts';
import { demoHarness, type DemoHarness } from '../../support/demo-harness.ts';
import { until } from '../../support/until.ts';

let h: DemoHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Every file under `dir`, relative. */
function allFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Array<{ isFile(): boolean; parentPath: string; name: string }>)
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

/** Every file and folder under `dir` whose mode lets anyone but the owner in. */
function openToOthers(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isSymbolicLink()) continue;
      const mode = statSync(p).mode & 0o777;
      if (mode & 0o077) out.push(`${path.relative(dir, p)}${e.isDirectory() ? '/' : ''} ${mode.toString(8)}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

describe.skipIf(process.platform === 'win32')('file modes in the data folder', () => {
  it('after a demo session with an order and the kill switch, nothing in it is readable by others', async () => {
    h = await demoHarness();
    const x = h;
    await x.call('gateway.start');
    await until(() => x.core.hub.get('status')?.level === 'connected' && !!runtimeOf(x.core)?.broker.orders.reconciled, { what: 'connected', timeout: 30_000 });
    const { orderId } = await x.call('orders.place', { symbol: 'AAPL', side: 'BUY', quantity: '1', type: 'LMT', limitPrice: '1.00' });
    await until(() => !!x.core.hub.get('orders')?.open.some((o) => o.orderId === orderId), { what: 'the order open' });
    await x.call('risk.killSwitch', { active: true, reason: 'file modes test' });
    await x.call('risk.setLimits', (await x.call('risk.get')).limits);
    // What the claim covers is really there: the files a trader would not want others to read.
    const files = allFiles(x.dataDir);
    for (const want of [/^settings\.json$/, /risk\/audit\.jsonl$/, /risk\/kill-switch\.json$/, /risk\/limits\.json$/, /order-ids-.*\.json$/, /^logs\//, /ibc-.*\/config\.ini$/, /sim-control\.json$/]) {
      expect(files.some((f) => want.test(f)), String(want)).toBe(true);
    }
    expect(statSync(x.dataDir).mode & 0o777).toBe(0o700);
    expect(openToOthers(x.dataDir)).toEqual([]);
  }, 90_000);
});
