/**
 * Leading-and-trailing pacing on a clock: a burst of calls becomes at most one run per window, the first at
 * once and the last never lost. For work that reads the latest state anyway (the background loss check reads
 * the latest account snapshot), so skipping the calls in between skips nothing it would have seen at the end.
 */
import type { Clock } from './clock.ts';

export interface Paced {
  /** Runs now when the last run was a window ago or more; otherwise once, at the end of the window. */
  poke(): void;
  /** Drops a run still waiting for its window. */
  cancel(): void;
}

export function paced(clock: Clock, windowMs: number, run: () => void): Paced {
  let last = Number.NEGATIVE_INFINITY;
  let timer: unknown = null;
  const go = () => {
    last = clock.now();
    run();
  };
  return {
    poke() {
      if (timer !== null) return;
      const wait = last + windowMs - clock.now();
      if (wait <= 0) {
        go();
        return;
      }
      timer = clock.setTimeout(() => {
        timer = null;
        go();
      }, wait);
      // A pending run must not keep a finished process alive.
      (timer as { unref?: () => void } | null)?.unref?.();
    },
    cancel() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
