/**
 * The listeners of each stream on the page's side of the bridge, one list per stream name: the preload's
 * window.gatehouse and the browser's web transport both keep it. Only the first listener of a stream asks
 * core for it and only the last one gone tells core to stop, so a screen opening and closing cannot end a
 * stream another screen still shows. Like constants.ts this module imports nothing, so the renderer and
 * the preload may import it as values.
 */
export interface StreamFanout<K extends string> {
  /** Hands `value` to every listener of `stream`. */
  emit(stream: K, value: unknown): void;
  /** Adds a listener; the returned function removes it. */
  subscribe(stream: K, listener: (value: unknown) => void): () => void;
  /** The streams someone listens to (to ask for again after a reconnect). */
  streams(): K[];
}

/** `first(stream)` runs when a stream gets its first listener, `last(stream)` when its last one leaves. */
export function streamFanout<K extends string>(hooks: { first(stream: K): void; last(stream: K): void }): StreamFanout<K> {
  const listeners = new Map<K, Set<(value: unknown) => void>>();
  return {
    emit(stream, value) {
      for (const l of listeners.get(stream) ?? []) l(value);
    },
    subscribe(stream, listener) {
      let set = listeners.get(stream);
      if (!set) {
        listeners.set(stream, (set = new Set()));
        hooks.first(stream);
      }
      const mine = set;
      mine.add(listener);
      return () => {
        if (!mine.delete(listener) || mine.size > 0 || listeners.get(stream) !== mine) return;
        listeners.delete(stream);
        hooks.last(stream);
      };
    },
    streams: () => [...listeners.keys()],
  };
}
