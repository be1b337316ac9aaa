/**
 * Property: whatever sequence of orders, partial fills, cancels and waits happens — including bursts of
 * orders sent before any of them is acknowledged — no position and no worst case of position plus working
 * orders ever goes beyond a size limit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RiskGate } from '../../../electron/core/risk/gate.ts';
import type { WorkingOrder } from '../../../electron/core/risk/types.ts';
import { limits, market, position, snapshot, tempDir, TestClock, ticket } from './fixtures.ts';

const PRICES = { AAPL: '100', MSFT: '50', SPY: '400' } as const;
type Sym = keyof typeof PRICES;
const SYMBOLS = Object.keys(PRICES) as Sym[];

const LIMITS = limits({
  maxOrderQty: '60',
  maxOrderNotional: null,
  maxPositionQty: '100',
  maxPositionNotional: '9000',
  maxGrossExposure: '20000',
});

const place = fc.record({
  kind: fc.constant('place' as const),
  symbol: fc.constantFrom(...SYMBOLS),
  side: fc.constantFrom('BUY' as const, 'SELL' as const),
  qty: fc.integer({ min: 1, max: 70 }),
  market: fc.boolean(),
  /** Limit price offset in percent from the last price. */
  offset: fc.integer({ min: -5, max: 5 }),
});
const burst = fc.record({ kind: fc.constant('burst' as const), orders: fc.array(place, { minLength: 2, maxLength: 8 }) });
const fill = fc.record({ kind: fc.constant('fill' as const), pick: fc.nat(), part: fc.integer({ min: 1, max: 100 }) });
const cancel = fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() });
const wait = fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 5_000 }) });
/** IB's position update: arrives separately from (and later than) the executions. */
const sync = fc.record({ kind: fc.constant('sync' as const) });
const step = fc.oneof(
  { arbitrary: place, weight: 4 },
  { arbitrary: burst, weight: 1 },
  { arbitrary: fill, weight: 3 },
  { arbitrary: cancel, weight: 1 },
  { arbitrary: wait, weight: 1 },
  { arbitrary: sync, weight: 1 },
);

type Place = typeof place extends fc.Arbitrary<infer T> ? T : never;

class Broker {
  positions = new Map<Sym, number>(SYMBOLS.map((s) => [s, 0]));
  /** What the account snapshot says, as of `reportedAt`: lags the true positions until a sync. */
  reported = new Map<Sym, number>(SYMBOLS.map((s) => [s, 0]));
  reportedAt = 0;
  open: (WorkingOrder & { symbol: Sym; left: number })[] = [];
  nextId = 1;
  execs = 0;
}

function checkInvariants(b: Broker): void {
  let gross = 0;
  for (const s of SYMBOLS) {
    const pos = b.positions.get(s) ?? 0;
    const buys = b.open.filter((o) => o.symbol === s && o.side === 'BUY').reduce((n, o) => n + o.left, 0);
    const sells = b.open.filter((o) => o.symbol === s && o.side === 'SELL').reduce((n, o) => n + o.left, 0);
    const worst = Math.max(Math.abs(pos + buys), Math.abs(pos - sells));
    const price = Number(PRICES[s]);
    expect(Math.abs(pos)).toBeLessThanOrEqual(100);
    expect(worst).toBeLessThanOrEqual(100);
    expect(worst * price).toBeLessThanOrEqual(9000);
    gross += worst * price;
  }
  expect(gross).toBeLessThanOrEqual(20000);
}

describe('RiskGate property', () => {
  it('no sequence of orders, fills and cancels ends beyond a limit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        const clock = new TestClock();
        const gate = new RiskGate({ dir: tempDir(), clock, limits: LIMITS });
        const b = new Broker();
        b.reportedAt = clock.now();
        const snap = () =>
          snapshot({
            positions: SYMBOLS.filter((s) => b.reported.get(s) !== 0).map((s) =>
              position(s, String(b.reported.get(s)), PRICES[s]),
            ),
            updatedAt: b.reportedAt,
          });
        const view = () => market({ ...PRICES }, { openOrders: b.open.map((o) => ({ ...o, remaining: String(o.left) })) });

        const submit = async (p: Place): Promise<void> => {
          const id = b.nextId++;
          const last = Number(PRICES[p.symbol]);
          const t = p.market
            ? ticket({ symbol: p.symbol, side: p.side, quantity: String(p.qty), type: 'MKT', limitPrice: undefined })
            : ticket({ symbol: p.symbol, side: p.side, quantity: String(p.qty), limitPrice: String((last * (100 + p.offset)) / 100) });
          const d = await gate.submit(t, snap(), view(), id);
          if (d.verdict.decision === 'allow') b.open.push({ orderId: id, symbol: p.symbol, side: p.side, remaining: t.quantity, left: p.qty });
        };

        for (const s of steps) {
          if (s.kind === 'place') await submit(s);
          else if (s.kind === 'burst') {
            // Sent back to back: each evaluation happens before the previous order is at the "broker".
            const pending = s.orders.map((p) => submit(p));
            await Promise.all(pending);
          } else if (s.kind === 'fill' && b.open.length > 0) {
            const o = b.open[s.pick % b.open.length]!;
            const shares = Math.max(1, Math.floor((o.left * s.part) / 100));
            o.left -= shares;
            b.positions.set(o.symbol, (b.positions.get(o.symbol) ?? 0) + (o.side === 'BUY' ? shares : -shares));
            gate.onFill({ execId: `x${++b.execs}`, orderId: o.orderId, symbol: o.symbol, side: o.side, shares: String(shares), time: clock.now() });
            if (o.left === 0) b.open = b.open.filter((x) => x !== o);
          } else if (s.kind === 'cancel' && b.open.length > 0) {
            const o = b.open[s.pick % b.open.length]!;
            b.open = b.open.filter((x) => x !== o);
            gate.release(o.orderId);
          } else if (s.kind === 'wait') {
            clock.advance(s.ms);
          } else if (s.kind === 'sync') {
            b.reported = new Map(b.positions);
            b.reportedAt = clock.now();
          }
          checkInvariants(b);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a burst of concurrent orders is all-or-some, never jointly over the limit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 2, maxLength: 30 }), async (sizes) => {
        const gate = new RiskGate({ dir: tempDir(), clock: new TestClock(), limits: LIMITS });
        const decisions = await Promise.all(
          sizes.map((q, i) => gate.submit(ticket({ quantity: String(q), limitPrice: '50', symbol: 'MSFT' }), snapshot(), market({ ...PRICES }), i + 1)),
        );
        const total = sizes.reduce((n, q, i) => (decisions[i]?.verdict.decision === 'allow' ? n + q : n), 0);
        expect(total).toBeLessThanOrEqual(100);
        // Greedy in arrival order: an order is refused only when it would not fit.
        let used = 0;
        sizes.forEach((q, i) => {
          const fits = used + q <= 100;
          expect(decisions[i]?.verdict.decision === 'allow').toBe(fits);
          if (fits) used += q;
        });
      }),
      { numRuns: 100 },
    );
  });
});
