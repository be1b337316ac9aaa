/**
 * Gatehouse restarted while the Gateway runs on and API clients' orders keep working there: core is
 * disposed and created again on the same data folder. The new gate must count those orders (rebuilt from
 * the Gateway's open orders), so a program that reconnects cannot pass a limit, and nothing is sent twice.
 */
import { afterEach, expect, it } from 'vitest';
import { OrderAction, OrderType, SecType } from '@stoqey/ib';
import type { Contract } from '@stoqey/ib';
import { firewallApp, type FirewallApp } from './app.ts';

const amzn: Contract = { symbol: 'AMZN', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
const buy = (totalQuantity: number, extra: object = {}) => ({ action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity, lmtPrice: 190, ...extra });

let app: FirewallApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

for (const master of [7, null]) {
  it(`after a Gatehouse restart the API client's working order still counts against the limit (master ${master ?? 'none'})`, async () => {
    app = await firewallApp({ masterClientId: master });
    app.sim.setPrice('AMZN', 200);
    const { limits } = await app.call('risk.get');
    await app.call('risk.setLimits', { ...limits, maxPositionQty: '1000', maxOrderQty: '1000', maxOrderNotional: '200000' });
    const c = await app.client(31);
    c.ib.placeOrder(1, amzn, buy(600));
    await c.next('orderStatus', (a) => a[0] === 1 && a[1] === 'Submitted');
    // Held for a bracket when Gatehouse goes: never sent, so never replayed either.
    c.ib.placeOrder(2, amzn, buy(100, { transmit: false }));
    c.ib.reqCurrentTime();
    await c.next('currentTime');

    await app.restart();
    await c.until(() => !c.ib.isConnected, { what: 'the old API port closed the client' });
    const again = await app.client(31);
    expect((await again.next('nextValidId'))[0]).toBe(2);
    // 600 shares, valued at the order's limit until the new core has a price again.
    expect(Number((await app.call('risk.get')).usage.grossExposure)).toBeGreaterThanOrEqual(600 * 190);
    // 600 still working at the Gateway + 500 = 1100 > 1000: refused, although the new gate never saw order 1.
    again.ib.placeOrder(2, amzn, buy(500));
    expect((await again.error(201, 2)).message).toMatch(/could reach 1,?100 shares/);
    // 600 + 400 = 1000 fits; a modify of order 1 is checked against the rest, not against itself.
    again.ib.placeOrder(3, amzn, buy(400));
    await again.next('orderStatus', (a) => a[0] === 3 && a[1] === 'Submitted');
    again.ib.placeOrder(1, amzn, buy(700));
    expect((await again.error(201, 1)).message).toMatch(/could reach 1,?100 shares/);
    expect(app.sim.book().orders.map((o) => [o.clientId, o.orderId, o.quantity, o.submissions])).toEqual([
      [31, 1, 600, 1],
      [31, 3, 400, 1],
    ]);
  });
}
