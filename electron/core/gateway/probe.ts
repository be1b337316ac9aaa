import net from 'node:net';

/**
 * A real API handshake, the only honest readiness test: a port can accept connections while the
 * Gateway behind it is still logging in, hung, or not a Gateway at all. A tiny codec of its own keeps
 * the probe independent of the broker client (no request queue, no reconnect logic to get in the way).
 */
export type ProbeFailure =
  /** nothing listens */
  | 'refused'
  /** something listens but did not answer the TWS greeting: another program, or a Gateway frozen solid */
  | 'no-handshake'
  /** answered with something that is not a TWS version reply */
  | 'not-ib'
  /** the Gateway answered the greeting but not nextValidId/currentTime in time: logging in, or hung */
  | 'api-silent'
  | 'client-id-in-use'
  | 'closed'
  | 'error';

export type ProbeResult =
  | { ok: true; serverVersion: number; ms: number }
  | { ok: false; reason: ProbeFailure; detail: string; ms: number; serverVersion: number | null };

export interface ProbeOptions {
  port: number;
  host?: string;
  clientId?: number;
  timeoutMs?: number;
  now?: () => number;
}

const MIN_VERSION = 100;
const MAX_VERSION = 193;
const MAX_FRAME = 0xffffff;

export function encodeFrame(fields: Array<string | number>): Buffer {
  const body = Buffer.from(fields.map(String).join('\0') + '\0', 'latin1');
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  return Buffer.concat([head, body]);
}

export function greeting(): Buffer {
  const version = Buffer.from(`v${MIN_VERSION}..${MAX_VERSION}`, 'latin1');
  const head = Buffer.alloc(4);
  head.writeUInt32BE(version.length);
  return Buffer.concat([Buffer.from('API\0', 'latin1'), head, version]);
}

/** Pull whole frames off the front of `buf`; `bad` when a length is impossible (not the TWS protocol). */
export function takeFrames(buf: Buffer): { frames: string[][]; rest: Buffer; bad: boolean } {
  const frames: string[][] = [];
  let off = 0;
  while (buf.length - off >= 4) {
    const len = buf.readUInt32BE(off);
    if (len === 0 || len > MAX_FRAME) return { frames, rest: buf.subarray(off), bad: true };
    if (buf.length - off - 4 < len) break;
    const fields = buf.subarray(off + 4, off + 4 + len).toString('latin1').split('\0');
    if (fields.at(-1) === '') fields.pop();
    frames.push(fields);
    off += 4 + len;
  }
  return { frames, rest: buf.subarray(off), bad: false };
}

/** A client id unlikely to collide with the user's own programs (theirs are small numbers). */
export function probeClientId(): number {
  return 2_000_000_000 + Math.floor(Math.random() * 100_000_000);
}

export function probeApi(options: ProbeOptions): Promise<ProbeResult> {
  const now = options.now ?? Date.now;
  const started = now();
  const timeoutMs = options.timeoutMs ?? 5000;
  const clientId = options.clientId ?? probeClientId();
  return new Promise((resolve) => {
    const socket = net.connect({ port: options.port, host: options.host ?? '127.0.0.1' });
    let buf: Buffer = Buffer.alloc(0);
    let serverVersion: number | null = null;
    let stage: 'connect' | 'greeting' | 'nextValidId' | 'currentTime' = 'connect';
    let settled = false;
    const finish = (r: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const fail = (reason: ProbeFailure, detail: string) =>
      finish({ ok: false, reason, detail, ms: now() - started, serverVersion });
    const timer = setTimeout(() => {
      if (stage === 'connect') fail('refused', `no connection to port ${options.port} within ${timeoutMs} ms`);
      else if (stage === 'greeting') fail('no-handshake', `port ${options.port} is open but did not answer the API greeting`);
      else fail('api-silent', `the Gateway accepted the connection but sent no ${stage} within ${timeoutMs} ms`);
    }, timeoutMs);

    socket.once('connect', () => {
      stage = 'greeting';
      socket.write(greeting());
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      if (stage === 'connect') fail('refused', err.code === 'ECONNREFUSED' ? `nothing is listening on port ${options.port}` : err.message);
      else fail('error', err.message);
    });
    socket.once('close', () => {
      if (stage === 'greeting') fail('no-handshake', `port ${options.port} closed the connection at the API greeting`);
      else fail('closed', `the Gateway closed the connection while waiting for ${stage}`);
    });
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      const { frames, rest, bad } = takeFrames(buf);
      buf = rest;
      if (bad) {
        fail('not-ib', `port ${options.port} answered with something that is not the TWS API`);
        return;
      }
      for (const f of frames) {
        if (stage === 'greeting') {
          const v = Number(f[0]);
          if (!Number.isInteger(v) || v < MIN_VERSION || v > MAX_VERSION) {
            fail('not-ib', `port ${options.port} answered the greeting with an unexpected version`);
            return;
          }
          serverVersion = v;
          stage = 'nextValidId';
          socket.write(encodeFrame([71, 2, clientId, '']));
          continue;
        }
        const id = Number(f[0]);
        if (id === 4) {
          // error: [4, 2, reqId, code, message, …]
          const code = Number(f[3]);
          if (code === 326) {
            fail('client-id-in-use', `client id ${clientId} is already in use`);
            return;
          }
          continue;
        }
        if (stage === 'nextValidId' && id === 9) {
          stage = 'currentTime';
          socket.write(encodeFrame([49, 1]));
        } else if (stage === 'currentTime' && id === 49) {
          finish({ ok: true, serverVersion: serverVersion!, ms: now() - started });
          return;
        }
      }
    });
  });
}
