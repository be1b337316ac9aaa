import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Preferences, Profile, type ProfileInput, type SettingsView } from '../contract.ts';
import { AppError, badInput } from '../errors.ts';
import { MemoryVault } from '../secrets/memory-vault.ts';
import { passwordKey, type SecretVault } from '../secrets/vault.ts';
import { DEFAULT_PREFERENCES } from './defaults.ts';
import { importEnv } from './env-import.ts';
import { migrate } from './migrations.ts';
import { SETTINGS_VERSION } from './schema.ts';
import { CachedStore } from './cached-store.ts';
import { openConfStore, type ConfLike } from './store.ts';
import { completeProfile, unsafeText, validateProfile } from './validate.ts';

export interface SettingsServiceOptions {
  store: ConfLike;
  vault?: SecretVault;
  /** Where an unreadable settings file was moved, from `openStoreWithRecovery`. */
  recoveredFrom?: string | null;
  newId?: () => string;
  /** Time for the expiry of an imported password (the injected clock's `now`). */
  now?: () => number;
}

/** How long a password read from a `.env` waits for the save of its draft before it is forgotten. */
export const IMPORTED_PASSWORD_TTL_MS = 10 * 60_000;

/** Profiles and preferences over a Conf-shaped store. Secrets go to the vault, never to the store. */
export class SettingsService {
  private readonly conf: CachedStore;
  private readonly secretVault: SecretVault;
  private readonly newId: () => string;
  private recoveredFrom: string | null;
  /** Profiles from the file that no longer validate: kept out of use, reported, not deleted. */
  readonly droppedProfiles: Array<{ raw: unknown; problem: string }> = [];
  private readonly now: () => number;
  /**
   * Passwords read by `importEnv`, each waiting under the token that import answered for the save of its
   * own draft: a save without that token (another profile, a later edit) never picks one up, and one not
   * claimed within IMPORTED_PASSWORD_TTL_MS is dropped, so an abandoned import cannot surface later.
   */
  private readonly importedPasswords = new Map<string, { password: string; expires: number }>();

  constructor(options: SettingsServiceOptions) {
    // Read on every order event (the status line's active profile): answered from memory until the file changes.
    this.conf = new CachedStore(options.store);
    this.secretVault = options.vault ?? new MemoryVault();
    this.newId = options.newId ?? randomUUID;
    this.recoveredFrom = options.recoveredFrom ?? null;
    this.now = options.now ?? Date.now;
    this.load();
  }

  get vault(): SecretVault {
    return this.secretVault;
  }

  /** Stops watching settings.json for hand edits (core's dispose): reads still answer, with a stat each. */
  close(): void {
    this.conf.close();
  }

  private load(): void {
    const raw: Record<string, unknown> = {
      version: this.conf.get('version'),
      profiles: this.conf.get('profiles'),
      activeProfileId: this.conf.get('activeProfileId'),
      preferences: this.conf.get('preferences'),
    };
    const legacy = this.conf.get('profile');
    if (legacy !== undefined) raw.profile = legacy;
    const { data, changed } = migrate(raw);
    const profiles: Profile[] = [];
    for (const p of Array.isArray(data.profiles) ? (data.profiles as unknown[]) : []) {
      const parsed = Profile.safeParse(p);
      const problem = parsed.success ? invalidReason(parsed.data) : (parsed.error.issues[0]?.message ?? 'invalid');
      if (parsed.success && problem === null) profiles.push(parsed.data);
      else this.droppedProfiles.push({ raw: p, problem: problem ?? 'invalid' });
    }
    const prefs = Preferences.safeParse({ ...DEFAULT_PREFERENCES, ...((data.preferences as object | null) ?? {}) });
    const active = typeof data.activeProfileId === 'string' && profiles.some((p) => p.id === data.activeProfileId)
      ? data.activeProfileId
      : (profiles[0]?.id ?? null);
    if (changed || raw.profile !== undefined || this.droppedProfiles.length > 0 || !prefs.success || active !== data.activeProfileId) {
      this.conf.set('version', Math.max(SETTINGS_VERSION, Number(data.version) || 0));
      this.conf.set('profiles', profiles);
      this.conf.set('preferences', prefs.success ? prefs.data : DEFAULT_PREFERENCES);
      this.conf.set('activeProfileId', active);
      if (raw.profile !== undefined) this.conf.delete('profile');
    }
  }

  private profiles(): Profile[] {
    const list = this.conf.get('profiles');
    return Array.isArray(list) ? (list as Profile[]) : [];
  }

  view(): SettingsView {
    const active = this.conf.get('activeProfileId');
    return {
      profiles: structuredClone(this.profiles()),
      activeProfileId: typeof active === 'string' ? active : null,
      preferences: this.preferences(),
      recoveredFrom: this.recoveredFrom,
      secretsBackend: this.secretVault.describe(),
    };
  }

