import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locate } from '../../../electron/web/static.ts';
import { tempDir } from '../../support/temp-dir.ts';

/** What the desktop app's app:// scheme and browser mode both answer from the build folder (web/static.ts). */
describe('the renderer build folder', () => {
  it('not built yet: every page says so (a 503 page telling how to build), not a bare error', async () => {
    const root = tempDir();
    expect(await locate(root, '/')).toEqual({ kind: 'not-built' });
    expect(await locate(root, '/orders')).toEqual({ kind: 'not-built' });
  });

  it('built: files are served, client routes get the app shell, missing assets and escapes do not', async () => {
    const root = tempDir();
    writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'assets', 'app.js'), '');
    expect(await locate(root, '/')).toEqual({ kind: 'file', file: path.join(root, 'index.html') });
    expect(await locate(root, '/assets/app.js')).toEqual({ kind: 'file', file: path.join(root, 'assets', 'app.js') });
    expect(await locate(root, '/risk')).toEqual({ kind: 'file', file: path.join(root, 'index.html') });
    expect(await locate(root, '/assets/gone.js')).toEqual({ kind: 'not-found' });
    expect(await locate(root, '/a%00b')).toEqual({ kind: 'bad-path' });
  });
});
