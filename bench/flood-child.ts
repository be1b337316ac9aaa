/**
 * One flood measurement in a fresh process, so raw and core never share a process's CPU count:
 * `node bench/flood-child.ts raw|core <port> <seconds>`. Subscribes market data for the flood symbols,
 * warms up for a second, then measures this process's CPU per 10,000 decoded tick messages. With
 * FLOOD_SYNC=1 it says `{"ready":true}` after the warm-up and measures when a line arrives on stdin: the
 * bench starts a raw and a core child together, so both measure the same seconds of the same feed.
 * Both take the same feed: raw subscribes to the account summary, updates, positions, P&L and P&L per
 * position as core does, so both decode the same messages and the ratio is what core does with them.
 * Core runs with its books full: the simulator's positions, plus 20 resting orders placed first.
 */
import { EventName, SecType } from '@stoqey/ib';
import { connectedCore, corePlace, rawClient, sleep, until } from './support.ts';
import { SUMMARY_TAGS } from '../electron/core/broker/account.ts';
import { runtimeOf } from '../electron/core/testing.ts';

const FLOOD_SYMBOLS = ['AAPL', 'MSFT', 'SPY', 'QQQ', 'TSLA', 'NVDA', 'AMZN'];
const [mode, portArg, secondsArg] = process.argv.slice(2);
const port = Number(portArg);
const seconds = Number(secondsArg ?? 3);
process.stdout.write('{"started":true}\n');

let msgs = 0;
let streamEmits = 0;
let resting = 0;
let dispose: () => Promise<void>;
if (mode === 'raw') {
  const raw = await rawClient(port, 31);
  raw.api.on(EventName.tickPrice, () => msgs++);
  raw.api.on(EventName.tickSize, () => msgs++);
  FLOOD_SYMBOLS.forEach((s, i) => raw.api.reqMktData(5000 + i, { symbol: s, secType: SecType.STK, exchange: 'SMART', currency: 'USD' }, '', false, false));
  // The account data core subscribes to (broker/account.ts subscribe, watchPnl): an app showing the same
  // positions and P&L decodes the same messages, so the ratio is core's handling, not the extra P&L stream.
  const account = await new Promise<string>((resolve) => {
    raw.api.once(EventName.managedAccounts, (list: string) => resolve(list.split(',')[0]!));
    raw.api.reqManagedAccts();
  });
  raw.api.reqAccountSummary(6000, 'All', SUMMARY_TAGS.join(','));
  raw.api.reqPnL(6001, account, '');
  raw.api.reqAccountUpdates(true, account);
  const pnlSingle = new Set<number>();
  raw.api.on(EventName.position, (_account: string, contract: { conId?: number }) => {
    const conId = contract.conId ?? 0;
    if (!conId || pnlSingle.has(conId)) return;
    pnlSingle.add(conId);
    raw.api.reqPnLSingle(6100 + pnlSingle.size, account, '', conId);
  });
  raw.api.reqPositions();
  dispose = async () => void raw.api.disconnect();
} else {
  const core = await connectedCore(port, 32);
  const rt = runtimeOf(core)!;
  // The simulator's random walk can lose more than the default daily loss limit within a run; a tripped
  // kill switch would refuse the resting orders this row needs. The loss check still runs on every update.
  const limits = await core.dispatcher.dispatch('risk.get', undefined);
  if (limits.ok) await core.dispatcher.dispatch('risk.setLimits', { ...limits.value.limits, dailyLossLimit: null, maxDrawdown: null });
  // …and it may have tripped already on the first account update, before these limits were lifted.
  await core.dispatcher.dispatch('risk.killSwitch', { active: false });
  const api = rt.broker.session.client!;
  api.on(EventName.tickPrice, () => msgs++);
  api.on(EventName.tickSize, () => msgs++);
  for (const s of FLOOD_SYMBOLS) rt.broker.market.watch({ symbol: s, secType: 'STK', exchange: 'SMART', currency: 'USD' });
  await sleep(300);
  for (let i = 0; i < 20; i++) await corePlace(core, { symbol: FLOOD_SYMBOLS[i % FLOOD_SYMBOLS.length]!, side: 'BUY', quantity: '1', type: 'LMT', limitPrice: '1.00' });
  await until(() => rt.broker.orders.openOrders().filter((o) => o.status === 'Submitted').length >= 20, '20 resting orders');
  resting = rt.broker.orders.openOrders().length;
  for (const s of ['account', 'orders', 'status', 'risk'] as const) core.hub.subscribe(s, () => streamEmits++);
  dispose = async () => {
    // Leave the simulator's book as we found it: the next round starts from the same 20 orders.
    rt.broker.orders.cancelAll();
    await until(() => rt.broker.orders.openOrders().length === 0, 'book cleared');
    await core.dispose({ stopGateway: false });
  };
}
await sleep(1000);
if (process.env.FLOOD_SYNC === '1') {
  process.stdout.write('{"ready":true}\n');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
}
const cpu0 = process.cpuUsage();
const m0 = msgs;
const e0 = streamEmits;
const t0 = performance.now();
await sleep(seconds * 1000);
const cpu = process.cpuUsage(cpu0);
const secs = (performance.now() - t0) / 1000;
const n = msgs - m0;
const cpuMs = (cpu.user + cpu.system) / 1000;
await dispose();
process.stdout.write(
  `${JSON.stringify({
    mode,
    messagesPerSecond: Math.round(n / secs),
    cpuMsPer10kMessages: +(cpuMs / (n / 10_000)).toFixed(1),
    // What one core of this machine could decode at this cost per message: capacity, not offered load.
    capacityMessagesPerCpuSecond: Math.round(n / (cpuMs / 1000)),
    cpuPercent: +((cpuMs / 1000 / secs) * 100).toFixed(1),
    uiStreamEmitsPerSecond: +((streamEmits - e0) / secs).toFixed(1),
    restingOrders: resting,
  })}\n`,
);
process.exit(0);
