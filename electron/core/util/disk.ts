/**
 * The writes risk state depends on, behind one small interface so a full disk can be played for real in
 * tests (an injected disk that answers ENOSPC) and the kill switch proven to engage all the same.
 */
import { readFileSync, write } from 'node:fs';
import { promisify } from 'node:util';
import type { z } from 'zod';
import { writeFileAtomic } from './atomic-write.ts';

export interface Disk {
  /** Replaces the file atomically (temp file, fsync, rename). */
  writeAtomic(file: string, text: string): void;
  /** write(2) on an open file, as `fs.write`; answers the bytes written. Where a full disk says ENOSPC. */
  write(fd: number, buf: Buffer, offset: number, length: number): Promise<number>;
}

const writeP = promisify(write);

export const realDisk: Disk = {
  writeAtomic: (file, text) => writeFileAtomic(file, text, { mode: 0o600 }),
  write: async (fd, buf, offset, length) => (await writeP(fd, buf, offset, length, null)).bytesWritten,
};

export type Stored<T> = { kind: 'missing' } | { kind: 'ok'; value: T } | { kind: 'damaged'; problem: string };

/**
 * Reads a JSON state file and says which of three it is: absent (defaults are right), valid, or present
 * but unreadable — the case where risk state must fail closed instead of falling back to defaults.
 */
export function readStored<T extends z.ZodType>(file: string, schema: T): Stored<z.output<T>> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'damaged', problem: (err as Error).message };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'damaged', problem: 'not valid JSON' };
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { kind: 'ok', value: parsed.data } : { kind: 'damaged', problem: 'not in the expected shape' };
}
