import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { contentSecurityPolicy, isAppRoute, mimeType, resolveStaticPath } from '../server/static-files';

export const APP_SCHEME = 'app';
export const APP_HOST = 'studio';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * The renderer is served from its own secure, standard scheme rather than file://: it gets a real
 * origin (so 'self' in the CSP and the IPC sender check mean something), file:// pages cannot read
 * it, and every response carries the CSP header. Must run before the app is ready.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRendererOverAppScheme(rendererDir: string): void {
  const csp = contentSecurityPolicy();
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return new Response('not found', { status: 404 });
    }
    let file = await resolveStaticPath(rendererDir, url.pathname);
    if (file === null && isAppRoute(url.pathname)) file = await resolveStaticPath(rendererDir, '/index.html');
    if (file === null) return new Response('not found', { status: 404 });
    const body = await readFile(file);
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: {
        'Content-Type': mimeType(file),
        'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      },
    });
  });
}
