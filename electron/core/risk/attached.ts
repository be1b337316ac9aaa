/**
 * A ticket's attached orders (a bracket's take-profit and stop-loss, or an attached trailing stop) as the
 * tickets they are. Pure and shared: risk checks them with their parent, the desk places them.
 *
 * IB's bracket pattern (https://interactivebrokers.github.io/tws-api/bracket_order.html): a BUY is bracketed
 * by a higher SELL limit and a lower SELL stop, a SELL by a lower BUY limit and a higher BUY stop; each child
 * carries the parent's id (ibapi/order.py `parentId`) and works only once the parent fills, so a child can
 * only close what its parent opened. The children cancel one another (one OCA group, ibapi/order.py
 * `ocaGroup`/`ocaType`); the parent is not in that group, or its fill would cancel the exits.
 */
import type { ParsedTicket } from '../contract.ts';

export type AttachedRole = 'take-profit' | 'stop-loss' | 'trailing-stop';

export interface AttachedTicket {
  role: AttachedRole;
  ticket: ParsedTicket;
}

/** Times in force an attached order takes from its parent; IOC/FOK/OPG would expire before it can work. */
function childTif(parent: ParsedTicket): ParsedTicket['tif'] {
  return parent.tif === 'GTC' || parent.tif === 'GTD' ? parent.tif : 'DAY';
}

const filled = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

/** The attached orders of a ticket, in IB's sending order (take-profit, then the stop): empty for none. */
export function attachedTickets(parent: ParsedTicket): AttachedTicket[] {
  const a = parent.attached;
  if (!a) return [];
  const base = {
    symbol: parent.symbol,
    secType: parent.secType,
    exchange: parent.exchange,
    currency: parent.currency,
    side: parent.side === 'BUY' ? ('SELL' as const) : ('BUY' as const),
    quantity: parent.quantity,
    tif: childTif(parent),
    ...(childTif(parent) === 'GTD' && parent.goodTillDate !== undefined ? { goodTillDate: parent.goodTillDate } : {}),
    outsideRth: parent.outsideRth,
    confirmed: parent.confirmed,
  };
  const out: AttachedTicket[] = [];
  if (filled(a.takeProfit)) out.push({ role: 'take-profit', ticket: { ...base, type: 'LMT', limitPrice: a.takeProfit } });
  if (filled(a.trailAmount) || filled(a.trailPercent)) {
    const trail = filled(a.trailPercent) ? { trailPercent: a.trailPercent } : { trailAmount: a.trailAmount as string };
    out.push({ role: 'trailing-stop', ticket: { ...base, type: 'TRAIL', ...trail } });
  } else if (filled(a.stopLoss)) {
    out.push({ role: 'stop-loss', ticket: { ...base, type: 'STP', stopPrice: a.stopLoss } });
  }
  return out;
}

/** The OCA group name of a bracket's attached orders: one per parent, readable in the blotter. */
export function bracketOcaGroup(parentId: number): string {
  return `bracket-${parentId}`;
}

export const ROLE_LABELS: Record<AttachedRole, string> = {
  'take-profit': 'take-profit',
  'stop-loss': 'stop-loss',
  'trailing-stop': 'trailing stop',
};
