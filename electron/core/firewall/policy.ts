/**
 * Per-client policy, checked before the shared risk gate: a program can be held tighter than the
 * profile (read-only, fewer symbols, fewer orders per minute, smaller orders), never looser — the
 * profile's limits are applied to every order by the gate anyway.
 */
import type { ParsedTicket, RiskLimits } from '../contract.ts';
import { gt, mul, parse, parseOrNull, type Dec } from '../risk/money.ts';

export interface ClientPolicy {
  /** Every order refused (market data and account data still flow). */
  readOnly: boolean;
  /** Upper-case symbols; empty = any symbol the profile allows. */
  allowedSymbols: string[];
  maxOrdersPerMinute: number | null;
  /** Decimal text in the account currency; null = no per-client cap. */
  maxOrderValue: string | null;
}

/** No per-client restriction: the client is held to the profile's limits, which the gate applies. */
export const OPEN_POLICY: ClientPolicy = { readOnly: false, allowedSymbols: [], maxOrdersPerMinute: null, maxOrderValue: null };

/** A client's policy: what was set for it, the rest open (the gate applies the profile's limits anyway). */
export function clientPolicy(override: Partial<ClientPolicy> | undefined): ClientPolicy {
  return {
    ...OPEN_POLICY,
    ...override,
    allowedSymbols: (override?.allowedSymbols ?? []).map((s) => s.toUpperCase()),
  };
}

/**
 * What a client is held to in effect, for the screen: its own setting where it has one, else the
 * profile's limit (the defaults of a new client are the profile's limits).
 */
export function effectivePolicy(limits: RiskLimits, override: Partial<ClientPolicy> | undefined): ClientPolicy {
  const own = clientPolicy(override);
  return {
    readOnly: own.readOnly,
    allowedSymbols: own.allowedSymbols.length ? own.allowedSymbols : limits.allowedSymbols.map((s) => s.toUpperCase()),
    maxOrdersPerMinute: own.maxOrdersPerMinute ?? limits.maxOrdersPerMinute,
    maxOrderValue: own.maxOrderValue ?? limits.maxOrderNotional ?? null,
  };
}

const MINUTE = 60_000;

/**
 * The reasons this client's policy refuses the order; empty when it passes. `recent` are the times of
 * this client's orders let through (pruned here to the last minute). `lastPrice` values a market order;
 * `multiplier` is the contract's (a future's price is per point: 1 ES at 5,925 is worth 5,925 × 50).
 */
export function policyReasons(
  policy: ClientPolicy,
  ticket: ParsedTicket,
  recent: number[],
  now: number,
  lastPrice: string | null,
  multiplier: string | null = '1',
): string[] {
  const reasons: string[] = [];
  if (policy.readOnly) reasons.push('this API client is read-only in Gatehouse');
  if (policy.allowedSymbols.length > 0 && !policy.allowedSymbols.includes(ticket.symbol.toUpperCase())) {
    reasons.push(`${ticket.symbol} is not among this API client's allowed symbols`);
  }
  while (recent.length > 0 && (recent[0] as number) <= now - MINUTE) recent.shift();
  if (policy.maxOrdersPerMinute !== null && recent.length >= policy.maxOrdersPerMinute) {
    reasons.push(`this API client may send ${policy.maxOrdersPerMinute} orders per minute`);
  }
  if (policy.maxOrderValue !== null) {
    const price = worstPrice(ticket, lastPrice);
    const m = parseOrNull(multiplier);
    if (price === null || m === null) reasons.push('no price to value the order against this API client\'s maximum order value');
    else if (gt(mul(mul(parse(ticket.quantity), price), m), parse(policy.maxOrderValue))) {
      reasons.push(`order value above this API client's maximum of ${policy.maxOrderValue}`);
    }
  }
  return reasons;
}

/** The higher of the order's own price and the market: the value it can reach. */
function worstPrice(ticket: ParsedTicket, lastPrice: string | null): Dec | null {
  const candidates = [ticket.limitPrice, ticket.stopPrice, lastPrice].map((p) => (p ? parseOrNull(p) : null));
  let best: Dec | null = null;
  for (const c of candidates) if (c !== null && (best === null || gt(c, best))) best = c;
  return best;
}
