/**
 * The hub's contract check of a stream value, without checking again what it checked a moment ago.
 *
 * The orders stream carries every open order, the last 200 done ones and 500 fills; the log carries
 * thousands of lines. Checking all of it with zod on every delivery cost ~0.4 ms per order event, spent
 * between writing an order to the socket and reading the Gateway's answer. Nearly all of those rows are the
 * same objects with the same values as at the last delivery.
 *
 * So a row (an element of an array, at the top or one field down) that is a flat object — every value a
 * string, number, boolean, null or undefined — is remembered with the values it had when it passed and
 * the output zod made of it. Next time, the same object with the same keys and values gets that output
 * back; any change, in place or not, is checked by zod again. Equal inputs give equal outputs, so a
 * delivery is exactly what a full check would have delivered. Outputs are frozen: they are handed out
 * more than once, and a subscriber that changed one would change what the next subscriber sees.
 *
 * Anything else (a refined object, an array with length checks, a record) is checked in full, as before.
 */
import { z } from 'zod';

export type CheckResult = { success: true; data: unknown } | { success: false; issue: string | undefined };
export type Check = (value: unknown) => CheckResult;

interface Seen {
  keys: string[];
  values: unknown[];
  out: unknown;
}

const failed = (error: z.ZodError): CheckResult => ({ success: false, issue: error.issues[0]?.message });

/** The keys and values of a flat object, or null when it is not one (nested values are not remembered). */
function flat(value: unknown): { keys: string[]; values: unknown[] } | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const keys = Object.keys(value);
  const values: unknown[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const v = (value as Record<string, unknown>)[keys[i]!];
    if (typeof v === 'object' && v !== null) return null;
    if (typeof v === 'function') return null;
    values[i] = v;
  }
  return { keys, values };
}

function unchanged(value: Record<string, unknown>, seen: Seen): boolean {
  const keys = Object.keys(value);
  if (keys.length !== seen.keys.length) return false;
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] !== seen.keys[i] || !Object.is(value[keys[i]!], seen.values[i])) return false;
  }
  return true;
}

function plainObject(schema: z.ZodType): schema is z.ZodObject {
  return schema instanceof z.ZodObject && !schema.def.checks?.length;
}

function plainArray(schema: z.ZodType): schema is z.ZodArray<z.ZodType> {
  return schema instanceof z.ZodArray && !schema.def.checks?.length;
}

/** One row's check, remembering flat rows that passed (per row object, for as long as it lives). */
function rowCheck(schema: z.ZodType): Check {
  if (!plainObject(schema)) return full(schema);
  const seen = new WeakMap<object, Seen>();
  return (value) => {
    const known = typeof value === 'object' && value !== null ? seen.get(value) : undefined;
    if (known && unchanged(value as Record<string, unknown>, known)) return { success: true, data: known.out };
    const r = schema.safeParse(value);
    if (!r.success) return failed(r.error);
    const f = flat(value);
    if (f) seen.set(value as object, { ...f, out: Object.freeze(r.data) });
    return { success: true, data: r.data };
  };
}

function full(schema: z.ZodType): Check {
  return (value) => {
    const r = schema.safeParse(value);
    return r.success ? { success: true, data: r.data } : failed(r.error);
  };
}

function arrayCheck(schema: z.ZodArray<z.ZodType>): Check {
  const row = rowCheck(schema.element);
  return (value) => {
    if (!Array.isArray(value)) return full(schema)(value);
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const r = row(value[i]);
      if (!r.success) return r;
      out[i] = r.data;
    }
    return { success: true, data: out };
  };
}

/** The check for one stream's schema: rows remembered where the schema allows it, zod in full elsewhere. */
export function streamCheck(schema: z.ZodType): Check {
  if (schema instanceof z.ZodNullable) {
    const inner = streamCheck(schema.unwrap() as z.ZodType);
    return (value) => (value === null ? { success: true, data: null } : inner(value));
  }
  if (plainArray(schema)) return arrayCheck(schema);
  if (!plainObject(schema)) return full(schema);
  const arrays = Object.entries(schema.shape).filter(([, s]) => plainArray(s as z.ZodType)) as [string, z.ZodArray<z.ZodType>][];
  if (arrays.length === 0) return full(schema);
  const rest = full(schema.omit(Object.fromEntries(arrays.map(([k]) => [k, true])) as Record<string, true> & Record<number, never>));
  const fields = arrays.map(([k, s]) => [k, arrayCheck(s)] as const);
  return (value) => {
    if (typeof value !== 'object' || value === null) return full(schema)(value);
    const v = value as Record<string, unknown>;
    const others: Record<string, unknown> = {};
    for (const k of Object.keys(v)) if (!fields.some(([f]) => f === k)) others[k] = v[k];
    const r = rest(others);
    if (!r.success) return r;
    const out = { ...(r.data as Record<string, unknown>) };
    for (const [k, check] of fields) {
      const a = check(v[k]);
      if (!a.success) return a;
      out[k] = a.data;
    }
    return { success: true, data: out };
  };
}
