/**
 * Property: whatever strings reach the ticket's fields, the order the simulated Gateway decodes off the
 * wire is exactly the ticket the risk engine judged (its audit line), or there is no order at all. A NUL
 * or a byte outside a field's alphabet can never shift fields, flip what-if, or add an order.
 */
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreHarness, type CoreHarness } from '../../support/core-harness.ts';
import { until } from '../../support/until.ts';

let h: CoreHarness;
beforeAll(async () => {
  h = await coreHarness({ tickIntervalMs: 0 });
  const limits = (await h.call('risk.get')).limits;
  // Generous limits: the property is about the wire, not about sizes.
  await h.call('risk.setLimits', { ...limits, maxOrderQty: null, maxOrderNotional: null, dailyLossLimit: null, pdt: { ...limits.pdt, enabled: false } });
}, 60_000);
afterAll(async () => {
  await h.close();
  // Made in beforeAll, outside any test, so tempDir() cannot remove it when a test ends.
  rmSync(h.dataDir, { recursive: true, force: true });
});

/** A good value, a good value with junk (often a NUL and a forged field list) inserted, or any string. */
const field = (...good: string[]) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...good) },
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

const ticket = fc.record({
  symbol: field('AAPL', 'msft', ' MSFT '),
  exchange: field('SMART'),
  currency: field('USD'),
  side: field('BUY', 'SELL'),
  quantity: field('1', '2', '3'),
  type: field('LMT'),
  limitPrice: field('1.00', '1.5', '2'),
  tif: field('DAY', 'GTC'),
});

const realOrders = () => h.sim.book().orders.filter((o) => !o.whatIf);

/**
 * A barrier on the one socket core uses: frames arrive in order, so once a known order placed now is in
 * the Gateway's book, every frame sent before it has arrived too. Then the book holds exactly `expected`.
 */
async function barrierThenCount(expected: number) {
  const r = await h.call('orders.place', { symbol: 'AAPL', side: 'BUY', quantity: '1', type: 'LMT', limitPrice: '1.00' });
  await until(() => realOrders().some((o) => o.orderId === r.orderId), { what: 'barrier order at the Gateway' });
  expect(realOrders()).toHaveLength(expected + 1);
}

describe('wire strings, property', () => {
  it('the Gateway decodes exactly the ticket the risk engine saw, or nothing', async () => {
    let placed = realOrders().length;
    await fc.assert(
      fc.asyncProperty(ticket, async (t) => {
        // Raw strings on purpose: the contract, not the type checker, is what stands between input and wire.
        const r = await h.core.dispatcher.dispatch('orders.place', t as never);
        if (!r.ok) return; // counted by the barrier below: a refused ticket leaves nothing at the Gateway
        placed++;
        const { orderId } = r.value as { orderId: number };
        await until(() => realOrders().some((o) => o.orderId === orderId), { what: `order ${orderId} at the Gateway` });
        const audited = (await h.call('risk.audit', { limit: 20 })).find((e) => e.kind === 'order' && e.order?.['orderId'] === orderId);
        expect(audited?.verdict).toBe('allowed');
        const seen = audited!.order as Record<string, string>;
        const decoded = realOrders().filter((o) => o.orderId === orderId);
        expect(decoded).toHaveLength(1);
        expect(decoded[0]).toMatchObject({
          symbol: seen['symbol'],
          action: seen['side'],
          quantity: Number(seen['quantity']),
          orderType: seen['type'],
          lmtPrice: Number(seen['limitPrice']),
          tif: seen['tif'],
          whatIf: false,
        });
        // And what the engine saw is what was typed, in its canonical form: nothing was smuggled past it.
        expect(seen['symbol']).toBe(String(t.symbol).trim().toUpperCase());
        expect([seen['exchange'], seen['currency'], seen['side'], seen['quantity'], seen['limitPrice']]).toEqual([t.exchange, t.currency, t.side, t.quantity, t.limitPrice]);
      }),
      { numRuns: 120, seed: 1515 },
    );
    await barrierThenCount(placed);
  }, 120_000);

  it('a preview never becomes an order, whatever its strings', async () => {
    const before = realOrders().length;
    await fc.assert(
      fc.asyncProperty(ticket, async (t) => {
        await h.core.dispatcher.dispatch('orders.preview', t as never);
      }),
      { numRuns: 25, seed: 1516 },
    );
    await barrierThenCount(before);
  }, 120_000);
});
