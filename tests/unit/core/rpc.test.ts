import { describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core/app.ts';
import { StreamHub } from '../../../electron/core/rpc.ts';
import { initialStatus } from '../../../electron/core/app.ts';
import { applyMessage, type AccountSnapshot, type OrdersSnapshot, type StreamMessage } from '../../../electron/core/contract.ts';
import os from 'node:os';
import { tempDir } from '../../support/temp-dir.ts';
import { until } from '../../support/until.ts';
import { ManualClock } from '../../../electron/core/util/clock.ts';

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
    await until(() => seen.length > 0, { what: 'the current status delivered to a new subscriber' });
    off();
    expect(new Set(seen)).toEqual(new Set(['stopped']));
    expect(core.isGatewayRunning()).toBe(false);
    await core.dispose();
  });
});

describe('StreamHub', () => {
  // 20 a second: one delivery per 50 ms window, on a clock the test moves.
  const GAP = 50;

  it('paces a market-data stream to one delivery per 50 ms window: the first at once, the rest at the window edge with the latest value', async () => {
    const clock = new ManualClock();
    const t0 = clock.now();
    const hub = new StreamHub({ maxPerSecond: 20, clock });
    const seen: { at: number; value: number }[] = [];
    hub.subscribe('account', (s) => seen.push({ at: clock.now() - t0, value: s!.updatedAt }));
    hub.publish('account', account(0));
    expect(seen).toEqual([{ at: 0, value: 0 }]);
    clock.advance(10);
    hub.publish('account', account(1));
    clock.advance(10);
    hub.publish('account', account(2));
    clock.advance(GAP - 21);
    expect(seen).toHaveLength(1); // 49 ms: the window is still closed...
    clock.advance(1);
    expect(seen).toEqual([{ at: 0, value: 0 }, { at: GAP, value: 2 }]); // ...and at 50 ms the latest goes out, once.
    clock.advance(10 * GAP);
    expect(seen).toHaveLength(2);
    hub.dispose();
  });

  it('turns a tick flood (one a millisecond for a second) into 21 snapshots on the window edges, ending with the last value', async () => {
    const clock = new ManualClock();
    const t0 = clock.now();
    const hub = new StreamHub({ maxPerSecond: 20, clock });
    const seen: { at: number; value: number }[] = [];
    hub.subscribe('account', (s) => seen.push({ at: clock.now() - t0, value: s!.updatedAt }));
    for (let t = 0; t < 1000; t++) {
      if (t > 0) clock.advance(1);
      hub.publish('account', account(t));
    }
    clock.advance(GAP);
    expect(seen.map((s) => s.at)).toEqual(Array.from({ length: 21 }, (_, i) => i * GAP));
    // Each window edge carries the tick just before it; the last carries the last tick.
    expect(seen.map((s) => s.value)).toEqual([0, ...Array.from({ length: 19 }, (_, i) => (i + 1) * GAP - 1), 999]);
    hub.dispose();
  });

  it('builds a snapshot published as a builder only when it delivers it, not on every event', async () => {
    const clock = new ManualClock();
    const hub = new StreamHub({ maxPerSecond: 20, clock });
    let builds = 0;
    const seen: number[] = [];
    hub.subscribe('account', (s) => seen.push(s!.updatedAt));
    for (let i = 0; i < 10_000; i++) {
      const n = i;
      hub.publish('account', () => {
        builds++;
        return account(n);
      });
    }
    expect({ seen, builds }).toEqual({ seen: [0], builds: 1 });
    clock.advance(GAP);
    expect({ seen, builds }).toEqual({ seen: [0, 9999], builds: 2 });
    hub.dispose();
  });

  it('builds nothing for a stream nobody listens to (the log view closed), and the next subscriber gets the latest', async () => {
    const clock = new ManualClock();
    const hub = new StreamHub({ maxPerSecond: 20, clock });
    let builds = 0;
    for (let i = 0; i < 100; i++) {
      const n = i;
      hub.publish('logs', () => {
        builds++;
        return [{ seq: n, time: 0, source: 'supervisor', level: 'info', text: `line ${n}` }];
      });
      clock.advance(7);
    }
    // The windows of all 100 publishes have passed (and their timers fired, or none were set).
    clock.advance(10 * GAP);
    expect(clock.pending).toBe(0);
    expect(builds).toBe(0);
    const got = await new Promise<{ seq: number }[]>((resolve) => hub.subscribe('logs', resolve));
    expect(got[0]!.seq).toBe(99);
    expect(builds).toBe(1);
    hub.dispose();
  });

  it('gives a late subscriber the current snapshot at once', async () => {
    const hub = new StreamHub({ clock: new ManualClock() });
    hub.publish('status', { ...initialStatus(), message: 'hello' });
    const got = await new Promise<{ message: string }>((resolve) => hub.subscribe('status', resolve));
    expect(got.message).toBe('hello');
    hub.dispose();
  });

  it('delivers order changes at the end of the turn they happened in, never held for a pacing window', async () => {
    // The clock never moves: an orders delivery that waited for a window would never arrive.
    const hub = new StreamHub({ maxPerSecond: 20, clock: new ManualClock() });
    const seen: string[] = [];
    hub.subscribe('orders', (o) => seen.push(o.open.map((x) => x.status).join(',') || 'none'));
    hub.publish('orders', orders('PendingSubmit'));
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(['PendingSubmit']);
    // A moment later the Gateway says Submitted: the subscriber has it at the end of that turn.
    hub.publish('orders', orders('PreSubmitted'));
    hub.publish('orders', orders('Submitted'));
    await new Promise((r) => setImmediate(r));
    // Changes within one turn are one delivery: the latest.
    expect(seen).toEqual(['PendingSubmit', 'Submitted']);
    hub.dispose();
  });

  it('holds market-data streams to the pace while order changes pass straight through', async () => {
    const clock = new ManualClock();
    const hub = new StreamHub({ maxPerSecond: 20, clock });
    const accounts: number[] = [];
    const statuses: string[] = [];
    hub.subscribe('account', (a) => accounts.push(a!.updatedAt));
    hub.subscribe('status', (s) => statuses.push(s.message));
    hub.publish('account', account(1));
    hub.publish('status', { ...initialStatus(), message: 'a' });
    await new Promise((r) => setImmediate(r));
    clock.advance(10);
    hub.publish('account', account(2));
    hub.publish('status', { ...initialStatus(), message: 'b' });
    await new Promise((r) => setImmediate(r));
    expect(statuses).toEqual(['a', 'b']);
    expect(accounts).toEqual([1]);
    clock.advance(GAP - 10);
    expect(accounts).toEqual([1, 2]);
    hub.dispose();
  });

  it('dispose cancels a pending window: nothing is delivered after it', async () => {
    const clock = new ManualClock();
    const hub = new StreamHub({ maxPerSecond: 20, clock });
    const seen: number[] = [];
    hub.subscribe('account', (a) => seen.push(a!.updatedAt));
    hub.publish('account', account(1));
    hub.publish('account', account(2));
    expect(clock.pending).toBe(1);
    hub.dispose();
    expect(clock.pending).toBe(0);
    clock.advance(GAP);
    expect(seen).toEqual([1]);
  });
});

