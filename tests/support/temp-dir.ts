import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';

/**
 * A fresh folder under $TMPDIR for one test, removed when the test finishes (pass or fail), so a run leaves
 * nothing behind. Call it inside a test. Never use os.tmpdir() itself as a data folder: core writes there.
 */
export function tempDir(prefix = 'gh-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
