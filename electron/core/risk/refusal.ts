/**
 * What a trader reads when risk does not let an order through: the one refusal path for a placement and a
 * modify. The verdict and IB's what-if ride on the error, so the ticket shows every rule and the margin
 * impact without asking again. Pure, so the renderer's test double refuses in these same words.
 */
import type { RiskVerdict, WhatIf } from '../contract.ts';
import { AppError } from '../errors.ts';

/** The error for a verdict that is not `allow`, or null when the order may go. */
export function riskRefusal(verdict: RiskVerdict, whatIf: WhatIf | null): AppError | null {
  if (verdict.decision === 'allow') return null;
  if (verdict.decision === 'confirm') {
    return new AppError('RISK_REJECTED', 'This live order needs your confirmation.', {
      hint: 'Review the order and confirm to send it.',
      verdict,
      whatIf,
    });
  }
  const killed = verdict.rules.some((r) => r.rule === 'kill-switch' && !r.ok);
  return new AppError(killed ? 'KILL_SWITCH' : 'RISK_REJECTED', `Refused by risk: ${verdict.reasons.join('; ')}`, {
    hint: killed ? 'The kill switch blocks all new orders until you reset it (Risk tab).' : 'Change the order, or the limit on the Risk tab.',
    verdict,
    whatIf,
  });
}
