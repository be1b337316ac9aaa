import type { Clock } from '../../../electron/core/gateway/supervisor.ts';

/**
 * A clock that moves only when the test says so: `advance(ms)` fires every timer due on the way, in
 * order, letting the promises each one starts settle before the next. Minutes of supervisor time
 * (a 3-minute 2FA wait, a 62 s RESTART delay) pass in milliseconds, and nothing fires early.
 */
export function manualClock(start = Date.UTC(2026, 11, 2, 15, 0, 0)) {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
  };
  const clock: Clock & { advance(ms: number): Promise<void>; pending(): number } = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = ++seq;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout: (h) => {
      timers.delete(h as number);
    },
    async advance(ms: number) {
      const end = now + ms;
      await settle();
      for (;;) {
        const next = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!next) break;
        timers.delete(next[0]);
        now = next[1].at;
        next[1].fn();
        await settle();
      }
      now = end;
      await settle();
    },
    pending: () => timers.size,
  };
  return clock;
}
