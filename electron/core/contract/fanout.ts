/**
 * The listeners of each stream on the page's side of the bridge, one list per stream name: the preload's
 * window.gatehouse and the browser's web transport both keep it. Only the first listener of a stream asks
 * core for it and only the last one gone tells core to stop, so a screen opening and closing cannot end a
 * stream another screen still shows.
 *
 * Core sends each subscription a snapshot and then only changes (changes.ts), so the fan-out also keeps
 * each stream's merged value: a listener that joins a stream already followed starts from a snapshot of it
 * rather than from a change it could not apply. `drop()` forgets the values when the link goes (core sends
 * fresh snapshots when it is back). Like constants.ts it imports nothing but the dependency-free changes
 * module, so the renderer and the preload may import it as values.
 */
import { applyMessage, type StreamMessage } from './changes.ts';

type Listener = (message: StreamMessage) => void;

export interface StreamFanout<K extends string> {
  /** Merges `message` into the stream's value and hands it to every listener of `stream`. */
  emit(stream: K, message: StreamMessage): void;
  /** Adds a listener (given the current value as a snapshot if the stream has one); the returned function removes it. */
  subscribe(stream: K, listener: Listener): () => void;
  /** The streams someone listens to (to ask for again after a reconnect). */
  streams(): K[];
  /** The link went: the values are forgotten until core's fresh snapshots. */
  drop(): void;
}

/** `first(stream)` runs when a stream gets its first listener, `last(stream)` when its last one leaves. */
export function streamFanout<K extends string>(hooks: { first(stream: K): void; last(stream: K): void }): StreamFanout<K> {
  const listeners = new Map<K, Set<Listener>>();
  const values = new Map<K, unknown>();
  return {
    emit(stream, message) {
      // A change with nothing to apply it to (the link was just dropped): core's snapshot follows.
      if (message.kind === 'change' && !values.has(stream)) return;
      values.set(stream, applyMessage(stream, values.get(stream), message));
      for (const l of [...(listeners.get(stream) ?? [])]) l(message);
    },
    subscribe(stream, listener) {
      let set = listeners.get(stream);
      if (!set) {
        listeners.set(stream, (set = new Set()));
        hooks.first(stream);
      } else if (values.has(stream)) {
        const joined = set;
        queueMicrotask(() => {
          if (joined.has(listener) && listeners.get(stream) === joined && values.has(stream)) {
            listener({ kind: 'snapshot', value: values.get(stream) });
          }
        });
      }
      const mine = set;
      mine.add(listener);
      return () => {
        if (!mine.delete(listener) || mine.size > 0 || listeners.get(stream) !== mine) return;
        listeners.delete(stream);
        values.delete(stream);
        hooks.last(stream);
      };
    },
    streams: () => [...listeners.keys()],
    drop: () => values.clear(),
  };
}
