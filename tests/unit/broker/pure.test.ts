import { describe, expect, it } from 'vitest';
import { classifyNotice, ibError } from '../../../electron/core/broker/ib-errors.ts';
import { checkSymbol } from '../../../electron/core/broker/symbols.ts';
import { ticketContract, ticketOrder } from '../../../electron/core/broker/tickets.ts';
import { dec } from '../../../electron/core/broker/num.ts';
import { parseExecTime } from '../../../electron/core/broker/exec-time.ts';
import type { ParsedTicket } from '../../../electron/core/contract.ts';

const t = (p: Partial<ParsedTicket>): ParsedTicket => ({
  symbol: 'AAPL', secType: 'STK', exchange: 'SMART', currency: 'USD', side: 'BUY', quantity: '10', type: 'MKT', tif: 'DAY', outsideRth: false, confirmed: false, ...p,
});

describe('IB notices are connection health, not errors', () => {
  it.each([
    [1100, 'Connectivity between IB and Trader Workstation has been lost.', { kind: 'link', state: 'lost' }],
    [2110, 'Connectivity between Trader Workstation and server is broken.', { kind: 'link', state: 'lost' }],
    [1101, 'Connectivity … restored - data lost.', { kind: 'link', state: 'restored-data-lost' }],
    [1102, 'Connectivity … restored - data maintained.', { kind: 'link', state: 'restored' }],
    [2104, 'Market data farm connection is OK:usfarm', { kind: 'farm', farm: 'usfarm', state: 'ok' }],
    [2103, 'Market data farm connection is broken:usfarm', { kind: 'farm', farm: 'usfarm', state: 'broken' }],
    [2107, 'HMDS data farm connection is inactive but should be available upon demand.ushmds', { kind: 'farm', state: 'inactive' }],
    [2158, 'Sec-def data farm connection is OK:secdefil', { kind: 'farm', farm: 'secdefil', state: 'ok' }],
    [1300, 'TWS socket port has been reset and this connection is being dropped. Please reconnect on the new port - 4012', { kind: 'port-changed', port: 4012 }],
    [201, 'Order rejected', { kind: 'error' }],
  ])('%i', (code, message, expected) => {
    expect(classifyNotice(code, message)).toMatchObject(expected);
  });

  it('turns IB codes into a message and a hint a trader understands', () => {
    expect(ibError(200, 'No security definition has been found for the request')).toMatchObject({
      code: 'IB_ERROR',
      ibCode: 200,
      hint: expect.stringMatching(/AAPL, not AAPL\.US/),
    });
    expect(ibError(321, 'Error validating request: API is read-only').hint).toMatch(/Read-Only API/);
    expect(ibError(502, '').message).toMatch(/Couldn't connect/);
    expect(ibError(99999, 'Something new').message).toBe('Something new');
  });
});

describe('symbol hygiene', () => {
  it.each([
    ['AAPL.US', 'Did you mean AAPL?'],
    ['msft.o', 'Did you mean MSFT?'],
    ['$TSLA', 'Did you mean TSLA?'],
    ['BRK.B', 'Did you mean BRK B?'],
  ])('%s → %s', (raw, suggestion) => {
    const r = checkSymbol(raw, 'STK');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.suggestion).toBe(suggestion);
  });
  it('accepts plain tickers, share classes with a space, and currency pairs', () => {
    expect(checkSymbol(' aapl ', 'STK')).toEqual({ ok: true, symbol: 'AAPL' });
    expect(checkSymbol('BRK B', 'STK')).toEqual({ ok: true, symbol: 'BRK B' });
    expect(checkSymbol('EUR.USD', 'CASH')).toEqual({ ok: true, symbol: 'EUR.USD' });
    expect(checkSymbol('EURUSD!', 'CASH').ok).toBe(false);
  });
});

