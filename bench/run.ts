/**
 * `npm run bench`: Gatehouse's speed and memory, measured side by side with raw @stoqey/ib in the same
 * run, against the simulated Gateway over real TCP. Prints one table — each row with its ratio and the
 * goal from issue 16 beside it — and writes bench/results.json.
 *
 * Fairness: the simulator runs in its own process for every order and flood row; raw and core alternate
 * (each order pair swaps who goes first; the flood's raw and core run side by side on one feed, fresh processes)
 * and both are warmed up first; data folders sit on a real disk (never tmpfs, where fsync is free).
 * Targets live here, not in timed unit tests: a 2-core CI box is no place for timing asserts.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { EventName, OrderAction, OrderType, SecType } from '@stoqey/ib';
import { Broker } from '../electron/core/broker/broker.ts';
import { createCore } from '../electron/core/app.ts';
import { OrderTicket, type AccountSnapshot, type OrdersSnapshot } from '../electron/core/contract.ts';
import { RiskGate } from '../electron/core/risk/gate.ts';
import { startWebServer } from '../electron/web/server.ts';
import { startSimulator } from '../electron/simulator/server.ts';
import { firewallBench } from './firewall.ts';
import { positionsPage } from './positions-page.ts';
import { summary } from './stats.ts';
import { alternate, connectedCore, corePlace, dataRoot, rawClient, root, runChild, sleep, startChild, startSimProcess, tmp, until } from './support.ts';
import { runtimeOf } from '../electron/core/testing.ts';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 400);
const WARMUP = 30;
const FLOOD_SECONDS = Number(process.env.BENCH_FLOOD_SECONDS ?? 3);
const FLOOD_ROUNDS = 5;
/** Below stoqey's 40 messages/s per connection even with the cancel that follows each order. */
const PACE_MS = 55;
const FLOOD_SYMBOLS = ['AAPL', 'MSFT', 'SPY', 'QQQ', 'TSLA', 'NVDA', 'AMZN'];
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  loadAverage: os.loadavg().map((n) => +n.toFixed(2)),
  dataFolder: dataRoot(),
};

