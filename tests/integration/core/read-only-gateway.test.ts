/**
 * A Gateway that is read-only itself (its own API setting; the profile here says nothing of it) gives the
 * API no order information: reqAllOpenOrders gets 321 and never an End (IB's docs as erdewit/ib_insync#8
 * quote them; ib_insync#1, #224; ib_async/ib.py 2057-2063). The trader must be told so, promptly and in
 * plain words: the wizard's checklist used to wait its full 15 s and say "Connected, still reading orders",
 * and the status said orders were "being reconciled" for ever.
 */
import { afterEach, expect, it } from 'vitest';
import { coreHarness, type CoreHarness } from '../../support/core-harness.ts';

let h: CoreHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

it('the wizard checklist says at once that the Gateway is read-only, so orders cannot be read or sent', async () => {
  h = await coreHarness({ readOnlyApi: true });
  const checks = await h.call('wizard.test');
  const api = checks.find((c) => c.id === 'api')!;
  expect(api.ok).toBe(false);
  expect(api.detail).toMatch(/read-only/i);
  expect(api.detail).toMatch(/orders cannot be read or sent/i);
  expect(api.detail).not.toMatch(/still reading/i);
  expect(api.hint).toMatch(/Read-Only API off/i);
  expect(api.hint).toMatch(/restart/i);
  // Promptly: the connection and the account were there, so nothing was left to wait for (it waited 15 s).
  expect(api.ms).toBeLessThan(10_000);
  expect(checks.find((c) => c.id === 'connection')!.ok).toBe(true);
  expect(checks.find((c) => c.id === 'balance')!.ok).toBe(true);

  expect(h.latest('orders')).toMatchObject({ reconciled: false, unreadable: 'read-only' });
  const status = h.latest('status')!;
  expect(status.orders.enabled).toBe(false);
  expect(status.orders.reason).toMatch(/read-only/i);
  expect(status.orders.reason).not.toMatch(/reconcil/i);
});