describe('StreamHub sends a snapshot, then only changes', () => {
  const GAP = 50;
  const pos = (conId: number, marketPrice: string): AccountSnapshot['positions'][number] => ({
    account: 'DU1', conId, symbol: `S${conId}`, secType: 'STK', currency: 'USD', quantity: '10', avgCost: '1',
    marketPrice, marketValue: null, unrealizedPnl: null, realizedPnl: null,
  });
  const book = (prices: string[]) => ({ ...account(1), positions: prices.map((p, i) => pos(i + 1, p)) });

  it('delivers nothing when a publish changes nothing (a fresh build of the same book)', async () => {
    const clock = new ManualClock();
    const hub = new StreamHub({ maxPerSecond: 20, clock });
    let deliveries = 0;
    hub.subscribe('account', () => deliveries++);
    hub.publish('account', book(['1', '2']));
    for (let i = 0; i < 20; i++) {
      clock.advance(GAP);
      hub.publish('account', book(['1', '2']));
    }
    clock.advance(GAP);
    expect(deliveries).toBe(1);
    hub.publish('account', book(['1', '3']));
    clock.advance(GAP);
    expect(deliveries).toBe(2);
    hub.dispose();
  });

  it('follows with a whole snapshot first, then only the changed rows; a late follower gets the current book', async () => {
    const clock = new ManualClock();
    const hub = new StreamHub({ maxPerSecond: 20, clock });
    const early: StreamMessage[] = [];
    hub.follow('account', (m) => early.push(m));
    hub.publish('account', book(['1', '2', '3']));
    clock.advance(GAP);
    hub.publish('account', book(['1', '2.5', '3']));
    clock.advance(GAP);
    expect(early[0]).toEqual({ kind: 'snapshot', value: book(['1', '2', '3']) });
    expect(early[1]).toEqual({ kind: 'change', keyed: { positions: { upsert: [pos(2, '2.5')], remove: [] } } });
    expect(early).toHaveLength(2);

    const late: StreamMessage[] = [];
    hub.follow('account', (m) => late.push(m));
    await Promise.resolve();
    expect(late).toEqual([{ kind: 'snapshot', value: book(['1', '2.5', '3']) }]);
    hub.publish('account', book(['1', '2.5']));
    clock.advance(GAP);
    const gone = { kind: 'change', keyed: { positions: { upsert: [], remove: ['DU1:3'] } } };
    expect(early[2]).toEqual(gone);
    expect(late[1]).toEqual(gone);
    // Both end with what core holds.
    const end = (ms: StreamMessage[]) => ms.reduce<unknown>((s, m) => applyMessage('account', s, m), undefined);
    expect(end(early)).toEqual(book(['1', '2.5']));
    expect(end(late)).toEqual(book(['1', '2.5']));
    hub.dispose();
  });

  it('one subscriber cannot change what the next subscriber is handed', async () => {
    const hub = new StreamHub({ clock: new ManualClock(), report: () => {} });
    hub.publish('account', book(['1']));
    const first = await new Promise<AccountSnapshot | null>((resolve) =>
      hub.subscribe('account', (a) => {
        try {
          a!.positions[0]!.symbol = 'Tampered';
          a!.positions.push(pos(9, '9'));
        } catch {
          // frozen: the change is refused
        }
        resolve(a);
      }),
    );
    const second = await new Promise<AccountSnapshot | null>((resolve) => hub.subscribe('account', resolve));
    expect(second!.positions.map((p) => p.symbol)).toEqual(['S1']);
    expect(first!.positions.map((p) => p.symbol)).toEqual(['S1']);
    const followed = await new Promise<StreamMessage>((resolve) => hub.follow('account', resolve));
    expect(followed).toEqual({ kind: 'snapshot', value: book(['1']) });
    hub.dispose();
  });

  it('does not send a change whose rows fail the contract; the next good change still arrives', async () => {
    const clock = new ManualClock();
    const reports: string[] = [];
    const hub = new StreamHub({ maxPerSecond: 20, clock, report: (t) => reports.push(t) });
    const seen: StreamMessage[] = [];
    hub.follow('account', (m) => seen.push(m));
    hub.publish('account', book(['1']));
    clock.advance(GAP);
    hub.publish('account', book(['not a price']));
    clock.advance(GAP);
    expect(seen).toHaveLength(1);
    expect(reports.join()).toMatch(/account view was not updated/);
    hub.publish('account', book(['2']));
    clock.advance(GAP);
    expect(seen[1]).toEqual({ kind: 'change', keyed: { positions: { upsert: [pos(1, '2')], remove: [] } } });
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
