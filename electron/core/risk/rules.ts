/**
 * One pure function per rule. Each answers a `RuleOutcome` — also when it passes or does not apply — so the
 * order ticket can show every check with its own line. Messages are what the trader reads: say what is
 * wrong in numbers and what to do about it.
 */
import { OPG_ORDER_TYPES, type AccountSnapshot, type RiskLimits, type RuleId, type RuleOutcome } from '../contract.ts';
import { ROLE_LABELS } from './attached.ts';
import { grossExposure } from './exposure.ts';
import type { OrderFacts } from './facts.ts';
import { limitValue } from './limits.ts';
import {
  abs,
  display,
  displayMoney,
  div,
  gt,
  gte,
  HUNDRED,
  mul,
  parseOrNull,
  sign,
  sub,
  lt,
  type Dec,
} from './money.ts';
import type { RiskContext } from './types.ts';

export interface RuleInput {
  facts: OrderFacts;
  limits: RiskLimits;
  ctx: RiskContext;
  snapshot: AccountSnapshot | null;
}

export type Rule = (input: RuleInput) => RuleOutcome;

const pass = (rule: RuleId, message: string): RuleOutcome => ({ rule, ok: true, message });
const fail = (rule: RuleId, message: string): RuleOutcome => ({ rule, ok: false, message });

const money = (f: OrderFacts, d: Dec): string => displayMoney(d, f.currency);
const shares = (d: Dec): string => display(d);

export const killSwitchRule: Rule = ({ ctx }) =>
  ctx.killSwitch.active
    ? fail(
        'kill-switch',
        `Kill switch is on${ctx.killSwitch.reason ? ` (${ctx.killSwitch.reason})` : ''} — new orders are blocked ` +
          'until you reset it or the next trading day.',
      )
    : pass('kill-switch', 'Kill switch is off.');

export const limitsRule: Rule = ({ ctx }) =>
  ctx.limitsProblem
    ? fail('limits', `Your risk limits could not be read: ${ctx.limitsProblem}.`)
    : pass('limits', 'Risk limits are yours, as saved.');

export const accountDataRule: Rule = ({ snapshot }) => {
  if (snapshot === null) {
    return fail('account-data', 'No account data yet — wait until Gatehouse has loaded your account from the Gateway.');
  }
  if (snapshot.stale) {
    return fail('account-data', 'Account data is out of date — wait for the Gateway connection to come back.');
  }
  return pass('account-data', 'Account data is current.');
};

export const ticketRule: Rule = ({ facts: f }) => {
  const t = f.ticket;
  if (f.qty === null) return fail('ticket', `Quantity "${t.quantity}" is not a positive number of shares.`);
  // Stocks and futures trade in whole units (IB would reject or round a fraction); forex sizes may be fractional.
  if (t.secType !== 'CASH' && !/^\d+(\.0+)?$/.test(t.quantity.trim())) {
    return fail('ticket', `Quantity ${t.quantity}: ${t.secType === 'FUT' ? 'futures trade in whole contracts' : 'stocks trade in whole shares'} — enter a whole number.`);
  }
  const positive = (v: string | undefined): boolean => {
    const d = parseOrNull(v);
    return d !== null && sign(d) > 0;
  };
  const needLimit = t.type === 'LMT' || t.type === 'STP LMT';
  const needStop = t.type === 'STP' || t.type === 'STP LMT';
  if (needLimit && !positive(t.limitPrice)) return fail('ticket', `A ${t.type} order needs a limit price above 0.`);
  if (needStop && !positive(t.stopPrice)) return fail('ticket', `A ${t.type} order needs a stop price above 0.`);
  if (t.type === 'TRAIL' && !positive(t.trailAmount) && !positive(t.trailPercent)) {
    return fail('ticket', 'A trailing stop needs a trail amount or a trail percent above 0.');
  }
  const tif = timeInForceProblem(f);
  if (tif) return fail('ticket', tif);
  if (t.ocaType !== undefined && !t.ocaGroup) return fail('ticket', 'An OCA type needs an OCA group name — enter one or clear the type.');
  if (t.ocaGroup && t.attached) {
    return fail('ticket', 'Attached orders have their own OCA group; place the bracket without an OCA group name.');
  }
  if (t.outsideRth && t.type === 'MKT') {
    // IB accepts it with warning 2109 ("Outside Regular Trading Hours" is ignored for this order type).
    return pass('ticket', 'Order details are complete (IB ignores "outside regular hours" for market orders).');
  }
  return pass('ticket', 'Order details are complete.');
};

