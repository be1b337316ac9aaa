/**
 * Everything the rules need about one order, worked out once: parsed quantity, the price its notional is
 * measured at, equity and loss figures, and the exposure books before and after. Rules stay one-liners
 * over these facts, and every rule sees the same numbers.
 */
import type { AccountSnapshot, ParsedTicket } from '../contract.ts';
import { attachedTickets, type AttachedTicket } from './attached.ts';
import { buildBooks, contractMultiplier, instrumentKey, isHeldChild, sideBound, withOrder, type Book, type Books } from './exposure.ts';
import { lossFigures } from './equity.ts';
import { instrumentId } from '../contract/keys.ts';
import { abs, gt, mul, parseOrNull, sign, tryParse, ZERO, type Dec } from './money.ts';
import type { RiskContext } from './types.ts';

export interface OrderFacts {
  ticket: ParsedTicket;
  symbol: string;
  currency: string;
  now: number;
  /** Null when the ticket's quantity is not a positive number (the ticket rule refuses it). */
  qty: Dec | null;
  lastPrice: Dec | null;
  /** The price the order's value is measured at (worse of its own and the market); null without a market price. */
  price: Dec | null;
  priceSource: 'limit' | 'stop' | 'last' | null;
  notional: Dec | null;
  netLiq: Dec | null;
  dailyLoss: Dec;
  drawdown: Dec;
  startOfDayEquity: Dec | null;
  peakEquity: Dec | null;
  before: Books;
  after: Books;
  /** The order's own instrument, before and after. */
  bookBefore: Book;
  bookAfter: Book;
  /**
   * The worst case on the order's own side (long for a buy, short for a sell), in absolute shares, once
   * the order is added: what a size limit is checked against.
   */
  sideShares: Dec;
  /** Does the order push its own side's worst case further out? Only then may a size limit refuse it. */
  increases: boolean;
  /**
   * The ticket's attached orders (bracket). They are not in the books: each closes what the parent opens
   * and works only once it has filled, so the parent's exposure is the whole bracket's worst case.
   */
  attached: AttachedTicket[];
}

const EMPTY_BOOK: Book = { position: ZERO, buys: ZERO, sells: ZERO, unitValue: null };

/**
 * The price an order is valued at: the worse (higher) of its own price and the market. A limit that is
 * marketable fills at the market, not at its limit (SELL LMT @ 0.01 sells at ~$200); a stop becomes a
 * market order; a resting limit may still be valued at the market, which errs towards refusing. With no
 * market price the value is unknown, and the market-price rule refuses the order.
 */
function orderPrice(
  t: ParsedTicket,
  last: Dec | null,
): { price: Dec | null; source: OrderFacts['priceSource'] } {
  const limit = parseOrNull(t.limitPrice);
  const stop = parseOrNull(t.stopPrice);
  let own: { price: Dec; source: 'limit' | 'stop' } | null = null;
  switch (t.type) {
    case 'LMT':
      own = limit ? { price: limit, source: 'limit' } : null;
      break;
    case 'STP LMT':
      own = limit && stop ? (gt(stop, limit) ? { price: stop, source: 'stop' } : { price: limit, source: 'limit' }) : null;
      break;
    case 'STP':
      own = stop ? { price: stop, source: 'stop' } : null;
      break;
    case 'MKT':
    case 'TRAIL':
      break;
  }
  if (last === null) return { price: null, source: null };
  if (own && gt(own.price, last)) return own;
  return { price: last, source: 'last' };
}

export function orderFacts(
  ticket: ParsedTicket,
  snapshot: AccountSnapshot | null,
  now: number,
  ctx: RiskContext,
): OrderFacts {
  const symbol = ticket.symbol.toUpperCase();
  const rawQty = tryParse(ticket.quantity);
  const qty = rawQty !== null && sign(rawQty) > 0 ? rawQty : null;
  // Each month of a future has its own price (ESH7 trades above ESZ6): asked by instrument, not root.
  const lastPrice = parseOrNull(ctx.lastPrice(instrumentId(ticket)));
  // A future's price is per index point: its value is quantity × price × multiplier (1 ES ≈ $296,000, not
  // $5,925). A future whose multiplier is not known has no value, so the market-price rule refuses it.
  const multiplier = contractMultiplier(ticket.secType, symbol, ctx.multiplier);
  const priced = orderPrice(ticket, lastPrice);
  const { price, source } = multiplier === null ? { price: null, source: null } : priced;
  const unitValue = price !== null && multiplier !== null ? mul(price, multiplier) : null;
  const notional = qty !== null && unitValue !== null ? mul(qty, unitValue) : null;

  const { netLiq, startOfDay: startOfDayEquity, peak: peakEquity, dailyLoss, drawdown } = lossFigures(
    snapshot,
    ctx.equity,
  );

  const valuation = unitValue;
  const before = buildBooks(snapshot, ctx.openOrders, ctx.lastPrice, ctx.multiplier);
  // A bracket's exit modified while its parent works adds nothing, as it adds nothing in the books.
  const heldChild =
    qty !== null &&
    ctx.attachedTo !== undefined &&
    isHeldChild(
      {
        orderId: -2,
        ...(ctx.placedBy !== undefined ? { clientId: ctx.placedBy } : {}),
        symbol,
        secType: ticket.secType,
        lastTradeDateOrContractMonth: ticket.lastTradeDateOrContractMonth,
        side: ticket.side,
        remaining: ticket.quantity,
        parentId: ctx.attachedTo,
      },
      ctx.openOrders,
    );
  const after = qty && !heldChild ? withOrder(before, ticket, qty, valuation, ctx.openOrders) : before;
  const key = instrumentKey(ticket);
  const bookBefore = before.get(key) ?? EMPTY_BOOK;
  const bookAfter = after.get(key) ?? EMPTY_BOOK;
  // Judged per side: a sell is measured against the short side even when working buys make the long
  // side bigger, or double-counted buys would hide a short growing past the limit.
  const sideBefore = abs(sideBound(bookBefore, ticket.side));
  const sideShares = abs(sideBound(bookAfter, ticket.side));
  const increases = gt(sideShares, sideBefore);

  return {
    ticket,
    symbol,
    currency: snapshot?.currency ?? ticket.currency,
    now,
    qty,
    lastPrice,
    price,
    priceSource: source,
    notional,
    netLiq,
    dailyLoss,
    drawdown,
    startOfDayEquity,
    peakEquity,
    before,
    after,
    bookBefore,
    bookAfter,
    sideShares,
    increases,
    attached: attachedTickets(ticket),
  };
}