// 1. Order place → Submitted, and when the stream shows it --------------------------------------------
async function orderRoundTrip() {
  const sim = await startSimProcess({ tickIntervalMs: 0, seed: 1 });
  const contract = { symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
  const core = await connectedCore(sim.port, 22);
  const rt = runtimeOf(core)!;
  const limits = await core.dispatcher.dispatch('risk.get', undefined);
  if (limits.ok) await core.dispatcher.dispatch('risk.setLimits', { ...limits.value.limits, maxOrdersPerMinute: null });
  // 20 resting orders, as a trader with a working book has: the risk gate scans them on every order.
  for (let i = 0; i < 20; i++) await corePlace(core, { symbol: FLOOD_SYMBOLS[i % 7]!, side: 'BUY', quantity: '1', type: 'LMT', limitPrice: '1.00' });
  await until(() => rt.broker.orders.openOrders().length >= 20, 'resting orders');

  // When core's broker hears Submitted from the Gateway, and when a stream subscriber (the UI) sees it.
  let watching = -1;
  let heardAt = 0;
  let shownAt = 0;
  rt.broker.orders.on('status', (o) => {
    if (o.orderId === watching && o.status === 'Submitted' && !heardAt) heardAt = performance.now();
  });
  core.hub.subscribe('orders', (snap) => {
    if (watching < 0 || shownAt) return;
    if ((snap as OrdersSnapshot).open.some((o) => o.orderId === watching && o.status === 'Submitted')) shownAt = performance.now();
  });

  const raw = await rawClient(sim.port, 21);
  let id = raw.nextId;
  const rawTimes: number[] = [];
  const coreTimes: number[] = [];
  const uiTimes: number[] = [];
  const gwToUi: number[] = [];
  const runRaw = async (record: boolean) => {
    const orderId = id++;
    const t0 = performance.now();
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
    if (record) rawTimes.push(performance.now() - t0);
    raw.api.cancelOrder(orderId);
  };
  const runCore = async (record: boolean) => {
    heardAt = 0;
    shownAt = 0;
    const t0 = performance.now();
    // The id is known only when the dispatch returns; Submitted cannot arrive before the frame left.
    const r = await core.dispatcher.dispatch('orders.place', { symbol: 'AAPL', side: 'BUY', quantity: '1', type: 'LMT', limitPrice: '1.00' });
    if (!r.ok) throw new Error(`core place failed: ${r.error.message}`);
    const coreId = (r.value as { orderId: number }).orderId;
    watching = coreId;
    await rt.broker.orders.waitFor(coreId, (o) => o.status === 'Submitted');
    const tBook = performance.now();
    await until(() => shownAt > 0, 'stream shows Submitted', 5000);
    if (record) {
      coreTimes.push(tBook - t0);
      uiTimes.push(shownAt - t0);
      if (heardAt) gwToUi.push(shownAt - heardAt);
    }
    watching = -1;
    rt.broker.orders.cancel(coreId);
  };
  await alternate({ warmup: WARMUP, recorded: ORDERS, paceMs: PACE_MS }, runRaw, runCore);
  raw.api.disconnect();
  const audit = rt.gate.audit;
  const syncs = audit.syncs;
  await core.dispose({ stopGateway: false });
  await sim.stop();
  const rawS = summary(rawTimes);
  const coreS = summary(coreTimes);
  return {
    unit: 'ms',
    orders: ORDERS,
    warmup: WARMUP,
    paceMs: PACE_MS,
    restingOrders: 20,
    raw: rawS,
    core: coreS,
    coreOnStream: summary(uiTimes),
    gatewayReportToStream: summary(gwToUi),
    auditSyncs: syncs,
    ratioP50: +(coreS.p50 / rawS.p50).toFixed(2),
    ratioP99: +(coreS.p99 / rawS.p99).toFixed(2),
  };
}

// 1b. The floor under the audit record: one line written and fdatasync'd on this disk, right now ---------
async function syncFloor() {
  const { closeSync, fdatasync, openSync, writeSync } = await import('node:fs');
  const fd = openSync(path.join(tmp(), 'floor.jsonl'), 'a');
  const line = Buffer.from('x'.repeat(1500) + '\n');
  const run = async (n: number, gapMs: number) => {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      writeSync(fd, line);
      await new Promise<void>((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve())));
      times.push(performance.now() - t);
      if (gapMs) await sleep(gapMs);
    }
    return summary(times);
  };
  // Back to back, and at the order row's pace: a sync after an idle gap waits for the file system's
  // journal, and that (not core) is most of an audit record's cost on a shared disk.
  const backToBack = await run(300, 0);
  const atOrderPace = await run(150, PACE_MS);
  closeSync(fd);
  return { backToBack, atOrderPace, p50: atOrderPace.p50, p99: atOrderPace.p99 };
}

// 2. Risk CPU with 5,000 executions in the PDT window -------------------------------------------------
async function riskCpu() {
  const day = 86_400_000;
  // Friday 2026-11-20 15:00 New York; the 5,000 fills spread over the five business days before it.
  const now = Date.UTC(2026, 10, 20, 20, 0);
  const gate = new RiskGate({ dir: tmp(), clock: { now: () => now } });
  const days = [0, 1, 2, 3, 4].map((d) => now - d * day - 4 * 3_600_000);
  const symbols = ['AAPL', 'MSFT', 'SPY', 'QQQ', 'TSLA', 'NVDA', 'AMZN', 'META', 'GOOG', 'AMD'];
  let n = 0;
  const fill = () => {
    const i = n++;
    return { execId: `x${i}`, orderId: 1000 + i, symbol: symbols[i % symbols.length]!, side: (i >> 1) % 2 ? ('SELL' as const) : ('BUY' as const), shares: '10', time: days[i % 5]! + (i % 3000) * 1000 };
  };
  const t0 = performance.now();
  for (let i = 0; i < 5000; i++) gate.onFill(fill());
  const ingestMs = performance.now() - t0;
  const fillTimes: number[] = [];
  for (let i = 0; i < 300; i++) {
    const f = fill();
    const t = performance.now();
    gate.onFill(f);
    fillTimes.push(performance.now() - t);
  }
  const snapshot: AccountSnapshot = {
    account: 'DU1',
    currency: 'USD',
    summary: { NetLiquidation: '100000', TotalCashValue: '50000', BuyingPower: '200000' },
    pnl: { daily: '0', unrealized: '0', realized: '0' },
    positions: FLOOD_SYMBOLS.map((s, i) => ({ account: 'DU1', conId: 100 + i, symbol: s, secType: 'STK', currency: 'USD', exchange: 'SMART', quantity: '100', avgCost: '100', marketPrice: '101', marketValue: '10100', unrealizedPnl: '100', realizedPnl: '0', dailyPnl: null })) as unknown as AccountSnapshot['positions'],
    equityLine: [],
    updatedAt: now,
    stale: false,
  };
  const openOrders = Array.from({ length: 20 }, (_, i) => ({ orderId: 5000 + i, symbol: FLOOD_SYMBOLS[i % 7]!, secType: 'STK', side: 'BUY' as const, remaining: '1', limitPrice: '1', stopPrice: null }));
  const market = { mode: 'paper' as const, lastPrice: () => '101', openOrders };
  const ticket = OrderTicket.parse({ symbol: 'AAPL', side: 'BUY', quantity: '1', type: 'LMT', limitPrice: '100.00' });
  // The account snapshot after the fills, as the Gateway sends it: the fills are now in the positions.
  await gate.observe(snapshot, market);
  const evalTimes: number[] = [];
  for (let i = 0; i < 1300; i++) {
    const t = performance.now();
    gate.preview(ticket, snapshot, market);
    if (i >= 300) evalTimes.push(performance.now() - t);
  }
  return { executions: 5000 + 300, ingest5000Ms: +ingestMs.toFixed(1), oneMoreFill: summary(fillTimes), evaluationPerOrder: summary(evalTimes), dayTrades: gate.state(snapshot).pdt.dayTrades };
}

