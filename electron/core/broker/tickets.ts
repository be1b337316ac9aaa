/** Ticket (contract shape, decimal strings) → @stoqey/ib Contract and Order. Pure, so it is tested alone. */
import { OrderAction, OrderType, SecType, TimeInForce, type Contract, type Order } from '@stoqey/ib';
import { hasWireBreak, type ParsedTicket } from '../contract.ts';
import { AppError } from '../errors.ts';
import { attachedTickets, bracketOcaGroup, type AttachedRole } from '../risk/attached.ts';

/**
 * The last line before the wire: @stoqey/ib separates fields with NUL and escapes nothing, so a NUL in any
 * string would shift every field after it. The contract already holds each field to its alphabet; this
 * refuses whatever reached the broker some other way (an account id from the Gateway, a future caller).
 */
export function assertWireSafe<T extends object>(what: string, value: T): T {
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string' && hasWireBreak(v)) {
      throw new AppError('BAD_INPUT', `The ${what}'s ${key} contains a NUL byte; nothing was sent.`, { fields: { [key]: 'contains a NUL byte' } });
    }
  }
  return value;
}

export function ticketContract(t: ParsedTicket): Contract {
  return assertWireSafe('contract', buildContract(t));
}

function buildContract(t: ParsedTicket): Contract {
  if (t.secType === 'CASH') {
    const [base, quote] = t.symbol.split('.');
    return { symbol: base, secType: SecType.CASH, exchange: 'IDEALPRO', currency: quote ?? t.currency };
  }
  if (t.secType === 'FUT') {
    // The expiry goes with the contract: without one, every listed month matches and the Gateway answers
    // an order or market-data request with error 200 "ambiguous" (contracts.ts asks which one first).
    const expiry = t.lastTradeDateOrContractMonth ? { lastTradeDateOrContractMonth: t.lastTradeDateOrContractMonth } : {};
    // A future has no SMART routing: it trades on its own exchange (ZN on CBOT, CL on NYMEX). Core names it
    // from contract details before it quotes or places (ContractBook.route); unnamed, the request goes with
    // none, which contract details search across every exchange (rust-ibapi #102) and an order is refused
    // for ("Missing order exchange", error 321) instead of going to a guessed exchange.
    const exchange = t.exchange && t.exchange !== 'SMART' ? t.exchange : '';
    return { symbol: t.symbol, secType: SecType.FUT, exchange, currency: t.currency, ...expiry };
  }
  return { symbol: t.symbol, secType: SecType.STK, exchange: t.exchange || 'SMART', currency: t.currency || 'USD' };
}

function need(value: string | undefined, field: string, label: string): number {
  if (value === undefined || value === '') {
    throw new AppError('BAD_INPUT', `${label} is required for this order type.`, { fields: { [field]: `enter ${label.toLowerCase()}` } });
  }
  const n = Number(value);
  if (!(n > 0)) throw new AppError('BAD_INPUT', `${label} must be above zero.`, { fields: { [field]: 'must be above zero' } });
  return n;
}

/** How an order is tied to others at the Gateway (IB's attaching mechanism, ibapi/order.py). */
export interface OrderLinkFields {
  /** The order this one is attached to (Order.parentId). */
  parentId?: number;
  ocaGroup?: string;
  ocaType?: number;
  /** False holds the order in the Gateway until an order of its group is sent with true (Order.transmit). */
  transmit?: boolean;
}

export function ticketOrder(t: ParsedTicket, opts: { account?: string; whatIf?: boolean } & OrderLinkFields = {}): Order {
  return assertWireSafe('order', buildOrder(t, opts));
}

/**
 * IB's date-time for goodTillDate in UTC, "yyyymmdd-hh:mm:ss" (accepted since TWS 10.17 / API 10.18,
 * https://interactivebrokers.github.io/tws-api/orders.html "Changes in the date/time field"): no zone name
 * to get wrong, whatever zone the Gateway or this machine is in.
 */
export function ibUtcDateTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

