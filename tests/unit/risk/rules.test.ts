import { describe, expect, it } from 'vitest';
import { RULE_IDS, type AccountSnapshot, type OrderTicket, type RiskLimits } from '../../../electron/core/contract.ts';
import { evaluate } from '../../../electron/core/risk/engine.ts';
import { RULES } from '../../../electron/core/risk/rules.ts';
import type { RiskContext } from '../../../electron/core/risk/types.ts';
import { context, limits, position, snapshot, TestClock, ticket, working } from './fixtures.ts';

interface Case {
  name: string;
  rule: string;
  ok: boolean;
  /** The exact message the user sees, or a pattern for the long ones. */
  message: string | RegExp;
  ticket?: Partial<OrderTicket>;
  snapshot?: AccountSnapshot | null;
  limits?: Partial<RiskLimits>;
  ctx?: Partial<RiskContext> & { prices?: Record<string, string> };
}

const cases: Case[] = [
  // kill switch
  { name: 'kill switch off', rule: 'kill-switch', ok: true, message: 'Kill switch is off.' },
  {
    name: 'kill switch on',
    rule: 'kill-switch',
    ok: false,
    ctx: { killSwitch: { active: true, reason: 'daily loss $2,100 reached the $2,000 limit' } },
    message:
      'Kill switch is on (daily loss $2,100 reached the $2,000 limit) — new orders are blocked until you reset it or the next trading day.',
  },
  // limits confirmed
  { name: 'limits as saved', rule: 'limits', ok: true, message: 'Risk limits are yours, as saved.' },
  {
    name: 'limits file damaged',
    rule: 'limits',
    ok: false,
    ctx: { limitsProblem: 'limits.json was damaged (not valid JSON)' },
    message: 'Your risk limits could not be read: limits.json was damaged (not valid JSON).',
  },
  // account data
  { name: 'account loaded', rule: 'account-data', ok: true, message: 'Account data is current.' },
  {
    name: 'no account yet',
    rule: 'account-data',
    ok: false,
    snapshot: null,
    message: 'No account data yet — wait until Gatehouse has loaded your account from the Gateway.',
  },
  {
    name: 'stale account',
    rule: 'account-data',
    ok: false,
    snapshot: snapshot({ stale: true }),
    message: 'Account data is out of date — wait for the Gateway connection to come back.',
  },
  // ticket
  { name: 'complete ticket', rule: 'ticket', ok: true, message: 'Order details are complete.' },
  { name: 'zero quantity', rule: 'ticket', ok: false, ticket: { quantity: '0' }, message: 'Quantity "0" is not a positive number of shares.' },
  { name: 'fractional shares', rule: 'ticket', ok: false, ticket: { quantity: '10.5' }, message: 'Quantity 10.5: stocks trade in whole shares — enter a whole number.' },
  { name: 'fractional forex size', rule: 'ticket', ok: true, ticket: { symbol: 'EUR.USD', secType: 'CASH', quantity: '1000.5' }, ctx: { prices: { 'EUR.USD': '1.1' } }, message: 'Order details are complete.' },
  { name: 'LMT without price', rule: 'ticket', ok: false, ticket: { limitPrice: undefined }, message: 'A LMT order needs a limit price above 0.' },
  { name: 'STP without stop', rule: 'ticket', ok: false, ticket: { type: 'STP', limitPrice: undefined }, message: 'A STP order needs a stop price above 0.' },
  {
    name: 'TRAIL without trail',
    rule: 'ticket',
    ok: false,
    ticket: { type: 'TRAIL', limitPrice: undefined },
    message: 'A trailing stop needs a trail amount or a trail percent above 0.',
  },
  // symbols
  { name: 'any symbol by default', rule: 'symbol', ok: true, message: 'AAPL may be traded.' },
  {
    name: 'blocked symbol',
    rule: 'symbol',
    ok: false,
    limits: { blockedSymbols: ['AAPL'] },
    message: 'AAPL is on your blocked list — remove it in Risk settings to trade it.',
  },
  {
    name: 'not on allowed list',
    rule: 'symbol',
    ok: false,
    limits: { allowedSymbols: ['MSFT', 'SPY'] },
    message: 'AAPL is not on your allowed list (MSFT, SPY).',
  },
  { name: 'on allowed list', rule: 'symbol', ok: true, limits: { allowedSymbols: ['AAPL'] }, message: 'AAPL may be traded.' },
  // order types
  { name: 'LMT allowed', rule: 'order-type', ok: true, message: 'LMT orders are allowed.' },
  {
    name: 'MKT not allowed',
    rule: 'order-type',
    ok: false,
    ticket: { type: 'MKT', limitPrice: undefined },
    limits: { allowedOrderTypes: ['LMT', 'STP LMT'] },
    message: 'MKT orders are not allowed in this profile (allowed: LMT, STP LMT).',
  },
  // market price
  {
    name: 'MKT without last price',
    rule: 'market-price',
    ok: false,
    ticket: { type: 'MKT', limitPrice: undefined },
    ctx: { prices: {} },
    message: 'no last price for AAPL yet — wait for market data or use a limit order',
  },
  {
    name: 'MKT with last price',
    rule: 'market-price',
    ok: true,
    ticket: { type: 'MKT', limitPrice: undefined },
    ctx: { prices: { AAPL: '187.25' } },
    message: 'Valued at the last price $187.25.',
  },
  {
    name: 'LMT without last price',
    rule: 'market-price',
    ok: false,
    ctx: { prices: {} },
    message: 'no market price for AAPL yet — an order is valued at the worse of its own price and the market; wait for market data',
  },
  { name: 'LMT above the market', rule: 'market-price', ok: true, ctx: { prices: { AAPL: '99' } }, message: 'Valued at the limit price $100.' },
  {
    name: 'marketable SELL LMT valued at the market',
    rule: 'order-notional',
    ok: false,
    ticket: { side: 'SELL', quantity: '100', limitPrice: '0.01' },
    ctx: { prices: { AAPL: '200' } },
    limits: { maxOrderNotional: '5000' },
    message: 'Order value $20,000 is above your max order value of $5,000.',
  },
  {
    name: 'BUY STP valued at the market',
    rule: 'order-notional',
    ok: false,
    ticket: { type: 'STP', limitPrice: undefined, stopPrice: '0.01', quantity: '100' },
    ctx: { prices: { AAPL: '200' } },
    limits: { maxOrderNotional: '5000' },
    message: 'Order value $20,000 is above your max order value of $5,000.',
  },
  {
    name: 'live SELL at $0.01 valued at the market needs confirmation',
    rule: 'live-confirm',
    ok: false,
    ticket: { side: 'SELL', quantity: '500', limitPrice: '0.01' },
    ctx: { mode: 'live', prices: { AAPL: '200' } },
    limits: { liveConfirmNotional: '10000' },
    message: 'Live order worth $100,000 is at or above your $10,000 confirmation threshold — confirm to send it.',
  },
  // order size
  { name: 'qty within', rule: 'order-qty', ok: true, ticket: { quantity: '1000' }, message: '1,000 of max 1,000 shares per order.' },
  {
    name: 'qty above',
    rule: 'order-qty',
    ok: false,
    ticket: { quantity: '1000.5' },
    message: 'Order for 1,000.5 shares is above your max order size of 1,000.',
  },
  { name: 'no qty limit', rule: 'order-qty', ok: true, limits: { maxOrderQty: null }, message: 'No order size limit.' },
  // order value
  {
    name: 'notional within (exact decimal)',
    rule: 'order-notional',
    ok: true,
    ticket: { quantity: '3', limitPrice: '0.1' },
    ctx: { prices: { AAPL: '0.05' } },
    limits: { maxOrderNotional: '0.3' },
    message: 'Order value $0.30 of max $0.30.',
  },
  {
    name: 'notional above',
    rule: 'order-notional',
    ok: false,
    ticket: { quantity: '501', limitPrice: '100' },
    message: 'Order value $50,100 is above your max order value of $50,000.',
  },
  {
    name: 'MKT notional at last price',
    rule: 'order-notional',
    ok: false,
    ticket: { type: 'MKT', limitPrice: undefined, quantity: '300' },
    ctx: { prices: { AAPL: '200.01' } },
    message: 'Order value $60,003 is above your max order value of $50,000.',
  },
  // position size
  {
    name: 'position within',
    rule: 'position-qty',
    ok: true,
    snapshot: snapshot({ positions: [position('AAPL', '90')] }),
    limits: { maxPositionQty: '100' },
    message: 'AAPL position at most 100 of 100 shares.',
  },
  {
    name: 'position above incl. working order',
    rule: 'position-qty',
    ok: false,
    snapshot: snapshot({ positions: [position('AAPL', '90')] }),
    ctx: { openOrders: [working('AAPL', 'BUY', '5')] },
    limits: { maxPositionQty: '100' },
    message: 'AAPL position could reach 105 shares (held 90, working orders 5 to buy) — above your max position of 100.',
  },
  {
    name: 'short side counts too',
    rule: 'position-qty',
    ok: false,
    ticket: { side: 'SELL', quantity: '150' },
    snapshot: snapshot({ positions: [position('AAPL', '40')] }),
    limits: { maxPositionQty: '100' },
    message: 'AAPL position could reach 110 shares (held 40) — above your max position of 100.',
  },
  {
    name: 'reducing sell allowed while over the limit',
    rule: 'position-qty',
    ok: true,
    ticket: { side: 'SELL', quantity: '50' },
    snapshot: snapshot({ positions: [position('AAPL', '300')] }),
    limits: { maxPositionQty: '100' },
    message: 'AAPL is above your max position of 100 shares — this order does not add to it.',
  },
  // position value
  {
    name: 'position value above',
    rule: 'position-notional',
    ok: false,
    ticket: { quantity: '50', limitPrice: '101' },
    snapshot: snapshot({ positions: [position('AAPL', '100')] }),
    limits: { maxPositionNotional: '15000' },
    message: 'AAPL position could be worth $15,150 — above your max position value of $15,000.',
  },
  {
    name: 'position value within',
    rule: 'position-notional',
    ok: true,
    ticket: { quantity: '49' },
    snapshot: snapshot({ positions: [position('AAPL', '100')] }),
    limits: { maxPositionNotional: '15000' },
    message: 'AAPL position at most $14,900 of $15,000.',
  },
  // gross
  {
    name: 'gross above',
    rule: 'gross-exposure',
    ok: false,
    ticket: { quantity: '100' },
    snapshot: snapshot({ positions: [position('MSFT', '-200', '400')] }),
    ctx: { prices: { AAPL: '100', MSFT: '400' } },
    limits: { maxGrossExposure: '89999.99' },
    message: 'All positions together could be worth $90,000 — above your max gross exposure of $89,999.99.',
  },
  {
    name: 'gross within',
    rule: 'gross-exposure',
    ok: true,
    ticket: { quantity: '100' },
    snapshot: snapshot({ positions: [position('MSFT', '-200', '400')] }),
    ctx: { prices: { AAPL: '100', MSFT: '400' } },
    limits: { maxGrossExposure: '90000' },
    message: 'Gross exposure at most $90,000 of $90,000.',
  },
  // daily loss
  {
    name: 'daily loss within',
    rule: 'daily-loss',
    ok: true,
    snapshot: snapshot({ netLiq: '98000.01' }),
    ctx: { equity: { startOfDay: '100000', peak: '100000' } },
    limits: { dailyLossLimit: '2000' },
    message: "Today's loss $1,999.99 of $2,000 allowed.",
  },
  {
    name: 'daily loss reached (start-of-day equity)',
    rule: 'daily-loss',
    ok: false,
    snapshot: snapshot({ netLiq: '98000' }),
    ctx: { equity: { startOfDay: '100000', peak: '100000' } },
    limits: { dailyLossLimit: '2000' },
    message: "Today's loss $2,000 has reached your daily loss limit of $2,000 — trading is stopped until the next trading day.",
  },
  {
    name: "daily loss reached (IB's daily P&L)",
    rule: 'daily-loss',
    ok: false,
    snapshot: snapshot({ pnl: { daily: '-2500.5', realized: null, unrealized: null } }),
    limits: { dailyLossLimit: '2000' },
    message: "Today's loss $2,500.50 has reached your daily loss limit of $2,000 — trading is stopped until the next trading day.",
  },
  // drawdown
  {
    name: 'drawdown reached',
    rule: 'drawdown',
    ok: false,
    snapshot: snapshot({ netLiq: '95000' }),
    ctx: { equity: { startOfDay: '95000', peak: '105000' } },
    limits: { maxDrawdown: '10000' },
    message: 'Equity is down $10,000 from the peak of $105,000 — at or beyond your max drawdown of $10,000.',
  },
  {
    name: 'drawdown within',
    rule: 'drawdown',
    ok: true,
    snapshot: snapshot({ netLiq: '96000' }),
    ctx: { equity: { startOfDay: '95000', peak: '105000' } },
    limits: { maxDrawdown: '10000' },
    message: 'Drawdown $9,000 of $10,000 allowed.',
  },
  // rate
  {
    name: 'orders per minute within',
    rule: 'orders-per-minute',
    ok: true,
    ctx: { ordersLastMinute: 4 },
    limits: { maxOrdersPerMinute: 5 },
    message: '5 of 5 orders this minute.',
  },
  {
    name: 'orders per minute above',
    rule: 'orders-per-minute',
    ok: false,
    ctx: { ordersLastMinute: 5 },
    limits: { maxOrdersPerMinute: 5 },
    message: '5 orders in the last minute — your limit is 5 a minute. Wait a moment and try again.',
  },
  // price band
  {
    name: 'limit inside band',
    rule: 'price-band',
    ok: true,
    ticket: { limitPrice: '105' },
    limits: { priceBandPercent: '5' },
    message: 'Within 5% of the last price $100.',
  },
  {
    name: 'limit outside band (fat finger)',
    rule: 'price-band',
    ok: false,
    ticket: { limitPrice: '1000' },
    limits: { priceBandPercent: '5' },
    message: 'The limit price $1,000 is 900% from the last price $100 — more than your 5% band. Check the price for a typo.',
  },
  {
    name: 'stop outside band',
    rule: 'price-band',
    ok: false,
    ticket: { type: 'STP', limitPrice: undefined, stopPrice: '94.99', side: 'SELL' },
    limits: { priceBandPercent: '5' },
    message: 'The stop price $94.99 is 5.01% from the last price $100 — more than your 5% band. Check the price for a typo.',
  },
  {
    name: 'band not checkable without a last price',
    rule: 'price-band',
    ok: true,
    ctx: { prices: {} },
    limits: { priceBandPercent: '5' },
    message: 'Not checked: no last price for AAPL yet.',
  },
  // PDT
  {
    name: 'PDT: would be 4th day trade under $25k',
    rule: 'pdt',
    ok: false,
    ticket: { side: 'SELL' },
    snapshot: snapshot({ netLiq: '24999.99' }),
    ctx: { pdt: { dayTrades: 3, dayTradesRemainingIb: null, wouldDayTrade: () => true } },
    message:
      'This would be your 4th day trade in 5 business days with equity $24,999.99 (under $25,000) — the pattern day ' +
      'trader rule would restrict your account. Hold the position overnight or wait until an older day trade leaves the window.',
  },
  {
    name: 'PDT: 3rd day trade is fine',
    rule: 'pdt',
    ok: true,
    snapshot: snapshot({ netLiq: '20000' }),
    ctx: { pdt: { dayTrades: 2, dayTradesRemainingIb: null, wouldDayTrade: () => true } },
    message: '2 day trades in the last 5 business days; this would be day trade 3 of 3 allowed.',
  },
  {
    name: 'PDT: equity at threshold',
    rule: 'pdt',
    ok: true,
    snapshot: snapshot({ netLiq: '25000' }),
    ctx: { pdt: { dayTrades: 3, dayTradesRemainingIb: null, wouldDayTrade: () => true } },
    message: '3 day trades in the last 5 business days; equity $25,000 is at or above $25,000.',
  },
  {
    name: 'PDT: not a day trade',
    rule: 'pdt',
    ok: true,
    snapshot: snapshot({ netLiq: '20000' }),
    ctx: { pdt: { dayTrades: 3, dayTradesRemainingIb: null, wouldDayTrade: () => false } },
    message: '3 day trades in the last 5 business days; this order does not close a position opened today.',
  },
  {
    name: 'PDT: IB says none remaining',
    rule: 'pdt',
    ok: false,
    snapshot: snapshot({ netLiq: '20000' }),
    ctx: { pdt: { dayTrades: 1, dayTradesRemainingIb: 0, wouldDayTrade: () => true } },
    message: /2nd day trade .* IB reports 0 day trades remaining\./,
  },
  // attached orders (bracket); more in order-groups.test.ts
  { name: 'no attached orders', rule: 'attached', ok: true, message: 'No attached orders.' },
  {
    name: 'take-profit below the stop-loss',
    rule: 'attached',
    ok: false,
    ticket: { attached: { takeProfit: '90', stopLoss: '95' } },
    message: 'The take-profit $90 must be above the stop-loss $95 for a BUY bracket.',
  },
  // live confirmation
  { name: 'paper needs no confirmation', rule: 'live-confirm', ok: true, limits: { liveConfirmNotional: '0' }, message: 'Paper trading: no confirmation needed.' },
  {
    name: 'live above threshold',
    rule: 'live-confirm',
    ok: false,
    ticket: { quantity: '100' },
    ctx: { mode: 'live' },
    limits: { liveConfirmNotional: '10000' },
    message: 'Live order worth $10,000 is at or above your $10,000 confirmation threshold — confirm to send it.',
  },
  {
    name: 'live above threshold, confirmed',
    rule: 'live-confirm',
    ok: true,
    ticket: { quantity: '100', confirmed: true },
    ctx: { mode: 'live' },
    limits: { liveConfirmNotional: '10000' },
    message: 'Confirmed by you.',
  },
  {
    name: 'live below threshold',
    rule: 'live-confirm',
    ok: true,
    ticket: { quantity: '99' },
    ctx: { mode: 'live' },
    limits: { liveConfirmNotional: '10000' },
    message: 'Below the $10,000 confirmation threshold.',
  },
];

