/**
 * A small typed event emitter: listeners are isolated, so one failing listener never stops the others,
 * and its failure is reported (to the user-visible log once the owner says where; stderr until then).
 */
type AnyListener = (...args: unknown[]) => void;

/** Told when a listener throws: which event, and what it threw. */
export type ListenerFailure = (event: string, err: unknown) => void;

/** One line for the log: which listener failed and why, never a stack trace. */
export function listenerFailureText(what: string, err: unknown): string {
  return `Internal error: a listener for ${what} failed (${err instanceof Error ? err.message : String(err)}); the other listeners still ran.`;
}

const toStderr: ListenerFailure = (event, err) => console.error(`[gatehouse] ${listenerFailureText(event, err)}`);

export class Emitter<Events extends Record<string, unknown[]>> {
  /**
   * Listeners per event, and the array `emit` walks: made once after each on/off rather than copied on
   * every emit (a tick flood emits thousands of times a second). A listener added or removed during an
   * emit takes effect from the next emit, as with a copy.
   */
  private readonly map = new Map<keyof Events, { set: Set<AnyListener>; list: AnyListener[] | null }>();
  private onFailure: ListenerFailure = toStderr;

  /** Where listener failures go from now on (the owner's log). */
  reportFailures(report: ListenerFailure): void {
    this.onFailure = report;
  }

  on<K extends keyof Events>(event: K, listener: (...args: Events[K]) => void): () => void {
    let entry = this.map.get(event);
    if (!entry) this.map.set(event, (entry = { set: new Set(), list: null }));
    const e = entry;
    const l = listener as unknown as AnyListener;
    e.set.add(l);
    e.list = null;
    return () => {
      if (e.set.delete(l)) e.list = null;
    };
  }

  emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    const entry = this.map.get(event);
    if (!entry) return;
    const list = (entry.list ??= [...entry.set]);
    for (const l of list) {
      try {
        l(...args);
      } catch (err) {
        try {
          this.onFailure(String(event), err);
        } catch {
          // The report itself failed (its log is broken): stderr is the last witness left.
          toStderr(String(event), err);
        }
      }
    }
  }

  clear(): void {
    this.map.clear();
  }
}