  preferences(): Preferences {
    const parsed = Preferences.safeParse(this.conf.get('preferences'));
    return parsed.success ? parsed.data : structuredClone(DEFAULT_PREFERENCES);
  }

  /** Let the UI say "we recovered your settings" once, then stop saying it. */
  acknowledgeRecovery(): void {
    this.recoveredFrom = null;
  }

  activeProfile(): Profile | null {
    const id = this.conf.get('activeProfileId');
    return this.profiles().find((p) => p.id === id) ?? null;
  }

  /** Whether the active profile has Read-Only API on: asked before every order, so read without copies. */
  activeProfileReadOnly(): boolean {
    return this.conf.peek((get) => {
      const id = get('activeProfileId');
      const list = get('profiles');
      return Array.isArray(list) && (list as Profile[]).some((p) => p.id === id && p.readOnlyApi === true);
    });
  }

  profile(id: string): Profile {
    const found = this.profiles().find((p) => p.id === id);
    if (!found) throw new AppError('NOT_FOUND', `No profile with id ${id}`, { hint: 'Reload the settings page.' });
    return found;
  }

  /**
   * Create or update; `warnings` carries accepted-but-unusual input such as an advisor account id.
   * `importToken` is what `importEnv` answered for this draft: the password that import read is stored
   * with this profile, and with no other.
   */
  async saveProfile(input: ProfileInput, activate = true, importToken?: string): Promise<{ profile: Profile; warnings: string[] }> {
    this.forgetExpiredImports();
    const imported = importToken === undefined ? null : (this.importedPasswords.get(importToken) ?? null);
    if (importToken !== undefined && imported === null) {
      throw new AppError('BAD_INPUT', 'The password read from that .env import has expired or was already used.', {
        hint: 'Import the .env again, or type the password in the password field.',
        fields: { env: 'import again' },
      });
    }
    const profiles = this.profiles();
    const existing = input.id ? (profiles.find((p) => p.id === input.id) ?? null) : null;
    const { profile, warnings } = completeProfile(input, existing, this.newId);
    const clash = profiles.find((p) => p.id !== profile.id && p.name.toLowerCase() === profile.name.toLowerCase());
    if (clash) {
      throw new AppError('BAD_INPUT', `A profile named ${profile.name} already exists`, {
        fields: { name: 'Choose another name' },
        hint: 'Give each profile its own name.',
      });
    }
    const next = existing ? profiles.map((p) => (p.id === profile.id ? profile : p)) : [...profiles, profile];
    this.conf.set('profiles', next);
    if (activate || this.conf.get('activeProfileId') === null) this.conf.set('activeProfileId', profile.id);
    if (imported !== null && importToken !== undefined) {
      this.importedPasswords.delete(importToken);
      await this.secretVault.set(passwordKey(profile.id), imported.password);
    }
    return { profile, warnings };
  }

  async deleteProfile(id: string): Promise<void> {
    const profiles = this.profiles();
    if (!profiles.some((p) => p.id === id)) throw new AppError('NOT_FOUND', `No profile with id ${id}`);
    const rest = profiles.filter((p) => p.id !== id);
    this.conf.set('profiles', rest);
    if (this.conf.get('activeProfileId') === id) this.conf.set('activeProfileId', rest[0]?.id ?? null);
    await this.secretVault.delete(passwordKey(id));
  }

  setActive(id: string): void {
    this.profile(id);
    this.conf.set('activeProfileId', id);
  }

  setPreferences(patch: Partial<Preferences>): Preferences {
    const merged = { ...this.preferences(), ...patch };
    const parsed = Preferences.safeParse(merged);
    if (!parsed.success) throw badInput(parsed.error, 'preferences');
    this.conf.set('preferences', parsed.data);
    return parsed.data;
  }

  /**
   * Parse IBKR_* variables into a draft. A password (if any) never goes into the draft: it waits here
   * under the returned `importToken` until the save of this draft passes that token back.
   */
  importEnv(text: string): { profile: ProfileInput; warnings: string[]; hasPassword: boolean; importToken: string | null } {
    this.forgetExpiredImports();
    const { profile, warnings, hasPassword, password } = importEnv(text);
    if (password === null) return { profile, warnings, hasPassword, importToken: null };
    const importToken = randomUUID();
    this.importedPasswords.set(importToken, { password, expires: this.now() + IMPORTED_PASSWORD_TTL_MS });
    return { profile, warnings, hasPassword, importToken };
  }

  private forgetExpiredImports(): void {
    const now = this.now();
    for (const [token, entry] of this.importedPasswords) if (entry.expires <= now) this.importedPasswords.delete(token);
  }

