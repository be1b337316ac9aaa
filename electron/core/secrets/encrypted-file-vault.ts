import { existsSync, readFileSync } from 'node:fs';
import { AppError } from '../errors.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import type { SecretVault } from './vault.ts';

/** The shape of Electron's safeStorage, passed in by the shell so core never imports electron. */
export interface StringCipher {
  encrypt(plain: string): Buffer;
  decrypt(cipher: Buffer): string;
  isAvailable(): boolean;
  /** safeStorage.getSelectedStorageBackend() on Linux; 'keychain'/'dpapi' or similar elsewhere. */
  backend: string;
}

interface VaultFile {
  version: 1;
  backend: string;
  entries: Record<string, string>;
}

/**
 * Secrets encrypted with the OS keychain and kept in one file (mode 0600). On Linux without a keyring
 * safeStorage falls back to `basic_text`, a hard-coded key: that is not protection, so we refuse to write
 * anything to disk then and keep the secret in memory for this run, and `describe()` says so.
 */
export class EncryptedFileVault implements SecretVault {
  readonly #file: string;
  readonly #cipher: StringCipher;
  readonly #memory = new Map<string, string>();

  constructor(options: { file: string; cipher: StringCipher }) {
    this.#file = options.file;
    this.#cipher = options.cipher;
  }

  get persistent(): boolean {
    return this.#cipher.isAvailable() && this.#cipher.backend !== 'basic_text';
  }

  describe() {
    if (this.persistent) {
      return {
        persistent: true,
        description: `The password is encrypted with the system keychain (${this.#cipher.backend}) and stored on this computer.`,
      };
    }
    const why =
      this.#cipher.backend === 'basic_text'
        ? 'No system keyring (GNOME Keyring or KWallet) is running, so the password cannot be stored safely'
        : 'The system keychain is not available';
    return { persistent: false, description: `${why}: it is kept in memory only until Gatehouse quits.` };
  }

  async get(key: string): Promise<string | null> {
    const inMemory = this.#memory.get(key);
    if (inMemory !== undefined) return inMemory;
    if (!this.persistent) return null;
    const file = this.#read();
    const value = file?.entries[key];
    // Written by another backend (e.g. the keyring was reset): unreadable, treat as not set.
    if (value === undefined || file?.backend !== this.#cipher.backend) return null;
    try {
      return this.#cipher.decrypt(Buffer.from(value, 'base64'));
    } catch {
      return null;
    }
  }

  async set(key: string, value: string): Promise<void> {
    if (!this.persistent) {
      this.#memory.set(key, value);
      return;
    }
    const file = this.#read() ?? { version: 1, backend: this.#cipher.backend, entries: {} };
    if (file.backend !== this.#cipher.backend) file.entries = {};
    file.backend = this.#cipher.backend;
    file.entries[key] = this.#cipher.encrypt(value).toString('base64');
    this.#write(file);
  }

  async delete(key: string): Promise<void> {
    this.#memory.delete(key);
    const file = this.#read();
    if (file && key in file.entries) {
      delete file.entries[key];
      this.#write(file);
    }
  }

  #read(): VaultFile | null {
    if (!existsSync(this.#file)) return null;
    try {
      const parsed = JSON.parse(readFileSync(this.#file, 'utf8')) as Partial<VaultFile>;
      if (parsed.version !== 1 || typeof parsed.entries !== 'object' || parsed.entries === null) return null;
      return { version: 1, backend: String(parsed.backend ?? ''), entries: { ...parsed.entries } };
    } catch {
      return null;
    }
  }

  #write(file: VaultFile): void {
    try {
      writeFileAtomic(this.#file, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    } catch (err) {
      throw new AppError('IO_ERROR', `Could not save the password: ${(err as Error).message}`, {
        hint: 'Check that the Gatehouse data folder is writable.',
      });
    }
  }
}
