/** Where the IB password lives. Never in settings, never in logs; the shell decides which backend. */
export interface SecretVault {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** Told to the user as is: whether the secret survives a restart and what protects it. */
  describe(): { persistent: boolean; description: string };
}

/** The vault key for a profile's IB password. */
export function passwordKey(profileId: string): string {
  return `ib-password:${profileId}`;
}
