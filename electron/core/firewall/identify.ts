/**
 * Naming the contract of an API order before it is valued. A TWS API program may name a contract the way
 * the Gateway accepts it, not only by root symbol and month: by `conId` alone (ib_async's own example,
 * `Contract(conId=270639)`, ib_async/contract.py:18, "conId (int): The unique IB contract identifier"), or
 * a future by its `localSymbol` ("ESZ6", "The contract's symbol within its primary exchange",
 * ib_async/contract.py Future) with secType FUT, or by root and contract month (YYYYMM: "To specify last
 * month"); IB's own Contract carries all of them (nautilus_ibapi ibapi/contract.py:62-80) and the Gateway
 * resolves such a description itself. The firewall asks the Gateway the same question
 * (reqContractDetails, through core's broker: broker/contracts.ts ContractBook.resolve) and values the order
 * as that contract, instead of refusing it. The frame itself is forwarded as the program sent it.
 */
import type { ContractQuery } from '../broker/contracts.ts';
import type { DecodedContract } from './place-order.ts';

export type { ContractQuery };

/** What the Gateway said the description names (the broker's ResolvedContract, structurally). */
export interface NamedContract {
  conId: number;
  symbol: string;
  secType: string;
  exchange: string;
  currency: string;
  localSymbol: string;
  lastTradeDateOrContractMonth?: string | undefined;
  multiplier?: number | undefined;
}

/**
 * The description to resolve, or null when the order names its contract plainly (symbol and type; a future
 * also its full last trade date) or names nothing to look up (then the ticket says what is missing).
 * A future given by root and contract month ("202612") is resolved too: the books key a future by its last
 * trade date, which is what the Gateway reports positions and open orders with.
 */
export function identityQuery(c: DecodedContract): ContractQuery | null {
  const conId = Number(c.conId);
  const byId = Number.isSafeInteger(conId) && conId > 0;
  const local = c.localSymbol.trim();
  const symbol = c.symbol.trim();
  const secType = c.secType.trim().toUpperCase();
  const expiry = c.lastTradeDateOrContractMonth.trim();
  const future = secType === 'FUT';
  const plain = symbol !== '' && secType !== '' && (!future || /^\d{8}$/.test(expiry));
  if (plain) return null;
  // A root with a month only: resolvable; a root without any month stays ambiguous (the ticket says so).
  const month = future && symbol !== '' && /^\d{6}$/.test(expiry);
  if (!byId && !local && !month) return null;
  const q: ContractQuery = {};
  if (byId) q.conId = conId;
  if (symbol) q.symbol = symbol;
  if (secType) q.secType = secType;
  if (expiry) q.lastTradeDateOrContractMonth = expiry;
  if (local) q.localSymbol = local;
  if (c.exchange.trim()) q.exchange = c.exchange.trim();
  if (c.currency.trim()) q.currency = c.currency.trim();
  return q;
}

/** The decoded contract with the Gateway's answer filled in, for the ticket (never for the wire). */
export function withIdentity(c: DecodedContract, named: NamedContract): DecodedContract {
  return {
    ...c,
    conId: String(named.conId),
    symbol: named.symbol,
    secType: named.secType,
    lastTradeDateOrContractMonth: named.lastTradeDateOrContractMonth ?? c.lastTradeDateOrContractMonth,
    multiplier: named.multiplier !== undefined ? String(named.multiplier) : c.multiplier,
    exchange: c.exchange || named.exchange,
    currency: c.currency || named.currency,
    localSymbol: c.localSymbol || named.localSymbol,
  };
}

/** The refusal when the Gateway could not say which contract the order names. */
export function unnamedReason(q: ContractQuery, why: string): string {
  const what = q.localSymbol ? `local symbol ${q.localSymbol}` : q.conId ? `conId ${q.conId}` : `${q.symbol ?? ''} ${q.lastTradeDateOrContractMonth ?? ''}`.trim();
  return `Gatehouse could not identify the contract (${what}) to value it: ${why}`;
}
