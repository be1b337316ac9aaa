/** The keychain for core: Electron's safeStorage behind core's StringCipher, never exposed to the page. */
import { safeStorage } from 'electron';
import path from 'node:path';
import { EncryptedFileVault } from '../core/secrets/encrypted-file-vault.ts';

export function keychainVault(userData: string): EncryptedFileVault {
  const backend =
    process.platform === 'linux'
      ? safeStorage.getSelectedStorageBackend()
      : process.platform === 'darwin'
        ? 'keychain'
        : 'dpapi';
  return new EncryptedFileVault({
    file: path.join(userData, 'secrets.bin'),
    cipher: {
      encrypt: (plain) => safeStorage.encryptString(plain),
      decrypt: (cipher) => safeStorage.decryptString(cipher),
      isAvailable: () => safeStorage.isEncryptionAvailable(),
      backend,
    },
  });
}
