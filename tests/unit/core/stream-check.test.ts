/**
 * The hub remembers the rows it checked (stream-check.ts). What a subscriber receives must stay exactly
 * what a full zod check of the value would deliver — after rows change in place, turn invalid, gain or
 * lose keys — and a row the contract refuses must never be passed from memory.
 */
import { describe, expect, it } from 'vitest';
import { streams, type OrdersSnapshot } from '../../../electron/core/contract.ts';
import { StreamHub } from '../../../electron/core/rpc.ts';
import { streamCheck } from '../../../electron/core/stream-check.ts';

type Row = OrdersSnapshot['open'][number];

function row(orderId: number): Row {
  return {
    orderId,
    permId: orderId * 10,
    clientId: 7,
    account: 'DU1',
    symbol: 'AAPL',
    secType: 'STK',
    side: 'BUY',
    quantity: '1',
    type: 'LMT',
    limitPrice: '1.00',
    stopPrice: null,
    trailAmount: null,
    trailPercent: null,
    tif: 'DAY',
    outsideRth: false,
    status: 'Submitted',
    filled: '0',
    remaining: '1',
    avgFillPrice: null,
    lastError: null,
    updatedAt: 1,
  };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('stream check with remembered rows', () => {
  it('delivers a row changed in place after the last delivery with its new values', async () => {
    const hub = new StreamHub({ report: () => undefined });
    const views = [row(1), row(2)];
    const seen: string[][] = [];
    hub.subscribe('orders', (o) => seen.push((o as OrdersSnapshot).open.map((x) => `${x.orderId}:${x.status}:${x.filled}`)));
    hub.publish('orders', () => ({ open: views, done: [], fills: [], reconciled: true }));
    await turn();
    // The broker's book mutates its order views in place (orders.ts onStatus).
    views[1]!.status = 'Filled';
    views[1]!.filled = '1';
    hub.publish('orders', () => ({ open: views, done: [], fills: [], reconciled: true }));
    await turn();
    expect(seen).toEqual([
      ['1:Submitted:0', '2:Submitted:0'],
      ['1:Submitted:0', '2:Filled:1'],
    ]);
    hub.dispose();
  });

  it('drops a snapshot whose row turned invalid in place, although the same row passed before', async () => {
    const reports: string[] = [];
    const hub = new StreamHub({ report: (t) => reports.push(t) });
    const views = [row(1)];
    const seen: string[] = [];
    hub.subscribe('orders', (o) => seen.push((o as OrdersSnapshot).open[0]!.quantity));
    hub.publish('orders', () => ({ open: views, done: [], fills: [], reconciled: true }));
    await turn();
    views[0]!.quantity = 'a lot';
    hub.publish('orders', () => ({ open: views, done: [], fills: [], reconciled: true }));
    await turn();
    expect(seen).toEqual(['1']);
    expect(reports.join('\n')).toMatch(/orders view was not updated.*decimal/);
    hub.dispose();
  });

  it('answers exactly as a full zod check through a long run of random in-place changes', () => {
    const check = streamCheck(streams.orders);
    const views = Array.from({ length: 30 }, (_, i) => row(i + 1));
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 2000; round++) {
      const v = views[rand(views.length)]! as unknown as Record<string, unknown>;
      switch (rand(7)) {
        case 0: v['status'] = ['Submitted', 'Filled', 'Cancelled'][rand(3)]; break;
        case 1: v['remaining'] = rand(4) === 0 ? 'x' : String(rand(9)); break;
        case 2: v['lastError'] = rand(2) ? null : 'rejected (201)'; break;
        case 3: if (rand(2)) v['parentId'] = rand(5); else delete v['parentId']; break;
        case 4: v['extra'] = rand(2) ? 'internal' : undefined; break;
        case 5: v['orderId'] = rand(5) === 0 ? 1.5 : rand(100); break;
        default: break;
      }
      const value = { open: views.slice(0, 20), done: views.slice(20), fills: [], reconciled: rand(5) !== 0 };
      const full = streams.orders.safeParse(value);
      const ours = check(value);
      expect(ours.success).toBe(full.success);
      if (full.success && ours.success) expect(ours.data).toEqual(full.data);
    }
  });

  it('hands out rows a subscriber cannot change under the next one', async () => {
    const hub = new StreamHub({ report: () => undefined });
    const views = [row(1)];
    const seen: string[] = [];
    hub.subscribe('orders', (o) => {
      try {
        (o as OrdersSnapshot).open[0]!.status = 'Tampered';
      } catch {
        // frozen: the change is refused
      }
    });
    hub.subscribe('orders', (o) => seen.push((o as OrdersSnapshot).open[0]!.status));
    for (let i = 0; i < 2; i++) {
      hub.publish('orders', () => ({ open: views, done: [], fills: [], reconciled: true }));
      await turn();
    }
    expect(seen).toEqual(['Submitted', 'Submitted']);
    hub.dispose();
  });
});
