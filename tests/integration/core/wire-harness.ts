/**
 * What the two wire properties (wire.property.test.ts, wire-fields.property.test.ts) share: one core on a
 * simulated Gateway with generous limits (the properties are about the wire, not about sizes), string
 * arbitraries that insert junk into good values, and the checks that tie an order at the Gateway to the
 * audit line the risk engine wrote for it.
 */
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';
import { coreHarness, type CoreHarness } from '../../support/core-harness.ts';
import { until } from '../../support/until.ts';

/** Starts one core for the whole file (beforeAll) and removes it after; `rig()` is it. */
export function wireRig(): () => CoreHarness {
  let h: CoreHarness | undefined;
  beforeAll(async () => {
    h = await coreHarness({ tickIntervalMs: 0 });
    const limits = (await h.call('risk.get')).limits;
    await h.call('risk.setLimits', { ...limits, maxOrderQty: null, maxOrderNotional: null, dailyLossLimit: null, pdt: { ...limits.pdt, enabled: false } });
  }, 60_000);
  afterAll(async () => {
    if (!h) return;
    await h.close();
    // Made in beforeAll, outside any test, so tempDir() cannot remove it when a test ends.
    rmSync(h.dataDir, { recursive: true, force: true });
  });
  return () => h as CoreHarness;
}

/**
 * A good value (weighted `goodWeight` against 2 and 1), a good value with junk inserted (often a NUL and a
 * forged field list), or any string.
 */
export const junkyField =
  (goodWeight: number) =>
  (...good: string[]) =>
    fc.oneof(
      { weight: goodWeight, arbitrary: fc.constantFrom(...good) },
      {
        weight: 2,
        arbitrary: fc
          .tuple(fc.constantFrom(...good), fc.constantFrom('\0', '\0\0', '\0BUY\x005000\0', '\n', '\t', ' '), fc.string({ maxLength: 6 }), fc.nat())
          .map(([g, junk, tail, at]) => {
            const i = at % (g.length + 1);
            return g.slice(0, i) + junk + tail + g.slice(i);
          }),
      },
      { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
    );

/** The orders the simulated Gateway holds, what-ifs left out. */
export const realOrders = (h: CoreHarness) => h.sim.book().orders.filter((o) => !o.whatIf);

/**
 * Once `orderId` is at the Gateway: the ticket its audit line says the engine allowed (`seen`) and the one
 * order the Gateway decoded for it (`decoded`).
 */
export async function judgedAndDecoded(h: CoreHarness, orderId: number) {
  await until(() => realOrders(h).some((o) => o.orderId === orderId), { what: `order ${orderId} at the Gateway` });
  const audited = (await h.call('risk.audit', { limit: 20 })).find((e) => e.kind === 'order' && e.order?.['orderId'] === orderId);
  expect(audited?.verdict).toBe('allowed');
  const [decoded, ...more] = realOrders(h).filter((o) => o.orderId === orderId);
  expect(more).toEqual([]);
  return { seen: audited!.order as Record<string, unknown>, decoded: decoded! };
}

/**
 * A barrier on the one socket core uses: frames arrive in order, so once a known order placed now is in
 * the Gateway's book, every frame sent before it has arrived too. Then the book holds exactly `expected`.
 */
export async function barrierThenCount(h: CoreHarness, expected: number) {
  const r = await h.call('orders.place', { symbol: 'AAPL', side: 'BUY', quantity: '1', type: 'LMT', limitPrice: '1.00' });
  await until(() => realOrders(h).some((o) => o.orderId === r.orderId), { what: 'barrier order at the Gateway' });
  expect(realOrders(h)).toHaveLength(expected + 1);
}
