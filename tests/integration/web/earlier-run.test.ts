import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCore, type Core } from '../../../electron/core/app.ts';
import { startWebServer, type WebServer } from '../../../electron/web/server.ts';
import { createWebTransport, EARLIER_RUN, type LinkState } from '../../../renderer/src/api/web-transport.ts';
import { until } from '../../support/until.ts';
import { tempDir } from '../../support/temp-dir.ts';

/** An old tab against a new run: the browser transport, in Node, against the real web server and core. */
const open: { web: WebServer; core: Core }[] = [];
afterEach(async () => {
  for (const { web, core } of open.splice(0)) {
    await web.close();
    await core.dispose();
  }
});

async function serve(dataDir: string, token: string, port = 0) {
  const rendererDir = path.join(dataDir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>ok</title>');
  const core = await createCore({ dataDir, shell: 'web', version: '0.0.1' });
  const web = await startWebServer({ core, rendererDir, port, token });
  open.push({ web, core });
  return web;
}

describe('a page whose token is not this run’s', () => {
  it('is told plainly that its address is from an earlier run, instead of "reconnecting…" for ever', async () => {
    const dir = tempDir('gh-earlier-');
    const web = await serve(dir, 'token-of-this-run');
    const states: LinkState[] = [];
    // Reconnects wait on timers only this test runs: what is left scheduled after the refusal is a retry.
    const retries: (() => void)[] = [];
    const api = createWebTransport(`ws://127.0.0.1:${web.port}/bridge?token=token-of-last-run`, (s) => states.push(s), {
      setTimeout: (fn) => retries.push(fn),
    });
    const first = await api.invoke('app.info');
    await until(() => states.includes('refused'), { what: 'the refusal' });
    expect(first.ok).toBe(false);
    expect((await api.invoke('app.info')) as unknown).toMatchObject({ ok: false, error: { message: EARLIER_RUN } });
    expect(EARLIER_RUN).toBe('This address is from an earlier run of Gatehouse — open the new address printed in the terminal.');
    // It stops knocking: no retry loop against a server that will never take this token.
    expect(retries).toEqual([]);
    expect(states).toEqual(['down', 'refused']);
  });

  it('with the same token (one per data folder) an open tab reconnects by itself after a restart', async () => {
    const dir = tempDir('gh-earlier-');
    const web = await serve(dir, 'stable-token-1');
    const states: LinkState[] = [];
    const api = createWebTransport(`ws://127.0.0.1:${web.port}/bridge?token=stable-token-1`, (s) => states.push(s));
    expect((await api.invoke('app.info')).ok).toBe(true);
    const { port } = web;
    const gone = open.pop()!;
    await gone.web.close();
    await gone.core.dispose();
    await until(() => states.at(-1) === 'down', { what: 'the drop' });
    await serve(dir, 'stable-token-1', port);
    await until(() => states.at(-1) === 'up', { what: 'the reconnect' });
    expect(states).not.toContain('refused');
    expect((await api.invoke('app.info')).ok).toBe(true);
  });
});
