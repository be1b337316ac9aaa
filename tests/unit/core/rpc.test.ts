import { describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core/app.ts';
import { StreamHub } from '../../../electron/core/rpc.ts';
import { initialStatus } from '../../../electron/core/app.ts';
import type { AccountSnapshot, OrdersSnapshot } from '../../../electron/core/contract.ts';
import os from 'node:os';
import { tempDir } from '../../support/temp-dir.ts';

describe('contract dispatcher', () => {
  it('answers app.info with name, version, platform, shell and demo flag', async () => {
    const core = await createCore({ dataDir: tempDir(), shell: 'web', version: '1.2.3' });
    const r = await core.dispatcher.dispatch('app.info', undefined);
    expect(r).toEqual({
      ok: true,
      value: { name: 'Gatehouse', version: '1.2.3', platform: `${os.platform()}-${os.arch()}`, shell: 'web', demo: false },
    });
    await core.dispose();
  });

  it('refuses unknown commands and bad input with a typed error, never a throw', async () => {
    const core = await createCore({ dataDir: tempDir(), shell: 'web', version: '1.2.3' });
    const unknown = await core.dispatcher.wire('rm -rf', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    const bad = await core.dispatcher.wire('app.info', { extra: 1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const wrongType = await core.dispatcher.wire('orders.cancel', { orderId: 'seven' });
    expect(wrongType.ok).toBe(false);
    if (!wrongType.ok) {
      expect(wrongType.error.fields?.['orderId']).toBeTruthy();
      expect(wrongType.error.message).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    }
    await core.dispose();
  });
});

describe('typed in-process API', () => {
  it('types dispatch by command and subscribe by stream (typecheck fails if either loosens)', async () => {
    const core = await createCore({ dataDir: tempDir(), shell: 'web', version: '1.2.3' });
    const r = await core.dispatcher.dispatch('app.info');
    // The result is the command's output type: no cast needed to read it.
    expect(r.ok && r.value.version).toBe('1.2.3');
    // @ts-expect-error: a wrong input shape does not compile in process...
    const bad = await core.dispatcher.dispatch('orders.cancel', { orderId: 'seven' });
    expect(bad.ok).toBe(false); // ...and is still refused at run time, as on the wire.
    // @ts-expect-error: nor does an unknown command name (the wire entry takes unknowns).
    expect((await core.dispatcher.dispatch('rm -rf')).ok).toBe(false);
    const seen: string[] = [];
    const off = core.hub.subscribe('status', (s) => seen.push(s.level));
    await new Promise((resolve) => setTimeout(resolve, 20));
    off();
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set(['stopped']));
    expect(core.isGatewayRunning()).toBe(false);
    await core.dispose();
  });
});

describe('StreamHub', () => {
  it('coalesces a flood into at most ~20 snapshots a second and always delivers the last value', async () => {
    const hub = new StreamHub({ maxPerSecond: 20 });
    const seen: number[] = [];
    hub.subscribe('account', (s) => seen.push((s as { updatedAt: number }).updatedAt));
    const started = Date.now();
    // Ticks arrive over many turns, as from a socket.
    for (let i = 0; i < 5000; i++) {
      hub.publish('account', account(i));
      if (i % 50 === 0) await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setTimeout(r, 300));
    const elapsed = (Date.now() - started) / 1000;
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.length).toBeLessThanOrEqual(Math.ceil(elapsed * 20) + 2);
    expect(seen.at(-1)).toBe(4999);
    hub.dispose();
  });

  it('builds a snapshot published as a builder only when it delivers it, not on every event', async () => {
    const hub = new StreamHub({ maxPerSecond: 20 });
    let builds = 0;
    const seen: number[] = [];
    hub.subscribe('account', (s) => seen.push((s as { updatedAt: number }).updatedAt));
    for (let i = 0; i < 10_000; i++) {
      const n = i;
      hub.publish('account', () => {
        builds++;
        return account(n);
      });
    }
    await new Promise((r) => setTimeout(r, 250));
    expect(seen.at(-1)).toBe(9999);
    expect(builds).toBe(seen.length);
    expect(builds).toBeLessThan(10);
    hub.dispose();
  });

  it('builds nothing for a stream nobody listens to (the log view closed), and the next subscriber gets the latest', async () => {
    const hub = new StreamHub({ maxPerSecond: 20 });
    let builds = 0;
    for (let i = 0; i < 100; i++) {
      const n = i;
      hub.publish('logs', () => {
        builds++;
        return [{ seq: n, time: 0, source: 'supervisor', level: 'info', text: `line ${n}` }];
      });
      await new Promise((r) => setTimeout(r, 1));
    }
    await new Promise((r) => setTimeout(r, 120));
    expect(builds).toBe(0);
    const got = await new Promise((resolve) => hub.subscribe('logs', resolve));
    expect((got as { seq: number }[])[0]!.seq).toBe(99);
    expect(builds).toBe(1);
    hub.dispose();
  });

  it('gives a late subscriber the current snapshot at once', async () => {
    const hub = new StreamHub();
    hub.publish('status', { ...initialStatus(), message: 'hello' });
    const got = await new Promise((resolve) => hub.subscribe('status', resolve));
    expect((got as { message: string }).message).toBe('hello');
    hub.dispose();
  });

  it('delivers order changes at the end of the turn they happened in, never held for a pacing window', async () => {
    const hub = new StreamHub({ maxPerSecond: 20 });
    const seen: string[] = [];
    hub.subscribe('orders', (o) => seen.push((o as OrdersSnapshot).open.map((x) => x.status).join(',') || 'none'));
    hub.publish('orders', orders('PendingSubmit'));
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(['PendingSubmit']);
    // A moment later (well inside 50 ms) the Gateway says Submitted: the subscriber has it in the same turn.
    hub.publish('orders', orders('PreSubmitted'));
    hub.publish('orders', orders('Submitted'));
    await new Promise((r) => setImmediate(r));
    // Changes within one turn are one delivery: the latest.
    expect(seen).toEqual(['PendingSubmit', 'Submitted']);
    hub.dispose();
  });

  it('holds market-data streams to the pace while order changes pass straight through', async () => {
    let now = 1_000;
    const hub = new StreamHub({ maxPerSecond: 20, now: () => now });
    const accounts: number[] = [];
    const statuses: string[] = [];
    hub.subscribe('account', (a) => accounts.push((a as { updatedAt: number }).updatedAt));
    hub.subscribe('status', (s) => statuses.push((s as { message: string }).message));
    hub.publish('account', account(1));
    hub.publish('status', { ...initialStatus(), message: 'a' });
    await new Promise((r) => setImmediate(r));
    now += 10;
    hub.publish('account', account(2));
    hub.publish('status', { ...initialStatus(), message: 'b' });
    await new Promise((r) => setImmediate(r));
    expect(statuses).toEqual(['a', 'b']);
    expect(accounts).toEqual([1]);
    hub.dispose();
  });
});

function orders(status: string): OrdersSnapshot {
  const order: OrdersSnapshot['open'][number] = {
    orderId: 7, permId: 0, clientId: 1, account: 'DU1', symbol: 'AAPL', secType: 'STK', side: 'BUY', quantity: '1',
    type: 'LMT', limitPrice: '1', stopPrice: null, trailAmount: null, trailPercent: null, tif: 'DAY', outsideRth: false,
    status, filled: '0', remaining: '1', avgFillPrice: null, lastError: null, updatedAt: 1,
  };
  return { open: [order], done: [], fills: [], reconciled: true };
}

function account(updatedAt: number): AccountSnapshot {
  return {
    account: 'DU1', currency: 'USD', summary: {}, pnl: { daily: null, unrealized: null, realized: null },
    positions: [], equityLine: [], updatedAt, stale: false,
  };
}
