import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { trayIconFile, type TrayIcon } from '../../../electron/core/shell/tray-model.ts';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');
const yml = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');

/** Width and height from a PNG's IHDR chunk: proves the file is a real image, not a placeholder. */
function pngSize(file: string): [number, number] {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe('packaging (electron-builder.yml)', () => {
  it('builds Windows nsis, macOS dmg with hardened runtime, Linux AppImage and deb, with asar on', () => {
    expect(yml).toMatch(/^asar: true$/m);
    expect(yml).toMatch(/win:\n\s+target: \[nsis\]/);
    expect(yml).toMatch(/mac:\n\s+target: \[dmg\]/);
    expect(yml).toMatch(/hardenedRuntime: true/);
    expect(yml).toMatch(/linux:\n\s+target: \[AppImage, deb\]/);
  });

  it('sets the security fuses', () => {
    for (const line of [
      'runAsNode: false',
      'enableCookieEncryption: true',
      'enableNodeOptionsEnvironmentVariable: false',
      'enableNodeCliInspectArguments: false',
      'onlyLoadAppFromAsar: true',
    ]) {
      expect(yml).toContain(line);
    }
  });

  it('ships the app icon and the tray icons it names', () => {
    const icon = /icon: (\S+)/.exec(yml)![1]!;
    expect(pngSize(path.join(root, icon))).toEqual([512, 512]);
    expect(yml).toMatch(/from: resources\/icons/);
  });
});

describe('tray icons', () => {
  const icons: TrayIcon[] = ['connected', 'starting', 'degraded', 'down', 'stopped'];
  it('tell every status apart by shape alone (monochrome macOS template images)', () => {
    const pixels = icons.map((icon) => readFileSync(path.join(root, 'resources', 'icons', trayIconFile(icon, 'darwin'))).toString('base64'));
    expect(new Set(pixels).size).toBe(icons.length);
  });
  it.each(icons)('%s has 16 px, @2x, and macOS template images', (icon) => {
    for (const platform of ['linux', 'darwin'] as const) {
      const file = path.join(root, 'resources', 'icons', trayIconFile(icon, platform));
      expect(existsSync(file), file).toBe(true);
      expect(pngSize(file)).toEqual([16, 16]);
      expect(pngSize(file.replace('.png', '@2x.png'))).toEqual([32, 32]);
    }
  });
});
