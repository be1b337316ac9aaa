import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { createCore, type Core } from '../../../electron/core/app.ts';
import { startWebServer, type WebServer } from '../../../electron/web/server.ts';
import { safeJoin } from '../../../electron/web/static.ts';
import { tempDir } from '../../support/temp-dir.ts';

let core: Core;
let web: WebServer;
let rendererDir: string;

beforeEach(async () => {
  const dir = tempDir('gh-web-');
  rendererDir = path.join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>ok</title>');
  writeFileSync(path.join(dir, 'secret.txt'), 'do not serve');
  core = await createCore({ dataDir: dir, shell: 'web', version: '0.0.1' });
  web = await startWebServer({ core, rendererDir, port: 0 });
});
afterEach(async () => {
  await web.close();
  await core.dispose();
});

function connect(query: string, headers: Record<string, string> = {}) {
  return new Promise<{ ws: WebSocket } | { status: number }>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${web.port}/bridge${query}`, { headers });
    ws.on('open', () => resolve({ ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.on('error', () => resolve({ status: -1 }));
  });
}

function call(ws: WebSocket, frame: object): Promise<unknown> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data))));
    ws.send(JSON.stringify(frame));
  });
}

describe('web bridge', () => {
  it('refuses a connection without the token, or with a wrong one', async () => {
    expect(await connect('')).toEqual({ status: 401 });
    expect(await connect('?token=nope')).toEqual({ status: 401 });
  });

  it('refuses a page from another origin even with the token', async () => {
    expect(await connect(`?token=${web.token}`, { Origin: 'http://evil.example' })).toEqual({ status: 403 });
  });

  it('serves the contract with the token and survives garbage frames', async () => {
    const c = await connect(`?token=${web.token}`);
    if (!('ws' in c)) throw new Error('refused');
    const garbage = await call(c.ws, { type: 'launch-missiles' });
    expect(garbage).toMatchObject({ type: 'error' });
    const info = await call(c.ws, { type: 'invoke', id: 7, command: 'app.info' });
    expect(info).toMatchObject({ type: 'result', id: 7, result: { ok: true, value: { name: 'Gatehouse', shell: 'web' } } });
    const status = await call(c.ws, { type: 'subscribe', stream: 'status' });
    expect(status).toMatchObject({ type: 'stream', stream: 'status', message: { kind: 'snapshot', value: { level: 'stopped' } } });
    c.ws.close();
  });

  it('never serves a file outside the renderer folder', async () => {
    const res = await fetch(`http://127.0.0.1:${web.port}/..%2fsecret.txt`);
    expect(await res.text()).not.toContain('do not serve');
    // `..` is folded into the root: the worst a crafted path reaches is a file inside it.
    expect(safeJoin(rendererDir, '/../secret.txt')).toBe(path.join(rendererDir, 'secret.txt'));
    expect(safeJoin(rendererDir, '/a%00b')).toBeNull();
    const page = await fetch(`http://127.0.0.1:${web.port}/`);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});
