/**
 * The alphabets of the strings that reach the TWS wire. @stoqey/ib joins a request's fields with NUL and
 * escapes nothing, so a NUL (or any byte a real value never has) inside a field shifts every field after
 * it: a ticket for 1 @ 1.00 could arrive as 5000 @ 300. Each field is held to what IB's own values look
 * like, and the broker refuses any NUL as a last line (broker/tickets.ts). Dependency-free, so the
 * renderer may use the same patterns for its inputs.
 */

/** Stock, future and forex symbols as IB writes them: AAPL, BRK B, BF.B, EUR.USD, ES. */
export const SYMBOL_PATTERN = /^[A-Z0-9][A-Z0-9 ./-]{0,20}$/;
/** Exchange codes: SMART, ISLAND, NYSE, IDEALPRO, CME. */
export const EXCHANGE_PATTERN = /^[A-Z][A-Z0-9.]{0,19}$/;
/**
 * A future's expiry as IB writes `lastTradeDateOrContractMonth`: a contract month YYYYMM (202612) or a last
 * trade date YYYYMMDD (20261218), nothing else (IB's Contract docs; contract details answer the 8-digit form).
 */
export const EXPIRY_PATTERN = /^20\d\d(0[1-9]|1[0-2])((0[1-9]|[12]\d|3[01]))?$/;
/** ISO 4217 currency codes. */
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;
/** IB account ids: U1234567, DU1234567, F…, I… */
export const ACCOUNT_PATTERN = /^[A-Z0-9]{1,20}$/;
/** Order references and OCA group names: printable ASCII, no control bytes. */
export const ORDER_REF_PATTERN = /^[\x20-\x7E]{0,64}$/;

/** Idempotency keys of order intents (one click, one keypress): UUIDs and the like. */
export const INTENT_ID_PATTERN = /^[A-Za-z0-9-]{8,64}$/;

/** True when a string may go to the wire as is (used by the broker's last-line check). */
export function hasWireBreak(value: string): boolean {
  return value.includes('\0');
}
