/** Browser mode: core in Node, the built renderer over HTTP and the contract over a WebSocket, loopback only. */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Core } from '../core/app.ts';
import { attachBridge, BRIDGE_PATH, tokenMatches } from './bridge.ts';
import { contentSecurityPolicy, staticHandler } from './static.ts';

export interface WebServer {
  readonly url: string;
  readonly token: string;
  readonly port: number;
  /** Bytes waiting to be sent to each connected page (bounded per page: see outbox.ts). */
  backlog(): number[];
  close(): Promise<void>;
}

export async function startWebServer(opts: {
  core: Core;
  rendererDir: string;
  port?: number;
  token?: string;
}): Promise<WebServer> {
  const token = opts.token ?? randomBytes(24).toString('hex');
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const csp = contentSecurityPolicy(`ws://127.0.0.1:${port}${BRIDGE_PATH}`);
  const serveStatic = staticHandler(opts.rendererDir, csp);
  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === BRIDGE_PATH) {
      // A plain GET on the bridge tells a page whether its token is this run's. A browser cannot read why
      // a WebSocket upgrade failed, and without this an old tab would say "reconnecting…" for ever.
      const ok = tokenMatches(token, url.searchParams.get('token'));
      res.writeHead(ok ? 204 : 401, { 'cache-control': 'no-store', 'content-type': 'text/plain; charset=utf-8' });
      res.end(ok ? undefined : 'This address is from an earlier run of Gatehouse (or was mistyped).');
      return;
    }
    serveStatic(req, res).catch(() => res.writeHead(500).end());
  });
  const bridge = attachBridge({ server, token, dispatcher: opts.core.dispatcher, hub: opts.core.hub });
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    backlog: () => bridge.backlog(),
    async close() {
      bridge.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
