import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import {
  contentSecurityPolicy,
  decodeUrlPath,
  isAppRoute,
  mimeType,
  resolveStaticPath,
} from '../server/static-files';

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

/** The part of a protocol request the handler looks at. */
export interface AppRequest {
  url: string;
  method: string;
}

/** A path that tries to climb out (after decoding) is refused outright rather than given the SPA page. */
function isTraversal(urlPath: string): boolean {
  const decoded = decodeUrlPath(urlPath);
  return decoded === null || decoded.split('/').includes('..');
}

const notFound = () =>
  new Response('not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/**
 * Answers app://studio/… from files inside rendererDir only, with their MIME type and the CSP;
 * extension-less paths are app routes and get index.html.
 */
export function createAppRequestHandler(
  rendererDir: string,
  csp: string,
): (request: AppRequest) => Promise<Response> {
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return notFound();
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return notFound();
    if (request.method !== 'GET' && request.method !== 'HEAD') return notFound();
    if (isTraversal(url.pathname)) return notFound();
    let file = await resolveStaticPath(rendererDir, url.pathname);
    if (file === null && isAppRoute(url.pathname)) file = await resolveStaticPath(rendererDir, '/index.html');
    if (file === null) return notFound();
    const body = request.method === 'HEAD' ? null : new Uint8Array(await readFile(file));
    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': mimeType(file),
        'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      },
    });
  };
}

export function serveRendererOverAppScheme(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir, contentSecurityPolicy()));
}
