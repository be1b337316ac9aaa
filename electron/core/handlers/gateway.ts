/** gateway.*: start, stop, restart, and what the Gateway said (timeline, logs, the files on disk). */
import { blankPasswordText } from '../gateway/ibc-config.ts';
import { planGatewayFiles } from '../gateway/files.ts';
import { profileFiles } from '../runtime.ts';
import { done, type HandlerContext, type HandlersFor } from './context.ts';

export function gatewayHandlers({ active, demo, logs, settings, dataDir }: HandlerContext): HandlersFor<'gateway'> {
  return {
    'gateway.start': async () => {
      const rt = await active.takeOverSaved();
      await demo.beforeStart(rt.profile);
      await rt.supervisor.start();
      return done;
    },
    'gateway.stop': async () => {
      await active.need().supervisor.stop();
      await demo.afterStop();
      return done;
    },
    'gateway.restart': async () => {
      if (!active.hasPendingSave()) {
        await demo.restart(active.need());
        return done;
      }
      // A profile saved while the Gateway ran: stop, rebuild from the saved profile, start.
      await active.need().supervisor.stop('restart requested');
      await demo.afterStop();
      const rt = await active.takeOverSaved();
      await demo.beforeStart(rt.profile);
      await rt.supervisor.start();
      return done;
    },
    'gateway.timeline': () => active.current()?.supervisor.timeline() ?? [],
    'gateway.logs': (input) => logs.query({ ...(input?.filter ? { filter: input.filter } : {}), limit: input?.limit ?? 500 }),
    'gateway.files': () => {
      const p = settings.activeProfile();
      if (!p) return [];
      // What is on disk now; IBC's file shown with any password blanked.
      return planGatewayFiles(p, profileFiles(dataDir, p))
        .filter((c) => c.before !== null)
        .map((c) => ({ path: c.path, text: c.kind === 'ibc-config' ? blankPasswordText(c.before ?? '') : (c.before ?? '') }));
    },
  };
}
