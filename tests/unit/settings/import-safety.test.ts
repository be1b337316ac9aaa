/**
 * Issue 15, findings 9 and 11: every way a profile comes in passes the same validation as a save, and a
 * password read from a .env import belongs to that import's draft only.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/core/util/clock.ts';
import { MemoryVault } from '../../../electron/core/secrets/memory-vault.ts';
import { passwordKey } from '../../../electron/core/secrets/vault.ts';
import { IMPORTED_PASSWORD_TTL_MS, openSettings } from '../../../electron/core/settings/service.ts';
import { tempDir } from '../../support/temp-dir.ts';

async function exportWith(patch: (p: Record<string, unknown>) => void): Promise<string> {
  const source = openSettings(tempDir());
  await source.saveProfile({ name: 'Exported', mode: 'paper', account: 'DU1234567', trustedIps: ['10.0.0.5'] });
  const json = JSON.parse(source.exportJson()) as { profiles: Array<Record<string, unknown>> };
  patch(json.profiles[0]!);
  return JSON.stringify(json);
}

describe('settings.importJson runs the same validation as saveProfile (finding 9)', () => {
  const hostile: Array<[string, (p: Record<string, unknown>) => void, RegExp]> = [
    ['a trusted IP with a line break', (p) => (p.trustedIps = ['10.0.0.5\nInjectedByImport=yes\nTrustedIPs=0.0.0.0']), /trustedIps: .*is not an IP address/],
    ['a username with a line break', (p) => (p.username = 'bob\nIbPassword=x'), /username: The username cannot contain line breaks/],
    ['a 2FA device with a line break', (p) => (p.twoFactor = { timeoutAction: 'restart', device: 'phone\r\nTradingMode=live' }), /twoFactor: .*line breaks/],
    ['an install folder with a NUL', (p) => (p.installPath = '/opt/ibgateway\0/1030'), /installPath: .*control characters/],
    ['a live account in a paper profile', (p) => (p.account = 'U1234567'), /account: .*live account/],
    ['a restart time IBC cannot read', (p) => (p.autoRestartTime = '25:99'), /autoRestartTime/],
  ];
  for (const [what, patch, message] of hostile) {
    it(`refuses ${what} with a clear message and writes nothing`, async () => {
      const dir = tempDir();
      const s = openSettings(dir);
      await s.saveProfile({ name: 'Mine', mode: 'paper', account: 'DU7654321' });
      const before = readFileSync(path.join(dir, 'settings.json'), 'utf8');
      const text = await exportWith(patch);
      expect(() => s.importJson(text)).toThrow(message);
      expect(() => s.importJson(text)).toThrow(/^Nothing was imported: profile 1 in the export "Exported"/);
      expect(readFileSync(path.join(dir, 'settings.json'), 'utf8')).toBe(before);
      expect(s.view().profiles.map((p) => p.name)).toEqual(['Mine']);
    });
  }

  it('refuses an import whose profile takes the name of another profile', async () => {
    const s = openSettings(tempDir());
    await s.saveProfile({ name: 'Exported', mode: 'paper' });
    const text = await exportWith(() => {});
    expect(() => s.importJson(text)).toThrow(/a profile named Exported already exists/);
    expect(s.view().profiles).toHaveLength(1);
  });

  it('still imports a clean export, normalizing it like a save would', async () => {
    const s = openSettings(tempDir());
    const r = s.importJson(await exportWith((p) => (p.autoRestartTime = '23:45')));
    expect(r.imported).toBe(1);
    expect(s.view().profiles[0]).toMatchObject({ name: 'Exported', trustedIps: ['10.0.0.5'], autoRestartTime: '11:45 PM' });
  });

  it('keeps a hand-edited settings file with a line break in a trusted IP out of use', async () => {
    const dir = tempDir();
    const s = openSettings(dir);
    await s.saveProfile({ name: 'Edited', mode: 'paper', trustedIps: ['10.0.0.5'] });
    const file = path.join(dir, 'settings.json');
    const onDisk = JSON.parse(readFileSync(file, 'utf8')) as { profiles: Array<{ trustedIps: string[] }> };
    onDisk.profiles[0]!.trustedIps = ['10.0.0.5\nInjectedByImport=yes'];
    writeFileSync(file, JSON.stringify(onDisk));
    const reopened = openSettings(dir);
    expect(reopened.view().profiles).toEqual([]);
    expect(reopened.droppedProfiles[0]?.problem).toMatch(/is not an IP address/);
  });
});

describe('a password from a .env import belongs to that import (finding 11)', () => {
  const env = 'IBKR_USERNAME=trader1\nIBKR_PASSWORD=from-the-env-file\nIBKR_ACCOUNT=DU555\nIBKR_TRADING_MODE=paper\n';

  it('an abandoned import never attaches its password to the next profile saved', async () => {
    const vault = new MemoryVault();
    const s = openSettings(tempDir(), { vault });
    const draft = s.importEnv(env);
    expect(draft.hasPassword).toBe(true);
    expect(draft.importToken).toEqual(expect.any(String));
    // The user gives up on that draft and saves some other profile.
    const { profile: other } = await s.saveProfile({ name: 'Other', mode: 'paper' });
    expect(await vault.get(passwordKey(other.id))).toBeNull();
    // And an edit of it later does not pick it up either.
    await s.saveProfile({ id: other.id, username: 'someone' });
    expect(await vault.get(passwordKey(other.id))).toBeNull();
  });

  it('the save of that draft, with its token, stores the password once; the token is then spent', async () => {
    const vault = new MemoryVault();
    const s = openSettings(tempDir(), { vault });
    const draft = s.importEnv(env);
    const { profile } = await s.saveProfile({ ...draft.profile, name: 'Imported' }, true, draft.importToken!);
    expect(await vault.get(passwordKey(profile.id))).toBe('from-the-env-file');
    await expect(s.saveProfile({ name: 'Second' }, true, draft.importToken!)).rejects.toThrow(/expired or was already used/);
    expect(s.view().profiles.map((p) => p.name)).toEqual(['Imported']);
  });

  it('an import not saved within the time limit is forgotten, and its save says so', async () => {
    const clock = new ManualClock();
    const vault = new MemoryVault();
    const s = openSettings(tempDir(), { vault, now: () => clock.now() });
    const draft = s.importEnv(env);
    clock.advance(IMPORTED_PASSWORD_TTL_MS + 1);
    await expect(s.saveProfile({ ...draft.profile, name: 'Late' }, true, draft.importToken!)).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/expired/),
      hint: expect.stringMatching(/Import the .env again/),
    });
    expect(s.view().profiles).toEqual([]);
  });

  it('a .env without a password answers no token', () => {
    const s = openSettings(tempDir());
    expect(s.importEnv('IBKR_USERNAME=x\n').importToken).toBeNull();
  });
});
