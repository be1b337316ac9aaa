/** app.info and diagnostics.run: what this app is, and the troubleshooting checks. */
import { runDiagnostics } from '../diagnostics.ts';
import type { HandlerContext, HandlersFor } from './context.ts';

export function diagnosticsHandlers({ active, settings, info }: HandlerContext): HandlersFor<'app' | 'diagnostics'> {
  return {
    'app.info': () => info(),
    'diagnostics.run': () => runDiagnostics(active.current(), settings.activeProfile()),
  };
}