/**
 * Combinations of time in force IB refuses, said before anything is sent: GTD needs its date and time
 * (Order.goodTillDate), and only GTD takes one; OPG is market- or limit-on-open only and works in the
 * opening auction, never outside regular hours.
 */
function timeInForceProblem(f: OrderFacts): string | null {
  const t = f.ticket;
  if (t.tif === 'GTD') {
    if (t.goodTillDate === undefined) return 'A GTD order needs the date and time it expires — pick one, or choose DAY or GTC.';
    if (t.goodTillDate <= f.now) return 'The GTD expiry is in the past — pick a later date and time.';
  } else if (t.goodTillDate !== undefined) {
    return `An expiry date is only for GTD orders, not ${t.tif} — choose GTD or clear the date.`;
  }
  if (t.tif === 'OPG') {
    if (!(OPG_ORDER_TYPES as readonly string[]).includes(t.type)) {
      return `OPG (at the open) is for market or limit orders only, not ${t.type} — choose MKT or LMT, or another time in force.`;
    }
    if (t.outsideRth) return 'An OPG order works in the opening auction; it cannot also work outside regular hours.';
  }
  return null;
}

export const symbolRule: Rule = ({ facts: f, limits }) => {
  if (limits.blockedSymbols.includes(f.symbol)) {
    return fail('symbol', `${f.symbol} is on your blocked list — remove it in Risk settings to trade it.`);
  }
  if (limits.allowedSymbols.length > 0 && !limits.allowedSymbols.includes(f.symbol)) {
    return fail('symbol', `${f.symbol} is not on your allowed list (${limits.allowedSymbols.join(', ')}).`);
  }
  return pass('symbol', `${f.symbol} may be traded.`);
};

export const orderTypeRule: Rule = ({ facts: f, limits }) =>
  limits.allowedOrderTypes.includes(f.ticket.type)
    ? pass('order-type', `${f.ticket.type} orders are allowed.`)
    : fail(
        'order-type',
        `${f.ticket.type} orders are not allowed in this profile (allowed: ${limits.allowedOrderTypes.join(', ')}).`,
      );

/** Every order is valued against the market, so every order needs a market price: refuse rather than guess. */
export const marketPriceRule: Rule = ({ facts: f }) => {
  if (f.price !== null) return pass('market-price', pricedMessage(f));
  if (f.ticket.type === 'MKT' || f.ticket.type === 'TRAIL') {
    return fail(
      'market-price',
      `no last price for ${f.symbol} yet — wait for market data or use a limit order`,
    );
  }
  return fail(
    'market-price',
    `no market price for ${f.symbol} yet — an order is valued at the worse of its own price and the market; wait for market data`,
  );
};

function pricedMessage(f: OrderFacts): string {
  if (f.price === null) return 'No price.';
  const what = f.priceSource === 'last' ? 'last price' : `${f.priceSource} price`;
  return `Valued at the ${what} ${money(f, f.price)}.`;
}

export const orderQtyRule: Rule = ({ facts: f, limits }) => {
  const limit = limitValue(limits.maxOrderQty);
  if (limit === null) return pass('order-qty', 'No order size limit.');
  if (f.qty === null) return pass('order-qty', 'Not checked: no valid quantity.');
  return gt(f.qty, limit)
    ? fail('order-qty', `Order for ${shares(f.qty)} shares is above your max order size of ${shares(limit)}.`)
    : pass('order-qty', `${shares(f.qty)} of max ${shares(limit)} shares per order.`);
};

export const orderNotionalRule: Rule = ({ facts: f, limits }) => {
  const limit = limitValue(limits.maxOrderNotional);
  if (limit === null) return pass('order-notional', 'No order value limit.');
  if (f.notional === null) {
    // Without a price the value is unknown; the market-price/ticket rules already refuse such orders.
    return pass('order-notional', 'Not checked: the order has no price yet.');
  }
  return gt(f.notional, limit)
    ? fail(
        'order-notional',
        `Order value ${money(f, f.notional)} is above your max order value of ${money(f, limit)}.`,
      )
    : pass('order-notional', `Order value ${money(f, f.notional)} of max ${money(f, limit)}.`);
};

