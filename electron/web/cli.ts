/**
 * `npm run start:web`: runs core in Node, opens the UI in the default browser and prints the one address
 * (with its access token) last, set apart from the build output above it. Options: see cli-options.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../core/app.ts';
import { defaultDataDir } from '../core/paths.ts';
import { parseCliArgs, USAGE } from './cli-options.ts';
import { openInBrowser } from './opener.ts';
import { startWebServer, type WebServer } from './server.ts';
import { loadOrCreateToken, TOKEN_FILE } from './token.ts';

const HELP = `${USAGE}
  --port N          port on 127.0.0.1 (default 5178)
  --data-dir DIR    settings, logs and the access token (default: the desktop app's data folder)
  --demo            start in demo mode with the simulated Gateway
  --no-open         do not open a browser; just print the address
  --rotate-token    make a new access token: every address printed before stops working`;

const parsed = parseCliArgs(process.argv.slice(2));
if (!parsed.ok) {
  console.error(parsed.message);
  process.exit(2);
}
const opts = parsed.options;
if (opts.help) {
  console.log(HELP);
  process.exit(0);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
const dataDir = opts.dataDir ? path.resolve(opts.dataDir) : defaultDataDir();

let core: Core | null = null;
let web: WebServer;
let tokenNote: string;
try {
  let token: string;
  if (opts.token) {
    token = opts.token;
    tokenNote = 'This address carries the token given with --token.';
  } else {
    const t = loadOrCreateToken(dataDir, { rotate: opts.rotateToken });
    token = t.token;
    tokenNote =
      t.origin === 'rotated'
        ? 'New access token: addresses printed before no longer work.'
        : `The address stays the same across restarts (token in ${path.join(dataDir, TOKEN_FILE)}; --rotate-token makes a new one).`;
  }
  // With no Gateway installed and nothing configured, Gatehouse falls back to demo mode by itself.
  core = await createCore({ dataDir, shell: 'web', version: pkg.version, demo: opts.demo, autoDemo: true });
  // GATEHOUSE_RENDERER_DIR lets a test serve another build folder (an empty one, say) without touching dist.
  const rendererDir = process.env.GATEHOUSE_RENDERER_DIR || path.join(root, 'dist', 'renderer');
  web = await startWebServer({ core, rendererDir, port: opts.port, token });
} catch (err) {
  const e = err as NodeJS.ErrnoException;
  console.error(
    e.code === 'EADDRINUSE'
      ? `Port ${opts.port} is already in use. Close the other Gatehouse or pass --port <free port>.`
      : e.code === 'EACCES' || e.code === 'EPERM'
        ? `Gatehouse may not use ${e.path ?? `port ${opts.port}`} (${e.code}). Pick another --data-dir or --port.`
        : `Could not start Gatehouse in browser mode: ${e.message}`,
  );
  await core?.dispose().catch(() => undefined);
  process.exit(1);
}

const openProblem = opts.open ? await openInBrowser(web.url) : null;
const how = !opts.open
  ? 'Open this address in your browser:'
  : openProblem
    ? `Could not open a browser (${openProblem}); open this address yourself:`
    : 'Opened it in your default browser. If nothing appeared, open this address:';
const rule = '─'.repeat(72);
console.log(
  [
    '',
    rule,
    `Gatehouse is running in browser mode (data: ${dataDir}). Ctrl+C stops it.`,
    tokenNote,
    how,
    '',
    `    ${web.url}`,
    '',
  ].join('\n'),
);

// Ctrl+C in `npm start` arrives twice (from the terminal's group and passed on by npm start): close once.
let closing = false;
const shutdown = async () => {
  if (closing) return;
  closing = true;
  await web.close();
  await core?.dispose();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
