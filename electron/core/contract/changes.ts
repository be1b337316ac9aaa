/**
 * Streams send a whole snapshot once, then only what changed. A 10,000-position book re-sent 20 times a
 * second cost core 79 % of a core and the page 36 fps (issue 16); one price tick changes a handful of rows.
 *
 * A stream message is either
 * - `{ kind: 'snapshot', value }`: the whole value (to a new subscriber, after a reconnect, or for the
 *   streams that are not objects: the logs, alerts and timeline lists, and a null account), or
 * - `{ kind: 'change', set, unset, keyed }`: the top-level fields that changed (`set`, whole), the ones that
 *   went away (`unset`), and for the arrays named in KEYED_STREAMS the rows added or changed (`upsert`), the
 *   keys of the rows gone (`remove`) and, only when the rows' order is not what applying those gives, the
 *   full key order (`order`).
 *
 * `applyMessage(stream, diffValue(stream, a, b)) on a` is `b` (the round-trip the tests check over random
 * books), and a row that did not change keeps its object, so the renderer redraws only the rows that did.
 * Like constants.ts this module is dependency-free (keys.ts aside): the preload and renderer import it as
 * values. Core's hub checks each message with the zod schemas in schemas.ts (streamMessages) before it
 * leaves.
 */
import { orderKey } from './keys.ts';

type Row = Record<string, unknown>;
export type RowKey = (row: Row) => string;

export interface KeyedChange {
  upsert: Row[];
  remove: string[];
  order?: string[];
}

export interface StreamChange {
  kind: 'change';
  set?: Record<string, unknown>;
  unset?: string[];
  keyed?: Record<string, KeyedChange>;
}

export type StreamMessage<V = unknown> = { kind: 'snapshot'; value: V } | StreamChange;

/**
 * Per stream, the arrays sent row by row and the key of a row. A position is one instrument in one
 * account: futures months of one symbol differ by conId, and an advisor's accounts may hold the same
 * conId. An order is (client id, order id) (keys.ts). An equity sample is its time.
 * A stream not named here still sends changed top-level fields only (status, risk, quotes by symbol).
 */
export const KEYED_STREAMS: Readonly<Record<string, Readonly<Record<string, RowKey>>>> = {
  account: {
    positions: (p) => `${String(p.account)}:${String(p.conId)}`,
    equityLine: (s) => String(s.time),
  },
  orders: {
    open: (o) => orderKey(o as { clientId: number; orderId: number; permId?: number }),
    done: (o) => orderKey(o as { clientId: number; orderId: number; permId?: number }),
    fills: (f) => String(f.execId),
  },
};

function isRecord(v: unknown): v is Row {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Structural equality of JSON values; a field holding undefined counts as absent (JSON drops it). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as Row;
  const rb = b as Row;
  let na = 0;
  for (const k in ra) {
    if (ra[k] === undefined) continue;
    na++;
    if (!deepEqual(ra[k], rb[k])) return false;
  }
  let nb = 0;
  for (const k in rb) if (rb[k] !== undefined) nb++;
  return na === nb;
}

/**
 * Each row's position by its key, remembered per array: the hub diffs every delivery against the (frozen)
 * array it sent last, so that array's index is built once, not once per delivery (applyRows remembers the
 * index of the array it makes). Arrays remembered are never changed afterwards: the hub's are frozen, a
 * store's are replaced, not edited. Null when two rows share a key (the array is then sent whole: a keyed
 * change could not say which of them changed).
 */
type Index = Map<string, number>;
const indexes = new WeakMap<readonly unknown[], Index | null>();
function indexOf(rows: readonly unknown[], key: RowKey, remember = true): Index | null {
  const known = indexes.get(rows);
  if (known !== undefined) return known;
  let index: Index | null = new Map();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!isRecord(r)) {
      index = null;
      break;
    }
    const k = key(r);
    if (index.has(k)) {
      index = null;
      break;
    }
    index.set(k, i);
  }
  if (remember) indexes.set(rows, index);
  return index;
}

/**
 * Fields whose builder makes a new object for a row whenever the row changes and hands out the same object
 * while it does not (broker/account.ts's positions, broker/orders.ts's orders and fills). For these a row
 * that is the same object as in the array diffed last time is unchanged without comparing it, so a tick in
 * a 10,000-position book costs a walk over the array, not 10,000 comparisons and a 10,000-key index, and an
 * order event costs its own rows, not a comparison of the day's 200 done orders.
 */
