/**
 * The one way core replaces a file: write a temp file beside it (with its final mode before any byte, so
 * a secret is never briefly world-readable), fsync, rename over the target, fsync the folder. A crash at
 * any point leaves the old file or the new one, never half of one.
 */
import { chmodSync, closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';

/**
 * `mode` defaults to the mode of the file being replaced (a Gateway's own jts.ini keeps its own), and to
 * 0600 for a new file: what core writes is the user's alone.
 */
export function writeFileAtomic(file: string, data: string | Buffer, options: { mode?: number } = {}): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const mode = options.mode ?? currentMode(file) ?? 0o600;
  try {
    const fd = openSync(tmp, 'wx', mode);
    try {
      chmodSync(tmp, mode); // the umask never widens or narrows what was asked
      writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  // Make the rename itself durable where the platform allows fsync on a directory (not Windows).
  try {
    const dirFd = openSync(path.dirname(file), 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  } catch {
    // best effort
  }
}

function currentMode(file: string): number | null {
  try {
    return statSync(file).mode & 0o777;
  } catch {
    return null;
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

/** Reads and validates a JSON file; a missing or unreadable file yields null (the caller's defaults win). */
export function readJson<T extends z.ZodType>(file: string, schema: T): z.output<T> | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Gatehouse's own state (risk, order ids): private to the user, 0600. */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
}

/** The temp names `writeFileAtomic` uses: `.<name>.<pid>.<ms>.tmp`. */
const TEMP_NAME = /^\..+\.(\d+)\.\d+\.tmp$/;

/**
 * A kill -9 between creating a temp file and renaming it leaves the temp behind; the target itself is
 * intact (old or new). At start nothing of ours is mid-write, so every such temp under `dir` is stale.
 */
export function cleanStaleTemps(dir: string, depth = 4): string[] {
  const removed: string[] = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return removed;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory() && depth > 0) removed.push(...cleanStaleTemps(full, depth - 1));
    else if (e.isFile() && TEMP_NAME.exec(e.name)?.[1] !== String(process.pid) && TEMP_NAME.test(e.name)) {
      rmSync(full, { force: true });
      removed.push(full);
    }
  }
  return removed;
}
