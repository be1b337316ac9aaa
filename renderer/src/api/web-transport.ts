/**
 * The browser twin of the preload's `window.gatehouse`: the same GatehouseApi over the loopback WebSocket
 * bridge. Reconnects on its own and re-subscribes, so a restarted core is picked up without a reload.
 */
import type {
  CommandInput,
  CommandName,
  CommandOutput,
  GatehouseApi,
  Result,
  StreamName,
  StreamValue,
} from '../../../electron/core/contract.ts';
import type { StreamMessage } from '../../../electron/core/contract/changes.ts';
import { streamFanout } from '../../../electron/core/contract/fanout.ts';

type Pending = { resolve: (r: Result<unknown>) => void };

/** Up, down (core unreachable; retrying), or refused: core answers but this page's token is not its token. */
export type LinkState = 'up' | 'down' | 'refused';

export const EARLIER_RUN =
  'This address is from an earlier run of Gatehouse — open the new address printed in the terminal.';

/** Where the reconnect waits are scheduled: the browser's timers, or a clock a test moves. */
export interface RetryTimers {
  setTimeout(fn: () => void, ms: number): unknown;
}

/**
 * `onLink(state)` hears when the bridge socket opens, drops or is refused, so the UI can say so. `timers`
 * schedules the reconnects (a test passes its own to see, without waiting, that none is left after a refusal).
 */
export function createWebTransport(
  url: string,
  onLink?: (state: LinkState) => void,
  timers: RetryTimers = { setTimeout: (fn, ms) => setTimeout(fn, ms) },
): GatehouseApi {
  let ws: WebSocket | null = null;
  let nextId = 1;
  let retryMs = 250;
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  // One subscription per stream to core; a reconnect subscribes again and core answers with a snapshot.
  const listeners = streamFanout<StreamName>({
    first: (stream) => send({ type: 'subscribe', stream }),
    last: (stream) => send({ type: 'unsubscribe', stream }),
  });

  const disconnected: Result<never> = {
    ok: false,
    error: {
      code: 'NOT_CONNECTED',
      message: 'Lost the connection to Gatehouse core.',
      hint: 'Is `npm run start:web` still running? The page reconnects by itself.',
    },
  };
  const refusedResult: Result<never> = {
    ok: false,
    error: { code: 'NOT_CONNECTED', message: EARLIER_RUN, hint: 'Gatehouse printed a new address when it started; this tab’s token is not that run’s.' },
  };
  let refused = false;

  /** A plain GET on the bridge says whether the token is wrong (401) or the server is just not there. */
  async function tokenRefused(): Promise<boolean> {
    try {
      const res = await fetch(url.replace(/^ws/, 'http'), { cache: 'no-store', signal: AbortSignal.timeout(3000) });
      return res.status === 401;
    } catch {
      return false;
    }
  }

  function open() {
    ws = new WebSocket(url);
    ws.onopen = () => {
      everOpened = true;
      retryMs = 250;
      onLink?.('up');
      for (const stream of listeners.streams()) ws?.send(JSON.stringify({ type: 'subscribe', stream }));
      for (const frame of queue.splice(0)) ws?.send(frame);
    };
    ws.onmessage = (ev) => {
      const frame = JSON.parse(String(ev.data)) as
        | { type: 'result'; id: number; result: Result<unknown> }
        | { type: 'stream'; stream: StreamName; message: StreamMessage }
        | { type: 'error'; message: string };
      if (frame.type === 'result') {
        pending.get(frame.id)?.resolve(frame.result);
        pending.delete(frame.id);
      } else if (frame.type === 'stream') {
        listeners.emit(frame.stream, frame.message);
      }
    };
    ws.onclose = () => {
      onLink?.('down');
      listeners.drop();
      for (const p of pending.values()) p.resolve(disconnected);
      pending.clear();
      // Whoever waited for these frames was just told "not connected": sending them later would replay.
      queue.length = 0;
      void tokenRefused().then((no) => {
        if (no) {
          // Retrying cannot help: the token will never become right. Say so instead of "reconnecting…".
          refused = true;
          onLink?.('refused');
          return;
        }
        timers.setTimeout(open, retryMs);
        retryMs = Math.min(retryMs * 2, 5000);
      });
    };
  }

  function send(frame: object) {
    const text = JSON.stringify(frame);
    if (ws?.readyState === WebSocket.OPEN) ws.send(text);
    else queue.push(text);
  }

  /**
   * Commands wait only for the very first connection. After a drop they fail at once: a queued
   * `orders.place` replayed on reconnect could send an order the user already gave up on (the same trap
   * as @stoqey/ib's request queue), so the user retries knowingly instead.
   */
  let everOpened = false;

  open();

  return {
    invoke<C extends CommandName>(command: C, input?: CommandInput<C>) {
      const id = nextId++;
      if (refused) return Promise.resolve(refusedResult as Result<CommandOutput<C>>);
      if (everOpened && ws?.readyState !== WebSocket.OPEN) return Promise.resolve(disconnected as Result<CommandOutput<C>>);
      return new Promise<Result<CommandOutput<C>>>((resolve) => {
        pending.set(id, { resolve: resolve as Pending['resolve'] });
        send({ type: 'invoke', id, command, input });
      });
    },
    subscribe<S extends StreamName>(stream: S, listener: (message: StreamMessage<StreamValue<S>>) => void) {
      return listeners.subscribe(stream, listener as (m: StreamMessage) => void);
    },
  };
}
