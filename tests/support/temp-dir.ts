import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';

const outsideTests = new Set<string>();

/**
 * A fresh folder under $TMPDIR, removed when the test finishes (pass or fail), so a run leaves nothing
 * behind (tests/support/tmpdir-guard.ts fails the run if anything is left). Called outside a test (a
 * beforeAll, a module-level fixture) it is removed when the test file's worker exits instead. Never use
 * os.tmpdir() itself as a data folder: core writes there.
 */
export function tempDir(prefix = 'gh-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  } catch {
    if (outsideTests.size === 0) process.once('exit', () => outsideTests.forEach((d) => rmSync(d, { recursive: true, force: true })));
    outsideTests.add(dir);
  }
  return dir;
}