// 3. Flood: CPU per 10k tick messages, raw and core alternating in fresh processes -----------------------
interface FloodRound {
  messagesPerSecond: number;
  cpuMsPer10kMessages: number;
  capacityMessagesPerCpuSecond: number;
  cpuPercent: number;
  uiStreamEmitsPerSecond: number;
  restingOrders: number;
}
async function flood() {
  const sim = await startSimProcess({ tickIntervalMs: 1, seed: 3, positions: FLOOD_SYMBOLS.map((symbol) => ({ symbol, quantity: 100, avgCost: 100 })) });
  const rounds: { raw: FloodRound[]; core: FloodRound[] } = { raw: [], core: [] };
  // Raw and core measure the same seconds of the same feed, side by side in two fresh processes: on this
  // shared 2-core VM the CPU one message costs drifts by ±10 % from one few-second window to the next (the
  // host's other tenants), and alternating rounds still put the ratio anywhere from ×1.02 to ×1.23 in one
  // hour. Measured together, the drift falls on both alike; the sim's pace is the same for both too, so
  // core's per-second costs (the 10 Hz streams) weigh on the same number of messages as raw's.
  for (let i = 0; i < FLOOD_ROUNDS; i++) {
    const pair = await Promise.all((['raw', 'core'] as const).map((mode) => startChild<{ started: true }>('flood-child.ts', [mode, String(sim.port), String(FLOOD_SECONDS)], { FLOOD_SYNC: '1' }, 'pipe')));
    for (const { lines } of pair) {
      const r = await lines.next();
      if (r.done || !(JSON.parse(r.value) as { ready?: boolean }).ready) throw new Error('flood child did not get ready');
    }
    for (const { child } of pair) child.stdin!.write('go\n');
    const results = await Promise.all(
      pair.map(async ({ child, lines }) => {
        let last: FloodRound | null = null;
        for await (const l of lines) if (l.trim()) last = JSON.parse(l) as FloodRound;
        if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
        if (!last) throw new Error('flood child printed no result');
        return last;
      }),
    );
    rounds.raw.push(results[0]!);
    rounds.core.push(results[1]!);
  }
  await sim.stop();
  // Each round is a pair measured on the same seconds, so the ratio is taken per pair and the pair with the
  // median ratio is the one reported: medians of raw and of core taken apart would pair one round's raw with
  // another's core (it read ×0.96 once, when the paired ratios were 0.96–1.11).
  const ratios = rounds.core.map((c, i) => c.cpuMsPer10kMessages / rounds.raw[i]!.cpuMsPer10kMessages);
  const median = [...ratios.keys()].sort((a, b) => ratios[a]! - ratios[b]!)[Math.floor(ratios.length / 2)]!;
  const raw = rounds.raw[median]!;
  const core = rounds.core[median]!;
  return { seconds: FLOOD_SECONDS, rounds, pairedRatios: ratios.map((r) => +r.toFixed(3)), raw, core, ratioCpu: +(core.cpuMsPer10kMessages / raw.cpuMsPer10kMessages).toFixed(2) };
}

