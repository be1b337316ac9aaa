/**
 * `npm run start:web`: runs core in Node and prints the one URL (with its token) that opens the UI.
 * Options: --port N, --data-dir DIR, --demo, --token T (tests), --no-open.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createCore } from '../core/app.ts';
import { defaultDataDir } from '../core/paths.ts';
import { startWebServer } from './server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5178' },
    'data-dir': { type: 'string' },
    demo: { type: 'boolean', default: false },
    token: { type: 'string' },
  },
});

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
const dataDir = values['data-dir'] ?? defaultDataDir();
// With no Gateway installed and nothing configured, Gatehouse falls back to demo mode by itself.
const core = await createCore({ dataDir, shell: 'web', version: pkg.version, demo: values.demo, autoDemo: true });
let web;
try {
  web = await startWebServer({
    core,
    rendererDir: path.join(root, 'dist', 'renderer'),
    port: Number(values.port),
    ...(values.token ? { token: values.token } : {}),
  });
} catch (err) {
  const code = (err as NodeJS.ErrnoException).code;
  console.error(
    code === 'EADDRINUSE'
      ? `Port ${values.port} is already in use. Close the other Gatehouse or pass --port <free port>.`
      : `Could not start the web UI: ${(err as Error).message}`,
  );
  await core.dispose();
  process.exit(1);
}
console.log(`Gatehouse is running in browser mode (data: ${dataDir}).`);
console.log(`Open this address (it carries this run's access token):\n\n  ${web.url}\n`);

const shutdown = async () => {
  await web.close();
  await core.dispose();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
