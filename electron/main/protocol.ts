/** Serves the built renderer on app://gatehouse with the CSP as a header too; no path escapes the folder. */
import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { safeJoin, contentSecurityPolicy } from '../web/static.ts';

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  const csp = contentSecurityPolicy('');
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'gatehouse') return new Response('Not found', { status: 404 });
    const file = safeJoin(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname);
    if (!file) return new Response('Bad path', { status: 400 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', csp);
    return new Response(res.body, { status: res.status, headers });
  });
}
