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
