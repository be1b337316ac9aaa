import type { AppErrorShape } from '../../../electron/core/contract.ts';

/** The failure every store keeps: what the contract sent, never a stack trace. */
export type UiError = AppErrorShape;

export function thrownToError(err: unknown): UiError {
  return {
    code: 'INTERNAL',
    message: 'Gatehouse could not reach its core.',
    hint: err instanceof Error && err.message ? 'Try again; if it keeps happening, restart Gatehouse.' : undefined,
  };
}

/**
 * Field messages for one form: keeps paths under `prefix` (with the prefix removed) and plain paths.
 * `profile.account` and `account` both land on `account` for the profile form.
 */
export function fieldsFor(error: UiError | null | undefined, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (!error?.fields) return out;
  for (const [path, message] of Object.entries(error.fields)) {
    const key = prefix && path.startsWith(prefix + '.') ? path.slice(prefix.length + 1) : path;
    out[key] ??= message;
  }
  return out;
}
