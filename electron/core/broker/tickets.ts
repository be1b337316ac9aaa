/** Ticket (contract shape, decimal strings) → @stoqey/ib Contract and Order. Pure, so it is tested alone. */
import { OrderAction, OrderType, SecType, TimeInForce, type Contract, type Order } from '@stoqey/ib';
import { hasWireBreak, type ParsedTicket } from '../contract.ts';
import { AppError } from '../errors.ts';

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
    return { symbol: t.symbol, secType: SecType.FUT, exchange: t.exchange === 'SMART' ? 'CME' : t.exchange, currency: t.currency, ...expiry };
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

export function ticketOrder(t: ParsedTicket, opts: { account?: string; whatIf?: boolean } = {}): Order {
  return assertWireSafe('order', buildOrder(t, opts));
}

function buildOrder(t: ParsedTicket, opts: { account?: string; whatIf?: boolean }): Order {
  const qty = Number(t.quantity);
  if (!(qty > 0)) throw new AppError('BAD_INPUT', 'Quantity must be above zero.', { fields: { quantity: 'must be above zero' } });
  const order: Order = {
    action: t.side === 'BUY' ? OrderAction.BUY : OrderAction.SELL,
    totalQuantity: qty,
    orderType: OrderType.MKT,
    tif: t.tif === 'GTC' ? TimeInForce.GTC : TimeInForce.DAY,
    outsideRth: t.outsideRth,
    // stoqey sends "" for an unset transmit, which a real Gateway reads as "hold" — always say true.
    transmit: true,
    whatIf: opts.whatIf ?? false,
  };
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
