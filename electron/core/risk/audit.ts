/**
 * The risk audit log: one JSON line per decision, kill-switch change and limits change, appended and
 * synced (O_DSYNC, or fdatasync) before the caller goes on, so an order never reaches the broker without
 * its decision on disk.
 *
 * The file is opened once and held open (open + close per line cost more than the sync itself), and lines
 * that arrive while a sync is running are written and synced together in the next one (group commit): ten
 * concurrent orders cost two syncs, not ten, and each caller still waits for the sync that covers its line.
 *
 * A crash can cut the last line short. Reading skips any line that does not parse, and the first append
 * after opening ends the torn line, so one bad write never swallows the following entry.
 */
import { close, constants, fdatasync, fstat, mkdirSync, open as openCb, read as readCb } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { AuditEntry } from '../contract.ts';
import { realDisk, type Disk } from '../util/disk.ts';

const CHUNK = 64 * 1024;
const openP = promisify(openCb);
const readP = promisify(readCb);
const fstatP = promisify(fstat);
const syncP = promisify(fdatasync);
const closeP = promisify(close);

/**
 * Where the platform has it, the file is opened O_DSYNC: each write returns once its bytes are on disk as
 * fdatasync would leave them, in one call instead of a write and then a sync (one trip through libuv's
 * thread pool per batch, not two). Elsewhere the write is followed by fdatasync.
 */
const DSYNC: number | undefined = constants.O_DSYNC;
const OPEN_FLAGS = constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | (DSYNC ?? 0);

interface Pending {
  line: string;
  resolve: () => void;
  reject: (err: Error) => void;
}

export class AuditLog {
  readonly file: string;
  private fd: number | null = null;
  /** Lines waiting for the next write + sync. */
  private pending: Pending[] = [];
  /** The running write + sync loop, if any: only one at a time, so lines never interleave. */
  private draining: Promise<void> | null = null;
  /** The file ended in a torn line when opened: the first write ends it first. */
  private needsNewline = false;
  /** How many syncs have run (for tests and the bench: group commit shows as fewer syncs than lines). */
  syncs = 0;
  /** Bytes of the file known to be on disk: what was there when opened plus every synced write. */
  durableSize = 0;

  private readonly disk: Pick<Disk, 'write'>;

  constructor(file: string, disk: Pick<Disk, 'write'> = realDisk) {
    this.file = file;
    this.disk = disk;
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  }

  append(entry: AuditEntry): Promise<void> {
    const line = JSON.stringify(entry) + '\n';
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ line, resolve, reject });
      this.draining ??= this.drain();
    });
  }

  /** Waits for every accepted line to be on disk, then closes the file (a later append opens it again). */
  async close(): Promise<void> {
    await this.draining;
    const fd = this.fd;
    this.fd = null;
    if (fd !== null) await closeP(fd).catch(() => undefined);
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        try {
          // The file is open after the first line: no await (and no turn of the microtask queue) on the way.
          const fd = this.fd ?? (await this.handle());
          const text = batch.length === 1 ? batch[0]!.line : batch.map((p) => p.line).join('');
          const buf = Buffer.from(this.needsNewline ? `\n${text}` : text, 'utf8');
          let off = 0;
          while (off < buf.length) off += await this.disk.write(fd, buf, off, buf.length - off);
          this.needsNewline = false;
          if (DSYNC === undefined) await syncP(fd);
          this.syncs++;
          this.durableSize += buf.length;
          for (const p of batch) p.resolve();
        } catch (err) {
          // A failed write must not wedge later ones: reopen next time; these callers see their failure.
          const fd = this.fd;
          this.fd = null;
          if (fd !== null) await closeP(fd).catch(() => undefined);
          for (const p of batch) p.reject(err as Error);
        }
      }
    } finally {
      this.draining = null;
    }
  }

  private async handle(): Promise<number> {
    if (this.fd !== null) return this.fd;
    // 0600: the audit log names every order and account; only the user may read it.
    const fd = await openP(this.file, OPEN_FLAGS, 0o600);
    try {
      const { size } = await fstatP(fd);
      this.durableSize = size;
      if (size > 0) {
        const last = Buffer.alloc(1);
        await readP(fd, last, 0, 1, size - 1);
        this.needsNewline = last[0] !== 0x0a;
      }
    } catch (err) {
      await closeP(fd).catch(() => undefined);
      throw err;
    }
    this.fd = fd;
    return fd;
  }

  /** Newest first, at most `limit` entries; unreadable lines (a torn write) are skipped. */
  async read(limit = 200): Promise<AuditEntry[]> {
    await this.draining;
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