// 4. Core's own order capacity with the pacer lifted ----------------------------------------------------
async function capacity() {
  const sim = await startSimProcess({ tickIntervalMs: 0, seed: 4 });
  try {
    return await runChild<unknown>('capacity-child.ts', [String(sim.port), '250,500,1000,1500,2000', '400'], { MAX_REQ_PER_SECOND: '1000000' });
  } finally {
    await sim.stop();
  }
}

// 5. Port open → connected, and the time to detect a dropped or silent Gateway, at the product defaults --
async function connectAndDetect() {
  const net = await import('node:net');
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  let sim = await startSimulator({ port, tickIntervalMs: 0 });
  let t0 = performance.now();
  const raw = await rawClient(port, 41);
  const rawConnectMs = performance.now() - t0;
  raw.api.disconnect();
  await sim.close();

  // Core's broker exactly as the product builds it (its default probe interval), already retrying when
  // the port opens, as after a Gateway restart.
  const broker = new Broker({ port, clientId: 42, dataDir: tmp(), profileKey: 'bench' });
  const probeIntervalMs = (broker.session as unknown as { opts: { probeIntervalMs: number } }).opts.probeIntervalMs;
  broker.start();
  await sleep(1500);
  sim = await startSimulator({ port, tickIntervalMs: 0 });
  t0 = performance.now();
  await until(() => broker.orders.reconciled, 'broker connected', 30_000);
  const brokerConnectMs = performance.now() - t0;

  let lostAt = 0;
  broker.on('lost', () => (lostAt = performance.now()));
  t0 = performance.now();
  sim.fault({ kind: 'dropSockets' });
  await until(() => lostAt > 0, 'drop detected');
  const dropMs = lostAt - t0;
  await until(() => broker.orders.reconciled, 'reconnected', 30_000);
  lostAt = 0;
  t0 = performance.now();
  sim.fault({ kind: 'hang', durationMs: 4 * probeIntervalMs });
  await until(() => lostAt > 0, 'hang detected', 4 * probeIntervalMs);
  const hangMs = lostAt - t0;
  broker.stop();
  await sim.close();
  return {
    portOpenToConnectedMs: { raw: +rawConnectMs.toFixed(1), coreReconnectLoop: +brokerConnectMs.toFixed(1), note: 'core: default backoff + reconciling open orders and executions before orders may leave' },
    detectDroppedSocketMs: +dropMs.toFixed(1),
    detectSilentGatewayMs: { value: +hangMs.toFixed(1), probeIntervalMs, range: `${probeIntervalMs}–${2 * probeIntervalMs} ms (a probe unanswered by the next one)` },
  };
}

// 6. The whole path in demo mode -------------------------------------------------------------------------
async function demoLaunch() {
  const t0 = Date.now();
  const dir = tmp();
  const core = await createCore({ dataDir: dir, shell: 'web', version: 'bench', demo: true, discovery: { home: dir, standardRoots: false } });
  let connectedAt = 0;
  runtimeOf(core)!.broker.on('ready', () => (connectedAt = Date.now()));
  await until(() => connectedAt > 0 && core.hub.get('status')?.level === 'connected', 'demo connected', 30_000);
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

// 7. Memory, in a fresh process ------------------------------------------------------------------------
const memory = () => runChild<unknown>('memory-child.ts', []);

// 8. Renderer: bundle size and first render up to the first account data on screen --------------------------
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
  const sim = await startSimProcess({ tickIntervalMs: 250, seed: 6 });
  const core = await connectedCore(sim.port, 61);
  const web = await startWebServer({ core, rendererDir: path.join(root, 'dist', 'renderer'), port: 0 });
  const browser = await chromium.launch({ executablePath: exe, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const page = await browser.newPage();
    const t0 = performance.now();
    await page.goto(web.url);
    // First render = the trader's first account figure on screen, not an empty shell.
    // (the status bar's net liquidation: shown on every screen, the wizard's too)
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="sb-net-liq"]')?.textContent ?? ''), undefined, { timeout: 20_000 });
    if (i > 0) times.push(performance.now() - t0);
    await page.close();
  }
  await browser.close();
  await web.close();
  await core.dispose({ stopGateway: false });
  await sim.stop();
  return { ...out, firstAccountDataMs: summary(times) };
}

