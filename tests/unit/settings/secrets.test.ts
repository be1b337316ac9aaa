import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EncryptedFileVault, type StringCipher } from '../../../electron/core/secrets/encrypted-file-vault.ts';
import { MemoryVault } from '../../../electron/core/secrets/memory-vault.ts';
import { tempDir } from '../../support/temp-dir.ts';

/** A stand-in for safeStorage: reversible, and visibly not plaintext. */
function fakeCipher(backend: string, available = true): StringCipher {
  return {
    backend,
    isAvailable: () => available,
    encrypt: (s) => Buffer.from(`enc:${Buffer.from(s).toString('hex')}`),
    decrypt: (b) => Buffer.from(b.toString().slice(4), 'hex').toString(),
  };
}

const file = () => path.join(tempDir('gh-vault-'), 'secrets.json');

describe('MemoryVault', () => {
  it('keeps values for the run only and says so', async () => {
    const v = new MemoryVault();
    await v.set('k', 'v');
    expect(await v.get('k')).toBe('v');
    await v.delete('k');
    expect(await v.get('k')).toBeNull();
    expect(v.describe()).toMatchObject({ persistent: false, description: expect.stringMatching(/memory only/) });
  });
});

describe('EncryptedFileVault', () => {
  it('encrypts to a 0600 file that survives a new instance', async () => {
    const f = file();
    const v = new EncryptedFileVault({ file: f, cipher: fakeCipher('gnome_libsecret') });
    await v.set('ib-password:p1', 'hunter2');
    expect(readFileSync(f, 'utf8')).not.toContain('hunter2');
    if (process.platform !== 'win32') expect(statSync(f).mode & 0o777).toBe(0o600);
    const again = new EncryptedFileVault({ file: f, cipher: fakeCipher('gnome_libsecret') });
    expect(await again.get('ib-password:p1')).toBe('hunter2');
    expect(again.describe().persistent).toBe(true);
    await again.delete('ib-password:p1');
    expect(await again.get('ib-password:p1')).toBeNull();
  });

  it('refuses to persist with basic_text, keeps the secret in memory and says why', async () => {
    const f = file();
    const v = new EncryptedFileVault({ file: f, cipher: fakeCipher('basic_text') });
    await v.set('k', 'pw');
    expect(await v.get('k')).toBe('pw');
    expect(() => statSync(f)).toThrow();
    expect(v.describe()).toMatchObject({ persistent: false, description: expect.stringMatching(/keyring/) });
  });

  it('does not persist when the keychain is unavailable', async () => {
    const f = file();
    const v = new EncryptedFileVault({ file: f, cipher: fakeCipher('keychain', false) });
    await v.set('k', 'pw');
    expect(() => statSync(f)).toThrow();
    expect(v.describe().persistent).toBe(false);
  });

  it('treats secrets written by another backend as missing', async () => {
    const f = file();
    await new EncryptedFileVault({ file: f, cipher: fakeCipher('kwallet5') }).set('k', 'pw');
    expect(await new EncryptedFileVault({ file: f, cipher: fakeCipher('gnome_libsecret') }).get('k')).toBeNull();
  });
});