describe('ticket → IB order', () => {
  it('sets only the prices each type needs, and always transmits', () => {
    expect(ticketOrder(t({ type: 'MKT' }))).toMatchObject({ orderType: 'MKT', totalQuantity: 10, transmit: true, tif: 'DAY' });
    expect(ticketOrder(t({ type: 'LMT', limitPrice: '101.5' }))).toMatchObject({ orderType: 'LMT', lmtPrice: 101.5 });
    expect(ticketOrder(t({ type: 'STP', stopPrice: '95' }))).toMatchObject({ orderType: 'STP', auxPrice: 95 });
    expect(ticketOrder(t({ type: 'STP LMT', stopPrice: '95', limitPrice: '94.5' }))).toMatchObject({ orderType: 'STP LMT', auxPrice: 95, lmtPrice: 94.5 });
    expect(ticketOrder(t({ type: 'TRAIL', trailAmount: '2' }))).toMatchObject({ orderType: 'TRAIL', auxPrice: 2 });
    expect(ticketOrder(t({ type: 'TRAIL', trailPercent: '1.5', tif: 'GTC', outsideRth: true }))).toMatchObject({ trailingPercent: 1.5, tif: 'GTC', outsideRth: true });
  });
  it('refuses a missing price with the field named', () => {
    expect(() => ticketOrder(t({ type: 'LMT' }))).toThrow(/Limit price is required/);
    try {
      ticketOrder(t({ type: 'STP LMT', limitPrice: '1' }));
    } catch (err) {
      expect((err as { fields: Record<string, string> }).fields).toHaveProperty('stopPrice');
    }
    expect(() => ticketOrder(t({ quantity: '0' }))).toThrow(/above zero/);
  });
  it('refuses a NUL in any field that reaches the wire, wherever it came from (the last line)', () => {
    expect(() => ticketContract(t({ exchange: 'SMART\0USD' }))).toThrow(/contract's exchange contains a NUL byte/);
    expect(() => ticketContract(t({ symbol: 'AAPL\0' }))).toThrow(/NUL/);
    expect(() => ticketOrder(t({ type: 'MKT' }), { account: 'DU123\0\0BUY' })).toThrow(/order's account contains a NUL byte/);
    expect(ticketOrder(t({ type: 'MKT' }), { account: 'DU1234567' }).account).toBe('DU1234567');
  });
  it('routes forex to IDEALPRO and futures to their exchange', () => {
    expect(ticketContract(t({ symbol: 'EUR.USD', secType: 'CASH' }))).toMatchObject({ symbol: 'EUR', currency: 'USD', exchange: 'IDEALPRO', secType: 'CASH' });
    expect(ticketContract(t({ symbol: 'ZN', secType: 'FUT', exchange: 'CBOT' }))).toMatchObject({ exchange: 'CBOT', secType: 'FUT' });
    // Not named (SMART is a stock router): no guess. Core names it from contract details first (ContractBook.route).
    expect(ticketContract(t({ symbol: 'ES', secType: 'FUT' }))).toMatchObject({ exchange: '', secType: 'FUT' });
  });
});

describe('numbers from IB', () => {
  it('turns doubles into decimal strings and IB sentinels into null', () => {
    expect(dec(0.1 + 0.2, 6)).toBe('0.3');
    expect(dec(1.7976931348623157e308)).toBeNull();
    expect(dec(2147483647)).toBeNull();
    expect(dec(-0)).toBe('0');
    expect(dec(undefined)).toBeNull();
  });
  it('keeps every figure it rounds and drops only the trailing zeros and a bare point', () => {
    expect(dec(100, 2)).toBe('100');
    expect(dec(100.5, 2)).toBe('100.5');
    expect(dec(-0.001, 2)).toBe('0');
    expect(dec(1030.0400, 6)).toBe('1030.04');
    expect(dec('250.000000')).toBe('250');
    expect(dec(12, 0)).toBe('12');
    expect(dec(0.000001)).toBe('0.000001');
    expect(dec(-20080.5, 2)).toBe('-20080.5');
  });
  it('reads execution times with IB’s two spaces in the Gateway’s zone (all forms: exec-time.test.ts)', () => {
    expect(parseExecTime('20250415  19:38:31', 'UTC')).toBe(Date.UTC(2025, 3, 15, 19, 38, 31));
    expect(parseExecTime('garbage')).toBeNull();
  });
});
