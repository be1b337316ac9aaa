/**
 * The few messages the firewall reads or writes besides placeOrder. Everything else passes through
 * without being looked at.
 */
import { encodeFrame } from './wire.ts';
import { OUT, SV } from './place-order.ts';

/** Server → client message ids (stoqey dist/core/io/decoder.js IN_MSG_ID; ibapi/message.py IN). */
export const IN = {
  ORDER_STATUS: 3,
  ERR_MSG: 4,
  NEXT_VALID_ID: 9,
} as const;

/** IB's code for an order the Gateway refuses ("Order rejected - reason:…"). */
export const ORDER_REJECTED = 201;

/**
 * An error frame as the Gateway writes it at `sv`: `4, 2, id, code, text` and, from ADVANCED_ORDER_REJECT
 * (166), the advanced-reject JSON; from ERROR_TIME (194, above what the firewall negotiates) the version
 * field goes and a time follows (ibapi/decoder.py:2368-2383 `processErrorMsg`; stoqey decoder.js:558).
 */
export function errorFrame(sv: number, id: number, code: number, text: string): Buffer {
  const fields: (string | number)[] = [IN.ERR_MSG, 2, id, code, text];
  if (sv >= SV.ADVANCED_ORDER_REJECT) fields.push('');
  return encodeFrame(fields);
}

/** IB's code for a request a read-only API refuses (placeOrder, cancelOrder, reqGlobalCancel). */
export const READ_ONLY_API = 321;

/**
 * A read-only Gateway's words, as programs report them: "Error validating request:-'bh' : cause - The API
 * interface is currently in Read-Only mode." (IbcAlpha/IBC#10 for a placeOrder; erdewit/ib_insync#1,
 * bankroll-py/bankroll#65). The two letters name IB's internal check and vary by version.
 */
export function readOnlyText(request = 'bN'): string {
  return `Error validating request:-'${request}' : cause - The API interface is currently in Read-Only mode.`;
}

/** The Gateway's words for a rejected order, with the risk rule's reasons after IB's prefix. */
export function rejectionText(reasons: readonly string[]): string {
  const words = reasons.join('; ').replace(/[\0\r\n]+/g, ' ');
  return `Order rejected - reason:${words}`;
}

/** startApi: `71, 2, clientId[, optionalCapabilities]` (stoqey socket.js:288-306). */
export function readStartApi(fields: readonly string[]): number | null {
  if (Number(fields[0]) !== OUT.START_API) return null;
  const id = fields[2];
  if (id === undefined || !/^-?\d+$/.test(id)) return null;
  return Number(id);
}

/** cancelOrder: `4[, 1], orderId, …` — the version field is gone from CME_TAGGING_FIELDS (encoder.js:394-396). */
export function readCancelOrder(sv: number, fields: readonly string[]): number | null {
  if (Number(fields[0]) !== OUT.CANCEL_ORDER) return null;
  const id = fields[sv < SV.CME_TAGGING_FIELDS ? 2 : 1];
  return id !== undefined && /^-?\d+$/.test(id) ? Number(id) : null;
}

export interface OrderStatusUpdate {
  orderId: number;
  status: string;
  filled: string;
  remaining: string;
}

/** orderStatus: `3[, version], id, status, filled, remaining, …` — no version from MARKET_CAP_PRICE (decoder.js:521-527). */
export function readOrderStatus(sv: number, fields: readonly string[]): OrderStatusUpdate | null {
  if (Number(fields[0]) !== IN.ORDER_STATUS) return null;
  const at = sv >= SV.MARKET_CAP_PRICE ? 1 : 2;
  const id = Number(fields[at]);
  if (!Number.isSafeInteger(id)) return null;
  return { orderId: id, status: fields[at + 1] ?? '', filled: fields[at + 2] ?? '', remaining: fields[at + 3] ?? '' };
}

/** An error frame's id and code (to notice the Gateway rejecting an order it was sent). */
export function readError(fields: readonly string[]): { id: number; code: number; text: string } | null {
  if (Number(fields[0]) !== IN.ERR_MSG) return null;
  const id = Number(fields[2]);
  const code = Number(fields[3]);
  if (!Number.isSafeInteger(id) || !Number.isSafeInteger(code)) return null;
  return { id, code, text: fields[4] ?? '' };
}
