/**
 * What the bridge holds for one browser client. A page that stops reading (a frozen tab, a debugger
 * paused, a hostile local client) would otherwise make core keep every frame it is sent in memory: RSS
 * grew 60–90 MB in five minutes (issue 15, finding 12). So:
 * - while the socket's unsent bytes stay under SOFT_LIMIT every frame is sent as it comes;
 * - above it the client is "behind": stream messages are no longer sent. A snapshot is kept as the stream's
 *   latest; a change cannot be (it is relative to the message before it, and those were skipped), so the
 *   stream is marked to start again from the hub's current snapshot. Once the socket has drained below half
 *   of SOFT_LIMIT each held stream gets one snapshot and follows with changes from there: nothing skipped is
 *   replayed. Command results are always sent (they answer a question);
 * - when what the client is behind by (unsent bytes plus the updates it skipped) passes HARD_LIMIT, it is
 *   closed with BEHIND_CLOSE_CODE and a reason it can read, and the page's own reconnect starts it afresh
 *   from the current snapshots.
 * The limits are in bytes of the socket's `bufferedAmount` (ws: the socket's queue plus frames not yet
 * handed to it), so the memory held per client is bounded by about HARD_LIMIT plus one frame.
 */
import type { StreamMessage } from '../core/contract.ts';

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

/** The whole current value of a stream, as the message that starts a subscriber afresh (the hub's `snapshot`). */
export type SnapshotOf = (stream: string) => StreamMessage | undefined;

/** A held stream whose skipped messages included a change: it restarts from a snapshot taken when it is sent. */
const RESTART = Symbol('restart from a snapshot');

export class Outbox {
  private readonly socket: OutboxSocket;
  private readonly limits: OutboxLimits;
  /** Per stream held while the client is behind: its latest snapshot frame, or RESTART. */
  private readonly pending = new Map<string, string | typeof RESTART>();
  private readonly snapshotOf: SnapshotOf;
  /** Bytes of stream frames skipped since the client fell behind (superseded or still pending). */
  private owed = 0;
  private closed = false;

  constructor(socket: OutboxSocket, snapshotOf: SnapshotOf, limits: OutboxLimits = { soft: SOFT_LIMIT, hard: HARD_LIMIT }) {
    this.socket = socket;
    this.snapshotOf = snapshotOf;
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

  stream(stream: string, message: StreamMessage): void {
    if (this.closed || !this.socket.isOpen()) return;
    const text = frameOf(stream, message);
    if (!this.behind && this.socket.bufferedAmount < this.limits.soft) {
      this.write(text);
      return;
    }
    this.pending.set(stream, message.kind === 'snapshot' ? text : RESTART);
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
    const held = [...this.pending];
    this.pending.clear();
    this.owed = 0;
    for (const [stream, frame] of held) {
      if (frame !== RESTART) this.write(frame);
      else {
        const snapshot = this.snapshotOf(stream);
        if (snapshot) this.write(frameOf(stream, snapshot));
      }
    }
  }

  private closeBehind(): void {
    this.closed = true;
    this.pending.clear();
    this.owed = 0;
    this.socket.close(BEHIND_CLOSE_CODE, BEHIND_REASON);
  }
}

function frameOf(stream: string, message: StreamMessage): string {
  return JSON.stringify({ type: 'stream', stream, message });
}