// -------------------------------------------------------------------------------------------------------
const sections: [string, () => Promise<unknown>][] = [
  ['orderRoundTrip', orderRoundTrip],
  ['syncFloor', syncFloor],
  ['risk', riskCpu],
  ['firewall', () => firewallBench(Math.min(ORDERS, 150), PACE_MS)],
  ['flood', flood],
  ['capacity', capacity],
  ['connection', connectAndDetect],
  ['demoLaunch', demoLaunch],
  ['memory', memory],
  ['renderer', renderer],
  ['positionsPage', positionsPage],
];
const only = process.env.BENCH_ONLY?.split(',');
for (const [name, fn] of sections) {
  if (only && !only.includes(name)) continue;
  process.stdout.write(`• ${name} (load ${os.loadavg()[0]!.toFixed(2)}) … `);
  try {
    results[name] = await fn();
    console.log('done');
  } catch (err) {
    results[name] = { error: (err as Error).message };
    console.log(`failed: ${(err as Error).message}`);
  }
}
results['loadAverageAfter'] = os.loadavg().map((n) => +n.toFixed(2));

/** Reads `a.b.c` out of the results; undefined when a section failed or lacks the figure. */
const num = (p: string): number | undefined => {
  const v = p.split('.').reduce<unknown>((x, k) => (x as Record<string, unknown> | undefined)?.[k], results);
  return typeof v === 'number' ? v : undefined;
};
const s = (p: string): string => (num(p) === undefined ? '—' : String(num(p)));
const times = (a: string, b: string) => (num(a) && num(b) ? num(b)! / num(a)! : undefined);
const fmt = (x: number | undefined, d = 2) => (x === undefined ? '—' : `×${x.toFixed(d)}`);
const check = (ok: boolean | undefined) => (ok === undefined ? '?' : ok ? 'ok' : 'MISSED');
type Row = [metric: string, raw: string, core: string, ratio: string, goal: string, verdict: string];
const ratioRow = (metric: string, a: string, b: string, max: number): Row => {
  const r = times(a, b);
  return [metric, s(a), s(b), fmt(r), `≤ ×${max}`, check(r === undefined ? undefined : r <= max)];
};
const capRow = (metric: string, value: number | undefined, goal: string, ok: boolean | undefined, note = ''): Row => [metric, '—', value === undefined ? '—' : String(value), note, goal, check(ok)];
const rows: Row[] = [
  ratioRow('order place → Submitted p50 (ms)', 'orderRoundTrip.raw.p50', 'orderRoundTrip.core.p50', 2.5),
  ratioRow('order place → Submitted p99 (ms)', 'orderRoundTrip.raw.p99', 'orderRoundTrip.core.p99', 4),
  capRow('API order via firewall → Submitted p50 (ms)', num('firewall.firewall.p50'), `≤ UI path (${s('firewall.uiPath.p50')} ms)`, num('firewall.firewall.p50') === undefined || num('firewall.uiPath.p50') === undefined ? undefined : num('firewall.firewall.p50')! <= num('firewall.uiPath.p50')!),
  capRow('firewall relay overhead per message p50 (ms)', num('firewall.relay.overheadP50'), '≤ 0.2 ms', num('firewall.relay.overheadP50') === undefined ? undefined : num('firewall.relay.overheadP50')! <= 0.2, `direct ${s('firewall.relay.direct.p50')} / relayed ${s('firewall.relay.firewall.p50')}`),
  capRow('order place → Submitted on the stream p50 (ms)', num('orderRoundTrip.coreOnStream.p50'), '(UI-visible)', undefined, ''),
  capRow('floor: one line + fdatasync at order pace p50 (ms)', num('syncFloor.p50'), '(disk, not core)', undefined, `back to back ${s('syncFloor.backToBack.p50')}`),
  capRow('Gateway reports Submitted → stream p50 (ms)', num('orderRoundTrip.gatewayReportToStream.p50'), '≤ 5 ms', (num('orderRoundTrip.gatewayReportToStream.p50') ?? Infinity) <= 5),
  capRow('PDT: one more fill, 5,000 in window p50 (ms)', num('risk.oneMoreFill.p50'), '≤ 0.3 ms', (num('risk.oneMoreFill.p50') ?? Infinity) <= 0.3),
  capRow('risk evaluation per order, 5,000 fills p50 (ms)', num('risk.evaluationPerOrder.p50'), '≤ 0.1 ms', (num('risk.evaluationPerOrder.p50') ?? Infinity) <= 0.1),
  capRow('ingest 5,000 fills (ms)', num('risk.ingest5000Ms'), '(was 12,800)', undefined),
  ratioRow('flood CPU ms per 10k messages (7 pos, 20 orders)', 'flood.raw.cpuMsPer10kMessages', 'flood.core.cpuMsPer10kMessages', 1.1),
  ['flood capacity (messages per CPU-second)', s('flood.raw.capacityMessagesPerCpuSecond'), s('flood.core.capacityMessagesPerCpuSecond'), fmt(times('flood.core.capacityMessagesPerCpuSecond', 'flood.raw.capacityMessagesPerCpuSecond')), 'raw / core', ''],
  ['flood offered, messages/s handled', s('flood.raw.messagesPerSecond'), s('flood.core.messagesPerSecond'), '', '(simulator-bound)', ''],
  capRow('UI stream emits/s during the flood', num('flood.core.uiStreamEmitsPerSecond'), '(account+risk ≤ 10/s each)', undefined),
  capRow('core capacity, pacer lifted (orders/s, p50 ≤ 5 ms)', num('capacity.maxRateP50Under5ms'), '≥ 1,000/s', (num('capacity.maxRateP50Under5ms') ?? 0) >= 1000),
  ['port open → connected (ms)', s('connection.portOpenToConnectedMs.raw'), s('connection.portOpenToConnectedMs.coreReconnectLoop'), 'retry loop + reconcile', '', ''],
  capRow('demo: launch → connected (ms)', num('demoLaunch.launchToConnectedMs'), '', undefined, 'supervisor + IBC-style login'),
  capRow('demo: Gateway port open → connected (ms)', num('demoLaunch.portOpenToConnectedMs'), '', undefined, 'probe + session + reconcile'),
  capRow('detect dropped socket (ms)', num('connection.detectDroppedSocketMs'), '', undefined),
  ['detect silent Gateway (ms)', 'never (no probe)', s('connection.detectSilentGatewayMs.value'), `probe every ${s('connection.detectSilentGatewayMs.probeIntervalMs')} ms`, '', ''],
  capRow('RSS, fresh process, 1,000 pos + 10,000 execs (MB)', num('memory.rssMb'), '', undefined, `baseline ${s('memory.rssBaselineMb')}, heap +${s('memory.heapDeltaMb')}`),
  capRow('renderer JS gzipped (KB)', num('renderer.jsGzipKb'), '', undefined, `CSS ${s('renderer.cssGzipKb')} KB`),
  capRow('first render to first account data p50 (ms)', num('renderer.firstAccountDataMs.p50'), '', undefined),
  capRow('10,000 positions ticking: page fps', num('positionsPage.fps'), '≥ 60 fps (display rate)', num('positionsPage.fps') === undefined ? undefined : num('positionsPage.fps')! >= 59, `${s('positionsPage.changesPerSecond')} changes/s`),
  capRow('10,000 positions: long tasks > 50 ms', num('positionsPage.longTasksOver50ms'), 'none', num('positionsPage.longTasksOver50ms') === undefined ? undefined : num('positionsPage.longTasksOver50ms') === 0, `longest ${s('positionsPage.longestTaskMs')} ms`),
  capRow('10,000 positions: core CPU (% of a core)', num('positionsPage.coreCpuPercent'), '≤ 15 %', num('positionsPage.coreCpuPercent') === undefined ? undefined : num('positionsPage.coreCpuPercent')! <= 15),
  capRow('10,000 positions: core event-loop delay p99 (ms)', num('positionsPage.eventLoopDelayMs.p99'), '≤ 10 ms', num('positionsPage.eventLoopDelayMs.p99') === undefined ? undefined : num('positionsPage.eventLoopDelayMs.p99')! <= 10, `max ${s('positionsPage.eventLoopDelayMs.max')} ms`),
];
const w = [Math.max(...rows.map((x) => x[0].length)), 16, 10, 22, 26, 6];
const line = (c: string[]) => c.map((x, i) => (i === 0 ? x.padEnd(w[i]!) : x.padStart(w[i]!))).join('  ');
console.log(`\ndata folder: ${dataRoot().dir} (${dataRoot().fs}); load average ${os.loadavg().map((n) => n.toFixed(2)).join(' ')} on ${os.cpus().length} CPUs`);
console.log(line(['metric', 'raw @stoqey/ib', 'Gatehouse', 'ratio / note', 'goal', '']));
console.log(w.map((n) => '-'.repeat(n)).join('  '));
for (const row of rows) console.log(line(row));
writeFileSync(path.join(root, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
console.log('\nwritten to bench/results.json');
process.exit(0);
