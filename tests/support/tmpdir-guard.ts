import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * vitest globalSetup: the run gets its own $TMPDIR (workers and the processes they start inherit it), and
 * the run fails if anything is left in it at the end, so a test that forgets tempDir() is noticed in CI
 * rather than by a full /tmp. The folder itself is removed either way.
 */
export default function setup(): () => void {
  const outer = process.env['TMPDIR'];
  const root = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-vitest-'));
  process.env['TMPDIR'] = root;
  return () => {
    // Node's own module compile cache (vitest turns it on) is not a test's leftover; it goes with the folder.
    const left = readdirSync(root).filter((name) => name !== 'node-compile-cache');
    rmSync(root, { recursive: true, force: true });
    if (outer === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = outer;
    if (left.length > 0) {
      throw new Error(`the tests left ${left.length} entries in $TMPDIR (${left.slice(0, 12).join(', ')}): make folders with tests/support/temp-dir.ts tempDir()`);
    }
  };
}
