/**
 * The test-only way into a running core: the active profile's runtime (supervisor, broker, gate), for tests
 * and benchmarks that must look inside. Shells may not import this module (eslint.config.js), so nothing
 * that ships can reach the broker past the risk gate; they get `Core.isGatewayRunning()` and the contract.
 */
import type { ProfileRuntime } from './runtime.ts';

const runtimes = new WeakMap<object, () => ProfileRuntime | null>();

/** Called once by createCore. */
export function exposeRuntime(core: object, current: () => ProfileRuntime | null): void {
  runtimes.set(core, current);
}

/** The running profile's services, or null before any profile is set up. */
export function runtimeOf(core: object): ProfileRuntime | null {
  const current = runtimes.get(core);
  if (!current) throw new Error('runtimeOf: not a core made by createCore');
  return current();
}
