/**
 * The contract's barrel: import from here (core, shells, tests). It is two modules:
 * - `contract/constants.ts`: dependency-free `as const` tables (risk limits, order types, statuses, rule ids,
 *   ports, IPC channel names) that the renderer and preload may import as values;
 * - `contract/schemas.ts`: the zod schemas built from them, every command and stream (types only for the
 *   renderer).
 */
export * from './contract/constants.ts';
export * from './contract/schemas.ts';
export * from './contract/wire.ts';
export * from './contract/keys.ts';
export * from './contract/changes.ts';
