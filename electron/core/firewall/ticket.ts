/**
 * From a decoded API order to the ticket the risk engine evaluates, or the reason Gatehouse cannot
 * evaluate it. Anything the engine has no rule for is refused rather than guessed at: an order the
 * firewall cannot value is an order it cannot let through.
 */
import type { ParsedTicket } from '../contract.ts';
import type { DecodedOrder } from './place-order.ts';

const DECIMAL = /^\d+(\.\d+)?$/;
const SEC_TYPES = new Set(['STK', 'FUT', 'CASH']);
const ORDER_TYPES = new Set(['MKT', 'LMT', 'STP', 'STP LMT', 'TRAIL']);
/** Time in force the engine knows, and how it is evaluated: IOC/FOK can only be smaller than a DAY order. */
const TIF: Record<string, ParsedTicket['tif']> = { '': 'DAY', DAY: 'DAY', GTC: 'GTC', IOC: 'DAY', FOK: 'DAY' };

export type TicketResult = { ok: true; ticket: ParsedTicket } | { ok: false; reason: string };

/** A plain decimal ("187.25"), accepting the exponent-free numbers clients print; null when absent. */
function decimal(text: string | null): string | null | undefined {
  if (text === null) return null;
  if (DECIMAL.test(text)) return text;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) return undefined;
  const fixed = n.toFixed(10).replace(/\.?0+$/, '');
  return DECIMAL.test(fixed) ? fixed : undefined;
}

export function toTicket(o: DecodedOrder): TicketResult {
  const secType = o.contract.secType.toUpperCase() || 'STK';
  if (!SEC_TYPES.has(secType)) return { ok: false, reason: `${secType} orders are not checked by Gatehouse's risk engine` };
  if (!ORDER_TYPES.has(o.orderType)) return { ok: false, reason: `order type ${o.orderType || '(none)'} is not checked by Gatehouse's risk engine` };
  if (o.action !== 'BUY' && o.action !== 'SELL') return { ok: false, reason: `action ${o.action || '(none)'} is not BUY or SELL` };
  const tif = TIF[o.tif];
  if (tif === undefined) return { ok: false, reason: `time in force ${o.tif} is not checked by Gatehouse's risk engine` };
  if (o.hedgeType !== '') return { ok: false, reason: 'attached hedge orders are not checked by Gatehouse' };
  if (o.scaled) return { ok: false, reason: 'scale orders are not checked by Gatehouse' };
  if (o.cashQty !== null) return { ok: false, reason: 'cash-quantity orders are not checked by Gatehouse' };
  const symbol = (o.contract.symbol || o.contract.localSymbol).trim().toUpperCase();
  if (!symbol) return { ok: false, reason: 'the order has no symbol' };
  const quantity = decimal(o.totalQuantity);
  if (!quantity || !(Number(quantity) > 0)) return { ok: false, reason: `quantity ${o.totalQuantity} is not a positive number` };
  const ticket: ParsedTicket = {
    symbol,
    secType: secType as ParsedTicket['secType'],
    exchange: o.contract.exchange || 'SMART',
    currency: o.contract.currency || 'USD',
    side: o.action,
    quantity,
    type: o.orderType as ParsedTicket['type'],
    tif,
    outsideRth: o.outsideRth,
    // An API program cannot answer Gatehouse's live confirmation: it is asked for nothing and refused instead.
    confirmed: false,
  };
  // One-Cancels-All: a blocking group (ocaType 1/2) is counted as its largest member by the gate.
  const ocaType = Number(o.ocaType);
  if (o.ocaGroup.trim() && (ocaType === 1 || ocaType === 2 || ocaType === 3)) {
    ticket.ocaGroup = o.ocaGroup.trim().slice(0, 64);
    ticket.ocaType = ocaType;
  }
  const lmt = decimal(o.lmtPrice);
  const aux = decimal(o.auxPrice);
  if (lmt === undefined || aux === undefined) return { ok: false, reason: 'the order has an unreadable price' };
  if (o.orderType === 'LMT' || o.orderType === 'STP LMT') {
    if (lmt === null) return { ok: false, reason: `a ${o.orderType} order without a limit price` };
    ticket.limitPrice = lmt;
  }
  if (o.orderType === 'STP' || o.orderType === 'STP LMT') {
    if (aux === null) return { ok: false, reason: `a ${o.orderType} order without a stop price` };
    ticket.stopPrice = aux;
  }
  if (o.orderType === 'TRAIL') {
    const pct = decimal(o.trailingPercent);
    if (pct) ticket.trailPercent = pct;
    else if (aux) ticket.trailAmount = aux;
    else return { ok: false, reason: 'a trailing stop without a trailing amount or percent' };
    const stop = decimal(o.trailStopPrice);
    if (stop) ticket.stopPrice = stop;
  }
  return { ok: true, ticket };
}
