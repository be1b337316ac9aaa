/** Serves the built renderer on app://gatehouse with the CSP as a header too; no path escapes the folder. */
import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy, locate, NOT_BUILT_PAGE } from '../web/static.ts';

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
    // The same answers as browser mode (web/static.ts): a page that says how to build, not a bare error.
    const found = await locate(rendererDir, url.pathname);
    if (found.kind === 'bad-path') return new Response('Bad path', { status: 400 });
    if (found.kind === 'not-found') return new Response('Not found', { status: 404 });
    if (found.kind === 'not-built') {
      return new Response(NOT_BUILT_PAGE, { status: 503, headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp } });
    }
    const file = found.file;
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', csp);
    return new Response(res.body, { status: res.status, headers });
  });
}
