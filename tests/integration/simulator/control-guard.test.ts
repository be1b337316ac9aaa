/** The simulator's control channel (on in demo mode) refuses what a web page, or any caller without its token, could send it. */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../electron/simulator/server.ts';

let sim: SimulatorHandle | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

function post(port: number, headers: Record<string, string>, body: unknown = { kind: 'clear' }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/fault', method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += String(c)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('simulator control channel guard', () => {
  it('refuses a foreign Host (DNS rebinding) and any cross-site page (Origin), accepts local tools with the token', async () => {
    sim = await startSimulator({ port: 0, controlPort: 0, tickIntervalMs: 0 });
    const port = sim.controlPort!;
    const auth = { authorization: `Bearer ${sim.controlToken}` };
    expect((await post(port, { host: 'evil.example', ...auth })).status).toBe(403);
    expect((await post(port, { host: `127.0.0.1:${port}`, origin: 'http://evil.example', ...auth })).status).toBe(403);
    expect((await post(port, { host: `127.0.0.1:${port}`, 'sec-fetch-site': 'cross-site', ...auth })).status).toBe(403);
    expect((await post(port, { host: `127.0.0.1:${port}`, ...auth })).status).toBe(200);
    expect((await post(port, { host: `localhost:${port}`, ...auth })).status).toBe(200);
  });

  it('refuses a local request without the token, or with a wrong one, and acts on nothing', async () => {
    sim = await startSimulator({ port: 0, controlPort: 0, tickIntervalMs: 0 });
    const port = sim.controlPort!;
    const host = { host: `127.0.0.1:${port}` };
    const bare = await post(port, host, { kind: 'hang' });
    expect(bare.status).toBe(401);
    expect(bare.text).toMatch(/needs its token/);
    expect((await post(port, { ...host, authorization: 'Bearer not-the-token' }, { kind: 'hang' })).status).toBe(401);
    expect((await post(port, { ...host, authorization: String(sim.controlToken) }, { kind: 'hang' })).status).toBe(401);
    expect(sim.state().hung).toBe(false);
    // Two simulators never share a token.
    const other = await startSimulator({ port: 0, controlPort: 0, tickIntervalMs: 0 });
    try {
      expect(other.controlToken).not.toBe(sim.controlToken);
      expect((await post(port, { ...host, authorization: `Bearer ${other.controlToken}` }, { kind: 'hang' })).status).toBe(401);
    } finally {
      await other.close();
    }
    expect(sim.state().hung).toBe(false);
  });
});
