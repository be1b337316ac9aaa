/**
 * Loopback HTTP control channel, so tests in other processes can drive a running simulator:
 * POST /fault {kind,...}, POST /price {symbol, price}, GET /book, GET /state. Every request carries the
 * channel's token (`Authorization: Bearer <token>`; the launcher writes it to sim-control.json, 0600).
 * The real Gateway has no such channel: it is the simulator's own test hook, guarded like the browser
 * bridge (electron/web/bridge.ts) because in demo mode it runs on the trader's machine.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseFault } from './faults.ts';
import type { SimulatorHandle } from './server.ts';

export interface ControlServer {
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

export function startControlServer(sim: Omit<SimulatorHandle, 'controlPort' | 'controlToken'>, port: number, token: string): Promise<ControlServer> {
  if (token.length < 16) throw new Error('the control channel needs a token of 16 characters or more');
  const server = createServer((req, res) => {
    void handle(sim, token, req, res).catch((err: unknown) => reply(res, 500, { error: String(err) }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the control channel can crash the "Gateway", so nothing off-host may reach it.
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolve({
        port: actual,
        token,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/**
 * Only local tools may drive the channel: a web page can POST to 127.0.0.1 too. A Host other than the
 * loopback address (DNS rebinding) or any sign of a browser page (Origin, Sec-Fetch-Site) is refused,
 * as the browser bridge refuses them (electron/web/bridge.ts).
 */
function fromLocalTool(req: IncomingMessage): boolean {
  const port = req.socket.localPort;
  const host = req.headers.host ?? '';
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return false;
  if (req.headers.origin !== undefined) return false;
  const site = req.headers['sec-fetch-site'];
  return site === undefined || site === 'none' || site === 'same-origin';
}

/** `Authorization: Bearer <token>`, compared in constant time. */
function hasToken(req: IncomingMessage, token: string): boolean {
  const given = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function handle(sim: Omit<SimulatorHandle, 'controlPort' | 'controlToken'>, token: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!fromLocalTool(req)) return reply(res, 403, { error: 'the control channel accepts local tools only' });
  if (!hasToken(req, token)) return reply(res, 401, { error: 'the control channel needs its token: Authorization: Bearer <token from sim-control.json>' });
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/book') return reply(res, 200, sim.book());
  if (req.method === 'GET' && path === '/state') return reply(res, 200, sim.state());
  if (req.method === 'POST' && (path === '/fault' || path === '/price')) {
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return reply(res, 400, { error: 'body must be JSON' });
    }
    if (path === '/fault') {
      const fault = parseFault(body);
      if (typeof fault === 'string') return reply(res, 400, { error: fault });
      // Reply before acting: a crash fault ends the process.
      reply(res, 200, { ok: true });
      setImmediate(() => sim.fault(fault));
      return;
    }
    const { symbol, price } = (body ?? {}) as { symbol?: unknown; price?: unknown };
    if (typeof symbol !== 'string' || typeof price !== 'number') return reply(res, 400, { error: 'symbol and price required' });
    try {
      sim.setPrice(symbol, price);
    } catch (err) {
      return reply(res, 400, { error: (err as Error).message });
    }
    return reply(res, 200, { ok: true });
  }
  reply(res, 404, { error: 'not found' });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
