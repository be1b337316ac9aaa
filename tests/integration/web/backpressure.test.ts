/**
 * Issue 15, finding 12: a page that stops reading cannot make core buffer without limit. A real ws client
 * pauses its socket while core floods a stream; core holds at most about HARD_LIMIT for it and then closes
 * it with a reason, while a client that reads keeps receiving.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Alert } from '../../../electron/core/contract.ts';
import type { Core } from '../../../electron/core/app.ts';
import { BEHIND_CLOSE_CODE, HARD_LIMIT } from '../../../electron/web/outbox.ts';
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
  wc = await startWebCore('gh-backpressure-');
  core = wc.core;
  return wc.web;
}

interface Client {
  ws: WebSocket;
  /** Bytes and alert ids received on the alerts stream. */
  bytes: number;
  lastAlert: string | null;
  closed: { code: number; reason: string } | null;
}

async function client(server: WebServer): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/bridge?token=${server.token}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const c: Client = { ws, bytes: 0, lastAlert: null, closed: null };
  ws.on('message', (data) => {
    const text = String(data);
    c.bytes += text.length;
    const frame = JSON.parse(text) as { type: string; stream?: string; message?: { kind: string; value?: Alert[] } };
    // 'alerts' is a list: each message is the whole list (a snapshot).
    if (frame.type === 'stream' && frame.stream === 'alerts') c.lastAlert = frame.message?.value?.[0]?.id ?? null;
  });
  ws.on('close', (code, reason) => (c.closed = { code, reason: String(reason) }));
  ws.send(JSON.stringify({ type: 'subscribe', stream: 'alerts' }));
  await until(() => c.bytes > 0, { what: 'the first alerts snapshot' });
  return c;
}

const FRAME_BODY = 'x'.repeat(200_000);
const ROUNDS = 300; // 60 MB of updates: far past HARD_LIMIT plus what the kernel's socket buffers absorb

const alert = (i: number): Alert => ({ id: `flood-${i}`, time: i, kind: 'info', severity: 'info', title: `update ${i}`, body: FRAME_BODY });
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('web bridge: a client that stops reading', () => {
  it('is held to a bounded backlog and closed with a reason, while a reading client is unaffected', async () => {
    const server = await start();
    const stalled = await client(server);
    const healthy = await client(server);
    stalled.ws.pause();

    let maxBacklog = 0;
    for (let i = 0; i < ROUNDS; i++) {
      core!.hub.publish('alerts', [alert(i)]);
      await nextTurn(); // 'alerts' is delivered at the end of the turn it was published in
      await nextTurn();
      maxBacklog = Math.max(maxBacklog, ...server.backlog());
    }
    // Core never held much more than the hard limit for the page that stopped reading…
    expect(maxBacklog).toBeLessThanOrEqual(HARD_LIMIT + 2 * FRAME_BODY.length);
    // …and the page that reads got the newest update and is still connected.
    await until(() => healthy.lastAlert === `flood-${ROUNDS - 1}`, { what: 'the healthy client to see the last update' });
    expect(healthy.closed).toBeNull();
    expect(healthy.ws.readyState).toBe(WebSocket.OPEN);

    // The stalled page, reading again, finds what was queued for it and then a close that says why.
    stalled.ws.resume();
    await until(() => stalled.closed !== null, { what: 'the stalled client to be closed' });
    expect(stalled.closed).toEqual({ code: BEHIND_CLOSE_CODE, reason: expect.stringMatching(/stopped reading updates/) });
    expect(stalled.bytes).toBeLessThan((ROUNDS * FRAME_BODY.length) / 2);
    healthy.ws.close();
  }, 60_000);

  it('a client that falls behind for a moment gets the latest snapshot of each stream once it reads again', async () => {
    const server = await start();
    const slow = await client(server);
    slow.ws.pause();
    // 10 MB: past what the kernel absorbs plus the soft limit (updates are held back), short of the hard limit.
    for (let i = 0; i < 50; i++) {
      core!.hub.publish('alerts', [alert(i)]);
      await nextTurn();
      await nextTurn();
    }
    slow.ws.resume();
    await until(() => slow.lastAlert === 'flood-49', { what: 'the slow client to catch up with the latest update' });
    expect(slow.closed).toBeNull();
    // Superseded snapshots were never sent: fewer bytes arrived than were published.
    expect(slow.bytes).toBeLessThan(50 * FRAME_BODY.length);
    slow.ws.close();
  }, 60_000);
});
