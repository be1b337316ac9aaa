/**
 * The fault matrix against the full core (supervisor + broker + risk), with the simulated Gateway as a real
 * child process started by the supervisor (demo mode), faults injected over its loopback control channel.
 * For each fault: the status a trader would see, that the app recovered, no order lost or sent twice
 * (checked in the simulator's own order book), and no secret in any log or file.
 * Process-level faults (crash, crash loop, slow login, bad credentials, 2FA, port taken) are in process.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { processHarness, type ProcessHarness } from '../support/process-harness.ts';
import { runtimeOf } from '../../electron/core/testing.ts';
import { until } from '../support/until.ts';

let h: ProcessHarness | null = null;
afterEach(async () => {
  if (h) {
    // After the Gateway has stopped: while it runs, IBC's config.ini carries the password (ibc-credentials.ts).
    await h.close();
    assertNoSecret(h);
  }
  h = null;
});

function assertNoSecret(x: ProcessHarness) {
  expect(JSON.stringify(x.core.hub.get('logs') ?? [])).not.toContain(x.password);
  for (const f of readdirSync(x.dataDir, { recursive: true }).map((f) => path.join(x.dataDir, String(f)))) {
    // sim.json is the fake Gateway's own user list (the real one keeps it on IB's servers).
    if (!statSync(f).isFile() || f.endsWith('sim.json')) continue;
    expect(readFileSync(f).includes(x.password), f).toBe(false);
  }
}

/** Every order the Gateway holds arrived once, and every one is in the app's view. */
async function assertBookClean(x: ProcessHarness) {
  const book = await x.sim.book();
  for (const o of book.orders) expect(o.submissions, `order ${o.orderId} sent ${o.submissions}×`).toBe(1);
  const ours = new Set([...x.core.hub.get('orders')!.open, ...x.core.hub.get('orders')!.done].map((o) => o.orderId));
  for (const o of book.orders.filter((b) => !b.whatIf)) expect(ours.has(o.orderId), `order ${o.orderId} lost`).toBe(true);
}

const status = (x: ProcessHarness) => x.core.hub.get('status')!;
const orders = (x: ProcessHarness) => x.core.hub.get('orders')!;
const recovered = (x: ProcessHarness) => status(x).level === 'connected' && orders(x).reconciled;
const levelsSeen = (x: ProcessHarness) => {
  const seen = new Set<string>();
  x.core.hub.subscribe('status', (s) => seen.add((s as { level: string }).level));
  return seen;
};
const lmt = { symbol: 'AAPL', side: 'BUY' as const, quantity: '10', type: 'LMT' as const, limitPrice: '1.00' };

