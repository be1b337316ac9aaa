/**
 * The dashboard's connection checklist, kept current: the checks that read the account (balance, buying
 * power, positions) come from the live snapshot rather than from the moment the check ran, so the card
 * never says "0 open positions" after a trade. Connectivity lines stay as the check found them.
 */
import type { AccountSnapshot, CheckResult } from '../../../electron/core/contract.ts';
import { money } from './format.ts';

export function liveChecks(checks: CheckResult[], snap: AccountSnapshot | null): CheckResult[] {
  if (!snap || snap.stale) return checks;
  const value = (key: string) => snap.summary[key];
  return checks.map((c) => {
    switch (c.id) {
      case 'balance': {
        const v = value('NetLiquidation');
        return v ? { ...c, ok: true, hint: null, detail: `Net liquidation ${money(v, snap.currency)} in ${snap.account}` } : c;
      }
      case 'buying-power': {
        const v = value('BuyingPower');
        return v ? { ...c, ok: true, hint: null, detail: `Buying power ${money(v, snap.currency)}` } : c;
      }
      case 'positions': {
        const n = snap.positions.length;
        return { ...c, ok: true, hint: null, detail: `${n} open position${n === 1 ? '' : 's'}` };
      }
      default:
        return c;
    }
  });
}
