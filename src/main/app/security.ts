import { app, dialog, session, shell, type WebContents } from 'electron';
import { isAppUrl } from '../ipc/sender-check';
import { contentSecurityPolicy } from '../server/static-files';

/**
 * The CSP every response gets. The built app needs nothing beyond its own origin; Vite's dev server
 * injects an inline React-refresh preamble and talks to its HMR socket, so dev mode loosens exactly that.
 */
export function rendererContentSecurityPolicy(opts: { dev: boolean }): string {
  if (!opts.dev) return contentSecurityPolicy();
  return contentSecurityPolicy({ connect: ['ws:'] }).replace(
    "script-src 'self'",
    "script-src 'self' 'unsafe-inline'",
  );
}

/** Response headers with any CSP the response brought replaced by ours (header names are case-insensitive). */
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
  csp: string,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers ?? {}))
    if (k.toLowerCase() !== 'content-security-policy') out[k] = v;
  out['Content-Security-Policy'] = [csp];
  return out;
}

/** A frame may only navigate (or be redirected) within the app itself. */
export function isAllowedNavigation(url: string, appUrl: string): boolean {
  return isAppUrl(url, appUrl);
}

/**
 * The renderer needs no permission (camera, notifications, clipboard, HID…): every request and check
 * is refused, so a compromised page cannot even prompt.
 */
export function isPermissionAllowed(_permission: string): boolean {
  return false;
}

/** The normalised http(s) URL a window.open / target=_blank link may be offered for, or null. */
export function externalLinkTarget(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  return parsed.href;
}

/**
 * App-wide hardening: no navigation away from the app, no new windows (http(s) links open in the
 * system browser after the user agrees), no <webview>, no permissions, and a CSP header on every
 * response the default session receives (the dev server's included).
 */
export function hardenApp(appUrl: string, opts: { dev: boolean }): void {
  const csp = rendererContentSecurityPolicy(opts);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, csp) });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => {
    callback(isPermissionAllowed(permission));
  });
  session.defaultSession.setPermissionCheckHandler((_contents, permission) =>
    isPermissionAllowed(permission),
  );

  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(url, appUrl)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAllowedNavigation(url, appUrl)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      void offerExternalLink(url);
      return { action: 'deny' };
    });
  });
}

/** Asks before handing a link to the system browser; resolves once the user has answered. */
export async function offerExternalLink(url: string): Promise<boolean> {
  const target = externalLinkTarget(url);
  if (target === null) return false;
  const { response } = await dialog.showMessageBox({
    type: 'question',
    buttons: ['Open in browser', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: 'Open this link in your web browser?',
    detail: target,
  });
  if (response !== 0) return false;
  await shell.openExternal(target);
  return true;
}
