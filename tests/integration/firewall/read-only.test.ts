/**
 * Read-Only API and the trader's own programs (issue 17): the firewall answers as a read-only Gateway does —
 * error 321 "Error validating request:-'…' : cause - The API interface is currently in Read-Only mode." (IB's
 * words as programs report them: IbcAlpha/IBC#10, erdewit/ib_insync#1, bankroll-py/bankroll#65) — and when
 * the Gateway itself is read-only but the profile is not, its 321 gives the gate's reservation back.
 */
import { afterEach, expect, it } from 'vitest';
import { OrderAction, OrderType, SecType } from '@stoqey/ib';
import type { Contract, Order } from '@stoqey/ib';
import { until } from '../../support/until.ts';
import { firewallHarness, type FirewallHarness } from './harness.ts';

const stock = (symbol: string): Contract => ({ symbol, secType: SecType.STK, exchange: 'SMART', currency: 'USD' });
const buy = (totalQuantity: number, lmtPrice: number): Order => ({ action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity, lmtPrice });

let h: FirewallHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

it('with the profile read-only, a client’s order gets the Gateway’s 321 and never reaches it; the gate reserves and audits nothing', async () => {
  let readOnly = true;
  h = await firewallHarness(193, {}, { readOnlyApi: () => readOnly });
  h.sim.setPrice('AMZN', 200);
  const c = await h.client(31);
  c.ib.placeOrder(1, stock('AMZN'), buy(10, 190));
  const err = await c.error(321, 1);
  expect(err.message).toMatch(/^Error validating request:-'bN' : cause - The API interface is currently in Read-Only mode\.$/);
  expect(h.sim.book().orders).toEqual([]);
  expect(h.gate.reserved()).toEqual([]);
  expect((await h.gate.audit.read()).filter((e) => e.kind === 'order' && e.verdict === 'allowed')).toEqual([]);
  expect(h.firewall.clients()[0]).toMatchObject({ ordersSent: 0, ordersRefused: 1 });
  expect(h.firewall.clients()[0]?.lastRefusal?.reason).toMatch(/read-only/i);

  // Read-only off (the profile saved): the next order goes.
  readOnly = false;
  c.ib.placeOrder(2, stock('AMZN'), buy(10, 190));
  await c.next('orderStatus', (a) => a[0] === 2 && a[1] === 'Submitted');
  expect(h.sim.book().orders.map((o) => o.orderId)).toEqual([2]);
});

it('a Gateway that is read-only itself answers 321: the reservation the gate made for the order is given back', async () => {
  h = await firewallHarness(193, { readOnlyApi: true });
  h.sim.setPrice('AMZN', 200);
  const c = await h.client(32);
  c.ib.placeOrder(1, stock('AMZN'), buy(10, 190));
  await c.error(321, 1);
  expect(h.sim.book().orders).toEqual([]);
  await until(() => h!.gate.reserved().length === 0, { what: 'the reservation released after 321' });
});
