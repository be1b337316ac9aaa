/** A small typed event emitter: listeners are isolated, so one failing listener never stops the others. */
type AnyListener = (...args: unknown[]) => void;

export class Emitter<Events extends Record<string, unknown[]>> {
  private readonly map = new Map<keyof Events, Set<AnyListener>>();

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
        console.error(`[gatehouse] listener for ${String(event)} failed`, err);
      }
    }
  }

  clear(): void {
    this.map.clear();
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
