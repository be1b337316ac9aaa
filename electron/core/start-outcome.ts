/**
 * How a Gateway start ended, as far as the command that asked for it can say: up, failed (with the
 * supervisor's reason), or still on its way (a 2FA approval can take minutes). Without this, `gateway.start`
 * answered "start requested" the moment the process was launched, next to a login that then failed.
 */
import type { GatewayEvent, GatewayState } from './contract.ts';
import type { Clock } from './gateway/supervisor.ts';

export type StartOutcome = { kind: 'up' } | { kind: 'failed'; reason: string } | { kind: 'pending'; state: GatewayState };

const UP: readonly GatewayState[] = ['api-ready', 'running', 'degraded'];
const ENDED: readonly GatewayState[] = ['stopped', 'crashed'];

export function classify(state: GatewayState, reason: string): StartOutcome | null {
  if (UP.includes(state)) return { kind: 'up' };
  if (ENDED.includes(state)) return { kind: 'failed', reason: reason || 'the Gateway stopped' };
  return null;
}

export interface Watchable {
  readonly state: GatewayState;
  readonly reason: string;
  on(listener: (e: GatewayEvent) => void): () => void;
}

/** Waits up to `waitMs` (on `clock`) for the start to end one way or the other. */
export function awaitStartOutcome(sup: Watchable, waitMs: number, clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>): Promise<StartOutcome> {
  const now = classify(sup.state, sup.reason);
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const finish = (o: StartOutcome) => {
      off();
      clock.clearTimeout(timer);
      resolve(o);
    };
    const off = sup.on((e) => {
      const o = classify(e.state, e.reason);
      if (o) finish(o);
    });
    const timer = clock.setTimeout(() => finish({ kind: 'pending', state: sup.state }), waitMs);
  });
}
