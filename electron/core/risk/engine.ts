/**
 * The pure risk engine: a ticket, the account, the limits, the time and what the gate knows go in; a
 * verdict with one outcome per rule comes out. No I/O and no state, so a preview and a placement of the
 * same order see the same answer, and every rule can be tested from a table.
 */
import type { AccountSnapshot, ParsedTicket, RiskLimits, RiskVerdict } from '../contract.ts';
import { orderFacts } from './facts.ts';
import { CONFIRM_RULE, RULES } from './rules.ts';
import type { Clock, RiskContext } from './types.ts';

/**
 * `allow`: the order may be sent now. `confirm`: the only failing rule is the live-mode confirmation, so
 * ask the user, then evaluate again with `ticket.confirmed`. `refuse`: anything else failed.
 */
export function evaluate(
  ticket: ParsedTicket,
  snapshot: AccountSnapshot | null,
  limits: RiskLimits,
  clock: Clock,
  context: RiskContext,
): RiskVerdict {
  const facts = orderFacts(ticket, snapshot, clock.now(), context);
  const rules = RULES.map((rule) => rule({ facts, limits, ctx: context, snapshot }));
  const failed = rules.filter((r) => !r.ok);
  const decision = failed.length === 0 ? 'allow' : failed.length === 1 && failed[0]?.rule === CONFIRM_RULE ? 'confirm' : 'refuse';
  return {
    decision,
    reasons: failed.map((r) => r.message),
    rules,
  };
}
