import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { attachBridge } from '../../../electron/web/bridge.ts';
import { StreamHub, type Dispatcher } from '../../../electron/core/rpc.ts';
import { createWebTransport } from '../../../renderer/src/api/web-transport.ts';
import { until } from '../../support/until.ts';

/** The browser transport against the real bridge, in Node (Node 24 has a standard WebSocket). */
const received: string[] = [];
const wire: Dispatcher['wire'] = async (command) => {
  received.push(String(command));
  return { ok: true, value: { echoed: command } };
};
// The bridge only ever uses the wire entry; the typed one goes through it, as in core.
const dispatcher: Dispatcher = { wire, dispatch: (command, input) => wire(command, input) as never };
let server: http.Server | null = null;
let bridge: { close(): void } | null = null;
let hub = new StreamHub();

async function serve(port = 0): Promise<number> {
  server = http.createServer();
  await new Promise<void>((r) => server!.listen(port, '127.0.0.1', () => r()));
  hub = new StreamHub();
  bridge = attachBridge({ server, token: 'tkn', dispatcher, hub });
  return (server.address() as AddressInfo).port;
}
async function stop() {
  bridge?.close();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  server = null;
}
afterEach(stop);

describe('browser transport', () => {
  it('queues commands only until the first connection; after a drop it fails fast and never replays', async () => {
    const port = await serve();
    const links: string[] = [];
    const api = createWebTransport(`ws://127.0.0.1:${port}/bridge?token=tkn`, (l) => links.push(l));
    // Sent before the socket is open: waits for the first connection.
    expect(await api.invoke('app.info')).toEqual({ ok: true, value: { echoed: 'app.info' } });

    await stop();
    await until(() => links.at(-1) === 'down', { what: 'the transport to see the bridge drop' });
    const r = await api.invoke('orders.cancelAll');
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_CONNECTED' } });

    received.length = 0;
    await serve(port);
    // The transport reconnects by itself (with backoff); commands work again once it has.
    await until(async () => (await api.invoke('app.info')).ok, { what: 'a command to work after the reconnect', interval: 100 });
    expect(received).toEqual(['app.info']);
  });

  it("a screen's stale unsubscribe (called twice) does not end the stream for the screen that listens now", async () => {
    const port = await serve();
    const api = createWebTransport(`ws://127.0.0.1:${port}/bridge?token=tkn`);
    expect((await api.invoke('app.info')).ok).toBe(true);
    const left = api.subscribe('alerts', () => undefined);
    left();
    const seen: unknown[] = [];
    api.subscribe('alerts', (v) => seen.push(v));
    left(); // again: e.g. a cleanup run twice; it no longer owns anything
    hub.publish('alerts', []);
    await until(() => seen.length > 0, { what: 'the alerts reaching the listener that is still there' });
  });
});
