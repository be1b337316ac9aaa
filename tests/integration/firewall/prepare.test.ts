/**
 * What the firewall does before the gate for an API order (look the contract up, start market data), as
 * the app runs it: a lookup that fails does not refuse the order on its own — the gate decides — but the
 * trader reads why on the Logs screen. With the kill switch on nothing is looked up: the order is refused
 * at once, in the kill switch's words.
 */
import { afterEach, expect, it } from 'vitest';
import { OrderAction, OrderType, SecType } from '@stoqey/ib';
import type { Contract } from '@stoqey/ib';
import type { LogLine } from '../../../electron/core/contract.ts';
import { until } from '../../support/until.ts';
import { firewallApp, type FirewallApp } from './app.ts';

let app: FirewallApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

const unknown: Contract = { symbol: 'QZXW', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
const logs = (a: FirewallApp): LogLine[] => a.core().hub.get('logs') ?? [];
const lookupLine = (l: LogLine) => l.source === 'broker' && /QZXW/.test(l.text) && /look/i.test(l.text);

it('a contract lookup that fails reaches the Logs screen, and the gate still decides the order', async () => {
  app = await firewallApp();
  const a = app;
  const c = await a.client(31);
  c.ib.placeOrder(1, unknown, { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 10, totalQuantity: 1 });
  // The gate's words, not the lookup's: without a market price the order cannot be valued.
  expect((await c.error(201, 1)).message).toBe(
    'Order rejected - reason:no market price for QZXW yet — an order is valued at the worse of its own price and the market; wait for market data',
  );
  await until(() => logs(a).some(lookupLine), { what: 'the lookup failure in the log' });
  const line = logs(a).find(lookupLine) as LogLine;
  expect(line.level).toBe('warn');
  expect(line.text).toMatch(/API client 31.*order 1.*IB knows no instrument "QZXW"/);
  expect(a.sim.book().orders).toEqual([]);
});

it('with the kill switch on an API order is refused in its words alone, and nothing is looked up for it', async () => {
  app = await firewallApp();
  const a = app;
  await a.call('risk.killSwitch', { active: true, reason: 'desk closed' });
  const c = await a.client(31);
  c.ib.placeOrder(1, unknown, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1 });
  expect((await c.error(201, 1)).message).toBe(
    'Order rejected - reason:Kill switch is on (desk closed) — new orders are blocked until you reset it or the next trading day.',
  );
  // The frame after the order is answered, so the order was handled; no lookup was tried for it.
  c.ib.reqCurrentTime();
  await c.next('currentTime');
  expect(logs(a).filter(lookupLine)).toEqual([]);
  expect(a.sim.book().orders).toEqual([]);
  const refused = (await a.call('risk.audit')).filter((e) => e.verdict === 'refused');
  expect(refused.map((e) => (e.order as { apiClient?: { orderId: number } }).apiClient?.orderId)).toEqual([1]);
});