export const REPLACED_ROWS: Readonly<Record<string, ReadonlySet<string>>> = {
  account: new Set(['positions']),
  orders: new Set(['open', 'done', 'fills']),
};

/**
 * The fast path for REPLACED_ROWS: `last` is the array diffed last time (whose rows `prev` holds, checked).
 * Undefined when rows moved, came or went: the full keyed diff decides then.
 */
function diffReplaced(prev: readonly unknown[], last: readonly unknown[], next: readonly unknown[], key: RowKey): 'same' | KeyedChange | undefined {
  if (last.length !== next.length || prev.length !== next.length) return undefined;
  const before = indexOf(prev, key);
  if (!before) return undefined;
  const upsert: Row[] = [];
  for (let i = 0; i < next.length; i++) {
    const row = next[i];
    if (row === last[i]) continue;
    if (!isRecord(row) || !isRecord(last[i]) || key(row) !== key(last[i] as Row) || before.get(key(row)) !== i) return undefined;
    if (!deepEqual(prev[i], row)) upsert.push(row);
  }
  return upsert.length ? { upsert, remove: [] } : 'same';
}

/**
 * 'same', 'whole' (send the array as a field), or the keyed change. `last` (REPLACED_ROWS only): the array
 * diffed last time, whose rows `prev` holds checked; a row of `next` that is the same object as the row
 * with its key there has not changed since.
 */
function diffRows(prev: readonly unknown[], next: readonly unknown[], key: RowKey, last?: readonly unknown[]): 'same' | 'whole' | KeyedChange {
  const before = indexOf(prev, key);
  // The new side may be an array its builder changes in place later: its index is not remembered.
  const after = indexOf(next, key, false);
  if (!before || !after) return deepEqual(prev, next) ? 'same' : 'whole';
  const lastAt = last ? indexOf(last, key, false) : null;
  const upsert: Row[] = [];
  for (const [k, i] of after) {
    const at = before.get(k);
    const row = next[i] as Row;
    if (at === undefined) upsert.push(row);
    else {
      const was = lastAt?.get(k);
      if (was !== undefined && last![was] === row) continue;
      const old = prev[at];
      if (old !== row && !deepEqual(old, row)) upsert.push(row);
    }
  }
  // Applying keeps the rows still there in their old order and appends the new ones: the order needs
  // sending only when the rows still there are not, in that order, the first rows of `next`.
  const remove: string[] = [];
  const nextKeys = after.keys();
  let sameOrder = true;
  for (const k of before.keys()) {
    if (!after.has(k)) remove.push(k);
    else if (sameOrder && nextKeys.next().value !== k) sameOrder = false;
  }
  if (upsert.length === 0 && remove.length === 0 && sameOrder) return 'same';
  return sameOrder ? { upsert, remove } : { upsert, remove, order: [...after.keys()] };
}

/**
 * What a subscriber holding `prev` needs to hold `next`; null when nothing changed (nothing is sent).
 * `prev` undefined (nothing sent yet) or either side not an object: a snapshot. `last`, when given, is the
 * value diffed last time (what `prev` was made from): the REPLACED_ROWS fields then skip unchanged rows by
 * identity.
 */
export function diffValue(stream: string, prev: unknown, next: unknown, last?: unknown): StreamMessage | null {
  if (prev === undefined) return { kind: 'snapshot', value: next };
  if (!isRecord(prev) || !isRecord(next)) return deepEqual(prev, next) ? null : { kind: 'snapshot', value: next };
  const keys = KEYED_STREAMS[stream];
  const set: Row = {};
  const unset: string[] = [];
  const keyed: Record<string, KeyedChange> = {};
  for (const k in next) {
    const b = next[k];
    const a = prev[k];
    if (b === undefined) continue;
    if (a === b) continue;
    const key = keys?.[k];
    if (key && Array.isArray(a) && Array.isArray(b)) {
      const was = isRecord(last) && REPLACED_ROWS[stream]?.has(k) ? last[k] : undefined;
      // The very array diffed last time: its builder replaces an array that changes, so nothing in it did.
      if (was === b) continue;
      const c = (Array.isArray(was) ? diffReplaced(a, was, b, key) : undefined) ?? diffRows(a, b, key, Array.isArray(was) ? was : undefined);
      if (c === 'whole') set[k] = b;
      else if (c !== 'same') keyed[k] = c;
    } else if (!deepEqual(a, b)) set[k] = b;
  }
  for (const k in prev) if (prev[k] !== undefined && next[k] === undefined) unset.push(k);
  const msg: StreamChange = { kind: 'change' };
  if (Object.keys(set).length) msg.set = set;
  if (unset.length) msg.unset = unset;
  if (Object.keys(keyed).length) msg.keyed = keyed;
  return msg.set || msg.unset || msg.keyed ? msg : null;
}

