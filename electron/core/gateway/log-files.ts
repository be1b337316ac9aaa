/**
 * Follows the log files the Gateway and IBC write besides stdout — the install4j `launcher.log` in the
 * settings folder, and IBC's own log folder when we attached to a Gateway we did not start (so its stdout
 * is not ours) — and feeds new lines into the same redacted ring buffer. Polling, not fs.watch: it behaves
 * the same on every OS and on network drives, and a second of delay is fine for logs.
 */
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { LogLine } from '../contract.ts';
import { levelOf, type GatewayLogs } from './logs.ts';

export interface TailTarget {
  /** A file, or a folder whose `*.txt` / `*.log` files are followed. */
  path: string;
  source: LogLine['source'];
}

const MAX_READ = 256 * 1024;

export class LogFileTailer {
  private readonly logs: GatewayLogs;
  private readonly targets: () => TailTarget[];
  private readonly offsets = new Map<string, number>();
  private readonly partial = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(logs: GatewayLogs, targets: () => TailTarget[]) {
    this.logs = logs;
    this.targets = targets;
  }

  start(intervalMs = 1000): void {
    if (this.timer) return;
    // Existing content is history: start at the end of what is there now.
    this.poll(true);
    this.timer = setInterval(() => this.poll(false), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass over every target; exposed so tests need no timers. */
  poll(skipExisting = false): void {
    for (const t of this.targets()) {
      for (const file of this.files(t.path)) this.read(file, t.source, skipExisting);
    }
  }

  private files(p: string): string[] {
    try {
      if (!existsSync(p)) return [];
      if (statSync(p).isFile()) return [p];
      return readdirSync(p)
        .filter((f) => /\.(txt|log)$/i.test(f))
        .map((f) => path.join(p, f));
    } catch {
      return [];
    }
  }

  private read(file: string, source: LogLine['source'], skipExisting: boolean): void {
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      return;
    }
    const known = this.offsets.get(file);
    if (known === undefined && skipExisting) {
      this.offsets.set(file, size);
      return;
    }
    let offset = known ?? 0;
    if (size < offset) offset = 0; // truncated or rotated: read the new file from its start
    if (size === offset) return;
    const length = Math.min(size - offset, MAX_READ);
    const buf = Buffer.alloc(length);
    let fd: number | null = null;
    try {
      fd = openSync(file, 'r');
      readSync(fd, buf, 0, length, offset);
    } catch {
      return;
    } finally {
      if (fd !== null) closeSync(fd);
    }
    this.offsets.set(file, offset + length);
    const text = (this.partial.get(file) ?? '') + buf.toString('utf8');
    const lines = text.split(/\r?\n/);
    // The last piece may be a line still being written: keep it for the next pass.
    this.partial.set(file, lines.pop() ?? '');
    for (const line of lines) {
      if (line.trim()) this.logs.add(source, levelOf(line), line);
    }
  }
}
