import { existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { SETTINGS_DEFAULTS, SETTINGS_SCHEMA } from './schema.ts';

/** What core needs of a store: conf in tests and plain Node, electron-store (a Conf subclass) in the shell. */
export interface ConfLike {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  readonly path: string;
}

/** The options the shell passes to electron-store so both stores read and write the same file shape. */
export function settingsStoreOptions() {
  return {
    configName: 'settings',
    schema: SETTINGS_SCHEMA,
    // No `version` default: a file without one is from before versioning and must be migrated.
    defaults: { profiles: SETTINGS_DEFAULTS.profiles, activeProfileId: null, preferences: SETTINGS_DEFAULTS.preferences },
    // Off on purpose: clearing would silently throw away the user's profiles; we move the file aside instead.
    clearInvalidConfig: false,
    // settings.json names accounts, usernames and paths: the user's alone (conf's default is 0666 less umask).
    configFileMode: 0o600,
  } as const;
}

export function timestampForFile(now: number): string {
  return new Date(now).toISOString().replace(/[:.]/g, '-');
}

/**
 * Build a store; if the file is unreadable (bad JSON or a schema violation), move it aside with a
 * timestamp, build again on defaults, and say where the old file went so the UI can tell the user.
 */
export function openStoreWithRecovery<S>(
  build: () => S,
  filePath: string,
  now: () => number = Date.now,
): { store: S; recoveredFrom: string | null } {
  try {
    return { store: build(), recoveredFrom: null };
  } catch (err) {
    if (!existsSync(filePath)) throw err;
    const ext = path.extname(filePath);
    const aside = `${filePath.slice(0, filePath.length - ext.length)}.corrupt-${timestampForFile(now())}${ext}`;
    renameSync(filePath, aside);
    return { store: build(), recoveredFrom: aside };
  }
}

/** conf on a folder: what tests and the web shell use. */
export function openConfStore(dir: string, now: () => number = Date.now): { store: ConfLike; recoveredFrom: string | null } {
  const options = settingsStoreOptions();
  const filePath = path.join(dir, `${options.configName}.json`);
  return openStoreWithRecovery<ConfLike>(
    () =>
      new Conf<Record<string, unknown>>({
        ...options,
        cwd: dir,
        schema: options.schema as Record<string, object>,
        defaults: structuredClone(options.defaults) as Record<string, unknown>,
      }),
    filePath,
    now,
  );
}
