import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { markCredentialsInUse, removeCredentials, securePrivateFolder, sweepStaleCredentials } from '../../../electron/core/gateway/ibc-credentials.ts';
import { tempDir } from '../../support/temp-dir.ts';

const POSIX = process.platform !== 'win32';

describe('IBC credentials lifecycle', () => {
  it.runIf(POSIX)('tightens an existing 0755 folder to 0700', () => {
    const dir = path.join(tempDir('gh-cred-'), 'ibc-p');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    securePrivateFolder(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('Windows: only under the user profile (its ACL keeps other users out); elsewhere refused with a hint', () => {
    expect(() => securePrivateFolder('D:\\Shared\\Gatehouse\\ibc-p', { platform: 'win32', home: 'C:\\Users\\t' })).toThrow(/outside your user profile/);
  });

  it('removeCredentials blanks the login in config.ini and its backups, keeping every other line', () => {
    const dir = tempDir('gh-cred-');
    const ini = path.join(dir, 'config.ini');
    writeFileSync(ini, '# mine\r\nIbLoginId=u1\r\nIbPassword=pw\\:1\r\nTradingMode=paper\r\n');
    writeFileSync(`${ini}.gatehouse-2026-12-01T00-00-00-000Z.bak`, 'IbLoginId=u1\nIbPassword=old\n');
    writeFileSync(path.join(dir, 'other.ini'), 'IbPassword=not-ours\n');
    markCredentialsInUse(ini, 4242);
    expect(removeCredentials(ini)).toBe(true);
    expect(readFileSync(ini, 'latin1')).toBe('# mine\r\nIbLoginId=\r\nIbPassword=\r\nTradingMode=paper\r\n');
    expect(readFileSync(`${ini}.gatehouse-2026-12-01T00-00-00-000Z.bak`, 'latin1')).toBe('IbLoginId=\nIbPassword=\n');
    expect(readFileSync(path.join(dir, 'other.ini'), 'latin1')).toBe('IbPassword=not-ours\n');
    expect(existsSync(path.join(dir, 'running.json'))).toBe(false);
    expect(removeCredentials(ini)).toBe(false);
  });

  it('sweep keeps the login while the recorded Gateway lives, blanks it once it is gone or unknown', () => {
    const dir = tempDir('gh-cred-');
    const ini = path.join(dir, 'config.ini');
    writeFileSync(ini, 'IbLoginId=u1\nIbPassword=pw\n');
    markCredentialsInUse(ini, 77);
    expect(sweepStaleCredentials(ini, (pid) => pid === 77)).toBe(false);
    expect(readFileSync(ini, 'latin1')).toContain('IbPassword=pw');
    expect(sweepStaleCredentials(ini, () => false)).toBe(true);
    expect(readFileSync(ini, 'latin1')).toBe('IbLoginId=\nIbPassword=\n');
    writeFileSync(ini, 'IbPassword=pw\n'); // no record of who reads it: a leftover
    expect(sweepStaleCredentials(ini)).toBe(true);
  });
});
