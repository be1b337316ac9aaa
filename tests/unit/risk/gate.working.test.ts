/**
 * The working-order scan behind every decision is indexed (reservation views made once, the minute's order
 * count a moving window). Property: through any sequence of orders, fills, cancels, refused modifies,
 * position updates and clock moves (backwards too) — with a book of many resting broker orders — the gate
 * hands the engine exactly the working orders and the order count a plain rebuild from its inputs gives,
 * so every decision is the same as before the index.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { format, parse } from '../../../electron/core/risk/money.ts';
import { RiskGate } from '../../../electron/core/risk/gate.ts';
import type { WorkingOrder } from '../../../electron/core/risk/types.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { limits, market, snapshot, TestClock, ticket } from './fixtures.ts';

const SYMBOLS = ['AAPL', 'MSFT', 'SPY'] as const;
const SETTLE_MS = 2_000;

const step = fc.oneof(
  fc.record({ kind: fc.constant('place' as const), symbol: fc.constantFrom(...SYMBOLS), side: fc.constantFrom('BUY' as const, 'SELL' as const), qty: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ kind: fc.constant('modify' as const), pick: fc.nat(), qty: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ kind: fc.constant('refused' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('fill' as const), pick: fc.nat(), part: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('sync' as const) }),
  fc.record({ kind: fc.constant('clock' as const), ms: fc.integer({ min: -70_000, max: 70_000 }) }),
);

/** The old scan, written plainly: broker orders not reserved, then reservations, then settling fills. */
function rebuild(open: readonly WorkingOrder[], gate: RiskGate, settling: { symbol: string; side: 'BUY' | 'SELL'; shares: string; time: number }[], lastSnapshotAt: number, exclude?: number): WorkingOrder[] {
  const reserved = gate.reserved();
  const ids = new Set(reserved.map((r) => r.orderId));
  return [
    ...open.filter((o) => o.orderId !== exclude && !ids.has(o.orderId)),
    ...reserved
      .filter((r) => r.orderId !== exclude)
      .map((r) => ({ orderId: r.orderId, symbol: r.symbol, secType: r.secType, side: r.side, remaining: format(r.remaining), limitPrice: r.limitPrice, stopPrice: r.stopPrice, ocaGroup: r.ocaGroup, ocaType: r.ocaType, ...(r.parentId ? { parentId: r.parentId } : {}) })),
    ...settling
      .filter((s) => lastSnapshotAt < s.time + SETTLE_MS)
      .map((s) => ({ orderId: -1, symbol: s.symbol, secType: 'STK', side: s.side, remaining: format(parse(s.shares)) })),
  ];
}

describe('risk gate: indexed working-order scan', () => {
  it('gives the engine the same working orders and order count as a plain rebuild, with 60 resting orders', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 60 }), async (steps) => {
        const clock = new TestClock();
        const gate = new RiskGate({ dir: tempDir(), clock, settleMs: SETTLE_MS, limits: limits({ maxOrderQty: null, maxOrdersPerMinute: null, maxPositionQty: null, maxPositionNotional: null, maxGrossExposure: null, maxOrderNotional: null }) });
        // A working book at the Gateway the gate did not place: 60 resting orders, some of them also ours.
        const resting: WorkingOrder[] = Array.from({ length: 60 }, (_, i) => ({ orderId: 5000 + i, symbol: SYMBOLS[i % 3]!, side: i % 2 ? 'SELL' : 'BUY', remaining: String(1 + (i % 7)) }));
        const view = () => market({ AAPL: '100', MSFT: '50', SPY: '400' }, { openOrders: resting });
        const settling: { symbol: string; side: 'BUY' | 'SELL'; shares: string; time: number }[] = [];
        const allowedAt: number[] = [];
        let lastSnapshotAt = Number.NEGATIVE_INFINITY;
        let nextId = 1;
        let exec = 0;
        const pickReserved = (n: number) => {
          const r = gate.reserved();
          return r.length ? r[n % r.length]! : null;
        };
        for (const s of steps) {
          if (s.kind === 'place' || s.kind === 'modify') {
            const target = s.kind === 'modify' ? pickReserved(s.pick) : null;
            if (s.kind === 'modify' && !target) continue;
            const id = target?.orderId ?? nextId++;
            const t = ticket({ symbol: target?.symbol ?? (s as { symbol: string }).symbol, side: target?.side ?? (s as { side: 'BUY' | 'SELL' }).side, quantity: String(s.qty), limitPrice: '10' });
            const d = await gate.submit(t, snapshot({ updatedAt: clock.now() }), view(), id);
            lastSnapshotAt = Math.max(lastSnapshotAt, clock.now());
            if (d.verdict.decision === 'allow') allowedAt.push(clock.now());
          } else if (s.kind === 'refused') {
            const r = pickReserved(s.pick);
            if (r) gate.modifyRefused(r.orderId);
          } else if (s.kind === 'fill') {
            const r = pickReserved(s.pick);
            if (!r) continue;
            const shares = String(Math.min(s.part, Number(format(r.remaining))));
            const f = { execId: `x${++exec}`, orderId: r.orderId, symbol: r.symbol, side: r.side, shares, time: clock.now() };
            gate.onFill(f);
            settling.push(f);
          } else if (s.kind === 'release') {
            const r = pickReserved(s.pick);
            if (r) gate.release(r.orderId);
          } else if (s.kind === 'sync') {
            await gate.observe(snapshot({ updatedAt: clock.now() }), view());
            lastSnapshotAt = Math.max(lastSnapshotAt, clock.now());
          } else {
            clock.advance(s.ms);
          }
          const exclude = gate.reserved()[0]?.orderId;
          for (const ex of [undefined, exclude]) {
            const ctx = gate.context(view(), ex);
            expect(ctx.openOrders).toEqual(rebuild(resting, gate, settling, lastSnapshotAt, ex));
          }
          // The old count: times inside the last minute, each dropped for good once it fell out of it.
          const since = clock.now() - 60_000;
          for (let i = allowedAt.length - 1; i >= 0; i--) if (allowedAt[i]! <= since) allowedAt.splice(i, 1);
          expect(gate.context(view()).ordersLastMinute).toBe(allowedAt.length);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('counts the orders of the last minute as before when the clock steps back between orders', async () => {
    const clock = new TestClock();
    const gate = new RiskGate({ dir: tempDir(), clock, limits: limits({ maxOrdersPerMinute: null }) });
    const t = ticket({ quantity: '1', limitPrice: '10' });
    const t0 = clock.now();
    await gate.submit(t, snapshot(), market(), 1);
    clock.time = t0 - 30_000; // the system clock corrected backwards
    await gate.submit(t, snapshot(), market(), 2);
    expect(gate.context(market()).ordersLastMinute).toBe(2);
    clock.time = t0 + 40_000; // 70 s after the second order, 40 s after the first
    expect(gate.context(market()).ordersLastMinute).toBe(1);
  });
});
