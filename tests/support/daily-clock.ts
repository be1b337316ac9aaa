import type { GatewaySupervisor } from '../../electron/core/gateway/supervisor.ts';

/**
 * A clock that reads `leadMs` before a profile's daily time (11:45 PM local) from the moment `arm()` is
 * called, so a daily restart test waits under a second instead of until midnight.
 */
export function dailyClock(leadMs: number) {
  const target = new Date(2026, 10, 27, 23, 45, 0, 0).getTime();
  let offset = target - leadMs - Date.now();
  return {
    arm: () => {
      offset = target - leadMs - Date.now();
    },
    now: () => Date.now() + offset,
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout),
  };
}

/**
 * The supervisor schedules the daily restart right after it emits api-ready: arm the clock then, so a slow
 * machine cannot let the time pass before it is scheduled.
 */
export function armOnFirstReady(sup: GatewaySupervisor, clock: { arm(): void }): void {
  let armed = false;
  sup.on((e) => {
    if (e.state === 'api-ready' && !armed) {
      armed = true;
      clock.arm();
    }
  });
}
