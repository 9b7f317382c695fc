import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * Electron's session, app, dialog and shell are replaced by recorders (the Electron binary cannot run
 * in tests), so hardenApp's real wiring runs and the handlers it installs are called directly.
 */
type HeadersCallback = (r: { responseHeaders?: Record<string, string[]> }) => void;
const rec = vi.hoisted(() => ({
  onHeadersReceived: null as
    | null
    | ((details: { url: string; responseHeaders?: Record<string, string[]> }, cb: HeadersCallback) => void),
  permissionRequest: null as
    null | ((contents: unknown, permission: string, cb: (granted: boolean) => void) => void),
  permissionCheck: null as null | ((contents: unknown, permission: string) => boolean),
  appListeners: new Map<string, (...args: unknown[]) => void>(),
  dialogAnswer: 1,
  dialogCalls: [] as unknown[],
  opened: [] as string[],
}));

vi.mock('electron', () => ({
  session: {
    defaultSession: {
      webRequest: { onHeadersReceived: (fn: typeof rec.onHeadersReceived) => (rec.onHeadersReceived = fn) },
      setPermissionRequestHandler: (fn: typeof rec.permissionRequest) => (rec.permissionRequest = fn),
      setPermissionCheckHandler: (fn: typeof rec.permissionCheck) => (rec.permissionCheck = fn),
    },
  },
  app: { on: (name: string, fn: (...args: unknown[]) => void) => rec.appListeners.set(name, fn) },
  dialog: {
    showMessageBox: async (opts: unknown) => {
      rec.dialogCalls.push(opts);
      return { response: rec.dialogAnswer };
    },
  },
  shell: {
    openExternal: async (url: string) => {
      rec.opened.push(url);
    },
  },
}));

const {
  hardenApp,
  rendererContentSecurityPolicy,
  isAllowedNavigation,
  externalLinkTarget,
  offerExternalLink,
} = await import('./security');
const { APP_URL } = await import('./app-protocol');

/** A CSP header as directive → sources. */
function parseCsp(header: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of header.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) {
      expect(out.has(name), `directive ${name} appears once`).toBe(false);
      out.set(name.toLowerCase(), sources);
    }
  }
  return out;
}

/** A webContents stand-in recording the listeners and window-open handler hardenApp gives it. */
function fakeContents() {
  const listeners = new Map<string, (...args: unknown[]) => void>();
  let openHandler: ((d: { url: string }) => { action: string }) | null = null;
  return {
    on: (name: string, fn: (...args: unknown[]) => void) => listeners.set(name, fn),
    setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn),
    /** Fires a will-* event and says whether the handler prevented it. */
    fire(name: string, ...args: unknown[]): boolean {
      const fn = listeners.get(name);
      if (!fn) throw new Error(`no ${name} listener`);
      let prevented = false;
      fn({ preventDefault: () => (prevented = true) }, ...args);
      return prevented;
    },
    open: (url: string) => {
      if (!openHandler) throw new Error('no window open handler');
      return openHandler({ url });
    },
  };
}

function created() {
  const contents = fakeContents();
  const listener = rec.appListeners.get('web-contents-created');
  if (!listener) throw new Error('hardenApp did not listen for web-contents-created');
  listener({}, contents);
  return contents;
}

function headersFor(url: string, responseHeaders?: Record<string, string[]>): Record<string, string[]> {
  if (!rec.onHeadersReceived) throw new Error('no onHeadersReceived handler');
  let got: Record<string, string[]> | undefined;
  rec.onHeadersReceived({ url, responseHeaders }, (r) => (got = r.responseHeaders));
  if (!got) throw new Error('callback not called with headers');
  return got;
}

describe('content security policy', () => {
  it('limits the built app to its own origin', () => {
    const csp = parseCsp(rendererContentSecurityPolicy({ dev: false }));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    for (const [name, sources] of csp) {
      expect(sources, name).not.toContain("'unsafe-eval'");
      expect(sources, name).not.toContain('*');
      expect(
        sources.some((s) => /^(https?:|wss?:)/.test(s)),
        name,
      ).toBe(false);
    }
    // No frame-src/child-src: frames fall back to default-src 'self'.
    expect(csp.has('frame-src')).toBe(false);
  });

  it('in dev mode adds only the inline preamble and the HMR socket', () => {
    const prod = parseCsp(rendererContentSecurityPolicy({ dev: false }));
    const dev = parseCsp(rendererContentSecurityPolicy({ dev: true }));
    expect(dev.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev.get('connect-src')).toEqual(["'self'", 'ws:']);
    for (const [name, sources] of dev) {
      if (name !== 'script-src' && name !== 'connect-src') expect(sources, name).toEqual(prod.get(name));
      expect(sources, name).not.toContain("'unsafe-eval'");
    }
  });
});

