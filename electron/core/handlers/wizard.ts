/** wizard.*: discovery, demo mode, the Gateway files we write and the connection checklist. */
import { AppError } from '../errors.ts';
import { discover } from '../gateway/discovery.ts';
import { planGatewayFiles, writeGatewayFiles } from '../gateway/files.ts';
import { profileFiles } from '../runtime.ts';
import { connectionChecklist } from '../wizard.ts';
import type { HandlerContext, HandlersFor } from './context.ts';

export function wizardHandlers(ctx: HandlerContext): HandlersFor<'wizard'> {
  const { settings, active, dataDir } = ctx;
  const activeProfile = () => {
    const p = settings.activeProfile();
    if (!p) throw new AppError('NOT_FOUND', 'No profile is set up yet.', { hint: 'Run the setup wizard first.' });
    return p;
  };
  return {
    'wizard.discover': (input) => discover({ ...ctx.discovery(), ...(input?.extraPath ? { extraPath: input.extraPath } : {}) }),
    'wizard.useDemo': () => ctx.demo.use(),
    'wizard.previewFiles': () => planGatewayFiles(activeProfile(), profileFiles(dataDir, activeProfile())),
    'wizard.writeFiles': async () => {
      const profile = activeProfile();
      return writeGatewayFiles(profile, { ...profileFiles(dataDir, profile), isGatewayRunning: () => active.isGatewayRunning() });
    },
    'wizard.test': () => connectionChecklist(active.current()?.broker ?? null),
  };
}
