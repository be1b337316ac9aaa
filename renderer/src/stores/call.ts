import type {
  CommandInput,
  CommandName,
  CommandOutput,
  GatehouseApi,
  Result,
} from '../../../electron/core/contract.ts';
import { thrownToError } from '../lib/errors.ts';

/** `api.invoke` that never rejects: a broken transport becomes an ordinary failed Result. */
export async function call<C extends CommandName>(
  api: GatehouseApi,
  command: C,
  input?: CommandInput<C>,
): Promise<Result<CommandOutput<C>>> {
  try {
    return await api.invoke(command, input);
  } catch (err) {
    return { ok: false, error: thrownToError(err) };
  }
}
