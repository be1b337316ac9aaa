/**
 * Core for the positions-page row, in its own process so its CPU and event loop are core's alone:
 * `node bench/positions-child.ts <gateway port> <renderer dir> <positions> <changes per second> <seconds>`.
 *
 * Core is connected to the simulated Gateway as usual; the 10,000 positions are synthetic, since the
 * simulator's instrument universe is fixed. They enter core where the Gateway's do, as `updatePortfolio`
 * events on core's own connection (the message reqAccountUpdates streams, one per position and change,
 * https://interactivebrokers.github.io/tws-api/interfaceIBApi_1_1EWrapper.html#a790ccbe25033df73996f36a79ce2ce5a),
 * so everything after the socket's decoder is core's real path: the account book, the risk view built from
 * it, the stream hub, the web bridge. Prints its address first, then `{"measuring":true}` once the page has
 * the whole book, and last the figures: CPU % of one core and event-loop delay over the measured seconds.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { EventName } from '@stoqey/ib';
import { startWebServer } from '../electron/web/server.ts';
import { runtimeOf } from '../electron/core/testing.ts';
import { connectedCore, sleep, until } from './support.ts';

const [portArg, rendererDir, countArg, rateArg, secondsArg] = process.argv.slice(2);
const COUNT = Number(countArg ?? 10_000);
const CHANGES_PER_SECOND = Number(rateArg ?? 2_000);
const SECONDS = Number(secondsArg ?? 10);
/** The feed's batch interval: IB's portfolio and P&L updates come in bursts, not one at a time. */
const BATCH_MS = 50;

const core = await connectedCore(Number(portArg), 71);
const rt = runtimeOf(core)!;
// Lift the loss limits: the synthetic book's P&L is noise, and a tripped kill switch changes nothing here.
const limits = await core.dispatcher.dispatch('risk.get', undefined);
if (limits.ok) await core.dispatcher.dispatch('risk.setLimits', { ...limits.value.limits, dailyLossLimit: null, maxDrawdown: null });
await core.dispatcher.dispatch('settings.setPreferences', { wizardDone: true });
const web = await startWebServer({ core, rendererDir: rendererDir!, port: 0 });
const api = rt.broker.session.client!;
const account = rt.broker.account.primaryAccount() ?? 'DU1234567';

let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const prices = Array.from({ length: COUNT }, () => 20 + Math.round(rand() * 30000) / 100);
const qty = Array.from({ length: COUNT }, () => 1 + Math.floor(rand() * 500));
function report(i: number) {
  const price = prices[i]!;
  const contract = { conId: 900_000 + i, symbol: `SYN${String(i).padStart(5, '0')}`, secType: 'STK', currency: 'USD', exchange: 'NASDAQ' };
  api.emit(EventName.updatePortfolio, contract, qty[i], price, price * qty[i]!, 100, (price - 100) * qty[i]!, 0, account);
}

process.stdout.write(`${JSON.stringify({ url: web.url })}\n`);
await until(() => web.backlog().length > 0, 'the page to connect', 60_000);
for (let i = 0; i < COUNT; i++) report(i);
await until(() => (rt.broker.account.snapshot()?.positions.length ?? 0) >= COUNT, 'core to hold the book');

// The feed: every BATCH_MS a batch of positions moves price by a tick or two.
const perBatch = Math.max(1, Math.round((CHANGES_PER_SECOND * BATCH_MS) / 1000));
let changes = 0;
const feed = setInterval(() => {
  for (let k = 0; k < perBatch; k++) {
    const i = Math.floor(rand() * COUNT);
    prices[i] = Math.max(1, prices[i]! + (rand() < 0.5 ? -0.01 : 0.01) * (1 + Math.floor(rand() * 2)));
    report(i);
    changes++;
  }
}, BATCH_MS);

// Let the page draw the whole book and settle, then tell the parent to start counting frames.
await sleep(4_000);
// The histogram records the time between its timer's turns, the resolution included: lateness is the rest.
const RESOLUTION_MS = 2;
const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
loop.enable();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const changes0 = changes;
process.stdout.write(`${JSON.stringify({ measuring: true })}\n`);
await sleep(SECONDS * 1000);
const cpu = process.cpuUsage(cpu0);
const wall = performance.now() - t0;
loop.disable();
clearInterval(feed);
const out = {
  positions: rt.broker.account.snapshot()?.positions.length ?? 0,
  changesPerSecond: Math.round(((changes - changes0) * 1000) / wall),
  coreCpuPercent: +(((cpu.user + cpu.system) / 1000 / wall) * 100).toFixed(1),
  eventLoopDelayMs: {
    p50: +Math.max(0, loop.percentile(50) / 1e6 - RESOLUTION_MS).toFixed(2),
    p99: +Math.max(0, loop.percentile(99) / 1e6 - RESOLUTION_MS).toFixed(2),
    max: +Math.max(0, loop.max / 1e6 - RESOLUTION_MS).toFixed(2),
  },
  loadAverage: (await import('node:os')).loadavg().map((n) => +n.toFixed(2)),
  seconds: +(wall / 1000).toFixed(1),
};
if (process.env.BENCH_DEBUG) {
  const logs = await core.dispatcher.dispatch('gateway.logs', { limit: 60 });
  if (logs.ok) for (const l of logs.value) process.stderr.write(`${new Date(l.time).toISOString()} ${l.source} ${l.level} ${l.text}\n`);
}
await web.close();
await core.dispose({ stopGateway: false });
process.stdout.write(`${JSON.stringify(out)}\n`);
process.exit(0);
