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

type Pending = { resolve: (r: Result<unknown>) => void };

/** `onLink(up)` hears when the bridge socket opens or drops, so the UI can say core is unreachable. */
export function createWebTransport(url: string, onLink?: (up: boolean) => void): GatehouseApi {
  let ws: WebSocket | null = null;
  let nextId = 1;
  let retryMs = 250;
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  const listeners = new Map<StreamName, Set<(v: unknown) => void>>();

  const disconnected: Result<never> = {
    ok: false,
    error: {
      code: 'NOT_CONNECTED',
      message: 'Lost the connection to Gatehouse core.',
      hint: 'Is `npm run start:web` still running? The page reconnects by itself.',
    },
  };

  function open() {
    ws = new WebSocket(url);
    ws.onopen = () => {
      everOpened = true;
      retryMs = 250;
      onLink?.(true);
      for (const stream of listeners.keys()) ws?.send(JSON.stringify({ type: 'subscribe', stream }));
      for (const frame of queue.splice(0)) ws?.send(frame);
    };
    ws.onmessage = (ev) => {
      const frame = JSON.parse(String(ev.data)) as
        | { type: 'result'; id: number; result: Result<unknown> }
        | { type: 'stream'; stream: StreamName; value: unknown }
        | { type: 'error'; message: string };
      if (frame.type === 'result') {
        pending.get(frame.id)?.resolve(frame.result);
        pending.delete(frame.id);
      } else if (frame.type === 'stream') {
        for (const l of listeners.get(frame.stream) ?? []) l(frame.value);
      }
    };
    ws.onclose = () => {
      onLink?.(false);
      for (const p of pending.values()) p.resolve(disconnected);
      pending.clear();
      setTimeout(open, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
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
      if (everOpened && ws?.readyState !== WebSocket.OPEN) return Promise.resolve(disconnected as Result<CommandOutput<C>>);
      return new Promise<Result<CommandOutput<C>>>((resolve) => {
        pending.set(id, { resolve: resolve as Pending['resolve'] });
        send({ type: 'invoke', id, command, input });
      });
    },
    subscribe<S extends StreamName>(stream: S, listener: (value: StreamValue<S>) => void) {
      let set = listeners.get(stream);
      if (!set) {
        listeners.set(stream, (set = new Set()));
        send({ type: 'subscribe', stream });
      }
      const l = listener as (v: unknown) => void;
      set.add(l);
      return () => {
        set.delete(l);
        if (set.size === 0) {
          listeners.delete(stream);
          send({ type: 'unsubscribe', stream });
        }
      };
    },
  };
}
