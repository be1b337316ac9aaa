import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { findFreePort, isPortOpen, sendIbcCommand } from '../../../electron/core/gateway/ports.ts';
import { encodeFrame, probeApi, takeFrames } from '../../../electron/core/gateway/probe.ts';
import { startSimulator, type SimulatorHandle } from '../../../electron/simulator/server.ts';

const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

function tcpServer(onConn: (s: net.Socket) => void): Promise<number> {
  return new Promise((resolve) => {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((s) => {
      sockets.add(s);
      s.on('error', () => undefined);
      onConn(s);
    });
    server.listen(0, '127.0.0.1', () => {
      closers.push(() => new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }));
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

async function sim(): Promise<SimulatorHandle> {
  const h = await startSimulator({ port: 0, tickIntervalMs: 0 });
  closers.push(() => h.close());
  return h;
}

describe('frames', () => {
  it('splits coalesced and partial frames', () => {
    const two = Buffer.concat([encodeFrame([9, 1, 5]), encodeFrame([49, 1, 123])]);
    const { frames, rest } = takeFrames(Buffer.concat([two, two.subarray(0, 5)]));
    expect(frames).toEqual([['9', '1', '5'], ['49', '1', '123']]);
    expect(rest.length).toBe(5);
    expect(takeFrames(Buffer.from('HTTP/1.1 400 Bad Request\r\n')).bad).toBe(true);
  });
});

describe('probeApi against the simulated Gateway', () => {
  it('completes handshake, nextValidId and currentTime', async () => {
    const h = await sim();
    const r = await probeApi({ port: h.port, timeoutMs: 2000 });
    expect(r).toMatchObject({ ok: true, serverVersion: 193 });
  });

  it('reports a hung Gateway as api silent / no handshake with the port still open', async () => {
    const h = await sim();
    h.fault({ kind: 'hang' });
    const r = await probeApi({ port: h.port, timeoutMs: 300 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(['api-silent', 'no-handshake']).toContain(r.reason);
    expect(await isPortOpen(h.port)).toBe(true);
  });

  it('reports a client id held by a stale session', async () => {
    const h = await sim();
    h.fault({ kind: 'staleSession', clientId: 77, durationMs: 5000 });
    const r = await probeApi({ port: h.port, clientId: 77, timeoutMs: 1000 });
    expect(r).toMatchObject({ ok: false, reason: 'client-id-in-use', serverVersion: 193 });
  });
});

describe('probeApi against things that are not a Gateway', () => {
  it('refused when nothing listens', async () => {
    const port = await findFreePort();
    expect(await probeApi({ port, timeoutMs: 500 })).toMatchObject({ ok: false, reason: 'refused', serverVersion: null });
    expect(await isPortOpen(port)).toBe(false);
  });

  it('not-ib for an HTTP server, no-handshake for a silent or closing one', async () => {
    const http = await tcpServer((s) => s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\n\r\n')));
    expect(await probeApi({ port: http, timeoutMs: 500 })).toMatchObject({ ok: false, reason: 'not-ib' });
    const silent = await tcpServer(() => undefined);
    expect(await probeApi({ port: silent, timeoutMs: 200 })).toMatchObject({ ok: false, reason: 'no-handshake' });
    const closing = await tcpServer((s) => s.destroy());
    expect(await probeApi({ port: closing, timeoutMs: 500 })).toMatchObject({ ok: false, reason: 'no-handshake' });
  });
});

describe('sendIbcCommand', () => {
  it('sends a line and returns the first reply line', async () => {
    let got = '';
    const port = await tcpServer((s) => s.on('data', (d) => {
      got += d.toString();
      s.end('OK Shutting down\n');
    }));
    expect(await sendIbcCommand(port, 'STOP')).toBe('OK Shutting down');
    expect(got).toBe('STOP\n');
  });
});
