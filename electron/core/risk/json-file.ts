/**
 * Small state files (kill switch, PDT executions, equity marks). Written atomically — temp file, fsync,
 * rename — so a crash leaves either the old or the new state, never half of one. Synchronous on purpose:
 * the writes are tiny and rare, and a kill switch that tripped must be on disk before anything else runs.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';

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

export function writeJsonAtomic(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(value, null, 2) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  // Make the rename itself durable where the platform allows fsync on a directory (not Windows).
  try {
    const dirFd = openSync(dirname(file), 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  } catch {
    // best effort
  }
}
