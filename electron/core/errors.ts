import type { z } from 'zod';
import type { AppErrorShape, ErrorCode, RiskVerdict, WhatIf } from './contract.ts';

/** The one error type core throws on purpose; anything else is a bug and becomes INTERNAL. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly fields: Record<string, string> | undefined;
  readonly ibCode: number | undefined;
  readonly verdict: RiskVerdict | undefined;
  readonly whatIf: WhatIf | null | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    extra: { hint?: string; fields?: Record<string, string>; ibCode?: number; verdict?: RiskVerdict; whatIf?: WhatIf | null } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.hint = extra.hint;
    this.fields = extra.fields;
    this.ibCode = extra.ibCode;
    this.verdict = extra.verdict;
    this.whatIf = extra.whatIf;
  }

  toShape(): AppErrorShape {
    const shape: AppErrorShape = { code: this.code, message: this.message };
    if (this.hint !== undefined) shape.hint = this.hint;
    if (this.fields !== undefined) shape.fields = this.fields;
    if (this.ibCode !== undefined) shape.ibCode = this.ibCode;
    if (this.verdict !== undefined) shape.verdict = this.verdict;
    if (this.whatIf !== undefined) shape.whatIf = this.whatIf;
    return shape;
  }
}

/** Field-level messages from a zod failure, keyed by dotted path. */
export function zodFields(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    fields[key] ??= issue.message;
  }
  return fields;
}

export function badInput(error: z.ZodError, what = 'input'): AppError {
  const fields = zodFields(error);
  const first = Object.entries(fields)[0];
  const detail = first ? (first[0] === '_' ? first[1] : `${first[0]}: ${first[1]}`) : 'invalid';
  return new AppError('BAD_INPUT', `Invalid ${what} — ${detail}`, {
    fields,
    hint: 'Check the highlighted fields and try again.',
  });
}

/** Turn anything thrown into the boundary shape without leaking a stack trace. */
export function toErrorShape(err: unknown): AppErrorShape {
  if (err instanceof AppError) return err.toShape();
  const message = err instanceof Error ? err.message : String(err);
  return {
    code: 'INTERNAL',
    message: `Something went wrong inside Gatehouse: ${message}`,
    hint: 'Try again; if it keeps happening, the Gateway tab logs have details.',
  };
}