describe('risk rules', () => {
  const clock = new TestClock();
  it.each(cases)('$rule: $name', (c) => {
    const snap = c.snapshot === undefined ? snapshot() : c.snapshot;
    const verdict = evaluate(ticket(c.ticket), snap, limits(c.limits), clock, context(c.ctx));
    const outcome = verdict.rules.find((r) => r.rule === c.rule);
    expect(outcome).toBeDefined();
    expect(outcome?.ok).toBe(c.ok);
    if (typeof c.message === 'string') expect(outcome?.message).toBe(c.message);
    else expect(outcome?.message).toMatch(c.message);
    if (!c.ok) {
      expect(verdict.decision).not.toBe('allow');
      expect(verdict.reasons).toContain(outcome?.message);
    }
  });

  it('every rule has table cases both allowed and refused', () => {
    const ids = evaluate(ticket(), snapshot(), limits(), clock, context()).rules.map((r) => r.rule);
    expect(ids).toHaveLength(RULES.length);
    for (const id of ids) {
      expect(cases.some((c) => c.rule === id && c.ok), `${id} allowed`).toBe(true);
      expect(cases.some((c) => c.rule === id && !c.ok), `${id} refused`).toBe(true);
    }
  });
});

describe('evaluate', () => {
  const clock = new TestClock();

  it('gives one outcome per rule, in a stable order, and allows a plain order', () => {
    const v = evaluate(ticket(), snapshot(), limits(), clock, context());
    expect(v.decision).toBe('allow');
    expect(v.reasons).toEqual([]);
    // The ticket's order is the contract's RULE_IDS: one list, so a new rule is added once.
    expect(v.rules.map((r) => r.rule)).toEqual([...RULE_IDS]);
  });

  it('confirm only when confirmation is the one thing missing', () => {
    const l = limits({ liveConfirmNotional: '500' });
    const live = context({ mode: 'live' });
    const v = evaluate(ticket(), snapshot(), l, clock, live);
    expect(v).toMatchObject({ decision: 'confirm' });
    const confirmed = evaluate(ticket({ confirmed: true }), snapshot(), l, clock, live);
    expect(confirmed).toMatchObject({ decision: 'allow' });
    const alsoBlocked = evaluate(ticket(), snapshot(), { ...l, blockedSymbols: ['AAPL'] }, clock, live);
    expect(alsoBlocked).toMatchObject({ decision: 'refuse' });
    expect(alsoBlocked.reasons).toHaveLength(2);
  });

  it('collects every failing reason', () => {
    const v = evaluate(
      ticket({ type: 'MKT', limitPrice: undefined, quantity: '5000' }),
      null,
      limits(),
      clock,
      context({ prices: {}, killSwitch: { active: true, reason: null } }),
    );
    expect(v.decision).toBe('refuse');
    expect(v.reasons).toEqual([
      'Kill switch is on — new orders are blocked until you reset it or the next trading day.',
      'No account data yet — wait until Gatehouse has loaded your account from the Gateway.',
      'no last price for AAPL yet — wait for market data or use a limit order',
      'Order for 5,000 shares is above your max order size of 1,000.',
    ]);
  });

  it('treats a zero limit from unvalidated input as "nothing allowed", not "no limit"', () => {
    const v = evaluate(ticket(), snapshot(), limits({ maxOrderQty: '0' }), clock, context());
    expect(v.decision).toBe('refuse');
  });
});
