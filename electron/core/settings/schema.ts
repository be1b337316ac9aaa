import type { Preferences, Profile } from '../contract.ts';
import { DEFAULT_PREFERENCES } from './defaults.ts';

/** Bumped whenever the stored shape changes; `migrations.ts` holds one step per version. */
export const SETTINGS_VERSION = 4;

export interface StoredSettings {
  version: number;
  profiles: Profile[];
  activeProfileId: string | null;
  preferences: Preferences;
}

export const SETTINGS_DEFAULTS: StoredSettings = {
  version: SETTINGS_VERSION,
  profiles: [],
  activeProfileId: null,
  preferences: DEFAULT_PREFERENCES,
};

/**
 * The JSON schema conf validates the file with. It checks only the top-level shape on purpose: a file
 * from an older version must still load so the migrations can upgrade it; profiles are checked with zod
 * after migration, one by one, so one bad profile does not cost the user the others.
 */
export const SETTINGS_SCHEMA = {
  version: { type: 'integer', minimum: 0 },
  profiles: { type: 'array', items: { type: 'object' } },
  activeProfileId: { type: ['string', 'null'] },
  preferences: { type: 'object' },
} as const;
