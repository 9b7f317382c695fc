import { app, dialog, session, shell, type WebContents } from 'electron';
import { isAppUrl } from '../ipc/sender-check';
import { contentSecurityPolicy } from '../server/static-files';

/**
 * App-wide hardening: no navigation away from the app, no new windows (http(s) links open in the
 * system browser after the user agrees), no <webview>, no permission prompts, and a CSP header on
 * every response the default session receives (the dev server's included).
 */
export function hardenApp(appUrl: string, opts: { dev: boolean }): void {
  const csp = opts.dev
    ? // Vite's dev server injects an inline React-refresh preamble and talks to its HMR socket.
      contentSecurityPolicy({ connect: ['ws:'] }).replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    : contentSecurityPolicy();

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-security-policy') delete headers[k];
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => {
    callback(permission === 'clipboard-sanitized-write');
  });
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => permission === 'clipboard-sanitized-write');

  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url, appUrl)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url, appUrl)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      void offerExternalLink(url);
      return { action: 'deny' };
    });
  });
}

async function offerExternalLink(url: string): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return;
  const { response } = await dialog.showMessageBox({
    type: 'question',
    buttons: ['Open in browser', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: 'Open this link in your web browser?',
    detail: parsed.href,
  });
  if (response === 0) await shell.openExternal(parsed.href);
}
