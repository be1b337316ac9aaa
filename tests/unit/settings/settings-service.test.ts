import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../electron/core/errors.ts';
import { MemoryVault } from '../../../electron/core/secrets/memory-vault.ts';
import { passwordKey } from '../../../electron/core/secrets/vault.ts';
import { openSettings } from '../../../electron/core/settings/service.ts';
import { tempDir } from '../../support/temp-dir.ts';

const tmp = () => tempDir('gh-settings-');

describe('SettingsService on conf', () => {
  it('starts with defaults and no profiles', () => {
    const s = openSettings(tmp());
    const v = s.view();
    expect(v.profiles).toEqual([]);
    expect(v.activeProfileId).toBeNull();
    expect(v.recoveredFrom).toBeNull();
    expect(v.preferences.theme).toBe('dark');
    expect(v.secretsBackend.persistent).toBe(false);
  });

  it('saves a paper profile with the Gateway paper port and activates it', async () => {
    const dir = tmp();
    const s = openSettings(dir);
    const { profile } = await s.saveProfile({ name: 'Paper', mode: 'paper', account: 'du1234567' }, true);
    expect(profile.apiPort).toBe(4002);
    expect(profile.account).toBe('DU1234567');
    expect(s.activeProfile()?.id).toBe(profile.id);
    // persisted: a fresh service on the same folder sees it
    expect(openSettings(dir).activeProfile()?.name).toBe('Paper');
  });

  it('uses 4001 live, 7496/7497 for TWS, and follows the mode while the port is the default', async () => {
    const s = openSettings(tmp());
    expect((await s.saveProfile({ name: 'L', mode: 'live' })).profile.apiPort).toBe(4001);
    expect((await s.saveProfile({ name: 'T', mode: 'live', product: 'tws' })).profile.apiPort).toBe(7496);
    const { profile } = await s.saveProfile({ name: 'TP', mode: 'paper', product: 'tws' });
    expect(profile.apiPort).toBe(7497);
    const moved = await s.saveProfile({ id: profile.id, mode: 'live' });
    expect(moved.profile.apiPort).toBe(7496);
    const custom = await s.saveProfile({ id: profile.id, apiPort: 7777 });
    expect((await s.saveProfile({ id: custom.profile.id, mode: 'paper' })).profile.apiPort).toBe(7777);
  });

  it('validates accounts: U live, DU paper, advisor accepted with a warning', async () => {
    const s = openSettings(tmp());
    await expect(s.saveProfile({ name: 'a', mode: 'paper', account: 'U1234567' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      fields: { account: expect.stringContaining('live account') },
    });
    await expect(s.saveProfile({ name: 'b', mode: 'live', account: 'DU1234567' })).rejects.toBeInstanceOf(AppError);
    await expect(s.saveProfile({ name: 'c', mode: 'live', account: 'not an id' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    const adv = await s.saveProfile({ name: 'd', mode: 'live', account: 'F1234567' });
    expect(adv.warnings[0]).toMatch(/advisor/);
  });

  it('normalizes the restart time and rejects nonsense', async () => {
    const s = openSettings(tmp());
    expect((await s.saveProfile({ name: 'a', autoRestartTime: '23:45' })).profile.autoRestartTime).toBe('11:45 PM');
    expect((await s.saveProfile({ name: 'b', autoRestartTime: '7:05 am' })).profile.autoRestartTime).toBe('07:05 AM');
    await expect(s.saveProfile({ name: 'c', autoRestartTime: '25:00' })).rejects.toMatchObject({ fields: { autoRestartTime: expect.any(String) } });
    // IBC reads ColdRestartTime as 24-hour HH:mm (IbcTws.java:359); "7:30 AM" would stop IBC with 1105.
    expect((await s.saveProfile({ name: 'd', coldRestartTime: '7:30' })).profile.coldRestartTime).toBe('07:30');
    await expect(s.saveProfile({ name: 'e', coldRestartTime: '7:30 AM' })).rejects.toMatchObject({ fields: { coldRestartTime: expect.any(String) } });
  });

  it('refuses duplicate names and deletes (moving the active profile and its password)', async () => {
    const vault = new MemoryVault();
    const s = openSettings(tmp(), { vault });
    const a = (await s.saveProfile({ name: 'A' })).profile;
    const b = (await s.saveProfile({ name: 'B' }, false)).profile;
    await expect(s.saveProfile({ name: 'a' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await s.setPassword(a.id, 'pw');
    await s.deleteProfile(a.id);
    expect(s.activeProfile()?.id).toBe(b.id);
    expect(await vault.get(passwordKey(a.id))).toBeNull();
    await expect(s.deleteProfile('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('validates preferences', () => {
    const s = openSettings(tmp());
    expect(s.setPreferences({ theme: 'light' }).theme).toBe('light');
    expect(() => s.setPreferences({ theme: 'pink' as 'light' })).toThrow(AppError);
  });

  it('keeps the sort of each table across a reload, and refuses a malformed one with a typed error', () => {
    const dir = tmp();
    openSettings(dir).setPreferences({ tableSorts: { fills: { key: 'symbol', dir: 'asc' } } });
    expect(openSettings(dir).view().preferences.tableSorts).toEqual({ fills: { key: 'symbol', dir: 'asc' } });
    const s = openSettings(dir);
    expect(() => s.setPreferences({ tableSorts: { fills: { key: 'symbol', dir: 'sideways' } } } as never)).toThrow(AppError);
    expect(openSettings(dir).view().preferences.tableSorts).toEqual({ fills: { key: 'symbol', dir: 'asc' } });
  });

  it('moves a corrupt file aside, uses defaults and says so', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'settings.json'), '{"profiles": [oops');
    const s = openSettings(dir, { now: () => Date.UTC(2026, 0, 2, 3, 4, 5) });
    const v = s.view();
    expect(v.recoveredFrom).toBe(path.join(dir, 'settings.corrupt-2026-01-02T03-04-05-000Z.json'));
    expect(readFileSync(v.recoveredFrom!, 'utf8')).toBe('{"profiles": [oops');
    expect(v.profiles).toEqual([]);
    expect(existsSync(path.join(dir, 'settings.json'))).toBe(true);
  });

  it('treats a schema violation as corrupt too', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ profiles: 'not a list' }));
    expect(openSettings(dir).view().recoveredFrom).toMatch(/settings\.corrupt-.*\.json$/);
  });

  it('migrates an unversioned file with a single legacy profile', () => {
    const dir = tmp();
    const legacy = {
      profile: {
        id: 'p1', name: 'Old', mode: 'paper', installPath: '/x', settingsPath: '/y', ibcPath: null, port: 4010,
        clientId: 3, trustedIPs: '127.0.0.1, 10.0.0.5', readOnlyApi: true, username: 'me', account: 'DU1',
        autoRestartTime: '',
      },
    };
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(legacy));
    const s = openSettings(dir);
    const p = s.activeProfile();
    expect(p).toMatchObject({ id: 'p1', apiPort: 4010, trustedIps: ['127.0.0.1', '10.0.0.5'], product: 'gateway', demo: false });
    // v3: an old profile asks before taking over another session, and plans no weekly cold restart.
    expect(p).toMatchObject({ existingSessionAction: 'manual', coldRestartTime: '' });
    // v4: an old profile leaves the Gateway's Java heap as its install has it.
    expect(p).toMatchObject({ javaHeapMb: null });
    const onDisk = JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8'));
    expect(onDisk.version).toBe(4);
    expect(s.view().recoveredFrom).toBeNull();
  });

  it('imports a .env, keeps the password out of the draft and stores it with the saved profile', async () => {
    const vault = new MemoryVault();
    const s = openSettings(tmp(), { vault });
    const text = 'IBKR_USERNAME=trader1\nIBKR_PASSWORD="s3cr3t: #x"\nIBKR_ACCOUNT=DU555\nIBKR_TRADING_MODE=paper\nFOO=1\n';
    const draft = s.importEnv(text);
    expect(draft.hasPassword).toBe(true);
    expect(JSON.stringify(draft)).not.toContain('s3cr3t');
    const { profile } = await s.saveProfile({ ...draft.profile, name: 'Imported' }, true, draft.importToken!);
    expect(await vault.get(passwordKey(profile.id))).toBe('s3cr3t: #x');
    expect(s.exportJson()).not.toContain('s3cr3t');
  });

  it('exports everything but secrets as JSON', async () => {
    const s = openSettings(tmp());
    const { profile } = await s.saveProfile({ name: 'X', username: 'bob' });
    await s.setPassword(profile.id, 'hunter2');
    const json = JSON.parse(s.exportJson());
    expect(json.profiles[0].username).toBe('bob');
    expect(JSON.stringify(json)).not.toContain('hunter2');
    expect(json.preferences).toBeDefined();
  });
});

describe('settings import (reading back an export)', () => {
  it('round-trips an export into a fresh install: profiles and preferences, never a password', async () => {
    const a = openSettings(tempDir());
    const { profile } = await a.saveProfile({ name: 'Main', mode: 'live', account: 'U1234567', installPath: '/nowhere/ibgateway/1030', apiPort: 4001 });
    await a.setPassword(profile.id, 'never-exported-pw');
    a.setPreferences({ theme: 'light' });
    const json = a.exportJson();
    expect(json).not.toContain('never-exported-pw');

    const b = openSettings(tempDir());
    const r = b.importJson(json);
    expect(r.imported).toBe(1);
    expect(r.warnings.join('\n')).toMatch(/does not exist on this computer/);
    expect(r.warnings.join('\n')).toMatch(/Passwords are never exported/);
    expect(b.view().profiles[0]).toMatchObject({ id: profile.id, name: 'Main', mode: 'live', account: 'U1234567' });
    expect(b.view().preferences.theme).toBe('light');
    expect(await b.hasPassword(profile.id)).toBe(false);
    // Importing again replaces by id instead of duplicating.
    expect(b.importJson(json).imported).toBe(1);
    expect(b.view().profiles).toHaveLength(1);
  });

  it('refuses what is not an export, and a broken profile, without changing anything', async () => {
    const s = openSettings(tempDir());
    expect(() => s.importJson('{not json')).toThrow(/not valid JSON/);
    expect(() => s.importJson('{"hello": 1}')).toThrow(/not a Gatehouse settings export/);
    expect(() => s.importJson(JSON.stringify({ app: 'gatehouse', version: 2, profiles: [{ id: 'x', name: '' }] }))).toThrow(/profile 1/);
    expect(s.view().profiles).toHaveLength(0);
  });
});
