/**
 * The firewall's cost (electron/core/firewall), side by side in one run on one simulator process:
 * - an API order through Gatehouse's API port (decoded, the same risk gate with its audit line, relayed)
 *   against the UI path's `orders.place`, each until it sees Submitted;
 * - one request/answer (reqCurrentTime → currentTime) straight to the Gateway and through the firewall.
 * Each pair takes turns at going first, so neither always pays the event loop's wake-up after the pause.
 */
import { EventName, OrderAction, OrderType, SecType, type IBApi as IBApiT } from '@stoqey/ib';
import { runtimeOf } from '../electron/core/testing.ts';
import { summary } from './stats.ts';
import { connectedCore, corePlace, rawClient, sleep, startSimProcess, until } from './support.ts';

const contract = { symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };

function untilStatus(api: IBApiT, orderId: number, status: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const on = (oid: number, st: string) => {
      if (oid !== orderId || st !== status) return;
      api.off(EventName.orderStatus, on);
      api.off(EventName.error, onErr);
      resolve();
    };
    const onErr = (err: Error, code: number, reqId: number) => {
      if (reqId === orderId && code === 201) reject(new Error(`refused: ${err.message}`));
    };
    api.on(EventName.orderStatus, on);
    api.on(EventName.error, onErr);
  });
}

export async function firewallBench(orders: number, paceMs: number) {
  const sim = await startSimProcess({ tickIntervalMs: 0, seed: 1 });
  const core = await connectedCore(sim.port, 22);
  const rt = runtimeOf(core)!;
  await until(() => rt.firewall.listening || rt.firewall.problem !== null, 'firewall port');
  if (!rt.firewall.listening) throw new Error(rt.firewall.problem ?? 'firewall port not open');
  const limits = await core.dispatcher.dispatch('risk.get', undefined);
  if (limits.ok) await core.dispatcher.dispatch('risk.setLimits', { ...limits.value.limits, maxOrdersPerMinute: null });
  const direct = await rawClient(sim.port, 31);
  const viaFw = await rawClient(rt.firewall.port, 32);
  let fwId = viaFw.nextId;

  const ui: number[] = [];
  const fw: number[] = [];
  const uiStep = async () => {
    const t0 = performance.now();
    const id = await corePlace(core);
    await rt.broker.orders.waitFor(id, (o) => o.status === 'Submitted');
    ui.push(performance.now() - t0);
    await core.dispatcher.dispatch('orders.cancel', { orderId: id });
  };
  const fwStep = async () => {
    const id = fwId++;
    const t0 = performance.now();
    const submitted = untilStatus(viaFw.api, id, 'Submitted');
    viaFw.api.placeOrder(id, contract, { orderType: OrderType.LMT, action: OrderAction.BUY, totalQuantity: 1, lmtPrice: 1, transmit: true });
    await submitted;
    fw.push(performance.now() - t0);
    viaFw.api.cancelOrder(id, {});
  };
  for (let i = 0; i < orders; i++) {
    if (i % 2 === 0) {
      await uiStep();
      await fwStep();
    } else {
      await fwStep();
      await uiStep();
    }
    await sleep(paceMs);
  }

  const relay = { direct: [] as number[], firewall: [] as number[] };
  const timed = async (api: IBApiT, into: number[]) => {
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      api.once(EventName.currentTime, () => resolve());
      api.reqCurrentTime();
    });
    into.push(performance.now() - t0);
  };
  for (let i = 0; i < orders; i++) {
    if (i % 2 === 0) {
      await timed(direct.api, relay.direct);
      await timed(viaFw.api, relay.firewall);
    } else {
      await timed(viaFw.api, relay.firewall);
      await timed(direct.api, relay.direct);
    }
    await sleep(paceMs);
  }
  direct.api.disconnect();
  viaFw.api.disconnect();
  await core.dispose({ stopGateway: false });
  await sim.stop();
  const d = summary(relay.direct);
  const f = summary(relay.firewall);
  return {
    unit: 'ms',
    orders,
    paceMs,
    uiPath: summary(ui),
    firewall: summary(fw),
    relay: { direct: d, firewall: f, overheadP50: +(f.p50 - d.p50).toFixed(3) },
  };
}
