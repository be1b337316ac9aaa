/**
 * The one source of time for core: `now` and timers, injected so every time-dependent behaviour (backoff,
 * probes, timeouts, daily restarts, equity sampling) is tested on a clock the test moves, not on sleeps.
 * The supervisor, the broker session and books take a `Clock`; the risk engine needs only `now`, and any
 * Clock is one.
 */

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** Runs `fn` every `ms` on a clock (a self-rescheduling timeout); returns the function that stops it. */
export function every(clock: Clock, ms: number, fn: () => void): () => void {
  let handle: unknown = null;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    handle = clock.setTimeout(() => {
      if (stopped) return;
      fn();
      tick();
    }, ms);
  };
  tick();
  return () => {
    stopped = true;
    if (handle !== null) clock.clearTimeout(handle);
  };
}

/** A clock a test moves by hand: timers fire in time order when `advance` passes them. */
export class ManualClock implements Clock {
  private time: number;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  constructor(start = Date.UTC(2026, 0, 5, 15, 0, 0)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { at: this.time + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Timers still waiting. */
  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward, firing every timer that falls due, earliest first (ties in creation order). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.timers) {
        if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
      }
      if (!next) break;
      this.timers.delete(next[0]);
      this.time = Math.max(this.time, next[1].at);
      next[1].fn();
    }
    this.time = end;
  }
}
