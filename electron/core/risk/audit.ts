/**
 * The risk audit log: one JSON line per decision, kill-switch change and limits change, appended and
 * fsync'd before the caller goes on, so an order never reaches the broker without its decision on disk.
 *
 * A crash can cut the last line short. Reading skips any line that does not parse, and the next append
 * first ends the torn line, so one bad write never swallows the following entry.
 */
import { open, stat } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AuditEntry } from '../contract.ts';

const CHUNK = 64 * 1024;

export class AuditLog {
  readonly file: string;
  /** Appends run one after another: interleaved writes would tear lines without any crash. */
  private queue: Promise<void> = Promise.resolve();
  private checkedTail = false;

  constructor(file: string) {
    this.file = file;
    mkdirSync(dirname(file), { recursive: true });
  }

  append(entry: AuditEntry): Promise<void> {
    const line = JSON.stringify(entry) + '\n';
    const run = this.queue.then(() => this.write(line));
    // A failed write must not wedge later ones; the caller still sees its own failure.
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async write(line: string): Promise<void> {
    const handle = await open(this.file, 'a+');
    try {
      let prefix = '';
      if (!this.checkedTail) {
        const { size } = await handle.stat();
        if (size > 0) {
          const last = Buffer.alloc(1);
          await handle.read(last, 0, 1, size - 1);
          if (last[0] !== 0x0a) prefix = '\n';
        }
        this.checkedTail = true;
      }
      await handle.appendFile(prefix + line, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Newest first, at most `limit` entries; unreadable lines (a torn write) are skipped. */
  async read(limit = 200): Promise<AuditEntry[]> {
    await this.queue;
    let size: number;
    try {
      size = (await stat(this.file)).size;
    } catch {
      return [];
    }
    const handle = await open(this.file, 'r');
    try {
      const out: AuditEntry[] = [];
      let position = size;
      let carry = Buffer.alloc(0);
      // Read backwards in chunks so a long log costs only what the caller asked for.
      while (position > 0 && out.length < limit) {
        const length = Math.min(CHUNK, position);
        position -= length;
        const chunk = Buffer.alloc(length);
        await handle.read(chunk, 0, length, position);
        let buf = Buffer.concat([chunk, carry]);
        let end = buf.length;
        for (let i = buf.length - 1; i >= 0 && out.length < limit; i--) {
          if (buf[i] !== 0x0a) continue;
          pushLine(out, buf.subarray(i + 1, end));
          end = i;
        }
        buf = buf.subarray(0, end);
        carry = Buffer.from(buf);
      }
      if (position === 0 && out.length < limit) pushLine(out, carry);
      return out;
    } finally {
      await handle.close();
    }
  }
}

function pushLine(out: AuditEntry[], bytes: Buffer): void {
  const text = bytes.toString('utf8').trim();
  if (text.length === 0) return;
  try {
    const parsed = AuditEntry.safeParse(JSON.parse(text));
    if (parsed.success) out.push(parsed.data);
  } catch {
    // a torn or foreign line: skip it
  }
}
