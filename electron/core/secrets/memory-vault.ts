import type { SecretVault } from './vault.ts';

/** Keeps secrets for this run only: the honest fallback when no OS keychain is available. */
export class MemoryVault implements SecretVault {
  readonly #values = new Map<string, string>();
  readonly #why: string;

  constructor(why = 'No secure storage is available') {
    this.#why = why;
  }

  async get(key: string): Promise<string | null> {
    return this.#values.get(key) ?? null;
  }
  async set(key: string, value: string): Promise<void> {
    this.#values.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.#values.delete(key);
  }
  describe() {
    return {
      persistent: false,
      description: `${this.#why}: the password is kept in memory only and must be entered again after Gatehouse restarts.`,
    };
  }
}
