/**
 * The kill switch's flatten of a future names the contract held by its conId, so a position whose message
 * left the exchange empty is routed to the one contract it is (ContractBook.route), not to whatever its root
 * and month match.
 */
import { expect, it } from 'vitest';
import type { AccountSnapshot, Position } from '../../../electron/core/contract.ts';
import { killActions } from '../../../electron/core/risk/kill-switch.ts';

const clEmptyExchange: Position = {
  account: 'DU1234567',
  conId: 212921504,
  symbol: 'CL',
  secType: 'FUT',
  currency: 'USD',
  lastTradeDateOrContractMonth: '20270119',
  localSymbol: 'CLG7',
  multiplier: '1000',
  quantity: '-3',
  avgCost: '70000',
  marketPrice: '70',
  marketValue: '-210000',
  unrealizedPnl: '0',
  realizedPnl: '0',
};

it('a flatten of a future with no exchange carries its conId and month', () => {
  const snapshot = { positions: [clEmptyExchange] } as unknown as AccountSnapshot;
  const actions = killActions(snapshot, [], { flattenOnKill: true });
  expect(actions[1]).toEqual({
    kind: 'flatten-position',
    symbol: 'CL',
    secType: 'FUT',
    lastTradeDateOrContractMonth: '20270119',
    conId: 212921504,
    currency: 'USD',
    side: 'BUY',
    quantity: '3',
  });
});
