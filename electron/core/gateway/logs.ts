import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { LogLine } from '../contract.ts';
import { Redactor } from './redact.ts';

type Source = LogLine['source'];
type Level = LogLine['level'];

export interface ParsedLine {
  time: number | null;
  source: Source;
  level: Level;
  text: string;
}

const IBC_LINE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}):(\d{3}) IBC: (.*)$/;

/** What a line means for the user: failures are errors, things waiting on them are warnings. */
export function levelOf(text: string): Level {
  if (/login failed|too many failed|exiting after error|exception|\berror\b|\bSEVERE\b|exit (code|status) [1-9]/i.test(text)) return 'error';
  if (/second factor|timed? ?out|\bwarn(ing)?\b|disconnect|not responding|retry|existing session/i.test(text)) return 'warn';
  if (/^\s*(DEBUG|TRACE|FINE)\b/.test(text)) return 'debug';
  return 'info';
}

/** IBC logs `yyyy-MM-dd HH:mm:ss:SSS IBC: msg` (local time); anything else is the Gateway's own output. */
export function parseLogLine(raw: string, fallback: Source = 'gateway'): ParsedLine {
  const text = raw.replace(/\s+$/, '');
  const m = IBC_LINE.exec(text);
  if (m) {
    const [, y, mo, d, h, mi, s, ms, msg] = m;
    const time = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms)).getTime();
    return { time, source: 'ibc', level: levelOf(msg!), text: msg! };
  }
  return { time: null, source: fallback, level: levelOf(text), text };
}

export interface LogSink {
  write(line: LogLine): void;
  /** Lets go of what it holds open (a later write may open it again). */
  close?(): void;
}

export interface LogQuery {
  /** Case-insensitive text to find; `level:error`, `source:ibc` narrow further. */
  filter?: string;
  limit?: number;
  sinceSeq?: number;
}

/**
 * The last N lines of everything the Gateway, IBC and the supervisor said, credentials redacted before a
 * line is stored, so nothing downstream (UI, files, exports) can leak them.
 */
export class GatewayLogs {
  readonly redactor: Redactor;
  private readonly capacity: number;
  private readonly lines: LogLine[] = [];
  private readonly sinks: LogSink[];
  private readonly listeners = new Set<(line: LogLine) => void>();
  private readonly now: () => number;
  private seq = 0;
  private sinkProblem: string | null = null;

  constructor(options: { capacity?: number; redactor?: Redactor; sinks?: LogSink[]; now?: () => number } = {}) {
    this.capacity = options.capacity ?? 5000;
    this.redactor = options.redactor ?? new Redactor();
    this.sinks = options.sinks ?? [];
    this.now = options.now ?? Date.now;
  }

  add(source: Source, level: Level, text: string, time = this.now()): LogLine {
    const line = this.keep(source, level, text, time);
    for (const sink of this.sinks) {
      try {
        sink.write(line);
        this.sinkProblem = null;
      } catch (err) {
        // A full disk must not stop supervision; the ring buffer still has the line, and says once why
        // the file does not (that line stays in memory: writing it would fail the same way).
        const problem = (err as Error).message;
        if (problem !== this.sinkProblem) {
          this.sinkProblem = problem;
          this.keep('supervisor', 'warn', `Log file not written (${problem}): new lines are kept in memory only until it works again.`, time);
        }
      }
    }
    return line;
  }

  private keep(source: Source, level: Level, text: string, time: number): LogLine {
    const line: LogLine = { seq: ++this.seq, time, source, level, text: this.redactor.redact(text) };
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
    for (const l of this.listeners) l(line);
    return line;
  }

  /** One raw output line of the child: IBC lines keep their own time and are tagged `ibc`. */
  ingest(raw: string, fallback: Source = 'gateway'): LogLine | null {
    if (raw.trim() === '') return null;
    const p = parseLogLine(raw, fallback);
    return this.add(p.source, p.level, p.text, p.time ?? this.now());
  }

  supervisor(text: string, level: Level = 'info'): LogLine {
    return this.add('supervisor', level, text);
  }

  query(q: LogQuery = {}): LogLine[] {
    let lines = this.lines;
    if (q.sinceSeq !== undefined) lines = lines.filter((l) => l.seq > q.sinceSeq!);
    if (q.filter) {
      const words = q.filter.trim().split(/\s+/).filter(Boolean);
      lines = lines.filter((l) =>
        words.every((w) => {
          const kv = /^(level|source):(\w+)$/i.exec(w);
          if (kv) return kv[1]!.toLowerCase() === 'level' ? l.level === kv[2] : l.source === kv[2];
          return l.text.toLowerCase().includes(w.toLowerCase());
        }),
      );
    }
    const limit = q.limit ?? lines.length;
    return lines.slice(Math.max(0, lines.length - limit));
  }

  /** Does any line since `sinceSeq` match? Used by the supervisor to read IBC's state from its log. */
  seen(pattern: RegExp, sinceSeq = 0): boolean {
    return this.lines.some((l) => l.seq > sinceSeq && pattern.test(l.text));
  }

  get lastSeq(): number {
    return this.seq;
  }

  subscribe(listener: (line: LogLine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Closes the sinks' files (core's dispose); a line added later opens them again. */
  close(): void {
    for (const sink of this.sinks) sink.close?.();
  }
}

/**
 * `gateway.log`, rolled to `gateway.1.log` … `gateway.<n>.log` when it reaches `maxBytes`.
 *
 * The file is held open between lines: opening and closing it per line cost ~0.1 ms each time, and an
 * order's "sent" line is written between the socket write and the Gateway's answer. A failed write closes
 * it, so the next line opens the file afresh (a full disk that has room again, a folder made again).
 */
export class RotatingFileSink implements LogSink {
  readonly file: string;
  private readonly maxBytes: number;
  private readonly maxFiles: number;
  private size: number;
  private fd: number | null = null;

  constructor(options: { dir: string; name?: string; maxBytes?: number; maxFiles?: number }) {
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    this.file = path.join(options.dir, options.name ?? 'gateway.log');
    this.maxBytes = options.maxBytes ?? 1_000_000;
    this.maxFiles = options.maxFiles ?? 5;
    this.size = existsSync(this.file) ? statSync(this.file).size : 0;
  }

  rotated(i: number): string {
    const ext = path.extname(this.file);
    return `${this.file.slice(0, this.file.length - ext.length)}.${i}${ext}`;
  }

  write(line: LogLine): void {
    const text = `${new Date(line.time).toISOString()} ${line.level.toUpperCase().padEnd(5)} ${line.source}: ${line.text}\n`;
    const bytes = Buffer.byteLength(text);
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    const buf = Buffer.from(text, 'utf8');
    try {
      this.fd ??= openSync(this.file, 'a', 0o600);
      for (let off = 0; off < buf.length; ) off += writeSync(this.fd, buf, off, buf.length - off);
    } catch (err) {
      this.close();
      throw err;
    }
    this.size += bytes;
  }

  close(): void {
    const fd = this.fd;
    this.fd = null;
    if (fd === null) return;
    try {
      closeSync(fd);
    } catch {
      // nothing left to do for a file we are letting go of
    }
  }

  private rotate(): void {
    this.close();
    rmSync(this.rotated(this.maxFiles), { force: true });
    for (let i = this.maxFiles - 1; i >= 1; i--) {
      if (existsSync(this.rotated(i))) renameSync(this.rotated(i), this.rotated(i + 1));
    }
    renameSync(this.file, this.rotated(1));
    if (this.maxFiles < 1) rmSync(this.rotated(1), { force: true });
    this.size = 0;
  }
}
