/** risk.*: limits, the kill switch and the audit log. */
import type { HandlerContext, HandlersFor } from './context.ts';

export function riskHandlers({ active, alert }: HandlerContext): HandlersFor<'risk'> {
  return {
    'risk.get': () => active.riskOrDefaults(),
    'risk.setLimits': async (limits) => {
      const saved = await active.need().gate.setLimits(limits);
      active.publishRisk();
      return saved;
    },
    'risk.killSwitch': async ({ active: on, reason }) => {
      const st = await active.need().desk.setKillSwitch(on, reason);
      active.publishRisk();
      active.publishStatus();
      alert(
        'risk',
        on ? 'warn' : 'info',
        on ? 'Kill switch ON' : 'Kill switch reset',
        on ? (reason ?? 'All new orders are blocked.') : 'Orders may be sent again.',
      );
      return st;
    },
    'risk.audit': async (input) => active.current()?.gate.audit.read(input?.limit ?? 500) ?? [],
  };
}
