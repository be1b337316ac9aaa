/**
 * Settings → API port applied to the running firewall over real TCP: a per-client policy saved through the
 * contract holds from that client's next order, and it survives a Gatehouse restart (firewall.json).
 */
import { afterEach, expect, it } from 'vitest';
import { OrderAction, OrderType, SecType } from '@stoqey/ib';
import type { Contract } from '@stoqey/ib';
import { firewallApp, type FirewallApp } from './app.ts';

const msft: Contract = { symbol: 'MSFT', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
const buy = (totalQuantity: number) => ({ action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity, lmtPrice: 390 });

let app: FirewallApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

it('a saved per-client policy holds from the next order, for that client only, and after a restart', async () => {
  app = await firewallApp();
  app.sim.setPrice('MSFT', 400);
  const ro = await app.client(41);
  const other = await app.client(42);
  ro.ib.placeOrder(1, msft, buy(1));
  await ro.next('orderStatus', (a) => a[0] === 1 && a[1] === 'Submitted');

  const saved = await app.call('firewall.saveSettings', {
    port: null,
    trustedAddresses: [],
    policies: [{ clientId: 41, readOnly: true, allowedSymbols: [], maxOrdersPerMinute: null, maxOrderValue: null }],
  });
  expect(saved.policies).toHaveLength(1);
  ro.ib.placeOrder(2, msft, buy(1));
  expect((await ro.error(201, 2)).message).toMatch(/^Order rejected - reason:this API client is read-only in Gatehouse/);
  other.ib.placeOrder(1, msft, buy(1));
  await other.next('orderStatus', (a) => a[0] === 1 && a[1] === 'Submitted');
  const bad = await app.fail('firewall.saveSettings', { port: null, trustedAddresses: [], policies: [{ clientId: 7, readOnly: true, allowedSymbols: [], maxOrdersPerMinute: null, maxOrderValue: null }] });
  expect(bad).toMatchObject({ code: 'BAD_INPUT', fields: { 'policies.0.clientId': 'Gatehouse itself uses client id 7' } });

  await app.restart();
  expect((await app.call('firewall.settings')).policies.map((p) => p.clientId)).toEqual([41]);
  const again = await app.client(41);
  again.ib.placeOrder(3, msft, buy(1));
  expect((await again.error(201, 3)).message).toMatch(/read-only in Gatehouse/);
  expect(app.sim.book().orders.map((o) => [o.clientId, o.orderId]).sort()).toEqual([
    [41, 1],
    [42, 1],
  ]);
});
