/** The simulator's control channel (on in demo mode) refuses what a web page could send it. */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../electron/simulator/server.ts';

let sim: SimulatorHandle | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

function post(port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/fault', method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(JSON.stringify({ kind: 'clear' }));
  });
}

describe('simulator control channel guard', () => {
  it('refuses a foreign Host (DNS rebinding) and any cross-site page (Origin), accepts local tools', async () => {
    sim = await startSimulator({ port: 0, controlPort: 0, tickIntervalMs: 0 });
    const port = sim.controlPort!;
    expect(await post(port, { host: 'evil.example' })).toBe(403);
    expect(await post(port, { host: `127.0.0.1:${port}`, origin: 'http://evil.example' })).toBe(403);
    expect(await post(port, { host: `127.0.0.1:${port}`, 'sec-fetch-site': 'cross-site' })).toBe(403);
    expect(await post(port, { host: `127.0.0.1:${port}` })).toBe(200);
    expect(await post(port, { host: `localhost:${port}` })).toBe(200);
  });
});
