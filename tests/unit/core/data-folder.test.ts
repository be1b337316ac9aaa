/** The data folder at start: private (0700, files 0600), and no temp files left by a write a crash cut short. */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core/app.ts';
import { writeJsonAtomic } from '../../../electron/core/util/atomic-write.ts';
import { tempDir } from '../../support/temp-dir.ts';

const mode = (p: string) => statSync(p).mode & 0o777;

describe.skipIf(process.platform === 'win32')('data folder', () => {
  it('removes .tmp files a kill -9 left behind during an atomic write, and keeps everything else', async () => {
    const dataDir = tempDir('gh-data-');
    const risk = path.join(dataDir, 'accounts', 'DU1-paper', 'risk');
    mkdirSync(risk, { recursive: true });
    const stale = [path.join(dataDir, '.settings.json.4242.1700000000000.tmp'), path.join(risk, '.kill-switch.json.99.1700000000001.tmp')];
    for (const f of stale) writeFileSync(f, '{"half');
    const kept = path.join(risk, 'kill-switch.json');
    writeFileSync(kept, '{}');
    const core = await createCore({ dataDir, shell: 'web', version: '0.0.0-test', discovery: { home: dataDir, standardRoots: false } });
    try {
      for (const f of stale) expect(existsSync(f), f).toBe(false);
      expect(existsSync(kept)).toBe(true);
      expect(mode(dataDir)).toBe(0o700);
    } finally {
      await core.dispose();
    }
  });

  it('state files are written 0600', () => {
    const file = path.join(tempDir('gh-data-'), 'state.json');
    writeJsonAtomic(file, { next: 1 });
    expect(mode(file)).toBe(0o600);
  });
});
