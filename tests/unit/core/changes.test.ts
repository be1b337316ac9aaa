/**
 * The keyed stream changes (contract/changes.ts): a subscriber that applies every message ends with the
 * value core holds, row for row and in order, whatever happened between two deliveries; a row that did not
 * change keeps its object; and only what changed is sent.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyMessage,
  diffValue,
  pruneMessage,
  streamMessages,
  type AccountSnapshot,
  type OrdersSnapshot,
  type Position,
  type StreamMessage,
} from '../../../electron/core/contract.ts';

const money = fc.integer({ min: -10_000_00, max: 10_000_00 }).map((c) => (c / 100).toFixed(2));

/** Positions on a few accounts with conIds from a small range, so books share rows, lose and gain them. */
const position = fc.record({
  account: fc.constantFrom('DU1', 'DU2'),
  conId: fc.integer({ min: 1, max: 60 }),
  symbol: fc.constantFrom('AAPL', 'MSFT', 'ES', 'EUR'),
  secType: fc.constantFrom('STK', 'FUT', 'CASH'),
  currency: fc.constant('USD'),
  quantity: fc.integer({ min: -500, max: 500 }).map(String),
  avgCost: money,
  marketPrice: fc.option(money, { nil: null }),
  marketValue: fc.option(money, { nil: null }),
  unrealizedPnl: fc.option(money, { nil: null }),
  realizedPnl: fc.option(money, { nil: null }),
  dailyPnl: fc.option(fc.option(money, { nil: null }), { nil: undefined }),
});

function uniqueBy<T>(rows: T[], key: (r: T) => string): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(key(r)) && (seen.add(key(r)), true));
}

const book = fc
  .record({
    positions: fc.array(position, { maxLength: 40 }).map((ps) => uniqueBy(ps, (p) => `${p.account}:${p.conId}`)),
    equityLine: fc
      .uniqueArray(fc.integer({ min: 0, max: 100 }), { maxLength: 8 })
      .chain((times) => fc.tuple(...times.map((t) => money.map((value) => ({ time: t, value }))))),
    netLiq: money,
    daily: fc.option(money, { nil: null }),
    updatedAt: fc.integer({ min: 0, max: 5 }),
    stale: fc.boolean(),
  })
  .map(
    (b): AccountSnapshot => ({
      account: 'DU1',
      currency: 'USD',
      summary: { NetLiquidation: b.netLiq },
      pnl: { daily: b.daily, unrealized: null, realized: null },
      positions: b.positions,
      equityLine: b.equityLine,
      updatedAt: b.updatedAt,
      stale: b.stale,
    }),
  );

/** The next book often keeps most rows of the last one (a tick moves a few prices), or is a fresh one. */
const nextOf = (prev: AccountSnapshot) =>
  fc.oneof(
    book,
    fc.tuple(fc.array(fc.nat({ max: 60 }), { maxLength: 6 }), money, fc.boolean(), fc.array(position, { maxLength: 3 })).map(
      ([ticks, price, shuffle, extra]) => {
        const rows = prev.positions.map((p, i) => (ticks.includes(i) ? { ...p, marketPrice: price } : p));
        const moved = shuffle ? [...rows].reverse() : rows;
        const positions = uniqueBy([...moved, ...extra], (p) => `${p.account}:${p.conId}`).filter((_, i) => !ticks.includes(i + 100));
        return { ...prev, positions };
      },
    ),
  );

const books = book.chain((first) => fc.tuple(fc.constant(first), nextOf(first))).chain(([a, b]) =>
  fc.tuple(fc.constant(a), fc.constant(b), nextOf(b)),
);

/** What a subscriber ends with: the messages applied, each one sent over JSON as the bridge does. */
function follow(values: unknown[], byIdentity: boolean): { state: unknown; messages: (StreamMessage | null)[] } {
  let sent: unknown = undefined;
  let state: unknown = undefined;
  const messages: (StreamMessage | null)[] = [];
  for (const v of values) {
    // As the hub does: what it holds is a checked copy; the raw value diffed last lets unchanged rows go by identity.
    const msg = diffValue('account', sent === undefined ? undefined : JSON.parse(JSON.stringify(sent)), v, byIdentity ? sent : undefined);
    messages.push(msg);
    sent = v;
    if (msg) state = applyMessage('account', state, JSON.parse(JSON.stringify(msg)) as StreamMessage);
  }
  return { state, messages };
}

