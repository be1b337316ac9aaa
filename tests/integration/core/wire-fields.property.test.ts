/**
 * The wire property (wire.property.test.ts) over the ticket fields that one leaves out: stop and trailing
 * prices, the OCA group and type, outside-RTH, the security type. Whatever values reach them, the order
 * the simulated Gateway decodes is exactly the ticket the risk engine judged (its audit line), or the
 * ticket is refused and nothing reaches the Gateway.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barrierThenCount, judgedAndDecoded, junkyField, realOrders, wireRig } from './wire-harness.ts';

const rig = wireRig();

/**
 * With thirteen fields, a bad value in any one refuses the whole ticket, so each field is mostly good:
 * about a third of the tickets are all good and reach the Gateway.
 */
const field = junkyField(30);
const mostly = (good: fc.Arbitrary<unknown>, bad: fc.Arbitrary<unknown>) => fc.oneof({ weight: 15, arbitrary: good }, { weight: 1, arbitrary: bad });
const maybe = <T>(a: fc.Arbitrary<T>, freq = 3) => fc.option(a, { nil: undefined, freq });

const ticket = fc
  .record({
    symbol: field('AAPL', 'MSFT'),
    secType: maybe(field('STK')),
    side: field('BUY', 'SELL'),
    quantity: field('1', '2'),
    type: field('STP', 'STP LMT', 'TRAIL'),
    limitPrice: maybe(field('1.00', '2'), 6),
    stopPrice: maybe(field('1.00', '900'), 6),
    trailAmount: maybe(field('0.50', '3')),
    trailPercent: maybe(field('1', '2.5')),
    tif: field('DAY', 'GTC'),
    ocaGroup: maybe(field('grp-1', 'Hedge A')),
    ocaType: maybe(mostly(fc.constantFrom<unknown>(1, 2, 3), fc.constantFrom<unknown>(0, 4, '1', null))),
    outsideRth: maybe(mostly(fc.boolean(), fc.constantFrom<unknown>('yes', 1, null))),
  })
  .map((t) => Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)));

describe('wire fields, property', () => {
  it('stop, trailing, OCA and session fields: the Gateway decodes exactly what the risk engine saw, or nothing', async () => {
    const h = rig();
    const before = realOrders(h).length;
    let placed = 0;
    await fc.assert(
      fc.asyncProperty(ticket, async (t) => {
        const r = await h.core.dispatcher.dispatch('orders.place', t as never);
        if (!r.ok) return; // a refused ticket leaves nothing at the Gateway: counted by the barrier below
        placed++;
        const { orderId } = r.value as { orderId: number };
        const { seen, decoded } = await judgedAndDecoded(h, orderId);
        expect(decoded).toMatchObject({
          symbol: seen['symbol'],
          action: seen['side'],
          quantity: Number(seen['quantity']),
          orderType: seen['type'],
          tif: seen['tif'],
          outsideRth: seen['outsideRth'],
          ocaGroup: seen['ocaGroup'] ?? '',
          whatIf: false,
        });
        if (seen['ocaGroup'] !== undefined) expect(decoded.ocaType).toBe(seen['ocaType'] ?? 1);
        if (seen['type'] === 'STP' || seen['type'] === 'STP LMT') expect(decoded.auxPrice).toBe(Number(seen['stopPrice']));
        if (seen['type'] === 'STP LMT') expect(decoded.lmtPrice).toBe(Number(seen['limitPrice']));
        if (seen['type'] === 'TRAIL') {
          if (seen['trailPercent'] !== undefined) expect(decoded.trailingPercent).toBe(Number(seen['trailPercent']));
          else expect(decoded.auxPrice).toBe(Number(seen['trailAmount']));
        }
        // What the engine saw is what was sent, canonical form aside: nothing was smuggled past it.
        for (const key of ['side', 'quantity', 'type', 'tif', 'stopPrice', 'limitPrice', 'trailAmount', 'trailPercent'] as const) {
          if (t[key] !== undefined) expect(seen[key], key).toBe(t[key]);
        }
        if (t['ocaGroup'] !== undefined) expect(seen['ocaGroup']).toBe(String(t['ocaGroup']).trim());
      }),
      { numRuns: 100, seed: 1517 },
    );
    // The property is not vacuous: a good part of the tickets were placed, the rest refused.
    expect(placed).toBeGreaterThan(15);
    await barrierThenCount(h, before + placed);
  }, 180_000);
});