function buildOrder(t: ParsedTicket, opts: { account?: string; whatIf?: boolean } & OrderLinkFields): Order {
  const qty = Number(t.quantity);
  if (!(qty > 0)) throw new AppError('BAD_INPUT', 'Quantity must be above zero.', { fields: { quantity: 'must be above zero' } });
  const order: Order = {
    action: t.side === 'BUY' ? OrderAction.BUY : OrderAction.SELL,
    totalQuantity: qty,
    orderType: OrderType.MKT,
    tif: TimeInForce[t.tif],
    outsideRth: t.outsideRth,
    // stoqey sends "" for an unset transmit, which a real Gateway reads as "hold" — always say it.
    transmit: opts.transmit ?? true,
    whatIf: opts.whatIf ?? false,
  };
  if (t.tif === 'GTD') {
    if (t.goodTillDate === undefined) {
      throw new AppError('BAD_INPUT', 'A GTD order needs the date and time it expires.', { fields: { goodTillDate: 'pick a date and time' } });
    }
    order.goodTillDate = ibUtcDateTime(t.goodTillDate);
  }
  const ocaGroup = opts.ocaGroup ?? t.ocaGroup;
  if (ocaGroup) {
    order.ocaGroup = ocaGroup;
    order.ocaType = opts.ocaType ?? t.ocaType ?? 1;
  }
  if (opts.parentId) order.parentId = opts.parentId;
  if (opts.account) order.account = opts.account;
  switch (t.type) {
    case 'MKT':
      break;
    case 'LMT':
      order.orderType = OrderType.LMT;
      order.lmtPrice = need(t.limitPrice, 'limitPrice', 'Limit price');
      break;
    case 'STP':
      order.orderType = OrderType.STP;
      order.auxPrice = need(t.stopPrice, 'stopPrice', 'Stop price');
      break;
    case 'STP LMT':
      order.orderType = OrderType.STP_LMT;
      order.lmtPrice = need(t.limitPrice, 'limitPrice', 'Limit price');
      order.auxPrice = need(t.stopPrice, 'stopPrice', 'Stop price');
      break;
    case 'TRAIL':
      order.orderType = OrderType.TRAIL;
      if (t.trailPercent !== undefined && t.trailPercent !== '') {
        order.trailingPercent = need(t.trailPercent, 'trailPercent', 'Trailing percent');
      } else {
        order.auxPrice = need(t.trailAmount, 'trailAmount', 'Trailing amount');
      }
      if (t.stopPrice) order.trailStopPrice = Number(t.stopPrice);
      break;
  }
  return order;
}

/** One order of a group as it goes to the Gateway: its id, its ticket, its links. */
export interface GroupLeg {
  orderId: number;
  role: 'parent' | AttachedRole;
  ticket: ParsedTicket;
  links: OrderLinkFields;
}

/**
 * A ticket and its attached orders as IB's bracket pattern sends them
 * (https://interactivebrokers.github.io/tws-api/bracket_order.html): parent first, then each child with
 * `parentId` = the parent's id; `transmit` false on all but the last, so the Gateway holds them until the
 * last arrives and then transmits the whole group — no leg can fill before the others exist. The children
 * share one OCA group with ocaType 2 (reduce with block): a partial take-profit fill shrinks the stop by
 * the same shares, so the rest stays protected, and a full fill cancels it.
 * `ids` holds one id per leg, parent first.
 */
export function groupLegs(t: ParsedTicket, ids: readonly number[]): GroupLeg[] {
  const children = attachedTickets(t);
  const parentId = ids[0];
  if (parentId === undefined || ids.length !== children.length + 1) throw new Error(`groupLegs: ${children.length + 1} ids needed, ${ids.length} given`);
  const { attached: _attached, ...parent } = t;
  const last = children.length;
  const legs: GroupLeg[] = [{ orderId: parentId, role: 'parent', ticket: parent, links: { transmit: last === 0 } }];
  children.forEach((c, i) => {
    legs.push({
      orderId: ids[i + 1] as number,
      role: c.role,
      ticket: c.ticket,
      links: { parentId, ocaGroup: bracketOcaGroup(parentId), ocaType: 2, transmit: i + 1 === last },
    });
  });
  return legs;
}