export const positionQtyRule: Rule = ({ facts: f, limits }) => {
  const limit = limitValue(limits.maxPositionQty);
  if (limit === null) return pass('position-qty', 'No position size limit.');
  const worst = f.sideShares;
  if (f.increases && gt(worst, limit)) {
    return fail(
      'position-qty',
      `${f.symbol} position could reach ${shares(worst)} shares (held ${shares(f.bookAfter.position)}` +
        `${pendingNote(f)}) — above your max position of ${shares(limit)}.`,
    );
  }
  if (gt(worst, limit)) {
    return pass('position-qty', `${f.symbol} is above your max position of ${shares(limit)} shares — this order does not add to it.`);
  }
  return pass('position-qty', `${f.symbol} position at most ${shares(worst)} of ${shares(limit)} shares.`);
};

function pendingNote(f: OrderFacts): string {
  const b = f.bookBefore;
  const parts: string[] = [];
  if (sign(b.buys) > 0) parts.push(`${shares(b.buys)} to buy`);
  if (sign(b.sells) > 0) parts.push(`${shares(b.sells)} to sell`);
  return parts.length > 0 ? `, working orders ${parts.join(' and ')}` : '';
}

export const positionNotionalRule: Rule = ({ facts: f, limits }) => {
  const limit = limitValue(limits.maxPositionNotional);
  if (limit === null) return pass('position-notional', 'No position value limit.');
  if (f.bookAfter.unitValue === null) return pass('position-notional', 'Not checked: no price for the position.');
  const value = mul(f.sideShares, f.bookAfter.unitValue);
  if (f.increases && gt(value, limit)) {
    return fail(
      'position-notional',
      `${f.symbol} position could be worth ${money(f, value)} — above your max position value of ${money(f, limit)}.`,
    );
  }
  return pass('position-notional', `${f.symbol} position at most ${money(f, value)} of ${money(f, limit)}.`);
};

export const grossExposureRule: Rule = ({ facts: f, limits }) => {
  const limit = limitValue(limits.maxGrossExposure);
  if (limit === null) return pass('gross-exposure', 'No gross exposure limit.');
  const gross = grossExposure(f.after);
  if (f.increases && gt(gross, limit)) {
    return fail(
      'gross-exposure',
      `All positions together could be worth ${money(f, gross)} — above your max gross exposure of ` +
        `${money(f, limit)}.`,
    );
  }
  return pass('gross-exposure', `Gross exposure at most ${money(f, gross)} of ${money(f, limit)}.`);
};

export const dailyLossRule: Rule = ({ facts: f, limits }) => {
  const limit = limitValue(limits.dailyLossLimit);
  if (limit === null) return pass('daily-loss', 'No daily loss limit.');
  return gte(f.dailyLoss, limit)
    ? fail(
        'daily-loss',
        `Today's loss ${money(f, f.dailyLoss)} has reached your daily loss limit of ${money(f, limit)} — ` +
          'trading is stopped until the next trading day.',
      )
    : pass('daily-loss', `Today's loss ${money(f, f.dailyLoss)} of ${money(f, limit)} allowed.`);
};

export const drawdownRule: Rule = ({ facts: f, limits }) => {
  const limit = limitValue(limits.maxDrawdown);
  if (limit === null) return pass('drawdown', 'No drawdown limit.');
  const peak = f.peakEquity ? ` from the peak of ${money(f, f.peakEquity)}` : '';
  return gte(f.drawdown, limit)
    ? fail(
        'drawdown',
        `Equity is down ${money(f, f.drawdown)}${peak} — at or beyond your max drawdown of ${money(f, limit)}.`,
      )
    : pass('drawdown', `Drawdown ${money(f, f.drawdown)} of ${money(f, limit)} allowed.`);
};

export const ordersPerMinuteRule: Rule = ({ facts: f, ctx, limits }) => {
  const limit = limits.maxOrdersPerMinute;
  if (limit === null) return pass('orders-per-minute', 'No order rate limit.');
  // A bracket is one order per leg at the Gateway.
  const legs = 1 + f.attached.length;
  return ctx.ordersLastMinute + legs > limit
    ? fail(
        'orders-per-minute',
        `${ctx.ordersLastMinute} orders in the last minute — your limit is ${limit} a minute. Wait a moment and try again.`,
      )
    : pass('orders-per-minute', `${ctx.ordersLastMinute + legs} of ${limit} orders this minute.`);
};

