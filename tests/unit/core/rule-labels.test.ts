import { describe, expect, it } from 'vitest';
import { RISK_LIMITS, RULE_IDS, ruleLabel } from '../../../electron/core/contract/constants.ts';

describe('risk rules by their human names', () => {
  it('gives every rule a name of its own, never its id', () => {
    const names = RULE_IDS.map(ruleLabel);
    RULE_IDS.forEach((id, i) => expect(names[i], id).not.toBe(id));
    expect(new Set(names).size).toBe(names.length);
  });

  it('calls a rule that enforces a limit by that limit’s label, as the Risk screen does', () => {
    for (const l of RISK_LIMITS) expect(ruleLabel(l.rule)).toBe(l.label);
  });
});
