/**
 * Which API orders the firewall asks the Gateway to identify before valuing them (identify.ts), and what
 * the ticket then reads. The round trip over TCP is tests/integration/firewall/futures.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { identityQuery, withIdentity } from '../../../electron/core/firewall/identify.ts';
import type { DecodedContract } from '../../../electron/core/firewall/place-order.ts';

const contract = (c: Partial<DecodedContract>): DecodedContract => ({
  conId: '0',
  symbol: '',
  secType: '',
  lastTradeDateOrContractMonth: '',
  strike: '',
  right: '',
  multiplier: '',
  exchange: '',
  primaryExch: '',
  currency: '',
  localSymbol: '',
  tradingClass: '',
  secIdType: '',
  secId: '',
  comboLegs: 0,
  ...c,
});

describe('identityQuery', () => {
  it('asks about a contract named by conId alone, a local symbol, or a root and contract month', () => {
    expect(identityQuery(contract({ conId: '495202612', exchange: 'CME' }))).toEqual({ conId: 495202612, exchange: 'CME' });
    expect(identityQuery(contract({ secType: 'FUT', localSymbol: 'ESZ6', exchange: 'CME' }))).toEqual({ secType: 'FUT', localSymbol: 'ESZ6', exchange: 'CME' });
    expect(identityQuery(contract({ symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: '202612' }))).toEqual({
      symbol: 'ES',
      secType: 'FUT',
      lastTradeDateOrContractMonth: '202612',
    });
  });

  it('leaves alone what names itself plainly, and what names nothing to look up (the ticket says what is missing)', () => {
    expect(identityQuery(contract({ symbol: 'AAPL', secType: 'STK', conId: '265598' }))).toBeNull();
    expect(identityQuery(contract({ symbol: 'ES', secType: 'FUT', lastTradeDateOrContractMonth: '20261218' }))).toBeNull();
    expect(identityQuery(contract({ symbol: 'ES', secType: 'FUT' }))).toBeNull();
    expect(identityQuery(contract({ symbol: 'AAPL' }))).toBeNull();
  });
});

it('withIdentity fills in what the Gateway resolved and keeps what the program said', () => {
  const named = { conId: 495202612, symbol: 'ES', secType: 'FUT', exchange: 'CME', currency: 'USD', localSymbol: 'ESZ6', lastTradeDateOrContractMonth: '20261218', multiplier: 50 };
  expect(withIdentity(contract({ conId: '495202612', exchange: 'QBALGO' }), named)).toMatchObject({
    symbol: 'ES',
    secType: 'FUT',
    lastTradeDateOrContractMonth: '20261218',
    multiplier: '50',
    exchange: 'QBALGO',
    currency: 'USD',
    localSymbol: 'ESZ6',
  });
});