export const priceBandRule: Rule = ({ facts: f, limits }) => {
  const band = limitValue(limits.priceBandPercent);
  if (band === null) return pass('price-band', 'No price band.');
  const t = f.ticket;
  const checked: [string, Dec | null][] = [];
  if (t.type === 'LMT' || t.type === 'STP LMT') checked.push(['limit', parseOrNull(t.limitPrice)]);
  if (t.type === 'STP' || t.type === 'STP LMT') checked.push(['stop', parseOrNull(t.stopPrice)]);
  if (checked.length === 0) return pass('price-band', `Not needed for ${t.type} orders.`);
  const last = f.lastPrice;
  if (last === null || sign(last) <= 0) {
    return pass('price-band', `Not checked: no last price for ${f.symbol} yet.`);
  }
  for (const [what, price] of checked) {
    if (price === null) continue;
    // |price - last| / last > band%  <=>  |price - last| * 100 > band * last: no division, no rounding.
    const off = mul(abs(sub(price, last)), HUNDRED);
    if (gt(off, mul(band, last))) {
      const pct = display(div(off, last, 2, 'half-up'));
      return fail(
        'price-band',
        `The ${what} price ${money(f, price)} is ${pct}% from the last price ${money(f, last)} — more than your ` +
          `${display(band)}% band. Check the price for a typo.`,
      );
    }
  }
  return pass('price-band', `Within ${display(band)}% of the last price ${money(f, last)}.`);
};

export const pdtRule: Rule = ({ facts: f, limits, ctx }) => {
  const pdt = limits.pdt;
  if (!pdt.enabled) return pass('pdt', 'Pattern day trader guard is off.');
  const threshold = limitValue(pdt.equityThreshold);
  const counted = `${ctx.pdt.dayTrades} day trade${ctx.pdt.dayTrades === 1 ? '' : 's'} in the last ${pdt.windowDays} business days`;
  if (threshold !== null && f.netLiq !== null && gte(f.netLiq, threshold)) {
    return pass('pdt', `${counted}; equity ${money(f, f.netLiq)} is at or above ${money(f, threshold)}.`);
  }
  if (!ctx.pdt.wouldDayTrade(f.symbol, f.ticket.side)) {
    return pass('pdt', `${counted}; this order does not close a position opened today.`);
  }
  const ibRemaining = ctx.pdt.dayTradesRemainingIb;
  const ibSaysNone = ibRemaining !== null && ibRemaining >= 0 && ibRemaining < 1;
  if (ctx.pdt.dayTrades + 1 > pdt.maxDayTrades || ibSaysNone) {
    const equity = f.netLiq === null ? 'unknown equity' : `equity ${money(f, f.netLiq)}`;
    const nth = ordinal(ctx.pdt.dayTrades + 1);
    const ib = ibSaysNone ? ' IB reports 0 day trades remaining.' : '';
    return fail(
      'pdt',
      `This would be your ${nth} day trade in ${pdt.windowDays} business days with ${equity} (under ` +
        `${threshold === null ? 'the threshold' : money(f, threshold)}) — the pattern day trader rule would restrict ` +
        `your account.${ib} Hold the position overnight or wait until an older day trade leaves the window.`,
    );
  }
  return pass('pdt', `${counted}; this would be day trade ${ctx.pdt.dayTrades + 1} of ${pdt.maxDayTrades} allowed.`);
};

