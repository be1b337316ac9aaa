/**
 * From a decoded API order to the ticket the risk engine evaluates, or the reason Gatehouse cannot
 * evaluate it. Anything the engine has no rule for is refused rather than guessed at: an order the
 * firewall cannot value is an order it cannot let through.
 */
import type { ParsedTicket } from '../contract.ts';
import { ORDER_TYPES as ENGINE_ORDER_TYPES, SEC_TYPES as ENGINE_SEC_TYPES, TIFS } from '../contract/constants.ts';
import { EXPIRY_PATTERN } from '../contract/wire.ts';
import { parseExecTime } from '../broker/exec-time.ts';
import type { DecodedOrder } from './place-order.ts';

const DECIMAL = /^\d+(\.\d+)?$/;
const SEC_TYPES: ReadonlySet<string> = new Set(ENGINE_SEC_TYPES);
const ORDER_TYPES: ReadonlySet<string> = new Set(ENGINE_ORDER_TYPES);
/** The engine judges every time in force the UI offers (IOC, FOK, GTD, OPG included) by the same rules. */
const TIF: ReadonlySet<string> = new Set(TIFS);
/**
 * goodTillDate as IB reads it (TWS API orders page, "Changes in the date/time field"; ibapi/order.py
 * "Format: 20060505 08:00:00 {time zone}"): "yyyymmdd-hh:mm:ss" is UTC, "yyyymmdd hh:mm:ss zone" is in that
 * zone, and without a zone in the Gateway's own. Nothing else (parseExecTime also takes epoch seconds).
 */
const GOOD_TILL = /^\d{8}(-|\s+)\d{2}:\d{2}:\d{2}(\s+\S.*)?$/;

export type TicketResult = { ok: true; ticket: ParsedTicket } | { ok: false; reason: string };

export interface TicketContext {
  /** The Gateway's zone (from its handshake), for a goodTillDate written without one. */
  gatewayZone?: string | null;
}

/** A plain decimal ("187.25"), accepting the exponent-free numbers clients print; null when absent. */
function decimal(text: string | null): string | null | undefined {
  if (text === null) return null;
  if (DECIMAL.test(text)) return text;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) return undefined;
  const fixed = n.toFixed(10).replace(/\.?0+$/, '');
  return DECIMAL.test(fixed) ? fixed : undefined;
}

export function toTicket(o: DecodedOrder, ctx: TicketContext = {}): TicketResult {
  const secType = o.contract.secType.toUpperCase() || 'STK';
  if (!SEC_TYPES.has(secType)) return { ok: false, reason: `${secType} orders are not checked by Gatehouse's risk engine` };
  if (!ORDER_TYPES.has(o.orderType)) return { ok: false, reason: `order type ${o.orderType || '(none)'} is not checked by Gatehouse's risk engine` };
  if (o.action !== 'BUY' && o.action !== 'SELL') return { ok: false, reason: `action ${o.action || '(none)'} is not BUY or SELL` };
  const tif = (o.tif || 'DAY') as ParsedTicket['tif'];
  if (!TIF.has(tif)) return { ok: false, reason: `time in force ${o.tif} is not checked by Gatehouse's risk engine` };
  // Read whatever the time in force: the gate says why a date on a non-GTD order is refused, as for the UI.
  let goodTillDate: number | undefined;
  const gtd = o.goodTillDate.trim();
  if (gtd !== '') {
    const at = GOOD_TILL.test(gtd) ? parseExecTime(gtd, ctx.gatewayZone) : null;
    if (at === null || !(at > 0)) {
      return { ok: false, reason: `goodTillDate "${gtd.slice(0, 40)}" is not a date and time IB reads (yyyymmdd-hh:mm:ss in UTC, or yyyymmdd hh:mm:ss and a zone)` };
    }
    goodTillDate = at;
  }
  if (o.hedgeType !== '') return { ok: false, reason: 'attached hedge orders are not checked by Gatehouse' };
  if (o.scaled) return { ok: false, reason: 'scale orders are not checked by Gatehouse' };
  if (o.cashQty !== null) return { ok: false, reason: 'cash-quantity orders are not checked by Gatehouse' };
  // A future is valued per contract month: its root symbol finds the multiplier the Gateway resolves for the
  // month (ES: 50), and without the month every listed one matches (error 200 "ambiguous"). A local symbol
  // alone (ESZ6) names neither, so it is refused rather than guessed at.
  const future = secType === 'FUT';
  const symbol = (future ? o.contract.symbol : o.contract.symbol || o.contract.localSymbol).trim().toUpperCase();
  if (!symbol) {
    return { ok: false, reason: future ? 'a future must name its symbol and expiry (lastTradeDateOrContractMonth) for Gatehouse to value it' : 'the order has no symbol' };
  }
  const expiry = o.contract.lastTradeDateOrContractMonth.trim();
  if (future && !EXPIRY_PATTERN.test(expiry)) {
    return {
      ok: false,
      reason: expiry
        ? `expiry ${expiry.slice(0, 20)} is not a contract month (YYYYMM) or last trading day (YYYYMMDD)`
        : `an ${symbol} future must name its expiry (lastTradeDateOrContractMonth) for Gatehouse to value it`,
    };
  }
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
    ...(goodTillDate !== undefined ? { goodTillDate } : {}),
    ...(future ? { lastTradeDateOrContractMonth: expiry } : {}),
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
