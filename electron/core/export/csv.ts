/**
 * The day's fills and orders as CSV, the way a spreadsheet opens it (RFC 4180: comma, CRLF, quotes doubled,
 * a UTF-8 BOM so Excel reads non-ASCII names right). Numbers stay plain decimals without separators so the
 * spreadsheet can compute with them; times are the trader's local wall clock with the zone in the header.
 */
import type { Fill, OrdersSnapshot, OrderView } from '../contract.ts';

type Cell = string | number | boolean | null;

/** A text cell a spreadsheet would run as a formula (=, +, -, @) gets a leading apostrophe; numbers never do. */
function cell(v: Cell): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return '\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** `2026-12-01 09:30:05` in `zone`. */
export function localTime(ms: number, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

export function fillsCsv(fills: readonly Fill[], zone: string): string {
  return toCsv(
    // Client ID last: order ids are per API client, and other programs' fills are in the book too (master).
    [`Time (${zone})`, 'Order ID', 'Exec ID', 'Account', 'Symbol', 'Side', 'Quantity', 'Price', 'Commission', 'Realized P&L', 'Client ID'],
    [...fills].sort((a, b) => a.time - b.time).map((f) => [localTime(f.time, zone), f.orderId, f.execId, f.account, f.symbol, f.side, f.shares, f.price, f.commission, f.realizedPnl, f.clientId]),
  );
}

export function ordersCsv(snapshot: Pick<OrdersSnapshot, 'open' | 'done'>, zone: string): string {
  const row = (o: OrderView): Cell[] => [
    localTime(o.updatedAt, zone),
    o.orderId,
    o.permId,
    o.account,
    o.symbol,
    o.secType,
    o.side,
    o.quantity,
    o.type,
    o.limitPrice,
    o.stopPrice,
    o.tif,
    o.status,
    o.filled,
    o.remaining,
    o.avgFillPrice,
    o.lastError,
    o.clientId,
  ];
  return toCsv(
    [`Updated (${zone})`, 'Order ID', 'Perm ID', 'Account', 'Symbol', 'Type of instrument', 'Side', 'Quantity', 'Order type', 'Limit', 'Stop', 'TIF', 'Status', 'Filled', 'Remaining', 'Avg fill price', 'Last message', 'Client ID'],
    [...snapshot.open, ...snapshot.done].sort((a, b) => a.orderId - b.orderId || a.clientId - b.clientId).map(row),
  );
}

/** `gatehouse-fills-2026-12-01.csv` */
export function csvFilename(kind: 'fills' | 'orders', now: number, zone: string): string {
  return `gatehouse-${kind}-${localTime(now, zone).slice(0, 10)}.csv`;
}
