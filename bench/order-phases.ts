/**
 * `node bench/order-phases.ts [orders]`: where core's order place → Submitted goes, phase by phase, beside
 * raw @stoqey/ib on the same simulator process (pairs alternate, 30 warm-up pairs discarded, 55 ms apart
 * as in the bench's order row). Not part of `npm run bench`: it looks inside core (the audit log's append,
 * the Gateway socket's write call), which the bench's own rows must not pay for.
 *
 * Phases (p50 / p99, ms): dispatch → audit append (contract check, read-only, contract lookup, risk
 * evaluation), append → line durable (write + O_DSYNC), durable → socket write call (promise hops, the
 * order built, stoqey's encoder), the write call itself (loopback TCP hands the bytes to the simulator
 * inside it), and write → Submitted in core's book. Raw: placeOrder (encode + write), write → Submitted.
 */
import net from 'node:net';
import os from 'node:os';
import { EventName, OrderAction, OrderType, SecType } from '@stoqey/ib';
import { runtimeOf } from '../electron/core/testing.ts';
import { summary } from './stats.ts';
import { alternate, connectedCore, corePlace, rawClient, startSimProcess, until } from './support.ts';

const ORDERS = Number(process.argv[2] ?? 300);
const WARMUP = 30;
const PACE_MS = 55;
const SYMBOLS = ['AAPL', 'MSFT', 'SPY', 'QQQ', 'TSLA', 'NVDA', 'AMZN'];
const loadBefore = os.loadavg()[0]!;

const sim = await startSimProcess({ tickIntervalMs: 0, seed: 1 });
const core = await connectedCore(sim.port, 22);
const rt = runtimeOf(core)!;
const limits = await core.dispatcher.dispatch('risk.get', undefined);
if (limits.ok) await core.dispatcher.dispatch('risk.setLimits', { ...limits.value.limits, maxOrdersPerMinute: null });
for (let i = 0; i < 20; i++) await corePlace(core, { symbol: SYMBOLS[i % 7]!, side: 'BUY', quantity: '1', type: 'LMT', limitPrice: '1.00' });
await until(() => rt.broker.orders.openOrders().length >= 20, 'resting orders');

/** This order's moments; the first of each kind counts. */
const at: Partial<Record<'append' | 'durable' | 'write' | 'written' | 'submitted', number>> = {};
const mark = (k: keyof typeof at) => (at[k] ??= performance.now());
const audit = rt.gate.audit;
const append = audit.append.bind(audit);
audit.append = (entry) => {
  mark('append');
  return append(entry).then(() => void mark('durable'));
};
const coreSocket = () => (rt.broker.session.client as unknown as { controller: { socket: { client: unknown } } }).controller.socket.client;
const write = net.Socket.prototype.write;
net.Socket.prototype.write = function (this: net.Socket, chunk: unknown, ...rest: unknown[]) {
  // A placeOrder frame: [4-byte length] then message id 3.
  const placing = this === coreSocket() && Buffer.isBuffer(chunk) && chunk.subarray(4, 6).toString('latin1') === '3\0';
  if (placing) mark('write');
  const r = (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  if (placing) mark('written');
  return r;
} as typeof write;
rt.broker.orders.on('status', (o) => {
  if (o.status === 'Submitted') mark('submitted');
});

const raw = await rawClient(sim.port, 21);
let rawId = raw.nextId;
const contract = { symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
const rows: Record<string, number[]> = {
  'core: dispatch → audit append': [],
  'core: append → line durable': [],
  'core: durable → socket write call': [],
  'core: the write call': [],
  'core: write → Submitted': [],
  'core: total': [],
  'raw: placeOrder (encode + write)': [],
  'raw: write → Submitted': [],
  'raw: total': [],
};
const push = (k: string, v: number) => rows[k]!.push(v);

async function runRaw(record: boolean) {
  const orderId = rawId++;
  let returned = 0;
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    const on = (oid: number, status: string) => {
      if (oid !== orderId || status !== 'Submitted') return;
      raw.api.off(EventName.orderStatus, on);
      resolve();
    };
    raw.api.on(EventName.orderStatus, on);
    raw.api.placeOrder(orderId, contract, { orderType: OrderType.LMT, action: OrderAction.BUY, totalQuantity: 1, lmtPrice: 1, transmit: true });
    returned = performance.now();
  });
  const t1 = performance.now();
  if (record) {
    push('raw: placeOrder (encode + write)', returned - t0);
    push('raw: write → Submitted', t1 - returned);
    push('raw: total', t1 - t0);
  }
  raw.api.cancelOrder(orderId);
}

async function runCore(record: boolean) {
  for (const k of Object.keys(at)) delete at[k as keyof typeof at];
  const t0 = performance.now();
  const r = await core.dispatcher.dispatch('orders.place', { symbol: 'AAPL', side: 'BUY', quantity: '1', type: 'LMT', limitPrice: '1.00' });
  if (!r.ok) throw new Error(`core place failed: ${r.error.message}`);
  await rt.broker.orders.waitFor(r.value.orderId, (o) => o.status === 'Submitted');
  const t1 = performance.now();
  if (record && at.append && at.durable && at.write && at.written && at.submitted) {
    push('core: dispatch → audit append', at.append - t0);
    push('core: append → line durable', at.durable - at.append);
    push('core: durable → socket write call', at.write - at.durable);
    push('core: the write call', at.written - at.write);
    push('core: write → Submitted', at.submitted - at.write);
    push('core: total', t1 - t0);
  }
  rt.broker.orders.cancel(r.value.orderId);
}

await alternate({ warmup: WARMUP, recorded: ORDERS, paceMs: PACE_MS }, runRaw, runCore);
net.Socket.prototype.write = write;
raw.api.disconnect();
await core.dispose({ stopGateway: false });
await sim.stop();

console.log(`${ORDERS} order pairs; load average ${loadBefore.toFixed(2)} before, ${os.loadavg()[0]!.toFixed(2)} after, on ${os.cpus().length} CPUs`);
const width = Math.max(...Object.keys(rows).map((k) => k.length));
for (const [k, v] of Object.entries(rows)) {
  const s = summary(v);
  console.log(`${k.padEnd(width)}  p50 ${s.p50.toFixed(2).padStart(6)}  p99 ${s.p99.toFixed(2).padStart(7)}  (n ${s.n})`);
}
process.exit(0);
