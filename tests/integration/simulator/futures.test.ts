/**
 * Futures as a real Gateway serves them, through the real @stoqey/ib client over TCP: contract details for
 * `ES FUT CME` without an expiry list every listed quarterly month; an order or market-data request without
 * an expiry is error 200 "ambiguous" (the simulator used to pick one month silently).
 */
import { afterEach, expect, it } from 'vitest';
import { OrderAction, OrderType, SecType } from '@stoqey/ib';
import type { Contract } from '@stoqey/ib';
import { startSimulator } from '../../../electron/simulator/server.ts';
import type { SimulatorHandle } from '../../../electron/simulator/server.ts';
import { quarterlyExpiries } from '../../../electron/simulator/universe.ts';
import { RecordingClient } from './ib-client.ts';

const ES: Contract = { symbol: 'ES', secType: SecType.FUT, exchange: 'CME', currency: 'USD' };

let sim: SimulatorHandle | undefined;
let client: RecordingClient | undefined;

afterEach(async () => {
  expect(client?.decodeErrors() ?? []).toEqual([]);
  client?.close();
  await sim?.close();
});

async function connect(): Promise<RecordingClient> {
  sim = await startSimulator({ port: 0, tickIntervalMs: 0, seed: 5 });
  client = await RecordingClient.connect(sim.port, 1);
  return client;
}

it('quarterly expiries: 3rd Fridays of H/M/U/Z months, none past, front first', () => {
  // 2026-12-02: Dec 2026 expires on Friday the 18th; 2026-12-19 is after it, so March 2027 is the front.
  expect(quarterlyExpiries(Date.parse('2026-12-02T15:00:00Z'), 5)).toEqual(['20261218', '20270319', '20270618', '20270917', '20271217']);
  expect(quarterlyExpiries(Date.parse('2026-12-19T15:00:00Z'), 2)).toEqual(['20270319', '20270618']);
  // The expiry day itself still trades (until 9:30 ET).
  expect(quarterlyExpiries(Date.parse('2026-12-18T13:00:00Z'), 1)).toEqual(['20261218']);
});

it('contract details for ES FUT CME without an expiry: one row per listed month, then End', async () => {
  const c = await connect();
  c.ib.reqContractDetails(41, ES);
  await c.next('contractDetailsEnd', (a) => a[0] === 41);
  const rows = c.all('contractDetails', (a) => a[0] === 41).map((a) => (a[1] as { contract: Contract }).contract);
  const listed = quarterlyExpiries(Date.now(), 5);
  expect(rows.map((r) => r.lastTradeDateOrContractMonth)).toEqual(listed);
  expect(rows.map((r) => r.localSymbol)).toEqual(listed.map((d) => `ES${{ '03': 'H', '06': 'M', '09': 'U', '12': 'Z' }[d.slice(4, 6)]}${d.slice(3, 4)}`));
  expect(new Set(rows.map((r) => r.conId)).size).toBe(5);
  expect(rows.every((r) => r.multiplier === 50 && r.exchange === 'CME')).toBe(true);

  // With a contract month, exactly that month.
  c.ib.reqContractDetails(42, { ...ES, lastTradeDateOrContractMonth: listed[1]!.slice(0, 6) });
  await c.next('contractDetailsEnd', (a) => a[0] === 42);
  expect(c.all('contractDetails', (a) => a[0] === 42).map((a) => (a[1] as { contract: Contract }).contract.lastTradeDateOrContractMonth)).toEqual([listed[1]]);
});

it('market data and an order for ES without an expiry get error 200 "ambiguous", and nothing is placed', async () => {
  const c = await connect();
  c.ib.reqMktData(51, ES, '', false, false);
  expect((await c.error(200, 51)).message).toBe('The contract description specified for ES is ambiguous.');
  c.ib.placeOrder(7, ES, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1, transmit: true });
  expect((await c.error(200, 7)).message).toBe('The contract description specified for ES is ambiguous.');
  expect(sim!.book().fills).toEqual([]);

  // Naming the month works: the order fills at that month's price.
  const second = quarterlyExpiries(Date.now(), 2)[1]!;
  c.ib.placeOrder(8, { ...ES, lastTradeDateOrContractMonth: second }, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1, transmit: true });
  await c.until(() => c.statuses(8).includes('Filled'), { what: 'order 8 filled' });
  expect(sim!.book().positions.map((p) => p.symbol)).toContain(`ES${{ '03': 'H', '06': 'M', '09': 'U', '12': 'Z' }[second.slice(4, 6)]}${second.slice(3, 4)}`);
});

it('each root on its own exchange: ZN on CBOT, CL on NYMEX, GC on COMEX, NQ on CME; another exchange is error 200', async () => {
  const c = await connect();
  const roots = [
    ['ZN', 'CBOT', 1000],
    ['CL', 'NYMEX', 1000],
    ['GC', 'COMEX', 100],
    ['NQ', 'CME', 20],
  ] as const;
  let reqId = 60;
  for (const [symbol, exchange, multiplier] of roots) {
    // No exchange at all: the Gateway searches every exchange and names the one it found.
    const id = ++reqId;
    c.ib.reqContractDetails(id, { symbol, secType: SecType.FUT, currency: 'USD' });
    await c.next('contractDetailsEnd', (a) => a[0] === id);
    const rows = c.all('contractDetails', (a) => a[0] === id).map((a) => (a[1] as { contract: Contract }).contract);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.every((r) => r.exchange === exchange && r.multiplier === multiplier && r.symbol === symbol)).toBe(true);
  }
  // ZN asked on CME: no such contract there, as a current Gateway answers GLOBEX (rust-ibapi #544).
  c.ib.reqContractDetails(70, { symbol: 'ZN', secType: SecType.FUT, exchange: 'CME', currency: 'USD' });
  expect((await c.error(200, 70)).message).toBe('No security definition has been found for the request');
});

it("CL's last trade date falls in the month before its contract month, the contract month is the delivery month", async () => {
  const c = await connect();
  c.ib.reqContractDetails(80, { symbol: 'CL', secType: SecType.FUT, exchange: 'NYMEX', currency: 'USD' });
  await c.next('contractDetailsEnd', (a) => a[0] === 80);
  const rows = c.all('contractDetails', (a) => a[0] === 80).map((a) => a[1] as { contractMonth: string; contract: Contract });
  for (const r of rows) {
    const last = r.contract.lastTradeDateOrContractMonth!;
    const next = new Date(Date.UTC(Number(last.slice(0, 4)), Number(last.slice(4, 6)), 1));
    expect(r.contractMonth).toBe(`${next.getUTCFullYear()}${String(next.getUTCMonth() + 1).padStart(2, '0')}`);
  }
});