function ordinal(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/**
 * A bracket is checked as a whole: the parent carries its exposure (the size and value rules above), and
 * this rule checks that each attached order really only closes it — complete prices, on the right side of
 * the entry (a BUY's take-profit above it and its stop below; a SELL's the other way round), an order type
 * the profile allows. One failing leg refuses the whole bracket.
 */
export const attachedRule: Rule = ({ facts: f, limits }) => {
  const t = f.ticket;
  if (f.attached.length === 0) {
    return t.attached ? fail('attached', 'Attach a take-profit, a stop-loss or a trailing stop, or remove the attachment.') : pass('attached', 'No attached orders.');
  }
  const a = t.attached ?? {};
  const has = (v: string | undefined) => v !== undefined && v.trim() !== '';
  if (has(a.stopLoss) && (has(a.trailAmount) || has(a.trailPercent))) {
    return fail('attached', 'Attach either a stop-loss or a trailing stop, not both: they would be two exits for the same shares.');
  }
  if (has(a.trailAmount) && has(a.trailPercent)) return fail('attached', 'Give the trailing stop an amount or a percent, not both.');
  const buy = t.side === 'BUY';
  const entry = parseOrNull(t.type === 'LMT' || t.type === 'STP LMT' ? t.limitPrice : t.type === 'STP' ? t.stopPrice : undefined) ?? f.lastPrice;
  const entryWord = t.type === 'MKT' || t.type === 'TRAIL' ? 'the last price' : 'the entry price';
  let tp: Dec | null = null;
  let sl: Dec | null = null;
  for (const { role, ticket: c } of f.attached) {
    const label = ROLE_LABELS[role];
    if (!limits.allowedOrderTypes.includes(c.type)) {
      return fail('attached', `The ${label} is a ${c.type} order, which this profile does not allow (allowed: ${limits.allowedOrderTypes.join(', ')}).`);
    }
    const value = parseOrNull(c.type === 'LMT' ? c.limitPrice : c.type === 'STP' ? c.stopPrice : (c.trailPercent ?? c.trailAmount));
    if (value === null || sign(value) <= 0) return fail('attached', `The ${label} needs a ${c.type === 'TRAIL' ? 'trailing amount or percent' : 'price'} above 0.`);
    if (role === 'take-profit') tp = value;
    if (role === 'stop-loss') sl = value;
  }
  if (tp !== null && sl !== null && (buy ? !gt(tp, sl) : !gt(sl, tp))) {
    return fail('attached', `The take-profit ${money(f, tp)} must be ${buy ? 'above' : 'below'} the stop-loss ${money(f, sl)} for a ${t.side} bracket.`);
  }
  if (entry !== null && tp !== null && (buy ? !gt(tp, entry) : !lt(tp, entry))) {
    return fail('attached', `The take-profit ${money(f, tp)} must be ${buy ? 'above' : 'below'} ${entryWord} ${money(f, entry)}: it would close the position at once.`);
  }
  if (entry !== null && sl !== null && (buy ? !lt(sl, entry) : !gt(sl, entry))) {
    return fail('attached', `The stop-loss ${money(f, sl)} must be ${buy ? 'below' : 'above'} ${entryWord} ${money(f, entry)}: it would trigger at once.`);
  }
  const legs = f.attached.map(({ role, ticket: c }) => `${ROLE_LABELS[role]} ${c.side} ${c.quantity} ${c.type}`).join(' and ');
  const qty = f.qty === null ? t.quantity : shares(f.qty);
  return pass('attached', `${legs[0]?.toUpperCase() ?? ''}${legs.slice(1)} only close what this order opens (one OCA group): the bracket's worst case is this order's ${qty} shares.`);
};

export const liveConfirmRule: Rule = ({ facts: f, limits, ctx }) => {
  const threshold = limitValue(limits.liveConfirmNotional);
  if (ctx.mode !== 'live') return pass('live-confirm', 'Paper trading: no confirmation needed.');
  if (threshold === null) return pass('live-confirm', 'No confirmation threshold.');
  // An order whose value is unknown is treated as above the threshold.
  const above = f.notional === null || !lt(f.notional, threshold);
  if (!above) return pass('live-confirm', `Below the ${money(f, threshold)} confirmation threshold.`);
  if (f.ticket.confirmed) return pass('live-confirm', 'Confirmed by you.');
  const value = f.notional === null ? 'of unknown value' : `worth ${money(f, f.notional)}`;
  return fail(
    'live-confirm',
    `Live order ${value} is at or above your ${money(f, threshold)} confirmation threshold — confirm to send it.`,
  );
};

/** All rules in the order the ticket shows them. */
export const RULES: readonly Rule[] = [
  killSwitchRule,
  limitsRule,
  accountDataRule,
  ticketRule,
  symbolRule,
  orderTypeRule,
  marketPriceRule,
  orderQtyRule,
  orderNotionalRule,
  positionQtyRule,
  positionNotionalRule,
  grossExposureRule,
  dailyLossRule,
  drawdownRule,
  ordersPerMinuteRule,
  priceBandRule,
  pdtRule,
  attachedRule,
  liveConfirmRule,
];

export const CONFIRM_RULE: RuleId = 'live-confirm';
