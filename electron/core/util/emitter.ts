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
  private readonly map = new Map<keyof Events, Set<AnyListener>>();
  private onFailure: ListenerFailure = toStderr;

  /** Where listener failures go from now on (the owner's log). */
  reportFailures(report: ListenerFailure): void {
    this.onFailure = report;
  }

  on<K extends keyof Events>(event: K, listener: (...args: Events[K]) => void): () => void {
    let set = this.map.get(event);
    if (!set) this.map.set(event, (set = new Set()));
    const l = listener as unknown as AnyListener;
    set.add(l);
    return () => set.delete(l);
  }

  emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    for (const l of [...(this.map.get(event) ?? [])]) {
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
