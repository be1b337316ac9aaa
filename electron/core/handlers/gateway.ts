/** gateway.*: start, stop, restart, and what the Gateway said (timeline, logs, the files on disk). */
import { blankPasswordText } from '../gateway/ibc-config.ts';
import { planGatewayFiles } from '../gateway/files.ts';
import { profileFiles } from '../runtime.ts';
import { AppError } from '../errors.ts';
import { awaitStartOutcome } from '../start-outcome.ts';
import { done, type HandlerContext, type HandlersFor } from './context.ts';

/**
 * How long gateway.start waits for the login to succeed or fail before answering "on its way": long enough
 * for a normal login (IBC's takes seconds), short of a 2FA approval, which the timeline then follows.
 */
const START_ANSWER_MS = 20_000;
const realClock = {
  setTimeout: (fn: () => void, ms: number): unknown => setTimeout(fn, ms),
  clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout),
};

export function gatewayHandlers({ active, demo, logs, settings, dataDir }: HandlerContext): HandlersFor<'gateway'> {
  return {
    'gateway.start': async () => {
      const rt = await active.takeOverSaved();
      await demo.beforeStart(rt.profile);
      await rt.supervisor.start();
      // Answer with how the start went, not merely that a process was launched: a login that fails a
      // second later must not sit next to a green "start requested".
      const outcome = await awaitStartOutcome(rt.supervisor, START_ANSWER_MS, realClock);
      if (outcome.kind === 'failed') {
        throw new AppError('IB_ERROR', `The Gateway did not start: ${outcome.reason}`, {
          hint: /login failed|credentials|password/i.test(outcome.reason)
            ? 'Check the username and password in the profile, then start again.'
            : 'The Gateway screen’s timeline and logs show what happened.',
        });
      }
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
