/**
 * What the bridge holds for one browser client. A page that stops reading (a frozen tab, a debugger
 * paused, a hostile local client) would otherwise make core keep every frame it is sent in memory: RSS
 * grew 60–90 MB in five minutes (issue 15, finding 12). So:
 * - while the socket's unsent bytes stay under SOFT_LIMIT every frame is sent as it comes;
 * - above it the client is "behind": stream updates are no longer sent but kept as the latest snapshot of
 *   each stream (a stream is a snapshot, so only the newest one matters), and sent once the socket has
 *   drained below half of SOFT_LIMIT; command results are always sent (they answer a question);
 * - when what the client is behind by (unsent bytes plus the updates it skipped) passes HARD_LIMIT, it is
 *   closed with BEHIND_CLOSE_CODE and a reason it can read, and the page's own reconnect starts it afresh
 *   from the current snapshots.
 * The limits are in bytes of the socket's `bufferedAmount` (ws: the socket's queue plus frames not yet
 * handed to it), so the memory held per client is bounded by about HARD_LIMIT plus one frame.
 */
export const SOFT_LIMIT = 1024 * 1024;
export const HARD_LIMIT = 16 * 1024 * 1024;
/** 4000–4999 are the application's own close codes (RFC 6455 §7.4.2). */
export const BEHIND_CLOSE_CODE = 4008;
/** At most 123 bytes (RFC 6455 §5.5: a control frame's payload is ≤ 125 bytes, 2 of them the code). */
export const BEHIND_REASON = 'Gatehouse closed this link: the page stopped reading updates. Reload it to continue.';

export interface OutboxSocket {
  readonly bufferedAmount: number;
  /** `done` runs once the frame has been handed to the operating system (ws's send callback). */
  send(text: string, done: () => void): void;
  close(code: number, reason: string): void;
  isOpen(): boolean;
}

export interface OutboxLimits {
  soft: number;
  hard: number;
}

export class Outbox {
  private readonly socket: OutboxSocket;
  private readonly limits: OutboxLimits;
  /** The latest unsent frame of each stream while the client is behind. */
  private readonly pending = new Map<string, string>();
  /** Bytes of stream frames skipped since the client fell behind (superseded or still pending). */
  private owed = 0;
  private closed = false;

  constructor(socket: OutboxSocket, limits: OutboxLimits = { soft: SOFT_LIMIT, hard: HARD_LIMIT }) {
    this.socket = socket;
    this.limits = limits;
  }

  /** True while stream updates are being held back as latest snapshots. */
  get behind(): boolean {
    return this.pending.size > 0;
  }

  /** A command's result or a bridge error: always sent while the link is open. */
  reply(frame: object): void {
    this.write(JSON.stringify(frame));
  }

  stream(stream: string, value: unknown): void {
    if (this.closed || !this.socket.isOpen()) return;
    const text = JSON.stringify({ type: 'stream', stream, value });
    if (!this.behind && this.socket.bufferedAmount < this.limits.soft) {
      this.write(text);
      return;
    }
    this.pending.set(stream, text);
    this.owed += text.length;
    if (this.socket.bufferedAmount + this.owed > this.limits.hard) this.closeBehind();
  }

  private write(text: string): void {
    if (this.closed || !this.socket.isOpen()) return;
    if (this.socket.bufferedAmount + text.length > this.limits.hard) {
      this.closeBehind();
      return;
    }
    this.socket.send(text, () => this.drained());
  }

  /** A frame left: once the socket is well below the soft limit, the held snapshots go out, oldest stream first. */
  private drained(): void {
    if (!this.behind || this.closed || this.socket.bufferedAmount >= this.limits.soft / 2) return;
    const frames = [...this.pending.values()];
    this.pending.clear();
    this.owed = 0;
    for (const text of frames) this.write(text);
  }

  private closeBehind(): void {
    this.closed = true;
    this.pending.clear();
    this.owed = 0;
    this.socket.close(BEHIND_CLOSE_CODE, BEHIND_REASON);
  }
}
