import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/** protocol is replaced by a recorder; the request handler itself runs against real files. */
const rec = vi.hoisted(() => ({
  privileged: [] as unknown[],
  handlers: new Map<string, (req: { url: string; method: string }) => Promise<Response>>(),
}));
vi.mock('electron', () => ({
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => rec.privileged.push(...schemes),
    handle: (scheme: string, fn: (req: { url: string; method: string }) => Promise<Response>) =>
      rec.handlers.set(scheme, fn),
  },
}));

const { APP_SCHEME, APP_URL, registerAppScheme, serveRendererOverAppScheme } = await import('./app-protocol');
const { contentSecurityPolicy } = await import('../server/static-files');

let base: string;
let renderer: string;
const get = (url: string, method = 'GET') => {
  const handler = rec.handlers.get(APP_SCHEME);
  if (!handler) throw new Error('no app:// handler');
  return handler({ url, method });
};

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'app-protocol-'));
  renderer = path.join(base, 'out', 'renderer');
  mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>studio</title>');
  writeFileSync(path.join(renderer, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(path.join(renderer, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(path.join(renderer, 'assets', 'font.woff2'), 'w2');
  writeFileSync(path.join(renderer, 'assets', 'model.wasm'), 'wasm');
  writeFileSync(path.join(renderer, 'assets', 'logo.svg'), '<svg/>');
  // Files next to the renderer that must never be reachable.
  writeFileSync(path.join(base, 'out', 'secret.txt'), 'secret');
  writeFileSync(path.join(base, 'secret'), 'secret');
  symlinkSync(path.join(base, 'out', 'secret.txt'), path.join(renderer, 'assets', 'link.txt'));
  registerAppScheme();
  serveRendererOverAppScheme(renderer);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('app:// scheme', () => {
  it('is registered as standard and secure, not bypassing CSP', () => {
    expect(rec.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(APP_URL).toBe('app://studio/index.html');
  });

  it('serves renderer files with their MIME type, the CSP and nosniff', async () => {
    const cases: Array<[string, string, string]> = [
      ['app://studio/index.html', 'text/html; charset=utf-8', '<!doctype html><title>studio</title>'],
      ['app://studio/', 'text/html; charset=utf-8', '<!doctype html><title>studio</title>'],
      ['app://studio/assets/index-abc.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
      ['app://studio/assets/index-abc.css', 'text/css; charset=utf-8', 'body{}'],
      ['app://studio/assets/font.woff2', 'font/woff2', 'w2'],
      ['app://studio/assets/model.wasm', 'application/wasm', 'wasm'],
      ['app://studio/assets/logo.svg', 'image/svg+xml', '<svg/>'],
    ];
    for (const [url, type, body] of cases) {
      const res = await get(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type'), url).toBe(type);
      expect(res.headers.get('content-security-policy'), url).toBe(contentSecurityPolicy());
      expect(res.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(await res.text(), url).toBe(body);
    }
  });

  it('answers app routes with index.html and HEAD without a body', async () => {
    const route = await get('app://studio/poses/42');
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>studio</title>');
    const head = await get('app://studio/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await head.text()).toBe('');
  });

  it('refuses path traversal in every spelling', async () => {
    // WHATWG URL parsing (Chromium's too) folds literal and %2e dot segments before the handler sees
    // them; what survives is then clamped to the root, so these cannot name /etc/passwd.
    for (const url of [
      'app://studio/../../etc/passwd',
      'app://studio/%2e%2e/%2e%2e/etc/passwd',
      'app://studio/assets/../../secret.txt',
      // Decoded once only: this names a file literally called "%2e%2e%2fsecret" inside the root.
      'app://studio/%252e%252e%252fsecret',
    ]) {
      const res = await get(url);
      // Either refused or, as an extension-less route, the app page: never the file outside.
      expect(['not found', '<!doctype html><title>studio</title>'], url).toContain(await res.text());
    }
    // Encoded separators reach the handler still encoded: refused outright, not given the SPA page.
    for (const url of [
      'app://studio/..%2f..%2fetc%2fpasswd',
      'app://studio/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      'app://studio/%2E%2E%2Fsecret',
      'app://studio/assets/..%2f..%2fsecret.txt',
      'app://studio/..%5c..%5csecret',
      'app://studio/index.html%00.js',
      'app://studio/%E0%A4%A',
    ]) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(await res.text(), url).toBe('not found');
    }
  });

  it('refuses symlinks out of the renderer, other hosts and schemes, missing files and non-GET methods', async () => {
    for (const [url, method] of [
      ['app://studio/assets/link.txt', 'GET'],
      ['app://studio/assets/missing.js', 'GET'],
      ['app://other/index.html', 'GET'],
      ['app://studio/index.html', 'POST'],
      ['app://studio/index.html', 'PUT'],
      ['file:///etc/passwd', 'GET'],
      ['::not a url', 'GET'],
    ] as const) {
      const res = await get(url, method);
      expect(res.status, `${method} ${url}`).toBe(404);
    }
  });
});
