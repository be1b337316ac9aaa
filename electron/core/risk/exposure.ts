/**
 * Worst-case exposure per instrument: the held position plus every working order that could still fill.
 * Buys and sells are kept apart on purpose — a working sell does not make room for a new buy, because the
 * sell can be cancelled after the buy fills. Only fills reduce a position; an order that makes the worst
 * case smaller (a sell against a long) is never refused by a size limit.
 *
 * Groups (IB's attached orders and OCA groups) count for what can really fill:
 * - an attached order whose parent still works adds nothing: it activates only when the parent fills and
 *   then closes what the parent opened (https://interactivebrokers.github.io/tws-api/bracket_order.html);
 * - a blocking OCA group counts as its largest member (risk/oca.ts).
 */
import type { AccountSnapshot, ParsedTicket, Position } from '../contract.ts';
import { instrumentId, orderKey } from '../contract/keys.ts';
import { abs, add, div, gt, max, mul, parse, parseOrNull, sign, sub, sum, ZERO, type Dec } from './money.ts';
import { addedShares, countedOrders, type OcaTag } from './oca.ts';
import type { WorkingOrder } from './types.ts';

export interface Book {
  position: Dec;
  /** Shares of working buy orders. */
  buys: Dec;
  /** Shares of working sell orders. */
  sells: Dec;
  /** Value of one share (or contract) for exposure, null when nothing tells us a price. */
  unitValue: Dec | null;
}

export type Books = Map<string, Book>;

/**
 * One book per instrument: a future per month (ESZ6 and ESH7 are a calendar spread, not one flat
 * position), by the identity every source can name — the root and the last trade date the Gateway reports
 * with positions, open orders and executions (contract/keys.ts instrumentId). Not the conId: a ticket
 * typed into the desk has none until looked up, and must land in the same book as the position it trades.
 */
export const instrumentKey = (i: { secType?: string | undefined; symbol: string; lastTradeDateOrContractMonth?: string | undefined }): string =>
  `${i.secType ?? 'STK'}:${instrumentId(i)}`;

/** The furthest a position can go on one side: long if every buy fills, short if every sell does. */
export function sideBound(b: Book, side: 'BUY' | 'SELL'): Dec {
  return side === 'BUY' ? add(b.position, b.buys) : sub(b.position, b.sells);
}

/** The largest position (in absolute shares) the book can reach if any subset of its orders fills. */
export function worstShares(b: Book): Dec {
  return max(abs(add(b.position, b.buys)), abs(sub(b.position, b.sells)));
}

export function worstValue(b: Book): Dec {
  return b.unitValue === null ? ZERO : mul(worstShares(b), b.unitValue);
}

export function grossExposure(books: Books): Dec {
  return sum([...books.values()].map(worstValue));
}

/** Per-share value of a held position: IB's market value covers multipliers (options, futures). */
function positionUnitValue(p: Position): Dec | null {
  const qty = parseOrNull(p.quantity);
  const mv = parseOrNull(p.marketValue);
  if (qty !== null && mv !== null && sign(qty) !== 0) return abs(div(mv, qty, 8, 'up'));
  const price = parseOrNull(p.marketPrice) ?? parseOrNull(p.avgCost);
  return price === null ? null : abs(price);
}

/**
 * The multiplier a price is scaled by: 1 for stocks and forex; a future's from the resolved contract, null
 * when not known (the order cannot be valued then, so it is refused rather than valued 50× too low).
 */
export function contractMultiplier(secType: string, symbol: string, multiplier?: (symbol: string, secType: string) => string | null): Dec | null {
  if (secType !== 'FUT') return parse('1');
  return parseOrNull(multiplier?.(symbol, secType) ?? null);
}

/** Builds the books from the account's positions and the working orders. */
export function buildBooks(
  snapshot: AccountSnapshot | null,
  working: readonly WorkingOrder[],
  lastPrice: (symbol: string) => string | null,
  multiplier?: (symbol: string, secType: string) => string | null,
): Books {
  const books: Books = new Map();
  const get = (key: string): Book => {
    let b = books.get(key);
    if (!b) {
      b = { position: ZERO, buys: ZERO, sells: ZERO, unitValue: null };
      books.set(key, b);
    }
    return b;
  };
  for (const p of snapshot?.positions ?? []) {
    const b = get(instrumentKey(p));
    b.position = add(b.position, parse(p.quantity));
    // Stocks have no multiplier, so the live last price is the better mark; the position's own value (an
    // exact division, the costliest step of a risk view) is worked out only when there is no such price.
    const last = p.secType === 'STK' ? parseOrNull(lastPrice(p.symbol)) : null;
    b.unitValue = last ?? positionUnitValue(p);
  }
  // A blocking OCA group weighs its largest member only (oca.ts); a working parent's exits add nothing.
  for (const o of countedOrders(working)) {
    if (isHeldChild(o, working)) continue;
    const secType = o.secType ?? 'STK';
    const key = instrumentKey({ ...o, secType });
    const b = get(key);
    const remaining = abs(parse(o.remaining));
    if (o.side === 'BUY') b.buys = add(b.buys, remaining);
    else b.sells = add(b.sells, remaining);
    if (b.unitValue === null) {
      const price =
        (secType === 'STK' ? parseOrNull(lastPrice(o.symbol)) : null) ??
        parseOrNull(o.limitPrice) ??
        parseOrNull(o.stopPrice);
      // A future's order price is per index point; its value per contract is price × multiplier.
      const m = contractMultiplier(secType, o.symbol, multiplier);
      b.unitValue = price === null || m === null ? null : mul(price, m);
    }
  }
  return books;
}

/** Stands for "no client id" in an order key: IB's client ids are ≥ 0. */
const NO_CLIENT = -1;

/**
 * An attached order (parentId) on the other side of its parent, same instrument, no larger, whose parent is
 * still working: it can fill only after the parent, and then only closes it.
 */
export function isHeldChild(o: WorkingOrder, working: readonly WorkingOrder[]): boolean {
  if (!o.parentId) return false;
  // The parent is an order of the same API client: every client numbers its own orders (contract/keys.ts),
  // so client 7's order 5 is not the parent of client 9's exit with parentId 5. An order without a client
  // id (a test's or an engine-only view) matches only another without one.
  const parentKey = orderKey({ clientId: o.clientId ?? NO_CLIENT, orderId: o.parentId });
  const parent = working.find((p) => p !== o && orderKey({ clientId: p.clientId ?? NO_CLIENT, orderId: p.orderId }) === parentKey);
  if (!parent || parent.side === o.side) return false;
  if (instrumentKey(parent) !== instrumentKey(o)) return false;
  return !gt(abs(parse(o.remaining)), abs(parse(parent.remaining)));
}

/**
 * A copy of the books with the ticket added as one more working order, valued at `price` or worse. A member
 * of a blocking OCA group adds only what it has beyond the group's largest working member (`working`).
 */
export function withOrder(
  books: Books,
  ticket: ParsedTicket & OcaTag,
  qty: Dec,
  price: Dec | null,
  working: readonly WorkingOrder[] = [],
): Books {
  const added = addedShares(working, ticket, qty);
  const next: Books = new Map([...books].map(([k, b]) => [k, { ...b }]));
  const key = instrumentKey(ticket);
  const b = next.get(key) ?? { position: ZERO, buys: ZERO, sells: ZERO, unitValue: null };
  if (ticket.side === 'BUY') b.buys = add(b.buys, added);
  else b.sells = add(b.sells, added);
  if (price !== null && (b.unitValue === null || gt(price, b.unitValue))) b.unitValue = price;
  next.set(key, b);
  return next;
}
