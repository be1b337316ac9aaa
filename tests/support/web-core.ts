/**
 * A real core behind the real web bridge on a temp dir, with a stand-in page to serve: the setup the web
 * integration tests share. `close` stops the bridge, then the core.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCore, type Core } from '../../electron/core/app.ts';
import { startWebServer, type WebServer } from '../../electron/web/server.ts';
import { tempDir } from './temp-dir.ts';

export interface WebCore {
  core: Core;
  web: WebServer;
  dataDir: string;
  rendererDir: string;
  close(): Promise<void>;
}

export async function startWebCore(prefix: string): Promise<WebCore> {
  const dataDir = tempDir(prefix);
  const rendererDir = path.join(dataDir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>ok</title>');
  const core = await createCore({ dataDir, shell: 'web', version: '0.0.1' });
  const web = await startWebServer({ core, rendererDir, port: 0 });
  return {
    core,
    web,
    dataDir,
    rendererDir,
    close: async () => {
      await web.close();
      await core.dispose();
    },
  };
}
