import { controlRequest, readControlFile } from '../../electron/simulator/control-client.ts';
import type { Fault } from '../../electron/simulator/faults.ts';
import type { BookSnapshot } from '../../electron/simulator/orders.ts';
import type { SimulatorState } from '../../electron/simulator/server.ts';
import { demoHarness, type DemoHarness } from './demo-harness.ts';
import { runtimeOf } from '../../electron/core/testing.ts';
import { settled } from './core-harness.ts';
import { until } from './until.ts';

/** Talks to the simulated Gateway process over its loopback control channel (its port changes on restart). */
export interface SimControl {
  fault(f: Fault): Promise<void>;
  book(): Promise<BookSnapshot>;
  state(): Promise<SimulatorState>;
  setPrice(symbol: string, price: number): Promise<void>;
}

export type ProcessHarness = DemoHarness & { sim: SimControl };

export async function processHarness(simConfig: Record<string, unknown> = {}): Promise<ProcessHarness> {
  const x = await demoHarness();
  x.sim(simConfig);
  await x.call('gateway.start');
  await until(() => x.core.hub.get('status')?.level === 'connected' && settled(runtimeOf(x.core)?.broker.orders.snapshot()), { what: 'connected', timeout: 30_000 });
  await until(() => !!x.core.hub.get('account')?.summary['NetLiquidation'], { what: 'account data', timeout: 10_000 });
  // Read on every call: a restarted Gateway is a new process with its own port and token.
  const post = async (what: string, body: unknown) => {
    const res = await controlRequest(readControlFile(x.settingsPath), what, body);
    if (!res.ok) throw new Error(`control ${what}: ${res.status} ${await res.text()}`);
  };
  const get = async <T>(what: string) => (await (await controlRequest(readControlFile(x.settingsPath), what)).json()) as T;
  return Object.assign(x, {
    sim: {
      fault: (f: Fault) => post('fault', f),
      book: () => get<BookSnapshot>('book'),
      state: () => get<SimulatorState>('state'),
      setPrice: (symbol: string, price: number) => post('price', { symbol, price }),
    },
  });
}

