/** firewall.*: Gatehouse's API port for the trader's own programs and who is connected to it. */
import { AppError } from '../errors.ts';
import { done, type HandlerContext, type HandlersFor } from './context.ts';

export function firewallHandlers({ active }: HandlerContext): HandlersFor<'firewall'> {
  return {
    'firewall.clients': () => active.apiClients(),
    'firewall.disconnect': ({ id }) => {
      if (!active.need().firewall.disconnect(id)) throw new AppError('NOT_FOUND', 'That API client is no longer connected.');
      return done;
    },
    'firewall.settings': () => active.need().firewallSettings(),
    'firewall.saveSettings': async (input) => active.need().saveFirewallSettings(input),
  };
}
