/**
 * Where risk state lives. The kill switch, the limits, the PDT executions and the audit log belong to the
 * IB account a profile trades, not to the profile: a second profile on the same account must trade under
 * the same limits and stop under the same switch.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { Profile } from '../contract.ts';

/** File-name safe key of the account (and mode: a paper and a live account never share risk state). */
export function accountKey(profile: Pick<Profile, 'account' | 'mode'>): string {
  const account = profile.account.trim().toUpperCase().replace(/[^A-Z0-9_-]/g, '_') || 'default';
  return `${account}-${profile.mode}`;
}

/**
 * The folder for this profile's account. State from before risk was per account (under the profile's own
 * folder) moves there once, so a kill switch left on, or limits the user set, are not lost on upgrade.
 */
export function riskStateDir(dataDir: string, profile: Pick<Profile, 'id' | 'account' | 'mode'>): string {
  const dir = path.join(dataDir, 'accounts', accountKey(profile), 'risk');
  const legacy = path.join(dataDir, 'profiles', profile.id, 'risk');
  if (!existsSync(dir) && existsSync(legacy)) {
    mkdirSync(path.dirname(dir), { recursive: true, mode: 0o700 });
    renameSync(legacy, dir);
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
