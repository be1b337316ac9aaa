/**
 * Orders as core's orders stream carries them, for renderer tests that publish a book of their own. One
 * builder, so a field added to OrderView is filled in once, and each test's patch says what it is about.
 */
import type { OrderView, OrdersSnapshot } from '../../../electron/core/contract.ts';

/**
 * A working order: BUY 100 AAPL LMT @ 180.00 DAY, Submitted, nothing filled, updated `id` seconds after
 * 15:00 UTC on 1 Dec 2026. What is still to fill follows the patch's quantity and filled unless it says.
 */
export function openOrder(id: number, patch: Partial<OrderView> = {}): OrderView {
  const quantity = patch.quantity ?? '100';
  const filled = patch.filled ?? '0';
  return {
    orderId: id,
    permId: 9000 + id,
    clientId: 1,
    account: 'DU1234567',
    symbol: 'AAPL',
    secType: 'STK',
    side: 'BUY',
    quantity,
    type: 'LMT',
    limitPrice: '180.00',
    stopPrice: null,
    trailAmount: null,
    trailPercent: null,
    tif: 'DAY',
    outsideRth: false,
    status: 'Submitted',
    filled,
    remaining: String(Number(quantity) - Number(filled)),
    avgFillPrice: null,
    lastError: null,
    updatedAt: Date.UTC(2026, 11, 1, 15, 0, 0) + id * 1000,
    ...patch,
  };
}

/** A reconciled book: the given lists, the rest empty. */
export function ordersBook(parts: Partial<OrdersSnapshot> = {}): OrdersSnapshot {
  return { open: [], done: [], fills: [], reconciled: true, ...parts };
}
