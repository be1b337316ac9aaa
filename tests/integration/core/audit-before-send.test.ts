/**
 * The decision record is on disk before the order is on the wire. The witness sits at the socket: every
 * write core makes to the Gateway's socket is cut into TWS frames and, the moment a placeOrder frame
 * (message id 3) is handed to the socket — before the kernel has it — the audit file is read up to the
 * size the log has fdatasync'd. Checking at the write call (not where the bytes arrive) makes the test
 * deterministic: an order sent ahead of its sync is caught even when the disk is fast.
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/app.ts';
import type { AuditLog } from '../../../electron/core/risk/audit.ts';
import { startSimulator, type SimulatorHandle } from '../../../electron/simulator/server.ts';
import { contractClient } from '../../support/contract-client.ts';
import { runtimeOf } from '../../../electron/core/testing.ts';
import { attachProfile } from '../../support/core-harness.ts';
import { until } from '../../support/until.ts';
import { tempDir } from '../../support/temp-dir.ts';

interface Witness {
  /** The fields after the message id of a placeOrder frame (version?, orderId), and the order ids whose audit line was synced as it arrived. */
  fields: string[];
  audited: Set<number>;
}

/**
 * Order ids with an allowed decision in the file, counting only lines that end within the part of the file
 * the log has fdatasync'd (a line merely written to the page cache is not on disk yet).
 */
function durableOrderIds(log: AuditLog): Set<number> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(log.file);
  } catch {
    return new Set();
  }
  const ids = new Set<number>();
  let start = 0;
  for (let end = bytes.indexOf(0x0a); end !== -1; start = end + 1, end = bytes.indexOf(0x0a, start)) {
    if (end + 1 > log.durableSize) break;
    try {
      const e = JSON.parse(bytes.subarray(start, end).toString('utf8')) as { kind?: string; verdict?: string; order?: { orderId?: number } };
      if (e.kind === 'order' && e.verdict === 'allowed' && typeof e.order?.orderId === 'number') ids.add(e.order.orderId);
    } catch {
      /* torn or empty */
    }
  }
  return ids;
}

/**
 * Calls `onFrame` with every TWS frame core writes to a socket connected to `port`, at the moment of the
 * write call and before the bytes go to the kernel. The write itself goes through unchanged.
 */
function watchWrites(port: number, onFrame: (fields: string[]) => void): () => void {
  const original = net.Socket.prototype.write;
  net.Socket.prototype.write = function (this: net.Socket, chunk: unknown, ...rest: unknown[]) {
    if (this.remotePort === port && Buffer.isBuffer(chunk)) {
      // "API\0" opens the handshake unframed; every other write is [4-byte length][payload], possibly several.
      let buf = chunk.subarray(0, 4).toString('latin1') === 'API\0' ? chunk.subarray(4) : chunk;
      while (buf.length >= 4 && buf.length >= 4 + buf.readUInt32BE(0)) {
        const len = buf.readUInt32BE(0);
        onFrame(buf.subarray(4, 4 + len).toString('utf8').split('\0'));
        buf = buf.subarray(4 + len);
      }
    }
    return (original as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof original;
  return () => {
    net.Socket.prototype.write = original;
  };
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe('audit before send', () => {
  it('every placeOrder frame reaches the socket only after its allowed decision is in the audit file, also for concurrent orders', async () => {
    const sim: SimulatorHandle = await startSimulator({ port: 0, seed: 5, tickIntervalMs: 0 });
    cleanup.push(() => sim.close());
    let audit: AuditLog | null = null;
    const witnessed: Witness[] = [];
    const unwatch = watchWrites(sim.port, (fields) => {
      if (fields[0] === '3') witnessed.push({ fields: fields.slice(1, 3), audited: audit ? durableOrderIds(audit) : new Set() });
    });
    cleanup.push(async () => unwatch());
    const dataDir = tempDir('gh-witness-');
    const core: Core = await createCore({
      dataDir,
      shell: 'web',
      version: '0.0.0-test',
      discovery: { home: dataDir, standardRoots: false },
      runtime: { broker: { probeIntervalMs: 60_000, backoffInitialMs: 100, backoffMaxMs: 500 } },
    });
    cleanup.push(() => core.dispose({ stopGateway: false }));
    const { call } = contractClient(core);
    await attachProfile(call, dataDir, sim.port, 'Witness');
    await call('gateway.start');
    await until(() => !!runtimeOf(core)?.broker.orders.reconciled && !!core.hub.get('account')?.summary['NetLiquidation'], { what: 'core ready', timeout: 15_000 });
    audit = runtimeOf(core)!.gate.audit;

    // One at a time: each order's sync and its send race on a fast disk, so give the race many chances.
    const one: { orderId: number }[] = [];
    for (let i = 0; i < 15; i++) one.push(await call('orders.place', { symbol: 'AAPL', side: 'BUY', quantity: '1', type: 'LMT', limitPrice: '1.00' }));
    // Twenty at once: their lines share syncs (group commit), and still none leaves before its own line.
    const many = await Promise.all(
      Array.from({ length: 20 }, (_, i) => ['AAPL', 'MSFT', 'SPY'][i % 3]!).map((symbol) => call('orders.place', { symbol, side: 'BUY', quantity: '1', type: 'LMT', limitPrice: '1.00' })),
    );
    const placed = [...one, ...many].map((r) => r.orderId);
    await until(() => placed.every((id) => witnessed.some((w) => w.fields.includes(String(id)))), { what: 'all frames seen', timeout: 10_000 });

    for (const id of placed) {
      const frame = witnessed.find((w) => w.fields.includes(String(id)))!;
      expect(frame.audited.has(id), `order ${id} was on the wire before its audit line`).toBe(true);
    }
  }, 30_000);
});