  async setPassword(profileId: string, password: string): Promise<void> {
    this.profile(profileId);
    await this.secretVault.set(passwordKey(profileId), password);
  }

  async password(profileId: string): Promise<string | null> {
    return this.secretVault.get(passwordKey(profileId));
  }

  async hasPassword(profileId: string): Promise<boolean> {
    return (await this.password(profileId)) !== null;
  }

  /**
   * Reads back what `exportJson` wrote (from this machine or another): profiles with the same id are
   * replaced, new ones added, preferences taken over. Older exports are migrated like an old settings file.
   * Nothing is half-applied: every profile is checked before any is stored.
   */
  importJson(text: string): { imported: number; warnings: string[] } {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new AppError('BAD_INPUT', 'That is not a Gatehouse settings export (not valid JSON).', {
        hint: 'Paste the whole text that “Export settings” produced.',
        fields: { text: 'not valid JSON' },
      });
    }
    if (typeof raw !== 'object' || raw === null || (raw as { app?: unknown }).app !== 'gatehouse') {
      throw new AppError('BAD_INPUT', 'That is not a Gatehouse settings export.', {
        hint: 'Paste the whole text that “Export settings” produced.',
        fields: { text: 'not a Gatehouse export' },
      });
    }
    const { data } = migrate(raw as Record<string, unknown>);
    const incoming: Profile[] = [];
    const list = Array.isArray(data.profiles) ? (data.profiles as unknown[]) : [];
    for (const [i, p] of list.entries()) {
      const parsed = Profile.safeParse(p);
      if (!parsed.success) throw badInput(parsed.error, `profile ${i + 1} in the export`);
      incoming.push(validated(parsed.data, i));
    }
    const names = new Map(this.profiles().map((p) => [p.name.toLowerCase(), p.id]));
    for (const p of incoming) {
      const owner = names.get(p.name.toLowerCase());
      if (owner !== undefined && owner !== p.id) {
        throw new AppError('BAD_INPUT', `Nothing was imported: a profile named ${p.name} already exists.`, {
          hint: 'Rename or delete that profile first, then import again.',
          fields: { text: `duplicate profile name ${p.name}` },
        });
      }
      names.set(p.name.toLowerCase(), p.id);
    }
    const warnings = incoming
      .filter((p) => !p.demo && p.installPath && !existsSync(p.installPath))
      .map((p) => `“${p.name}”: ${p.installPath} does not exist on this computer — pick the install again in the wizard.`);
    if (incoming.some((p) => !p.demo)) warnings.push('Passwords are never exported: enter them again for the imported profiles.');
    const byId = new Map(this.profiles().map((p) => [p.id, p]));
    for (const p of incoming) byId.set(p.id, p);
    this.conf.set('profiles', [...byId.values()]);
    const prefs = Preferences.safeParse({ ...this.preferences(), ...((data.preferences as object | null) ?? {}), wizardStep: null });
    if (prefs.success) this.conf.set('preferences', prefs.data);
    const active = typeof data.activeProfileId === 'string' && byId.has(data.activeProfileId) ? data.activeProfileId : null;
    if (active && !this.activeProfile()) this.conf.set('activeProfileId', active);
    return { imported: incoming.length, warnings };
  }

  /** Everything but secrets: profiles never hold a password, and the vault is not read here. */
  exportJson(): string {
    const { profiles, activeProfileId, preferences } = this.view();
    return `${JSON.stringify({ app: 'gatehouse', version: SETTINGS_VERSION, profiles, activeProfileId, preferences }, null, 2)}\n`;
  }
}

/** Why a stored profile cannot be used (its strings would write lines of their own into the Gateway's files), or null. */
function invalidReason(p: Profile): string | null {
  const [first] = Object.entries(unsafeText(p));
  return first ? `Invalid profile — ${first[0]}: ${first[1]}` : null;
}

/** An exported profile through the same checks as a save; the refusal names the profile and the field. */
function validated(p: Profile, index: number): Profile {
  try {
    return validateProfile(p).profile;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    throw new AppError('BAD_INPUT', `Nothing was imported: profile ${index + 1} in the export ${JSON.stringify(p.name)} — ${err.message.replace(/^Invalid profile — /, '')}`, {
      hint: 'The export was changed after it was made; export again from the other Gatehouse.',
      ...(err.fields ? { fields: err.fields } : {}),
    });
  }
}

/** Open (or create) the settings in `dir` with conf, recovering from a corrupt file. */
export function openSettings(dir: string, options: { vault?: SecretVault; now?: () => number } = {}): SettingsService {
  const { store, recoveredFrom } = openConfStore(dir, options.now);
  return new SettingsService({ store, recoveredFrom, ...(options.vault ? { vault: options.vault } : {}), ...(options.now ? { now: options.now } : {}) });
}
