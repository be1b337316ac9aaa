/** What the bench's sections share: child processes, a core connected to a Gateway, a data folder on a real disk. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { EventName, IBApi, type IBApi as IBApiT } from '@stoqey/ib';
import { createCore, type Core } from '../electron/core/app.ts';
import type { SimulatorOptions } from '../electron/simulator/server.ts';
import { runtimeOf } from '../electron/core/testing.ts';
import type { OrderTicket } from '../electron/core/contract.ts';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timeout: ${what}`);
    await sleep(2);
  }
}

/** The mount holding `dir` and its file system type, from /proc/mounts (Linux); null elsewhere. */
export function mountOf(dir: string): { mount: string; type: string } | null {
  let text: string;
  try {
    text = readFileSync('/proc/mounts', 'utf8');
  } catch {
    return null;
  }
  let best: { mount: string; type: string } | null = null;
  for (const line of text.split('\n')) {
    const [, mount, type] = line.split(' ');
    if (!mount || !type) continue;
    const inside = dir === mount || dir.startsWith(mount.endsWith('/') ? mount : `${mount}/`);
    if (inside && (!best || mount.length > best.mount.length)) best = { mount, type };
  }
  return best;
}

const MEMORY_FS = new Set(['tmpfs', 'ramfs']);

/**
 * Where the bench keeps its data folders: the system temp folder when it is a real disk, otherwise
 * `bench/.data` in the checkout — fsync on tmpfs costs nothing and would flatter the audit log.
 */
export function dataRoot(): { dir: string; fs: string } {
  const tmp = os.tmpdir();
  const m = mountOf(tmp);
  if (m && !MEMORY_FS.has(m.type)) return { dir: tmp, fs: `${m.type} at ${m.mount}` };
  const dir = path.join(root, 'bench', '.data');
  mkdirSync(dir, { recursive: true });
  const here = mountOf(dir);
  return { dir, fs: here ? `${here.type} at ${here.mount}` : 'unknown' };
}

export const tmp = () => mkdtempSync(path.join(dataRoot().dir, 'gh-bench-'));

/** Starts a script under Node; resolves with the first stdout line parsed as JSON, and the child. */
export async function startChild<T>(script: string, args: string[], env: Record<string, string> = {}, stdin: 'ignore' | 'pipe' = 'ignore'): Promise<{ child: ChildProcess; first: T; lines: AsyncIterableIterator<string> }> {
  const child = spawn(process.execPath, ['--expose-gc', path.join(root, 'bench', script), ...args], {
    stdio: [stdin, 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const rl = createInterface({ input: child.stdout! });
  const lines = rl[Symbol.asyncIterator]();
  const first = await new Promise<T>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before answering`)));
    void lines.next().then((r) => (r.done ? reject(new Error(`${script} printed nothing`)) : resolve(JSON.parse(r.value) as T)));
  });
  child.removeAllListeners('exit');
  return { child, first, lines };
}

/** Runs a script to its end and returns its last stdout line as JSON. */
export async function runChild<T>(script: string, args: string[], env: Record<string, string> = {}): Promise<T> {
  const { child, first, lines } = await startChild<T>(script, args, env);
  let last = first;
  for await (const l of lines) if (l.trim()) last = JSON.parse(l) as T;
  if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
  return last;
}

export async function startSimProcess(opts: SimulatorOptions): Promise<{ child: ChildProcess; port: number; stop(): Promise<void> }> {
  const { child, first } = await startChild<{ port: number }>('sim-child.ts', [JSON.stringify(opts)]);
  return {
    child,
    port: first.port,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

export function rawClient(port: number, clientId: number): Promise<{ api: IBApiT; nextId: number }> {
  return new Promise((resolve, reject) => {
    const api = new IBApi({ host: '127.0.0.1', port, clientId });
    const timer = setTimeout(() => reject(new Error('raw connect timeout')), 10_000);
    api.once(EventName.nextValidId, (id: number) => {
      clearTimeout(timer);
      resolve({ api, nextId: id });
    });
    api.on(EventName.error, () => {});
    api.connect(clientId);
  });
}

/** A full core (settings, supervisor attach, broker, risk) on a fresh data folder, connected to `port`. */
export async function connectedCore(port: number, clientId: number): Promise<Core> {
  const dir = tmp();
  const core = await createCore({ dataDir: dir, shell: 'web', version: 'bench', discovery: { home: dir, standardRoots: false } });
  const ok = await core.dispatcher.dispatch('settings.saveProfile', {
    profile: { name: 'Bench', mode: 'paper', installPath: path.join(dir, 'gw'), settingsPath: path.join(dir, 'Jts'), apiPort: port, clientId },
    activate: true,
  });
  if (!ok.ok) throw new Error(ok.error.message);
  await core.dispatcher.dispatch('gateway.start', undefined);
  await until(() => !!runtimeOf(core)?.broker.orders.reconciled && !!runtimeOf(core)?.broker.account.snapshot()?.summary['NetLiquidation'], 'core ready');
  return core;
}

export const TICKET = { symbol: 'AAPL', side: 'BUY', quantity: '1', type: 'LMT', limitPrice: '1.00' } as const;

/** Places through the contract (zod, risk gate, audit, broker) and returns the order id. */
export async function corePlace(core: Core, ticket: OrderTicket = TICKET): Promise<number> {
  const r = await core.dispatcher.dispatch('orders.place', ticket);
  if (!r.ok) throw new Error(`core place failed: ${r.error.message}`);
  return r.value.orderId;
}

/**
 * Raw and core taken in turn, the first of each pair swapped every round so neither always runs cold or
 * second; the first `warmup` rounds are not recorded, and rounds are `paceMs` apart (an order pace, not a burst).
 */
export async function alternate(
  rounds: { warmup: number; recorded: number; paceMs: number },
  raw: (record: boolean) => Promise<void>,
  core: (record: boolean) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < rounds.warmup + rounds.recorded; i++) {
    const record = i >= rounds.warmup;
    if (i % 2 === 0) {
      await raw(record);
      await core(record);
    } else {
      await core(record);
      await raw(record);
    }
    await sleep(rounds.paceMs);
  }
}
