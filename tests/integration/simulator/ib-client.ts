/**
 * A recording wrapper around the real @stoqey/ib IBApi for the simulator's integration tests: every event
 * the client library decoded is kept, and tests wait for the ones they need.
 */
import { EventName, IBApi } from '@stoqey/ib';
import { afterEach, expect } from 'vitest';
import { startSimulator } from '../../../electron/simulator/server.ts';
import type { SimulatorHandle, SimulatorOptions } from '../../../electron/simulator/server.ts';
import type { UntilOptions } from '../../support/until.ts';

export interface Recorded {
  name: string;
  args: unknown[];
}

export interface ClientError {
  code: number;
  reqId: number;
  message: string;
}

const WAIT_MS = 8000;

export class RecordingClient {
  readonly ib: IBApi;
  readonly events: Recorded[] = [];
  readonly errors: ClientError[] = [];
  readonly infos: { code: number; message: string }[] = [];
  private waiters: { test: () => boolean; resolve: () => void }[] = [];

  constructor(port: number, clientId: number) {
    this.ib = new IBApi({ host: '127.0.0.1', port, clientId });
    // EventName.all carries every event the controller emits, with its decoded arguments.
    this.ib.on(EventName.all, (name: string, args: unknown) => {
      if (name !== EventName.error && name !== EventName.info && name !== EventName.received && name !== EventName.sent) {
        this.record({ name, args: Array.isArray(args) ? args : [args] });
      }
    });
    this.ib.on(EventName.error, (error: Error, code: number, reqId: number) => {
      this.errors.push({ code, reqId, message: error.message });
      this.wake();
    });
    this.ib.on(EventName.info, (message: string, code: number) => {
      this.infos.push({ code, message });
      this.wake();
    });
  }

  /** Connects and resolves once nextValidId arrived (stoqey queues every request until then). */
  static async connect(port: number, clientId: number): Promise<RecordingClient> {
    const client = new RecordingClient(port, clientId);
    client.ib.connect();
    await client.next(EventName.nextValidId);
    return client;
  }

  private record(event: Recorded): void {
    this.events.push(event);
    this.wake();
  }

  private wake(): void {
    const pending = this.waiters;
    this.waiters = [];
    for (const w of pending) {
      if (w.test()) w.resolve();
      else this.waiters.push(w);
    }
  }

  /**
   * Resolves when `test` holds, checked on every event this client receives (no polling); fails with what
   * was seen if it never does. Same arguments as tests/support/until.ts.
   */
  until(test: () => boolean, opts: UntilOptions = {}): Promise<void> {
    const { what = String(test).replace(/\s+/g, ' '), timeout = WAIT_MS } = opts;
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(
          new Error(
            `timed out waiting for ${what}; saw ${this.events.map((e) => e.name).slice(-30).join(',')} errors ${JSON.stringify(this.errors)} infos ${JSON.stringify(this.infos)}`,
          ),
        );
      }, timeout);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push({ test, resolve: done });
    });
  }

  all(name: string, filter: (args: unknown[]) => boolean = () => true): unknown[][] {
    return this.events.filter((e) => e.name === name && filter(e.args)).map((e) => e.args);
  }

  /** The next (count-th) event of a name matching the filter, waiting for it if needed. */
  async next(name: string, filter: (args: unknown[]) => boolean = () => true, count = 1): Promise<unknown[]> {
    await this.until(() => this.all(name, filter).length >= count, { what: `${count}× ${name}` });
    return this.all(name, filter)[count - 1] as unknown[];
  }

  async error(code: number, reqId?: number): Promise<ClientError> {
    const match = () => this.errors.find((e) => e.code === code && (reqId === undefined || e.reqId === reqId));
    await this.until(() => match() !== undefined, { what: `error ${code}` });
    return match() as ClientError;
  }

  async info(code: number): Promise<{ code: number; message: string }> {
    const match = () => this.infos.find((e) => e.code === code);
    await this.until(() => match() !== undefined, { what: `info ${code}` });
    return match() as { code: number; message: string };
  }

  /** Decoding errors: any 505 means a message the simulator sent did not match the client's decoder. */
  decodeErrors(): ClientError[] {
    return this.errors.filter((e) => e.code === 505);
  }

  /** Order statuses for one order id, in arrival order. */
  statuses(orderId: number): string[] {
    return this.all('orderStatus', (a) => a[0] === orderId).map((a) => a[1] as string);
  }

  close(): void {
    this.ib.disconnect();
    this.ib.removeAllListeners();
  }
}

/**
 * Simulators (on a free port, no ticks unless asked, `defaults` then each call's options) and recording
 * clients made during a test, closed after it; a client that met a decoding error (505) fails the test.
 */
export function simulatorRig(defaults: SimulatorOptions = {}) {
  const sims: SimulatorHandle[] = [];
  const clients: RecordingClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) {
      expect(c.decodeErrors(), 'decoding errors (505) seen by the client').toEqual([]);
      c.close();
    }
    await Promise.all(sims.splice(0).map((s) => s.close()));
  });
  return {
    async sim(opts: SimulatorOptions = {}): Promise<SimulatorHandle> {
      const s = await startSimulator({ port: 0, tickIntervalMs: 0, ...defaults, ...opts });
      sims.push(s);
      return s;
    },
    async client(s: SimulatorHandle, clientId = 1): Promise<RecordingClient> {
      const c = await RecordingClient.connect(s.port, clientId);
      clients.push(c);
      return c;
    },
  };
}