function applyRows(prev: readonly unknown[], change: KeyedChange, key: RowKey): Row[] {
  const before = indexOf(prev, key) ?? new Map((prev as Row[]).map((r, i) => [key(r), i]));
  // Rows changed in place (a price tick): the same positions, so the new array shares the old index.
  if (change.remove.length === 0 && !change.order && change.upsert.every((r) => before.has(key(r)))) {
    // Spread, not slice(): V8 copies a frozen array (the hub freezes what it sent) element by element in
    // slice(), ~1 ms for 10,000 rows, against ~0.01 ms for a spread — 20 times a second on a big book.
    const out = [...prev] as Row[];
    for (const r of change.upsert) out[before.get(key(r))!] = r;
    indexes.set(out, before);
    return out;
  }
  const removed = new Set(change.remove);
  const updates = new Map<string, Row>();
  for (const r of change.upsert) updates.set(key(r), r);
  const out: Row[] = [];
  const index: Index = new Map();
  for (const [k, i] of before) {
    if (removed.has(k)) continue;
    const u = updates.get(k);
    if (u !== undefined) updates.delete(k);
    index.set(k, out.length);
    out.push(u ?? (prev[i] as Row));
  }
  for (const [k, r] of updates) {
    index.set(k, out.length);
    out.push(r);
  }
  if (!change.order) {
    indexes.set(out, index);
    return out;
  }
  const ordered: Row[] = [];
  const orderedIndex: Index = new Map();
  for (const k of change.order) {
    const at = index.get(k);
    if (at === undefined) continue;
    orderedIndex.set(k, ordered.length);
    ordered.push(out[at]!);
  }
  indexes.set(ordered, orderedIndex);
  return ordered;
}

/**
 * The value after `msg`, sharing every row and field it did not change with `state` (a row's object
 * stays the same object, so a memoised table row does not redraw). `state` is never modified.
 */
export function applyMessage<V>(stream: string, state: V | undefined, msg: StreamMessage<V>): V {
  if (msg.kind === 'snapshot') return msg.value;
  const base: Row = isRecord(state) ? state : {};
  const next: Row = { ...base };
  for (const k of msg.unset ?? []) delete next[k];
  if (msg.set) Object.assign(next, msg.set);
  const keys = KEYED_STREAMS[stream];
  for (const [field, change] of Object.entries(msg.keyed ?? {})) {
    const key = keys?.[field];
    if (!key) continue;
    const prev = base[field];
    next[field] = applyRows(Array.isArray(prev) ? prev : [], change, key);
  }
  return next as V;
}

/** Drops from `msg` what `prev` already holds (a checked row equal to the one sent); null if nothing is left. */
export function pruneMessage(stream: string, prev: unknown, msg: StreamMessage): StreamMessage | null {
  if (msg.kind === 'snapshot') return prev !== undefined && deepEqual(prev, msg.value) ? null : msg;
  if (!isRecord(prev)) return msg;
  const out: StreamChange = { kind: 'change' };
  if (msg.set) {
    const set: Row = {};
    for (const [k, v] of Object.entries(msg.set)) if (!deepEqual(prev[k], v)) set[k] = v;
    if (Object.keys(set).length) out.set = set;
  }
  if (msg.unset?.length) out.unset = msg.unset;
  const keys = KEYED_STREAMS[stream];
  for (const [field, change] of Object.entries(msg.keyed ?? {})) {
    const key = keys?.[field];
    const rows = prev[field];
    const index = key && Array.isArray(rows) ? indexOf(rows, key) : null;
    const held = (r: Row) => {
      const at = index && key ? index.get(key(r)) : undefined;
      return at === undefined ? undefined : (rows as unknown[])[at];
    };
    const upsert = index ? change.upsert.filter((r) => !deepEqual(held(r), r)) : change.upsert;
    if (upsert.length || change.remove.length || change.order) {
      out.keyed ??= {};
      out.keyed[field] = { ...change, upsert };
    }
  }
  return out.set || out.unset || out.keyed ? out : null;
}

/** Freezes a JSON value all the way down, so no subscriber can change what the next one is handed. */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
  return value;
}
