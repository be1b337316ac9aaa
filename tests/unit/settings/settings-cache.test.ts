/**
 * The active profile is asked for on every order event (the status line). It is answered from memory
 * (settings/cached-store.ts) — and still follows every change: the service's own writes, an import, and a
 * hand edit of settings.json while Gatehouse runs.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSettings, SettingsService } from '../../../electron/core/settings/service.ts';
import { openConfStore, type ConfLike } from '../../../electron/core/settings/store.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { until } from '../../support/until.ts';

/** conf as the app opens it, counting the reads that go to the file (each parses and checks all of it). */
function countingStore(dir: string): { store: ConfLike; reads: () => number } {
  const { store } = openConfStore(dir);
  let reads = 0;
  return {
    store: {
      get: (key) => {
        reads++;
        return store.get(key);
      },
      set: (key, value) => store.set(key, value),
      delete: (key) => store.delete(key),
      get path() {
        return store.path;
      },
    },
    reads: () => reads,
  };
}

describe('settings answered from memory until the file changes', () => {
  it('answers the active profile of a steady file without reading the file again', async () => {
    const dir = tempDir();
    const { store, reads } = countingStore(dir);
    const s = new SettingsService({ store });
    await s.saveProfile({ name: 'Paper', mode: 'paper' });
    s.activeProfile();
    const before = reads();
    for (let i = 0; i < 200; i++) expect(s.activeProfile()?.name).toBe('Paper');
    // Before: two parses of settings.json per call (400 here), on every order event.
    expect(reads() - before).toBe(0);
  });

  it("sees the service's own writes at once: save, switch, delete", async () => {
    const s = openSettings(tempDir());
    const a = (await s.saveProfile({ name: 'A', mode: 'paper' })).profile;
    expect(s.activeProfile()?.name).toBe('A');
    const b = (await s.saveProfile({ name: 'B', mode: 'paper' })).profile;
    expect(s.activeProfile()?.name).toBe('B');
    s.setActive(a.id);
    expect(s.activeProfile()?.name).toBe('A');
    await s.saveProfile({ id: a.id, name: 'A renamed', mode: 'paper' });
    expect(s.activeProfile()?.name).toBe('A renamed');
    await s.deleteProfile(a.id);
    expect(s.activeProfile()?.id).toBe(b.id);
  });

  it('sees an import that names the active profile', async () => {
    const source = openSettings(tempDir());
    await source.saveProfile({ name: 'Exported', mode: 'paper' });
    const s = openSettings(tempDir());
    expect(s.activeProfile()).toBeNull();
    s.importJson(source.exportJson());
    expect(s.activeProfile()?.name).toBe('Exported');
  });

  it('sees settings.json edited by hand while Gatehouse runs', async () => {
    const dir = tempDir();
    const s = openSettings(dir);
    await s.saveProfile({ name: 'Paper', mode: 'paper', clientId: 5 });
    expect(s.activeProfile()?.clientId).toBe(5);
    const file = path.join(dir, 'settings.json');
    const onDisk = JSON.parse(readFileSync(file, 'utf8')) as { profiles: Array<{ clientId: number }> };
    // Same length of text: only the content (and the file's times) change.
    onDisk.profiles[0]!.clientId = 6;
    writeFileSync(file, JSON.stringify(onDisk, null, '\t'));
    // Told by the folder's change notice, which arrives a moment after the write.
    await until(() => s.activeProfile()?.clientId === 6, { what: 'the hand edit seen' });
  });

  it('hands each caller its own copy: changing one answer does not change the next', async () => {
    const s = openSettings(tempDir());
    await s.saveProfile({ name: 'Paper', mode: 'paper' });
    const first = s.activeProfile()!;
    first.name = 'Changed by a caller';
    expect(s.activeProfile()?.name).toBe('Paper');
  });

  it('answers read-only for the active profile from memory, following saves, switches and hand edits', async () => {
    const dir = tempDir();
    const { store, reads } = countingStore(dir);
    const s = new SettingsService({ store });
    const ro = (await s.saveProfile({ name: 'Watch', mode: 'paper', readOnlyApi: true })).profile;
    expect(s.activeProfileReadOnly()).toBe(true);
    const before = reads();
    for (let i = 0; i < 200; i++) s.activeProfileReadOnly();
    expect(reads() - before).toBe(0);
    const rw = (await s.saveProfile({ name: 'Trade', mode: 'paper', readOnlyApi: false })).profile;
    expect(s.activeProfileReadOnly()).toBe(false);
    s.setActive(ro.id);
    expect(s.activeProfileReadOnly()).toBe(true);
    const file = path.join(dir, 'settings.json');
    const onDisk = JSON.parse(readFileSync(file, 'utf8')) as { profiles: Array<{ id: string; readOnlyApi: boolean }> };
    onDisk.profiles.find((p) => p.id === ro.id)!.readOnlyApi = false;
    writeFileSync(file, JSON.stringify(onDisk, null, '\t'));
    await until(() => s.activeProfileReadOnly() === false, { what: 'the hand edit seen' });
    expect(s.activeProfile()?.id).not.toBe(rw.id);
  });

  it('sees a hand edit saved the way editors save, a new file renamed over the old one', async () => {
    const dir = tempDir();
    const s = openSettings(dir);
    await s.saveProfile({ name: 'Paper', mode: 'paper', readOnlyApi: false });
    expect(s.activeProfileReadOnly()).toBe(false);
    const file = path.join(dir, 'settings.json');
    const onDisk = JSON.parse(readFileSync(file, 'utf8')) as { profiles: Array<{ readOnlyApi: boolean }> };
    onDisk.profiles[0]!.readOnlyApi = true;
    writeFileSync(`${file}.swp`, JSON.stringify(onDisk, null, '\t'));
    renameSync(`${file}.swp`, file);
    await until(() => s.activeProfileReadOnly(), { what: 'the renamed file seen' });
  });

  it('without a change notice (the watch stopped) a hand edit is seen at the next read, by a stat', async () => {
    const dir = tempDir();
    const s = openSettings(dir);
    await s.saveProfile({ name: 'Paper', mode: 'paper', readOnlyApi: false });
    s.close();
    expect(s.activeProfileReadOnly()).toBe(false);
    const file = path.join(dir, 'settings.json');
    const onDisk = JSON.parse(readFileSync(file, 'utf8')) as { profiles: Array<{ readOnlyApi: boolean }> };
    onDisk.profiles[0]!.readOnlyApi = true;
    writeFileSync(file, JSON.stringify(onDisk, null, '\t'));
    expect(s.activeProfileReadOnly()).toBe(true);
  });
});
