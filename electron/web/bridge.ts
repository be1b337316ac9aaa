/**
 * Browser mode's twin of the Electron IPC: the same contract over one WebSocket on loopback. Every frame is
 * validated; the upgrade is refused without the per-run token, and from any page not served by us.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { isStreamName, type StreamName } from '../core/contract.ts';
import type { Dispatcher, StreamHub } from '../core/rpc.ts';
import { Outbox, type OutboxLimits } from './outbox.ts';

export const BRIDGE_PATH = '/bridge';
const MAX_FRAME = 1024 * 1024;

const ClientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('invoke'), id: z.number().int(), command: z.string(), input: z.unknown().optional() }),
  z.object({ type: z.literal('subscribe'), stream: z.string() }),
  z.object({ type: z.literal('unsubscribe'), stream: z.string() }),
]);

export function tokenMatches(expected: string, given: string | null): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Only pages we serve may connect: same host and port, loopback only. */
export function originAllowed(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true; // not a browser; the token still guards
  if (!host) return false;
  try {
    const o = new URL(origin);
    return o.host === host && (o.hostname === '127.0.0.1' || o.hostname === 'localhost' || o.hostname === '[::1]');
  } catch {
    return false;
  }
}

export interface BridgeOptions {
  server: Server;
  token: string;
  dispatcher: Dispatcher;
  hub: StreamHub;
  /** Per-client send limits in bytes (see outbox.ts); the defaults are what ships. */
  limits?: OutboxLimits;
}

export interface Bridge {
  close(): void;
  /** Bytes waiting to be sent to each connected client: what a client that stops reading costs core. */
  backlog(): number[];
}

export function attachBridge({ server, token, dispatcher, hub, limits }: BridgeOptions): Bridge {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== BRIDGE_PATH) return refuse('404 Not Found');
    if (!tokenMatches(token, url.searchParams.get('token'))) return refuse('401 Unauthorized');
    if (!originAllowed(req.headers.origin, req.headers.host)) return refuse('403 Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => serveClient(ws));
  };
  server.on('upgrade', onUpgrade);

  function serveClient(ws: WebSocket) {
    const subs = new Map<StreamName, () => void>();
    const outbox = new Outbox(
      {
        get bufferedAmount() {
          return ws.bufferedAmount;
        },
        send: (text, done) => ws.send(text, done),
        close: (code, reason) => ws.close(code, reason),
        isOpen: () => ws.readyState === ws.OPEN,
      },
      (stream) => (isStreamName(stream) ? hub.snapshot(stream) : undefined),
      limits,
    );
    const send = (frame: object) => outbox.reply(frame);
    ws.on('message', async (data, isBinary) => {
      if (isBinary) return;
      let frame: z.infer<typeof ClientFrame>;
      try {
        const parsed = ClientFrame.safeParse(JSON.parse(String(data)));
        if (!parsed.success) {
          send({ type: 'error', message: 'Malformed bridge frame ignored.' });
          return;
        }
        frame = parsed.data;
      } catch {
        send({ type: 'error', message: 'Malformed bridge frame ignored.' });
        return;
      }
      if (frame.type === 'invoke') {
        const result = await dispatcher.wire(frame.command, frame.input);
        send({ type: 'result', id: frame.id, result });
      } else if (frame.type === 'subscribe') {
        if (!isStreamName(frame.stream) || subs.has(frame.stream)) return;
        const stream = frame.stream;
        // A snapshot first, then changes; a page that reconnects subscribes afresh and gets a new snapshot.
        subs.set(stream, hub.follow(stream, (message) => outbox.stream(stream, message)));
      } else if (isStreamName(frame.stream)) {
        subs.get(frame.stream)?.();
        subs.delete(frame.stream);
      }
    });
    ws.on('close', () => {
      for (const off of subs.values()) off();
      subs.clear();
    });
    ws.on('error', () => ws.terminate());
  }

  return {
    close() {
      server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
    backlog: () => [...wss.clients].map((c) => c.bufferedAmount),
  };
}
