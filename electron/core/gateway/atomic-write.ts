import { chmodSync, copyFileSync, existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Write next to the target, then rename over it: a crash mid-write leaves the old file, never half a file.
 * The temp file gets its final mode before any byte is written, so a secret is never briefly world-readable.
 */
export function writeFileAtomic(file: string, data: string | Buffer, options: { mode?: number } = {}): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, data, { mode: options.mode ?? 0o644, flag: 'wx' });
    if (options.mode !== undefined) chmodSync(tmp, options.mode);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Copy `file` to `<file>.gatehouse-<timestamp>.bak` before we change it; null when there is nothing yet. */
export function backupFile(file: string, now: number): string | null {
  if (!existsSync(file)) return null;
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  let backup = `${file}.gatehouse-${stamp}.bak`;
  for (let i = 1; existsSync(backup); i++) backup = `${file}.gatehouse-${stamp}-${i}.bak`;
  copyFileSync(file, backup);
  return backup;
}
