/**
 * Keyed stream changes over the real web bridge: a page gets a snapshot, then only the rows that changed.
 * A page whose link dropped subscribes again and gets a fresh snapshot (nothing it missed is replayed), and
 * a page that fell behind restarts from a snapshot once it reads again; either way it ends holding the
 * same book as a page that followed without a break, and as core.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { applyMessage, type AccountSnapshot, type Position, type StreamMessage } from '../../../electron/core/contract.ts';
import type { Core } from '../../../electron/core/app.ts';
import type { WebServer } from '../../../electron/web/server.ts';
import { startWebCore, type WebCore } from '../../support/web-core.ts';
import { until } from '../../support/until.ts';

let wc: WebCore | undefined;
let core: Core | undefined;
afterEach(async () => {
  await wc?.close();
  wc = undefined;
  core = undefined;
});

async function start(): Promise<WebServer> {
  wc = await startWebCore('gh-changes-');
  core = wc.core;
  return wc.web;
}

/** A page following the account stream as the renderer does: each message applied to what it holds. */
interface Page {
  ws: WebSocket;
  account: AccountSnapshot | null | undefined;
  kinds: string[];
  bytes: number;
  closed: boolean;
}

async function page(server: WebServer): Promise<Page> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/bridge?token=${server.token}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const p: Page = { ws, account: undefined, kinds: [], bytes: 0, closed: false };
  ws.on('message', (data) => {
    const text = String(data);
    p.bytes += text.length;
    const frame = JSON.parse(text) as { type: string; stream?: string; message?: StreamMessage<AccountSnapshot | null> };
    if (frame.type !== 'stream' || frame.stream !== 'account' || !frame.message) return;
    p.kinds.push(frame.message.kind);
    p.account = applyMessage('account', p.account, frame.message);
  });
  ws.on('close', () => (p.closed = true));
  ws.send(JSON.stringify({ type: 'subscribe', stream: 'account' }));
  await until(() => p.account !== undefined, { what: 'the first account snapshot' });
  return p;
}

const position = (i: number, price: number): Position => ({
  account: 'DU1', conId: 500_000 + i, symbol: `S${i}`, secType: 'STK', currency: 'USD', quantity: '10', avgCost: '100.00',
  marketPrice: price.toFixed(2), marketValue: (price * 10).toFixed(2), unrealizedPnl: ((price - 100) * 10).toFixed(2), realizedPnl: '0.00',
});

/**
 * Round r of a book: one row in `every` moves price (a different tenth each round, so no single change
 * holds them all), a few rows go (and come back the round after), one opens; `updatedAt` is the round.
 */
function book(r: number, size: number, every: number): AccountSnapshot {
  const positions: Position[] = [];
  for (let i = 0; i < size; i++) {
    if ((i + r) % 97 === 0) continue;
    positions.push(position(i, 100 + Math.floor((r - (i % every) + every) / every) / 100));
  }
  positions.push(position(size + r, 50)); // one opened
  return {
    account: 'DU1', currency: 'USD', summary: { NetLiquidation: String(1_000_000 + r) },
    pnl: { daily: String(r), unrealized: null, realized: null }, positions, equityLine: [], updatedAt: r, stale: false,
  };
}

const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe('web bridge: keyed changes', () => {
  it('a page that reconnects after a gap gets a fresh snapshot and ends with the book a continuous page holds', async () => {
    const server = await start();
    const steady = await page(server);
    let gapped = await page(server);
    const round = async (r: number) => {
      core!.hub.publish('account', book(r, 2_000, 40));
      await until(() => steady.account?.updatedAt === r, { what: `round ${r} to reach the steady page` });
    };
    for (let r = 1; r <= 3; r++) await round(r);
    // Core's account (null: no Gateway), the first book whole, then changes of about 50 rows (one in 40 moves), not the book.
    expect(steady.kinds).toEqual(['snapshot', 'snapshot', 'change', 'change']);

    gapped.ws.close();
    await until(() => gapped.closed, { what: 'the gapped page to be closed' });
    for (let r = 4; r <= 6; r++) await round(r); // what it misses
    gapped = await page(server);
    expect(gapped.kinds).toEqual(['snapshot']);
    expect(gapped.account?.updatedAt).toBe(6);
    for (let r = 7; r <= 9; r++) await round(r);
    await until(() => gapped.account?.updatedAt === 9, { what: 'round 9 to reach the reconnected page' });

    expect(gapped.kinds).toEqual(['snapshot', 'change', 'change', 'change']);
    expect(json(gapped.account)).toEqual(json(steady.account));
    expect(json(steady.account)).toEqual(json(book(9, 2_000, 40)));
    steady.ws.close();
    gapped.ws.close();
  }, 60_000);

  it('a page that falls behind restarts from a snapshot when it reads again and ends with core’s book', async () => {
    const server = await start();
    const steady = await page(server);
    const slow = await page(server);
    core!.hub.publish('account', book(0, 20_000, 10));
    await until(() => slow.account?.updatedAt === 0 && steady.account?.updatedAt === 0, { what: 'the first book on both pages' });
    slow.ws.pause();
    // A tenth of 20,000 rows moves each round (~0.5 MB a change): 12 MB, past the soft limit and the
    // kernel's buffers, short of the hard limit.
    for (let r = 1; r <= 24; r++) {
      core!.hub.publish('account', book(r, 20_000, 10));
      await until(() => steady.account?.updatedAt === r, { what: `round ${r} to reach the steady page` });
    }
    slow.ws.resume();
    await until(() => slow.account?.updatedAt === 24, { what: 'the slow page to catch up' });
    expect(slow.closed).toBe(false);
    // It was sent a snapshot again (the changes it skipped are not replayed: they could not be applied).
    expect(slow.kinds.slice(1)).toContain('snapshot');
    expect(slow.bytes).toBeLessThan(steady.bytes);
    expect(json(slow.account)).toEqual(json(steady.account));
    expect(json(slow.account)).toEqual(json(book(24, 20_000, 10)));
    steady.ws.close();
    slow.ws.close();
  }, 60_000);
});