describe('hardenApp', () => {
  beforeAll(() => hardenApp(APP_URL, { dev: false }));
  beforeEach(() => {
    rec.dialogCalls.length = 0;
    rec.opened.length = 0;
    rec.dialogAnswer = 1;
  });

  it('puts the CSP on app:// responses, replacing any the response brought', () => {
    const headers = headersFor('app://studio/index.html', {
      'content-type': ['text/html'],
      'content-security-policy': ["default-src *; script-src 'unsafe-eval'"],
      'Content-Security-Policy-Report-Only': ['x'],
    });
    expect(headers['content-type']).toEqual(['text/html']);
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['Content-Security-Policy']).toEqual([rendererContentSecurityPolicy({ dev: false })]);
    const csp = parseCsp(headers['Content-Security-Policy']![0]!);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    // A response with no headers at all still gets the policy.
    expect(headersFor('app://studio/assets/index.js')['Content-Security-Policy']).toHaveLength(1);
  });

  it('refuses every permission request and check', () => {
    for (const permission of [
      'media',
      'notifications',
      'geolocation',
      'clipboard-read',
      'clipboard-sanitized-write',
      'hid',
      'openExternal',
    ]) {
      const answers: boolean[] = [];
      rec.permissionRequest!({}, permission, (granted) => answers.push(granted));
      expect(answers, permission).toEqual([false]);
      expect(rec.permissionCheck!({}, permission), permission).toBe(false);
    }
  });

  it('prevents navigation and redirects away from the app and allows the app itself', () => {
    const contents = created();
    for (const event of ['will-navigate', 'will-redirect']) {
      expect(contents.fire(event, 'https://evil.example/'), event).toBe(true);
      expect(contents.fire(event, 'file:///etc/passwd'), event).toBe(true);
      expect(contents.fire(event, 'app://other/index.html'), event).toBe(true);
      expect(contents.fire(event, 'http://localhost:5173/'), event).toBe(true);
      expect(contents.fire(event, 'javascript:alert(1)'), event).toBe(true);
      expect(contents.fire(event, 'not a url'), event).toBe(true);
      expect(contents.fire(event, 'app://studio/index.html'), event).toBe(false);
      expect(contents.fire(event, 'app://studio/poses/42'), event).toBe(false);
    }
  });

  it('prevents every <webview> from attaching', () => {
    expect(created().fire('will-attach-webview', {}, {})).toBe(true);
  });

  it('denies every new window and opens http(s) links externally only after the user agrees', async () => {
    const contents = created();
    rec.dialogAnswer = 1; // Cancel
    expect(contents.open('https://example.org/paper')).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(rec.dialogCalls).toHaveLength(1));
    expect(rec.dialogCalls[0]).toMatchObject({
      detail: 'https://example.org/paper',
      cancelId: 1,
      defaultId: 1,
    });
    await new Promise((r) => setTimeout(r, 0));
    expect(rec.opened).toEqual([]);

    rec.dialogAnswer = 0; // Open in browser
    expect(contents.open('http://example.org/x')).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(rec.opened).toEqual(['http://example.org/x']));

    for (const url of [
      'app://studio/index.html',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'garbage',
    ]) {
      expect(contents.open(url), url).toEqual({ action: 'deny' });
    }
    await new Promise((r) => setTimeout(r, 0));
    expect(rec.dialogCalls).toHaveLength(2);
    expect(rec.opened).toEqual(['http://example.org/x']);
  });
});

describe('pure helpers', () => {
  it('isAllowedNavigation accepts the dev server only when it is the app URL', () => {
    const dev = 'http://localhost:5173/';
    expect(isAllowedNavigation('http://localhost:5173/poses', dev)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/', dev)).toBe(false);
    expect(isAllowedNavigation('https://localhost:5173/', dev)).toBe(false);
    expect(isAllowedNavigation('app://studio/index.html', dev)).toBe(false);
  });

  it('externalLinkTarget keeps only http(s) URLs, normalised', () => {
    expect(externalLinkTarget('https://Example.org/a b')).toBe('https://example.org/a%20b');
    expect(externalLinkTarget('mailto:a@b.c')).toBeNull();
    expect(externalLinkTarget('file:///C:/x')).toBeNull();
    expect(externalLinkTarget('')).toBeNull();
  });

  it('offerExternalLink asks nothing for a non-http link', async () => {
    rec.dialogCalls.length = 0;
    expect(await offerExternalLink('vbscript:x')).toBe(false);
    expect(rec.dialogCalls).toHaveLength(0);
  });
});

describe('the renderer page under this policy', () => {
  it('has no inline script, so script-src without unsafe-inline does not break it', async () => {
    const { readFile } = await import('node:fs/promises');
    const html = await readFile(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc=/);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  });
});
