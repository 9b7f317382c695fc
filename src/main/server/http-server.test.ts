import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServer, type RunningServer } from './http-server';
import { InMemoryBackend } from './test-backend';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => unknown;
}

/** node:http rather than fetch: tests need to send raw paths and forged Host/Origin headers. */
function send(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
        });
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const call = (port: number, name: string, body: unknown, headers: Record<string, string> = {}) =>
  send(port, {
    method: 'POST',
    path: `/api/call/${name}`,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

let root: string;
let staticDir: string;
const servers: RunningServer[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pose-server-test-'));
  staticDir = path.join(root, 'renderer');
  await mkdir(path.join(staticDir, 'assets'), { recursive: true });
  await writeFile(
    path.join(staticDir, 'index.html'),
    '<!doctype html><html><head><title>t</title><script type="module" src="./assets/app.js"></script></head><body></body></html>',
  );
  await writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log("app")');
  await writeFile(path.join(staticDir, 'assets', 'style.css'), 'body{}');
  await writeFile(path.join(root, 'secret.txt'), 'TOP SECRET');
  await symlink(path.join(root, 'secret.txt'), path.join(staticDir, 'assets', 'link.txt'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(opts: Partial<Parameters<typeof startServer>[0]> = {}) {
  const backend = new InMemoryBackend();
  const server = await startServer({ backend, staticDir, ...opts });
  servers.push(server);
  return { backend, server, port: server.port };
}

describe('API routes', () => {
  it('serves a call from the contract and returns its Result', async () => {
    const { port, server } = await start();
    expect(server.url).toBe(`http://127.0.0.1:${port}/`);
    expect(server.token).toBeNull();
    const r = await call(port, 'app.info', {});
    expect(r.status).toBe(200);
    expect(r.json()).toMatchObject({ ok: true, value: { version: '0.0.0-test', mode: 'server' } });
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('answers a long-running call when it is done (no progress over HTTP) and cancels it when the client goes away', async () => {
    const { port, backend } = await start();
    const done = await call(port, 'compute.speedTest', {});
    expect(done.status).toBe(200);
    expect(done.json()).toMatchObject({ ok: true, value: { rows: [{ size: 16 }] } });
    expect(backend.aborted).toEqual([]);

    backend.longRunSteps = 1000;
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/call/compute.speedTest',
      headers: { 'content-type': 'application/json' },
    });
    req.on('error', () => undefined);
    req.end('{}');
    await new Promise((r) => setTimeout(r, 50));
    req.destroy();
    await vi.waitFor(() => expect(backend.aborted).toEqual(['compute.speedTest']));
    // The server is fine afterwards.
    expect((await call(port, 'app.info', {})).status).toBe(200);
  });

  it('treats an empty body as an empty request', async () => {
    const { port } = await start();
    const r = await send(port, { method: 'POST', path: '/api/call/app.info' });
    expect(r.status).toBe(200);
    expect(r.json()).toMatchObject({ ok: true });
  });

  it('validates requests against the contract before the backend sees them, with defaults filled in', async () => {
    const { port, backend } = await start();
    const bad = await call(port, 'sessions.create', { name: '   ', extra: 1 });
    expect(bad.status).toBe(400);
    const body = bad.json() as { ok: boolean; error: { code: string; message: string; details: { issues: unknown[] } } };
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toContain('sessions.create');
    expect(body.error.details.issues.length).toBeGreaterThan(0);
    expect(backend.invocations).toHaveLength(0);

    const good = await call(port, 'sessions.create', { name: '  Kneeling  ' });
    expect(good.status).toBe(200);
    expect(backend.invocations).toEqual([{ name: 'sessions.create', req: { name: 'Kneeling', kind: 'pose' } }]);
  });

  it('answers malformed JSON, wrong content type and oversized bodies with bad_request data', async () => {
    const { port } = await start({ maxBodyBytes: 1000 });
    const broken = await send(port, {
      method: 'POST',
      path: '/api/call/app.info',
      headers: { 'content-type': 'application/json' },
      body: '{"oops":',
    });
    expect(broken.status).toBe(400);
    expect(broken.json()).toMatchObject({ ok: false, error: { code: 'bad_request' } });

    const form = await send(port, {
      method: 'POST',
      path: '/api/call/app.info',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(form.status).toBe(415);
    expect(form.json()).toMatchObject({ ok: false, error: { code: 'bad_request' } });

    const huge = await call(port, 'sessions.create', { name: 'x'.repeat(5000) });
    expect(huge.status).toBe(413);
    expect(huge.json()).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('maps error codes to HTTP statuses and keeps thrown errors as data', async () => {
    const { port } = await start();
    const unknown = await call(port, 'sessions.explode', {});
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toMatchObject({ ok: false, error: { code: 'unknown_call' } });

    const missing = await call(port, 'sessions.get', { id: 'nope' });
    expect(missing.status).toBe(404);
    expect(missing.json()).toMatchObject({ ok: false, error: { code: 'not_found', message: 'no session nope' } });

    const thrown = await call(port, 'compute.info', {});
    expect(thrown.status).toBe(500);
    expect(thrown.json()).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('compute exploded') } });

    const get = await send(port, { path: '/api/call/app.info' });
    expect(get.status).toBe(405);
    const nowhere = await send(port, { path: '/api/nowhere' });
    expect(nowhere.status).toBe(404);
    expect(nowhere.json()).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('serves health', async () => {
    const { port } = await start();
    const r = await send(port, { path: '/api/health' });
    expect(r.status).toBe(200);
    expect(r.json()).toMatchObject({ ok: true, version: '0.0.0-test' });
  });
});

describe('access control', () => {
  it('requires a token on a non-loopback host, generating one when none is given', async () => {
    const { port, server } = await start({ host: '0.0.0.0' });
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(server.appUrl).toBe(`${server.url}?token=${server.token}`);
    const none = await call(port, 'app.info', {});
    expect(none.status).toBe(401);
    expect(none.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect((await call(port, 'app.info', {}, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await send(port, { path: '/api/health' })).status).toBe(401);
    expect((await call(port, 'app.info', {}, { authorization: `Bearer ${server.token}` })).status).toBe(200);
    const viaQuery = await send(port, {
      method: 'POST',
      path: `/api/call/app.info?token=${server.token}`,
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(viaQuery.status).toBe(200);
  });

  it('enforces an explicit token on loopback too and hands the page its token only with the token', async () => {
    const { port } = await start({ token: 's3cr3t"<x>' });
    expect((await send(port, { path: '/api/health' })).status).toBe(401);
    expect((await send(port, { path: '/api/health', headers: { authorization: 'Bearer s3cr3t"<x>' } })).status).toBe(200);

    const page = await send(port, { path: '/' });
    expect(page.status).toBe(401);
    expect(page.text).not.toContain('s3cr3t');
    const withToken = await send(port, { path: `/?token=${encodeURIComponent('s3cr3t"<x>')}` });
    expect(withToken.status).toBe(200);
    expect(withToken.text).toContain('<meta name="pose-studio-token" content="s3cr3t&quot;&lt;x&gt;">');
    // Scripts and styles are not secret.
    expect((await send(port, { path: '/assets/app.js' })).status).toBe(200);
  });

  it('refuses foreign Host headers on loopback (DNS rebinding) and cross-origin requests', async () => {
    const { port } = await start();
    const rebound = await send(port, { path: '/api/health', headers: { host: `evil.example:${port}` } });
    expect(rebound.status).toBe(403);
    expect((await send(port, { path: '/', headers: { host: `evil.example:${port}` } })).status).toBe(403);
    expect((await send(port, { path: '/api/health', headers: { host: `localhost:${port}` } })).status).toBe(200);

    const cross = await call(port, 'app.info', {}, { origin: 'http://evil.example' });
    expect(cross.status).toBe(403);
    expect(cross.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect((await call(port, 'app.info', {}, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    const same = await call(port, 'app.info', {}, { origin: `http://127.0.0.1:${port}` });
    expect(same.status).toBe(200);
  });
});

describe('static files', () => {
  it('serves the renderer with MIME types, CSP and an injected base href', async () => {
    const { port } = await start();
    const index = await send(port, { path: '/' });
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['content-security-policy']).toContain(`ws://127.0.0.1:${port}`);
    expect(index.text).toContain('<head><base href="/"><title>');
    expect(index.text).not.toContain('pose-studio-token');

    const js = await send(port, { path: '/assets/app.js' });
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.text).toBe('console.log("app")');
    expect((await send(port, { path: '/assets/style.css' })).headers['content-type']).toBe('text/css; charset=utf-8');
    const head = await send(port, { method: 'HEAD', path: '/assets/app.js' });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
  });

  it('falls back to index.html for app routes but not for missing files', async () => {
    const { port } = await start();
    const route = await send(port, { path: '/library/session-12' });
    expect(route.status).toBe(200);
    expect(route.text).toContain('./assets/app.js');
    expect((await send(port, { path: '/assets/missing.js' })).status).toBe(404);
  });

  it('blocks path traversal, encoded or not, and symlinks out of the root', async () => {
    const { port } = await start();
    for (const p of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e%5c%2e%2e%5csecret.txt',
      '/assets/link.txt',
      '/%00',
      '/%E0%A4%A',
    ]) {
      const r = await send(port, { path: p });
      expect(r.text, p).not.toContain('TOP SECRET');
      expect([400, 404], p).toContain(r.status);
    }
  });

  it('serves only the API when there is no renderer build', async () => {
    const { port } = await start({ staticDir: undefined });
    expect((await send(port, { path: '/' })).status).toBe(404);
    expect((await send(port, { path: '/api/health' })).status).toBe(200);
  });
});
