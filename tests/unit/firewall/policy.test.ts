/** Per-client policy: tighter than the profile for one program, never looser, on an injected clock. */
import { expect, it } from 'vitest';
import { clientPolicy, effectivePolicy, policyReasons } from '../../../electron/core/firewall/policy.ts';
import { toTicket } from '../../../electron/core/firewall/ticket.ts';
import type { ParsedTicket } from '../../../electron/core/contract.ts';
import { defaultLimits } from '../../../electron/core/risk/defaults.ts';

const ticket = (t: Partial<ParsedTicket> = {}): ParsedTicket => ({
  symbol: 'AAPL',
  secType: 'STK',
  exchange: 'SMART',
  currency: 'USD',
  side: 'BUY',
  quantity: '100',
  type: 'LMT',
  limitPrice: '200',
  tif: 'DAY',
  outsideRth: false,
  confirmed: false,
  ...t,
});

it('a client with no policy of its own is held only to the profile (which the gate applies)', () => {
  expect(policyReasons(clientPolicy(undefined), ticket(), [], 0, null)).toEqual([]);
});

it('read-only, allowed symbols, orders per minute and order value each refuse with their own words', () => {
  expect(policyReasons(clientPolicy({ readOnly: true }), ticket(), [], 0, null)).toEqual(['this API client is read-only in Gatehouse']);
  expect(policyReasons(clientPolicy({ allowedSymbols: ['msft'] }), ticket(), [], 0, null)).toEqual([
    "AAPL is not among this API client's allowed symbols",
  ]);
  const recent = [1_000, 2_000];
  expect(policyReasons(clientPolicy({ maxOrdersPerMinute: 2 }), ticket(), recent, 30_000, null)).toEqual([
    'this API client may send 2 orders per minute',
  ]);
  // A minute after the first two, the window has room again.
  expect(policyReasons(clientPolicy({ maxOrdersPerMinute: 2 }), ticket(), recent, 62_001, null)).toEqual([]);
  // Valued at the higher of its limit and the market: 100 × 210 = 21,000.
  expect(policyReasons(clientPolicy({ maxOrderValue: '20000' }), ticket(), [], 0, '210')).toEqual([
    "order value above this API client's maximum of 20000",
  ]);
  expect(policyReasons(clientPolicy({ maxOrderValue: '20000' }), ticket({ limitPrice: '190' }), [], 0, '195')).toEqual([]);
  expect(policyReasons(clientPolicy({ maxOrderValue: '20000' }), ticket({ type: 'MKT', limitPrice: undefined }), [], 0, null)).toEqual([
    "no price to value the order against this API client's maximum order value",
  ]);
});

it("shows the profile's limits as a new client's defaults", () => {
  const limits = { ...defaultLimits(), allowedSymbols: ['AAPL'], maxOrdersPerMinute: 30 };
  expect(effectivePolicy(limits, undefined)).toEqual({ readOnly: false, allowedSymbols: ['AAPL'], maxOrdersPerMinute: 30, maxOrderValue: '50000' });
  expect(effectivePolicy(limits, { maxOrderValue: '1000' }).maxOrderValue).toBe('1000');
});

it('an order the engine has no rule for is refused rather than guessed at', () => {
  const base = {
    orderId: 1,
    contract: { conId: '', symbol: 'AAPL', secType: 'STK', lastTradeDateOrContractMonth: '', strike: '', right: '', multiplier: '', exchange: 'SMART', primaryExch: '', currency: 'USD', localSymbol: '', tradingClass: '', secIdType: '', secId: '', comboLegs: 0 },
    action: 'BUY',
    totalQuantity: '10',
    orderType: 'LMT',
    lmtPrice: '100',
    auxPrice: null,
    tif: 'DAY',
    goodTillDate: '',
    ocaGroup: '',
    ocaType: '',
    account: '',
    orderRef: '',
    transmit: true,
    parentId: 0,
    outsideRth: false,
    hidden: false,
    trailStopPrice: null,
    trailingPercent: null,
    scaled: false,
    hedgeType: '',
    algoStrategy: '',
    whatIf: false,
    conditions: 0,
    cashQty: null,
  };
  expect(toTicket(base)).toMatchObject({ ok: true, ticket: { symbol: 'AAPL', quantity: '10', limitPrice: '100', type: 'LMT' } });
  expect(toTicket({ ...base, orderType: 'REL' })).toMatchObject({ ok: false, reason: expect.stringMatching(/REL is not checked/) });
  expect(toTicket({ ...base, contract: { ...base.contract, secType: 'OPT' } })).toMatchObject({ ok: false });
  expect(toTicket({ ...base, lmtPrice: null })).toMatchObject({ ok: false, reason: 'a LMT order without a limit price' });
  expect(toTicket({ ...base, totalQuantity: '0' })).toMatchObject({ ok: false });
  expect(toTicket({ ...base, hedgeType: 'D' })).toMatchObject({ ok: false });
});

it("values a future with its multiplier against the client's order value cap, and refuses one it cannot value", () => {
  const es = ticket({ symbol: 'ES', secType: 'FUT', quantity: '1', type: 'MKT', limitPrice: undefined, lastTradeDateOrContractMonth: '202612' });
  const cap = clientPolicy({ maxOrderValue: '100000' });
  // 1 × 5,925 × 50 = 296,250.
  expect(policyReasons(cap, es, [], 0, '5925', '50')).toEqual(["order value above this API client's maximum of 100000"]);
  expect(policyReasons(cap, es, [], 0, '5925', '1')).toEqual([]);
  expect(policyReasons(cap, es, [], 0, '5925', null)).toEqual(["no price to value the order against this API client's maximum order value"]);
});
