import type { Core } from '../../electron/core/app.ts';
import type { AppErrorShape, CommandInput, CommandName, CommandOutput } from '../../electron/core/contract.ts';

/** Calls core exactly as a shell does (through the dispatcher): `call` expects success, `fail` an error. */
export function contractClient(core: Core) {
  return {
    async call<C extends CommandName>(command: C, input?: CommandInput<C>): Promise<CommandOutput<C>> {
      const r = await core.dispatcher.dispatch(command, input);
      if (!r.ok) throw new Error(`${command} failed: ${r.error.code} ${r.error.message}`);
      return r.value;
    },
    async fail(command: CommandName, input?: unknown): Promise<AppErrorShape> {
      const r = await core.dispatcher.wire(command, input);
      if (r.ok) throw new Error(`${command} unexpectedly succeeded`);
      return r.error;
    },
  };
}
