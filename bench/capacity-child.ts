/**
 * Core's own order capacity with @stoqey/ib's pacer lifted (MAX_REQ_PER_SECOND set by the parent before
 * @stoqey/ib loads): orders are offered at a rising fixed rate and each step reports place → Submitted.
 * `node bench/capacity-child.ts <port> <rates,comma,separated> <ordersPerStep>`.
 */
import { connectedCore, corePlace, sleep, until } from './support.ts';
import { summary } from './stats.ts';
import { runtimeOf } from '../electron/core/testing.ts';

const [portArg, ratesArg, perStepArg] = process.argv.slice(2);
const rates = ratesArg!.split(',').map(Number);
const perStep = Number(perStepArg ?? 400);
process.stdout.write('{"started":true}\n');
const core = await connectedCore(Number(portArg), 52);
const rt = runtimeOf(core)!;
const limits = await core.dispatcher.dispatch('risk.get', undefined);
if (limits.ok) await core.dispatcher.dispatch('risk.setLimits', { ...limits.value.limits, maxOrdersPerMinute: null });
const steps: { rate: number; p50: number; p99: number; achievedPerSecond: number; errors: number }[] = [];
for (const rate of [rates[0]!, ...rates]) {
  const times: number[] = [];
  let errors = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let k = 0; k < perStep; k++) {
    const due = start + (k * 1000) / rate;
    while (performance.now() < due) await new Promise((r) => (due - performance.now() > 2 ? setTimeout(r, 1) : setImmediate(r)));
    const t0 = performance.now();
    pending.push(
      corePlace(core)
        .then((id) => rt.broker.orders.waitFor(id, (o) => o.status === 'Submitted'))
        .then(() => void times.push(performance.now() - t0))
        .catch(() => void errors++),
    );
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  // Clear the book between steps so each rate starts from the same 0 working orders.
  rt.broker.orders.cancelAll();
  await until(() => rt.broker.orders.openOrders().length === 0, 'book cleared', 30_000);
  await sleep(200);
  const s = summary(times);
  steps.push({ rate, p50: s.p50, p99: s.p99, achievedPerSecond: Math.round(perStep / elapsed), errors });
}
steps.shift(); // the first step warmed up
await core.dispose({ stopGateway: false });
const ok = steps.filter((s) => s.p50 <= 5 && s.errors === 0 && s.achievedPerSecond >= s.rate * 0.9);
process.stdout.write(`${JSON.stringify({ perStep, steps, maxRateP50Under5ms: ok.length ? Math.max(...ok.map((s) => s.rate)) : 0 })}\n`);
process.exit(0);
