/**
 * Property: whatever strings reach the ticket's fields, the order the simulated Gateway decodes off the
 * wire is exactly the ticket the risk engine judged (its audit line), or there is no order at all. A NUL
 * or a byte outside a field's alphabet can never shift fields, flip what-if, or add an order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barrierThenCount, judgedAndDecoded, junkyField, realOrders, wireRig } from './wire-harness.ts';

const rig = wireRig();
const field = junkyField(8);

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

describe('wire strings, property', () => {
  it('the Gateway decodes exactly the ticket the risk engine saw, or nothing', async () => {
    const h = rig();
    let placed = realOrders(h).length;
    await fc.assert(
      fc.asyncProperty(ticket, async (t) => {
        // Raw strings on purpose: the contract, not the type checker, is what stands between input and wire.
        const r = await h.core.dispatcher.dispatch('orders.place', t as never);
        if (!r.ok) return; // counted by the barrier below: a refused ticket leaves nothing at the Gateway
        placed++;
        const { orderId } = r.value as { orderId: number };
        const { seen, decoded } = await judgedAndDecoded(h, orderId);
        expect(decoded).toMatchObject({
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
    await barrierThenCount(h, placed);
  }, 120_000);

  it('a preview never becomes an order, whatever its strings', async () => {
    const h = rig();
    const before = realOrders(h).length;
    await fc.assert(
      fc.asyncProperty(ticket, async (t) => {
        await h.core.dispatcher.dispatch('orders.preview', t as never);
      }),
      { numRuns: 25, seed: 1516 },
    );
    await barrierThenCount(h, before);
  }, 120_000);
});
