/**
 * The profile's Read-Only API (issue 17): the status says orders are blocked, so the ticket must block them
 * too — refused in core's words, before the risk gate, and nothing reaches the Gateway. The simulated
 * Gateway here is NOT read-only itself (an attached Gateway keeps its own setting), so only core can stop it.
 */
import { afterEach, expect, it } from 'vitest';
import { coreHarness, type CoreHarness } from '../../support/core-harness.ts';
import { until } from '../../support/until.ts';

let h: CoreHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const lmt = (price: string, quantity = '10') => ({ symbol: 'AAPL', side: 'BUY' as const, quantity, type: 'LMT' as const, limitPrice: price });
const realOrders = (sim: CoreHarness['sim']) => sim.book().orders.filter((o) => !o.whatIf);

async function turnReadOnly(x: CoreHarness, on: boolean): Promise<void> {
  const view = await x.call('settings.get');
  const active = view.profiles.find((p) => p.id === view.activeProfileId)!;
  await x.call('settings.saveProfile', { profile: { ...active, readOnlyApi: on }, activate: true });
}

it('a place and a modify are refused in core’s words naming the Read-Only API setting; the Gateway’s book is unchanged', async () => {
  h = await coreHarness();
  const working = await h.call('orders.place', lmt('1.00'));
  await until(() => h!.sim.book().orders.some((o) => o.orderId === working.orderId && o.status === 'Submitted'), { what: 'working at the Gateway' });

  await turnReadOnly(h, true);
  await until(() => h!.latest('status')?.orders.enabled === false, { what: 'status: orders blocked' });
  expect(h.latest('status')!.orders.reason).toMatch(/read-only/i);
  const auditBefore = (await h.call('risk.audit', { limit: 100 })).length;

  const placed = await h.fail('orders.place', lmt('1.00'));
  expect(placed.code).toBe('READ_ONLY');
  expect(placed.message).toMatch(/read-only/i);
  expect(placed.hint).toMatch(/Read-only API/i);

  const modified = await h.fail('orders.modify', { orderId: working.orderId, ticket: lmt('1.50') });
  expect(modified.code).toBe('READ_ONLY');
  expect(modified.hint).toMatch(/Read-only API/i);

  // Nothing left core: one order at the Gateway, still at its first price; the gate made no decision.
  expect(realOrders(h.sim)).toHaveLength(1);
  expect(realOrders(h.sim)[0]).toMatchObject({ orderId: working.orderId, lmtPrice: 1, status: 'Submitted' });
  expect((await h.call('risk.audit', { limit: 100 })).length).toBe(auditBefore);

  // A cancel only takes risk away: it still goes to the Gateway (a read-only Gateway would answer 321 itself).
  await h.call('orders.cancel', { orderId: working.orderId });
  await until(() => h!.sim.book().orders.find((o) => o.orderId === working.orderId)?.status === 'Cancelled', { what: 'cancelled at the Gateway' });

  // Read-only off again: orders go.
  await turnReadOnly(h, false);
  await until(() => h!.latest('status')?.orders.enabled === true, { what: 'status: orders enabled' });
  const again = await h.call('orders.place', lmt('1.00'));
  await until(() => h!.sim.book().orders.some((o) => o.orderId === again.orderId), { what: 'placed after read-only off' });
});

it('started read-only, then saved with it off: blocked until the Gateway restarts, in words that say so', async () => {
  h = await coreHarness();
  const x = h;
  await x.call('gateway.stop');
  await until(() => x.latest('status')?.gateway === 'stopped', { what: 'stopped', timeout: 10_000 });
  await turnReadOnly(x, true); // stopped: the next start takes it
  await x.call('gateway.start');
  await until(() => x.latest('status')?.broker.connected === true, { what: 'connected read-only', timeout: 15_000 });
  await until(() => /profile/.test(x.latest('status')?.orders.reason ?? ''), { what: 'blocked by the profile' });

  // Saved off while it runs: the running Gateway keeps Read-Only API until it restarts.
  await turnReadOnly(x, false);
  await until(() => x.latest('status')?.orders.reason === 'The Gateway was started read-only; restart it to trade', {
    what: 'status: read-only until restart',
  });
  expect(x.latest('status')!.orders.enabled).toBe(false);
  expect((await x.fail('orders.place', lmt('1.00'))).code).toBe('READ_ONLY');

  await x.call('gateway.stop');
  await until(() => x.latest('status')?.gateway === 'stopped', { what: 'stopped again', timeout: 10_000 });
  await x.call('gateway.start');
  await until(() => x.latest('status')?.orders.enabled === true, { what: 'orders enabled after the restart', timeout: 15_000 });
});