describe('stream changes', () => {
  it('a subscriber applying every change ends with the book core holds, rows in order (random books)', () => {
    fc.assert(
      fc.property(books, fc.boolean(), ([a, b, c], byIdentity) => {
        const { state, messages } = follow([a, b, c], byIdentity);
        expect(state).toEqual(JSON.parse(JSON.stringify(c)));
        // Every message is one the contract accepts (the hub checks them so before they leave core).
        for (const m of messages) if (m) expect(streamMessages.account.safeParse(m).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('sends nothing when nothing changed, and for one price tick in 10,000 positions one row', () => {
    const positions: Position[] = Array.from({ length: 10_000 }, (_, i) => ({
      account: 'DU1', conId: 1000 + i, symbol: `S${i}`, secType: 'STK', currency: 'USD', quantity: '10', avgCost: '1.00',
      marketPrice: '1.00', marketValue: '10.00', unrealizedPnl: '0.00', realizedPnl: '0.00',
    }));
    const prev: AccountSnapshot = {
      account: 'DU1', currency: 'USD', summary: {}, pnl: { daily: null, unrealized: null, realized: null }, positions,
      equityLine: [], updatedAt: 1, stale: false,
    };
    // A fresh build of the same book (new objects, same values): nothing to send.
    expect(diffValue('account', prev, JSON.parse(JSON.stringify(prev)))).toBeNull();
    const next = { ...prev, positions: positions.map((p, i) => (i === 4321 ? { ...p, marketPrice: '1.01' } : p)), updatedAt: 2 };
    const msg = diffValue('account', prev, next);
    expect(msg).toEqual({ kind: 'change', set: { updatedAt: 2 }, keyed: { positions: { upsert: [next.positions[4321]], remove: [] } } });
    expect(JSON.stringify(msg).length).toBeLessThan(400);
  });

  it('keeps the object of every row that did not change, so only changed rows redraw', () => {
    const a = { conId: 1, account: 'DU1', marketPrice: '1' };
    const b = { conId: 2, account: 'DU1', marketPrice: '2' };
    const state = { positions: [a, b], updatedAt: 1 } as unknown as AccountSnapshot;
    const next = applyMessage('account', state, {
      kind: 'change',
      keyed: { positions: { upsert: [{ ...b, marketPrice: '3' }], remove: [] } },
    });
    expect(next.positions[0]).toBe(a);
    expect(next.positions[1]).toEqual({ ...b, marketPrice: '3' });
    expect(state.positions[1]).toBe(b); // the state applied to is left as it was
  });

  it('keys orders by (client id, order id): two programs’ order 12 are two rows', () => {
    const order = (clientId: number, status: string) =>
      ({ orderId: 12, permId: 0, clientId, status }) as unknown as OrdersSnapshot['open'][number];
    const prev = { open: [order(0, 'Submitted'), order(7, 'Submitted')], done: [], fills: [], reconciled: true };
    const next = { ...prev, open: [order(0, 'Submitted'), order(7, 'Filled')] };
    const msg = diffValue('orders', prev, next);
    expect(msg).toEqual({ kind: 'change', keyed: { open: { upsert: [order(7, 'Filled')], remove: [] } } });
    expect(applyMessage('orders', prev, msg!)).toEqual(next);
  });

  it('pruning drops rows the subscriber already holds', () => {
    const prev = { positions: [{ account: 'DU1', conId: 1, marketPrice: '1' }] };
    const msg: StreamMessage = { kind: 'change', set: { positions: prev.positions }, keyed: { positions: { upsert: [{ account: 'DU1', conId: 1, marketPrice: '1' }], remove: [] } } };
    expect(pruneMessage('account', prev, msg)).toBeNull();
  });
});
