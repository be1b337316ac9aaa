/**
 * Identity keys several layers need (core's books, the stream's keyed changes, the renderer's rows). Like
 * constants.ts this module imports nothing, so the renderer and preload may import it as values.
 *
 * An order id is unique only per API client: the Gateway numbers each client's orders on its own (every
 * client gets its own nextValidId, and two clients may both place order 1). Gatehouse is the Master API
 * client (IBC's OverrideTwsMasterClientID), so it sees other programs' orders too; an order is therefore
 * the pair (clientId, orderId). An order typed into TWS itself has no API order id (0) and is known by its
 * permId alone; ib_async keys its orders the same way (wrapper.py:383-390, orderKey).
 */
export function orderKey(o: { clientId: number; orderId: number; permId?: number }): string {
  if (o.orderId <= 0 && o.permId) return `perm:${o.permId}`;
  return `${o.clientId}:${o.orderId}`;
}

/**
 * One instrument, as the quotes and the risk books know it: a stock or forex pair by its symbol ("AAPL"), a
 * future by its root and expiry ("ES 20261218"), because every month of a root is a contract of its own
 * (own conId, own price; ESZ6 and ESH7 are a calendar spread, not one position). The expiry is the last
 * trade date the Gateway reports with positions, open orders and executions, and the one the desk's
 * expiry list and the firewall's contract lookup resolve a ticket to. A future without an expiry is its
 * bare root (no quote: the Gateway calls it ambiguous).
 */
export function instrumentId(i: { symbol: string; secType?: string | undefined; lastTradeDateOrContractMonth?: string | undefined }): string {
  const symbol = i.symbol.toUpperCase();
  return i.secType === 'FUT' && i.lastTradeDateOrContractMonth ? `${symbol} ${i.lastTradeDateOrContractMonth}` : symbol;
}
