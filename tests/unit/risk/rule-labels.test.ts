import { describe, expect, it } from 'vitest';
import { RULE_IDS, ruleLabel } from '../../../electron/core/contract/constants.ts';

/**
 * Issue 17: risk rules appear by their human names everywhere, never as `order-notional` or `pdt`. The
 * ticket, the close dialog and the refusal all name a rule through ruleLabel, which falls back to the id when
 * a rule has no name: so every rule core can report must have one, and no two may share it.
 */
describe('rule names a trader reads', () => {
  it.each(RULE_IDS.map((id) => [id]))('%s has a name in words, not its id', (id) => {
    const label = ruleLabel(id);
    expect(label).not.toBe(id);
    expect(label).toMatch(/^[A-Z]/);
  });

  it('no two rules share a name', () => {
    const labels = RULE_IDS.map((id) => ruleLabel(id));
    expect(new Set(labels).size).toBe(labels.length);
  });
});
