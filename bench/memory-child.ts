/**
 * Memory in a fresh process (nothing else of the bench loaded or allocated): 1,000 positions and 10,000
 * executions fed through the account and order books' own event handlers.
 */
import { EventEmitter } from 'node:events';
import { EventName, SecType, type IBApi } from '@stoqey/ib';
import { AccountBook } from '../electron/core/broker/account.ts';
import { OrderIdStore } from '../electron/core/broker/order-ids.ts';
import { OrderManager } from '../electron/core/broker/orders.ts';
import { tmp } from './support.ts';

process.stdout.write('{"started":true}\n');
globalThis.gc?.();
const before = process.memoryUsage();
const fake = new EventEmitter() as unknown as IBApi & EventEmitter;
const noop = () => {};
Object.assign(fake, { reqAllOpenOrders: noop, reqManagedAccts: noop, reqAccountSummary: noop, reqPnL: noop, reqAccountUpdates: noop, reqPositions: noop, reqOpenOrders: noop, reqExecutions: noop, cancelAccountSummary: noop, cancelPnL: noop, reqPnLSingle: noop, cancelPnLSingle: noop });
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
process.stdout.write(
  `${JSON.stringify({
    positions: snap.positions.length,
    executions: 10_000,
    fillsInSnapshot: os1.fills.length,
    rssBaselineMb: +(before.rss / 1048576).toFixed(1),
    rssMb: +(after.rss / 1048576).toFixed(1),
    heapDeltaMb: +((after.heapUsed - before.heapUsed) / 1048576).toFixed(1),
    snapshotMs: +snapshotMs.toFixed(2),
  })}\n`,
);
process.exit(0);
