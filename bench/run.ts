/**
 * `npm run bench`: Gatehouse's speed and memory, measured side by side with raw @stoqey/ib in the same
 * run, against the simulated Gateway over real TCP. Prints a table and writes bench/results.json.
 * Targets live here (not in timed unit tests) because a 2-core CI box is no place for timing asserts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import net from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { EventName, IBApi, OrderAction, OrderType, SecType, type IBApi as IBApiT } from '@stoqey/ib';
import { AccountBook } from '../electron/core/broker/account.ts';
import { Broker } from '../electron/core/broker/broker.ts';
import { OrderIdStore } from '../electron/core/broker/order-ids.ts';
import { OrderManager } from '../electron/core/broker/orders.ts';
import { createCore } from '../electron/core/app.ts';
import { startWebServer } from '../electron/web/server.ts';
import { startSimulator } from '../electron/simulator/server.ts';
import { summary } from './stats.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ORDERS = Number(process.env.BENCH_ORDERS ?? 200);
const FLOOD_SECONDS = Number(process.env.BENCH_FLOOD_SECONDS ?? 5);
const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length };
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'gh-bench-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (cond: () => boolean, what: string, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timeout: ${what}`);
    await sleep(2);
  }
};

function rawClient(port: number, clientId: number): Promise<{ api: IBApiT; nextId: number }> {
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

// 1. Order round trip: place → Submitted --------------------------------------------------------------
async function orderRoundTrip() {
  const sim = await startSimulator({ port: 0, seed: 1, tickIntervalMs: 0 });
  const contract = { symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };

  // Core: the contract's dispatcher, zod validation, the risk gate with its fsync'd audit append, then the
  // broker, until core's order book sees Submitted.
  const core = await createCore({ dataDir: tmp(), shell: 'web', version: 'bench', discovery: { home: tmp(), standardRoots: false } });
  const ok = await core.dispatcher.dispatch('settings.saveProfile', {
    profile: { name: 'Bench', mode: 'paper', installPath: tmp(), settingsPath: tmp(), apiPort: sim.port, clientId: 22 },
    activate: true,
  });
  if (!ok.ok) throw new Error(ok.error.message);
  await core.dispatcher.dispatch('gateway.start', undefined);
  await until(() => !!core.runtime()?.broker.orders.reconciled && !!core.runtime()?.broker.account.snapshot()?.summary['NetLiquidation'], 'core ready');
  const limits = await core.dispatcher.dispatch('risk.get', undefined);
  if (limits.ok) await core.dispatcher.dispatch('risk.setLimits', { ...(limits.value as { limits: object }).limits, maxOrdersPerMinute: null });

  // Raw: a bare IBApi on the same simulator at the same time, so both see the same Gateway load
  // (core's account, P&L and position subscriptions make the simulator itself slower per order).
  const raw = await rawClient(sim.port, 21);
  let id = raw.nextId;
  const rawTimes: number[] = [];
  const coreTimes: number[] = [];
  for (let i = 0; i < ORDERS; i++) {
    const orderId = id++;
    let t0 = performance.now();
    await new Promise<void>((resolve) => {
      const on = (oid: number, status: string) => {
        if (oid === orderId && status === 'Submitted') {
          raw.api.off(EventName.orderStatus, on);
          resolve();
        }
      };
      raw.api.on(EventName.orderStatus, on);
      raw.api.placeOrder(orderId, contract, { orderType: OrderType.LMT, action: OrderAction.BUY, totalQuantity: 1, lmtPrice: 1, transmit: true });
    });
    rawTimes.push(performance.now() - t0);

    t0 = performance.now();
    const r = await core.dispatcher.dispatch('orders.place', { symbol: 'AAPL', side: 'BUY', quantity: '1', type: 'LMT', limitPrice: '1.00' });
    if (!r.ok) throw new Error(`core place failed: ${r.error.message}`);
    const coreId = (r.value as { orderId: number }).orderId;
    await core.runtime()!.broker.orders.waitFor(coreId, (o) => o.status === 'Submitted');
    coreTimes.push(performance.now() - t0);
    // @stoqey/ib paces every connection at 40 messages/s (IB allows 50): stay below it so the figure is
    // latency, not the pacer's queue, for both sides alike.
    await sleep(30);
  }
  raw.api.disconnect();
  await core.dispose({ stopGateway: false });
  await sim.close();
  const rawS = summary(rawTimes);
  const coreS = summary(coreTimes);
  return { unit: 'ms', orders: ORDERS, paceMs: 30, raw: rawS, core: coreS, ratioP50: +(coreS.p50 / rawS.p50).toFixed(2), ratioP99: +(coreS.p99 / rawS.p99).toFixed(2) };
}

// 2. Flood: ticks from a simulator process; core CPU per 10k messages and what the UI streams emit ----------
async function startSimProcess(tickMs: number): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [path.join(root, 'bench', 'sim-child.ts'), String(tickMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const rl = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    rl.once('line', (l) => resolve((JSON.parse(l) as { port: number }).port));
    child.once('exit', () => reject(new Error('simulator process exited')));
  });
  return { child, port };
}

const FLOOD_SYMBOLS = ['AAPL', 'MSFT', 'SPY', 'QQQ', 'TSLA', 'NVDA', 'AMZN'];

async function flood() {
  const { child, port } = await startSimProcess(1);
  // Raw: the same subscriptions with a bare IBApi, counting decoded tick events.
  const raw = await rawClient(port, 31);
  let rawMsgs = 0;
  raw.api.on(EventName.tickPrice, () => rawMsgs++);
  raw.api.on(EventName.tickSize, () => rawMsgs++);
  FLOOD_SYMBOLS.forEach((s, i) => raw.api.reqMktData(5000 + i, { symbol: s, secType: SecType.STK, exchange: 'SMART', currency: 'USD' }, '', false, false));
  await sleep(500);
  let cpu0 = process.cpuUsage();
  let m0 = rawMsgs;
  let t0 = performance.now();
  await sleep(FLOOD_SECONDS * 1000);
  let cpu = process.cpuUsage(cpu0);
  const rawRate = (rawMsgs - m0) / ((performance.now() - t0) / 1000);
  const rawCpuPer10k = ((cpu.user + cpu.system) / 1000) / ((rawMsgs - m0) / 10_000);
  raw.api.disconnect();

  // Core: full core with positions in every symbol, so ticks move P&L and the account stream.
  const core = await createCore({ dataDir: tmp(), shell: 'web', version: 'bench', discovery: { home: tmp(), standardRoots: false } });
  await core.dispatcher.dispatch('settings.saveProfile', {
    profile: { name: 'Bench', mode: 'paper', installPath: tmp(), settingsPath: tmp(), apiPort: port, clientId: 32 },
    activate: true,
  });
  await core.dispatcher.dispatch('gateway.start', undefined);
  await until(() => !!core.runtime()?.broker.orders.reconciled, 'core ready');
  const rt = core.runtime()!;
  let coreMsgs = 0;
  const api = rt.broker.session.client!;
  api.on(EventName.tickPrice, () => coreMsgs++);
  api.on(EventName.tickSize, () => coreMsgs++);
  for (const s of FLOOD_SYMBOLS) rt.broker.market.watch({ symbol: s, secType: 'STK', exchange: 'SMART', currency: 'USD' });
  let streamEmits = 0;
  const offs = (['account', 'orders', 'status', 'risk'] as const).map((s) => core.hub.subscribe(s, () => streamEmits++));
  await sleep(500);
  cpu0 = process.cpuUsage();
  m0 = coreMsgs;
  const e0 = streamEmits;
  t0 = performance.now();
  await sleep(FLOOD_SECONDS * 1000);
  cpu = process.cpuUsage(cpu0);
  const secs = (performance.now() - t0) / 1000;
  const coreRate = (coreMsgs - m0) / secs;
  const coreCpuPer10k = ((cpu.user + cpu.system) / 1000) / ((coreMsgs - m0) / 10_000);
  for (const off of offs) off();
  await core.dispose({ stopGateway: false });
  child.kill('SIGTERM');
  return {
    seconds: FLOOD_SECONDS,
    raw: { messagesPerSecond: Math.round(rawRate), cpuMsPer10kMessages: +rawCpuPer10k.toFixed(1) },
    core: { messagesPerSecond: Math.round(coreRate), cpuMsPer10kMessages: +coreCpuPer10k.toFixed(1), uiStreamEmitsPerSecond: +((streamEmits - e0) / secs).toFixed(1) },
  };
}

// 3. Port opening → connected, and 4. time to detect a dropped or silent Gateway -------------------------
async function connectAndDetect() {
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  // Raw: what a bare client achieves when told the moment the port opens.
  let sim = await startSimulator({ port, tickIntervalMs: 0 });
  let t0 = performance.now();
  const raw = await rawClient(port, 41);
  const rawConnectMs = performance.now() - t0;
  raw.api.disconnect();
  await sim.close();

  // Core's broker: already retrying (backoff capped at 1 s) when the port opens, as after a Gateway restart.
  const broker = new Broker({ port, clientId: 42, dataDir: tmp(), profileKey: 'bench', backoffInitialMs: 250, backoffMaxMs: 1000, probeIntervalMs: 500 });
  broker.start();
  await sleep(1500);
  sim = await startSimulator({ port, tickIntervalMs: 0 });
  t0 = performance.now();
  await until(() => broker.orders.reconciled, 'broker connected');
  const brokerConnectMs = performance.now() - t0;

  let lostAt = 0;
  broker.on('lost', () => (lostAt = performance.now()));
  t0 = performance.now();
  sim.fault({ kind: 'dropSockets' });
  await until(() => lostAt > 0, 'drop detected');
  const dropMs = lostAt - t0;
  await until(() => broker.orders.reconciled, 'reconnected');
  lostAt = 0;
  t0 = performance.now();
  sim.fault({ kind: 'hang', durationMs: 5000 });
  await until(() => lostAt > 0, 'hang detected');
  const hangMs = lostAt - t0;
  broker.stop();
  await sim.close();
  return {
    portOpenToConnectedMs: { raw: +rawConnectMs.toFixed(1), coreReconnectLoop: +brokerConnectMs.toFixed(1), note: 'core includes reconciling open orders + executions before orders may leave' },
    detectDroppedSocketMs: +dropMs.toFixed(1),
    detectSilentGatewayMs: { value: +hangMs.toFixed(1), probeIntervalMs: 500 },
  };
}


// 3b. The whole path in demo mode: supervisor starts the simulated Gateway as a child process (IBC-style
// login), and we time from the log line where the Gateway opens its API port to status "connected".
async function demoLaunch() {
  const t0 = Date.now();
  const core = await createCore({ dataDir: tmp(), shell: 'web', version: 'bench', demo: true, discovery: { home: tmp(), standardRoots: false } });
  let connectedAt = 0;
  core.runtime()!.broker.on('ready', () => (connectedAt = Date.now()));
  await until(() => connectedAt > 0 && core.hub.get('status')?.level === 'connected', 'demo connected', 30_000);
  // Log lines carry the time they were read from the Gateway's stdout (not when the stream delivered them).
  await sleep(100);
  const logs = core.hub.get('logs') ?? [];
  const portLine = logs.find((l) => /socket port now set to/.test(l.text));
  await core.dispose({ stopGateway: true });
  return {
    launchToConnectedMs: connectedAt - t0,
    portOpenToConnectedMs: portLine ? connectedAt - portLine.time : null,
    note: 'port open = the Gateway log line saying so; connected = nextValidId on the broker session',
  };
}

// 5. Memory: 1,000 positions and 10,000 executions through the books' event handlers ---------------------
async function memory() {
  globalThis.gc?.();
  const before = process.memoryUsage();
  const fake = new EventEmitter() as unknown as IBApiT & EventEmitter;
  Object.assign(fake, { reqAllOpenOrders() {}, reqManagedAccts() {}, reqAccountSummary() {}, reqPnL() {}, reqAccountUpdates() {}, reqPositions() {}, reqOpenOrders() {}, reqExecutions() {}, cancelAccountSummary() {}, cancelPnL() {} });
  const book = new AccountBook();
  const orders = new OrderManager({ ids: new OrderIdStore(tmp(), 'bench') });
  book.attach(fake, 'DU1');
  orders.attach(fake, 1, 1);
  fake.emit(EventName.managedAccounts, 'DU1');
  for (let i = 0; i < 1000; i++) {
    const c = { conId: 100000 + i, symbol: `S${i}`, secType: SecType.STK, currency: 'USD', exchange: 'SMART' };
    fake.emit(EventName.updatePortfolio, c, 100 + i, 50.25, 5025 + i, 48.1, 210.5, 0, 'DU1');
  }
  for (let i = 0; i < 10_000; i++) {
    const c = { conId: 100000 + (i % 1000), symbol: `S${i % 1000}`, secType: SecType.STK, currency: 'USD' };
    fake.emit(EventName.execDetails, -1, c, { execId: `0000e0d5.${i}.01.01`, orderId: i + 1, acctNumber: 'DU1', side: i % 2 ? 'SLD' : 'BOT', shares: 10, price: 50.25, time: '20261125  15:30:00' });
    fake.emit(EventName.commissionReport, { execId: `0000e0d5.${i}.01.01`, commission: 1, realizedPNL: 1.5 });
  }
  const t0 = performance.now();
  const snap = book.snapshot()!;
  const os1 = orders.snapshot();
  const snapshotMs = performance.now() - t0;
  globalThis.gc?.();
  const after = process.memoryUsage();
  return {
    positions: snap.positions.length,
    executions: 10_000,
    fillsInSnapshot: os1.fills.length,
    rssMb: +(after.rss / 1048576).toFixed(1),
    heapDeltaMb: +((after.heapUsed - before.heapUsed) / 1048576).toFixed(1),
    snapshotMs: +snapshotMs.toFixed(2),
  };
}

// 6. Renderer: bundle size (gzipped) and first render in Chromium -----------------------------------------
async function renderer() {
  const dir = path.join(root, 'dist', 'renderer', 'assets');
  if (!existsSync(dir)) return { skipped: 'run `npm run build:renderer` first' };
  let js = 0;
  let css = 0;
  for (const f of readdirSync(dir)) {
    const gz = gzipSync(readFileSync(path.join(dir, f))).length;
    if (f.endsWith('.js')) js += gz;
    else if (f.endsWith('.css')) css += gz;
  }
  const out: Record<string, unknown> = { jsGzipKb: +(js / 1024).toFixed(1), cssGzipKb: +(css / 1024).toFixed(1) };
  const exe = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  if (!exe) return { ...out, firstRender: 'skipped: no Chromium' };
  const { chromium } = await import('@playwright/test');
  const core = await createCore({ dataDir: tmp(), shell: 'web', version: 'bench', discovery: { home: tmp(), standardRoots: false } });
  const web = await startWebServer({ core, rendererDir: path.join(root, 'dist', 'renderer'), port: 0 });
  const browser = await chromium.launch({ executablePath: exe, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const page = await browser.newPage();
    const t0 = performance.now();
    await page.goto(web.url);
    await page.getByTestId('status-pill').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="app-info"]')?.textContent?.includes('Gatehouse'));
    times.push(performance.now() - t0);
    await page.close();
  }
  await browser.close();
  await web.close();
  await core.dispose();
  return { ...out, firstRenderMs: summary(times) };
}

// -------------------------------------------------------------------------------------------------------
const sections: [string, () => Promise<unknown>][] = [
  ['orderRoundTrip', orderRoundTrip],
  ['flood', flood],
  ['connection', connectAndDetect],
  ['demoLaunch', demoLaunch],
  ['memory', memory],
  ['renderer', renderer],
];
for (const [name, fn] of sections) {
  process.stdout.write(`• ${name} … `);
  try {
    results[name] = await fn();
    console.log('done');
  } catch (err) {
    results[name] = { error: (err as Error).message };
    console.log(`failed: ${(err as Error).message}`);
  }
}

/** Reads `a.b.c` out of the results for the table; '—' when a section failed or lacks the figure. */
const g = (path: string): string => {
  const v = path.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown> | undefined)?.[k], results);
  return v === undefined || v === null ? '—' : String(v);
};
const ratio = (a: string, b: string) => (Number(a) > 0 && Number(b) > 0 ? `×${(Number(b) / Number(a)).toFixed(2)}` : '');
const rows: [string, string, string, string][] = [
  ['order place → Submitted p50 (ms)', g('orderRoundTrip.raw.p50'), g('orderRoundTrip.core.p50'), ratio(g('orderRoundTrip.raw.p50'), g('orderRoundTrip.core.p50'))],
  ['order place → Submitted p99 (ms)', g('orderRoundTrip.raw.p99'), g('orderRoundTrip.core.p99'), ratio(g('orderRoundTrip.raw.p99'), g('orderRoundTrip.core.p99'))],
  ['flood messages/s', g('flood.raw.messagesPerSecond'), g('flood.core.messagesPerSecond'), ''],
  ['CPU ms per 10k messages', g('flood.raw.cpuMsPer10kMessages'), g('flood.core.cpuMsPer10kMessages'), ratio(g('flood.raw.cpuMsPer10kMessages'), g('flood.core.cpuMsPer10kMessages'))],
  ['UI stream emits/s (4 streams, cap 20 each)', '—', g('flood.core.uiStreamEmitsPerSecond'), ''],
  ['port open → connected (ms)', g('connection.portOpenToConnectedMs.raw'), g('connection.portOpenToConnectedMs.coreReconnectLoop'), 'core: retry loop + reconcile'],
  ['demo: launch → connected (ms)', '—', g('demoLaunch.launchToConnectedMs'), 'supervisor + IBC-style login'],
  ['demo: Gateway port open → connected (ms)', '—', g('demoLaunch.portOpenToConnectedMs'), 'handshake probe + session + reconcile'],
  ['detect dropped socket (ms)', '—', g('connection.detectDroppedSocketMs'), ''],
  ['detect silent Gateway (ms, probe 500 ms)', 'never (no probe)', g('connection.detectSilentGatewayMs.value'), ''],
  ['RSS with 1,000 positions + 10,000 executions (MB)', '—', g('memory.rssMb'), `heap +${g('memory.heapDeltaMb')} MB`],
  ['renderer JS gzipped (KB)', '—', g('renderer.jsGzipKb'), `CSS ${g('renderer.cssGzipKb')} KB`],
  ['first render in Chromium p50 (ms)', '—', g('renderer.firstRenderMs.p50'), ''],
];
const w = [Math.max(...rows.map((x) => x[0].length), 6), 16, 12, 26];
const line = (c: string[]) => c.map((s, i) => (i === 0 ? s.padEnd(w[i]!) : s.padStart(w[i]!))).join('  ');
console.log('\n' + line(['metric', 'raw @stoqey/ib', 'Gatehouse', 'ratio / note']));
console.log(w.map((n) => '-'.repeat(n)).join('  '));
for (const row of rows) console.log(line(row));
writeFileSync(path.join(root, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
console.log('\nwritten to bench/results.json');
process.exit(0);
