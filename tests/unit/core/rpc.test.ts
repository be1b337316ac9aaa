import { describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core/app.ts';
import { StreamHub } from '../../../electron/core/rpc.ts';
import { initialStatus } from '../../../electron/core/app.ts';
import os from 'node:os';

describe('contract dispatcher', () => {
  it('answers app.info with name, version, platform, shell and demo flag', async () => {
    const core = await createCore({ dataDir: os.tmpdir(), shell: 'web', version: '1.2.3' });
    const r = await core.dispatcher.dispatch('app.info', undefined);
    expect(r).toEqual({
      ok: true,
      value: { name: 'Gatehouse', version: '1.2.3', platform: `${os.platform()}-${os.arch()}`, shell: 'web', demo: false },
    });
    await core.dispose();
  });

  it('refuses unknown commands and bad input with a typed error, never a throw', async () => {
    const core = await createCore({ dataDir: os.tmpdir(), shell: 'web', version: '1.2.3' });
    const unknown = await core.dispatcher.dispatch('rm -rf', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    const bad = await core.dispatcher.dispatch('app.info', { extra: 1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const wrongType = await core.dispatcher.dispatch('orders.cancel', { orderId: 'seven' });
    expect(wrongType.ok).toBe(false);
    if (!wrongType.ok) {
      expect(wrongType.error.fields?.['orderId']).toBeTruthy();
      expect(wrongType.error.message).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    }
    await core.dispose();
  });
});

describe('StreamHub', () => {
  it('coalesces a flood into at most ~20 snapshots a second and always delivers the last value', async () => {
    const hub = new StreamHub({ maxPerSecond: 20 });
    const seen: string[] = [];
    hub.subscribe('status', (s) => seen.push((s as { message: string }).message));
    const started = Date.now();
    for (let i = 0; i < 5000; i++) hub.publish('status', { ...initialStatus(), message: `m${i}` });
    await new Promise((r) => setTimeout(r, 300));
    const elapsed = (Date.now() - started) / 1000;
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.length).toBeLessThanOrEqual(Math.ceil(elapsed * 20) + 2);
    expect(seen.at(-1)).toBe('m4999');
    hub.dispose();
  });

  it('builds a snapshot published as a builder only when it delivers it, not on every event', async () => {
    const hub = new StreamHub({ maxPerSecond: 20 });
    let builds = 0;
    const seen: string[] = [];
    hub.subscribe('status', (s) => seen.push((s as { message: string }).message));
    for (let i = 0; i < 10_000; i++) {
      const n = i;
      hub.publish('status', () => {
        builds++;
        return { ...initialStatus(), message: `m${n}` };
      });
    }
    await new Promise((r) => setTimeout(r, 250));
    expect(seen.at(-1)).toBe('m9999');
    expect(builds).toBe(seen.length);
    expect(builds).toBeLessThan(10);
    hub.dispose();
  });

  it('gives a late subscriber the current snapshot at once', async () => {
    const hub = new StreamHub();
    hub.publish('status', { ...initialStatus(), message: 'hello' });
    const got = await new Promise((resolve) => hub.subscribe('status', resolve));
    expect((got as { message: string }).message).toBe('hello');
    hub.dispose();
  });
});
