/** Serves the built renderer with a strict CSP; never a path outside the build folder. */
import { createReadStream, promises as fs } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export function contentSecurityPolicy(connectSrc: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ${connectSrc}`.trim(),
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Resolves a URL path inside `root`, or null when it would escape it. */
export function safeJoin(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  const rel = path.relative(root, full);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return full;
}

/**
 * Answered instead of the app while the build folder has no app in it. `npm start` always builds first, so
 * the server keeps running rather than refusing to start: this is seen after running electron/web/cli.ts by
 * hand in a fresh checkout, or while a rebuild has emptied the folder, and a reload fixes it once built.
 */
export const NOT_BUILT_PAGE = `<!doctype html><meta charset="utf-8"><title>Gatehouse: pages not built</title>
<p>The app's pages are not built yet: run <code>npm run build:renderer</code> (npm start does it for you),
then reload this page.</p>
`;

/** What a request for `urlPath` gets from the build folder `root`, for browser mode and the desktop app alike. */
export type Located = { kind: 'file'; file: string } | { kind: 'not-built' } | { kind: 'not-found' } | { kind: 'bad-path' };

export async function locate(root: string, urlPath: string): Promise<Located> {
  const file = safeJoin(root, urlPath === '/' ? '/index.html' : urlPath);
  if (!file) return { kind: 'bad-path' };
  if ((await fs.stat(file).catch(() => null))?.isFile()) return { kind: 'file', file };
  const shell = path.join(root, 'index.html');
  if (!(await fs.stat(shell).catch(() => null))?.isFile()) return { kind: 'not-built' };
  // Client-side routes fall back to the app shell; a missing asset is missing.
  return path.extname(file) ? { kind: 'not-found' } : { kind: 'file', file: shell };
}

export function staticHandler(root: string, csp: string) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const found = await locate(root, url.pathname);
    if (found.kind === 'bad-path') {
      res.writeHead(400).end('Bad path');
      return;
    }
    if (found.kind === 'not-found') {
      res.writeHead(404).end('Not found');
      return;
    }
    if (found.kind === 'not-built') {
      res.writeHead(503, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': csp,
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : NOT_BUILT_PAGE);
      return;
    }
    const file = found.file;
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  };
}