describe('fault matrix (simulated Gateway as a child process)', () => {
  it('socket reset mid-order: shows down, reconnects, reconciles, nothing lost or doubled', async () => {
    const x = (h = await processHarness());
    const a = await x.call('orders.place', lmt);
    await until(() => orders(x).open.some((o) => o.orderId === a.orderId && o.status === 'Submitted'), { what: 'acknowledged' });
    const seen = levelsSeen(x);
    await x.sim.fault({ kind: 'dropSockets' });
    await until(() => seen.has('down'), { what: 'down shown' });
    await until(() => recovered(x), { what: 'recovered', timeout: 15_000 });
    const b = await x.call('orders.place', lmt);
    expect(b.orderId).toBeGreaterThan(a.orderId);
    await until(() => orders(x).open.length === 2, { what: 'both open' });
    await assertBookClean(x);
    expect(x.core.hub.get('alerts')!.map((al) => al.kind)).toEqual(expect.arrayContaining(['disconnect', 'reconnect']));
  });

  it('socket reset while an order is on its way: reported as not placed, never resent behind the user', async () => {
    const x = (h = await processHarness());
    const seen = levelsSeen(x);
    const r = await x.call('orders.place', lmt);
    await x.sim.fault({ kind: 'dropSockets' });
    await until(() => seen.has('down'), { what: 'down shown' });
    await until(() => recovered(x), { what: 'recovered', timeout: 15_000 });
    const known = (await x.sim.book()).orders.some((o) => o.orderId === r.orderId);
    const view = [...orders(x).open, ...orders(x).done].find((o) => o.orderId === r.orderId)!;
    if (known) expect(view.status).toMatch(/Submitted/);
    else expect(view.lastError).toMatch(/never received/);
    await assertBookClean(x);
  });

  it('1100 → 1102: degraded while IB is unreachable, connected again after, same session', async () => {
    const x = (h = await processHarness());
    const connectedAt = status(x).broker.connectedAt;
    await x.sim.fault({ kind: 'connectivityLost' });
    await until(() => status(x).level === 'degraded', { what: 'degraded' });
    expect(status(x).message).toMatch(/1100/);
    await x.sim.fault({ kind: 'connectivityRestored' });
    await until(() => status(x).level === 'connected', { what: 'connected' });
    expect(status(x).broker.connectedAt).toBe(connectedAt);
  });

  it('client id in use (a stale session holds it): connects on the next id and says which', async () => {
    const x = (h = await processHarness());
    const rt = runtimeOf(x.core)!;
    const id = rt.profile.clientId;
    rt.broker.stop();
    await x.sim.fault({ kind: 'staleSession', clientId: id, durationMs: 60_000 });
    rt.broker.start();
    await until(() => status(x).level === 'connected' && status(x).broker.clientId === id + 1, { what: `connected on ${id + 1}`, timeout: 15_000 });
    const logs = (await x.call('gateway.logs', { filter: 'client id' })).map((l) => l.text).join('\n');
    expect(logs).toMatch(new RegExp(`Client id ${id} is in use.*trying client id ${id + 1}`));
  });

  it('order rejected by the Gateway: shown with its reason, connection unaffected', async () => {
    const x = (h = await processHarness());
    await x.sim.fault({ kind: 'rejectNextOrder', reason: 'Order would exceed margin' });
    const r = await x.call('orders.place', lmt);
    await until(() => orders(x).done.some((o) => o.orderId === r.orderId && o.status === 'Inactive'), { what: 'inactive' });
    await until(() => x.core.hub.get('alerts')!.some((al) => al.kind === 'rejection' && /exceed margin/.test(al.body)), { what: 'alert' });
    expect(status(x).level).toBe('connected');
    await assertBookClean(x);
  });

  it('partial fill then disconnect: every fill recorded exactly once after the reconnect', async () => {
    const x = (h = await processHarness());
    // A market order needs a last price for the risk check: let market data arrive first.
    await x.call('orders.preview', { ...lmt, symbol: 'SPY', quantity: '1' });
    await until(() => runtimeOf(x.core)!.broker.market.lastPrice('SPY') !== null, { what: 'SPY price' });
    const { limits } = await x.call('risk.get');
    await x.call('risk.setLimits', { ...limits, maxOrderNotional: null, maxPositionNotional: null, maxGrossExposure: null });
    const r = await x.call('orders.place', { symbol: 'SPY', side: 'BUY', quantity: '900', type: 'MKT' });
    await until(async () => ((await x.sim.book()).orders.find((o) => o.orderId === r.orderId)?.filled ?? 0) > 0, { what: 'first partial fill', timeout: 5000 });
    await x.sim.fault({ kind: 'dropSockets' });
    await until(async () => (await x.sim.book()).orders.find((o) => o.orderId === r.orderId)?.status === 'Filled', { what: 'filled at the Gateway' });
    await until(() => recovered(x), { what: 'recovered', timeout: 15_000 });
    const shares = () => orders(x).fills.filter((f) => f.orderId === r.orderId).reduce((n, f) => n + Number(f.shares), 0);
    await until(() => shares() === 900, { what: 'fills reconciled' });
    const simFills = (await x.sim.book()).fills.filter((f) => f.orderId === r.orderId);
    const ours = orders(x).fills.filter((f) => f.orderId === r.orderId);
    expect(new Set(ours.map((f) => f.execId)).size).toBe(simFills.length);
    expect(ours).toHaveLength(simFills.length);
    await assertBookClean(x);
  });

  it('malformed frame from the Gateway: noted in the log as a warning, the session stays up, orders still work', async () => {
    const x = (h = await processHarness());
    const seen = levelsSeen(x);
    await x.sim.fault({ kind: 'malformedFrame' });
    // The frame arrived and was read as garbage (the @stoqey/ib decoder reports it as error 505)…
    const noted = () => x.core.hub.get('logs')!.some((l) => l.source === 'broker' && l.level === 'warn' && /Decoding error|No parser/.test(l.text));
    await until(noted, { what: 'the unreadable frame noted in the log' });
    // …and it cost nothing: no drop, no reconnect, the same session takes the next order.
    expect([...seen]).toEqual(['connected']);
    expect(recovered(x)).toBe(true);
    const r = await x.call('orders.place', lmt);
    await until(() => orders(x).open.some((o) => o.orderId === r.orderId), { what: 'order works' });
    await assertBookClean(x);
  });

  it('daily restart: down while the Gateway restarts, reconnects by itself, not reported as a crash', async () => {
    const x = (h = await processHarness());
    const pid = runtimeOf(x.core)!.supervisor.pid;
    const seen = levelsSeen(x);
    await x.sim.fault({ kind: 'dailyRestart', downMs: 800 });
    await until(() => seen.has('down') || seen.has('starting'), { what: 'outage shown' });
    await until(() => recovered(x), { what: 'back', timeout: 20_000 });
    expect(runtimeOf(x.core)!.supervisor.pid).toBe(pid);
    expect(x.core.hub.get('alerts')!.some((al) => /crash/i.test(al.title + al.body))).toBe(false);
  });

  it('hang (port open, API silent): detected, soft-restarted through IBC without a new login, connected again', async () => {
    const x = (h = await processHarness());
    const seen = levelsSeen(x);
    await x.sim.fault({ kind: 'hang' });
    await until(() => seen.has('degraded') || seen.has('down'), { what: 'trouble shown', timeout: 15_000 });
    await until(() => runtimeOf(x.core)!.supervisor.timeline().some((e) => /soft restart through IBC/.test(e.reason)), { what: 'soft restart', timeout: 15_000 });
    await until(() => recovered(x), { what: 'reconnected', timeout: 30_000 });
    // No second login: the launcher logged in once.
    const logins = (x.core.hub.get('logs') ?? []).filter((l) => /Login attempt/.test(l.text));
    expect(logins).toHaveLength(1);
    await assertBookClean(x);
  });
});
