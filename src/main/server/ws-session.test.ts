import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { startServer, type RunningServer } from './http-server';
import { InMemoryBackend } from './test-backend';

const servers: RunningServer[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(opts: { token?: string; maxWsMessageBytes?: number } = {}) {
  const backend = new InMemoryBackend();
  const server = await startServer({ backend, ...opts });
  servers.push(server);
  return { backend, server };
}

/** A client that queues every message so tests can await them in order. */
function connect(url: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(url, { headers });
  sockets.push(ws);
  const inbox: unknown[] = [];
  const waiters: ((m: unknown) => void)[] = [];
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data));
    const w = waiters.shift();
    if (w) w(msg);
    else inbox.push(msg);
  });
  return {
    ws,
    opened: new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    }),
    next: () => (inbox.length ? Promise.resolve(inbox.shift()) : new Promise<unknown>((r) => waiters.push(r))),
    send: (msg: unknown) => ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg)),
  };
}

const wsUrl = (s: RunningServer, query = '') => `ws://127.0.0.1:${s.port}/api/ws${query}`;

describe('WebSocket protocol', () => {
  it('answers calls by id with validated Results', async () => {
    const { server, backend } = await start();
    const c = connect(wsUrl(server));
    await c.opened;
    c.send({ t: 'call', id: 1, name: 'app.info', req: {} });
    expect(await c.next()).toMatchObject({ t: 'result', id: 1, result: { ok: true, value: { mode: 'server' } } });
    c.send({ t: 'call', id: 2, name: 'sessions.create', req: { name: '' } });
    expect(await c.next()).toMatchObject({ t: 'result', id: 2, result: { ok: false, error: { code: 'bad_request' } } });
    c.send({ t: 'call', id: 3, name: 'nope.nothing', req: {} });
    expect(await c.next()).toMatchObject({ t: 'result', id: 3, result: { ok: false, error: { code: 'unknown_call' } } });
    expect(backend.invocations.map((i) => i.name)).toEqual(['app.info']);
  });

  it('streams progress of a long-running call before its result, and none for ordinary calls', async () => {
    const { server } = await start();
    const c = connect(wsUrl(server));
    await c.opened;
    c.send({ t: 'call', id: 7, name: 'compute.speedTest', req: { repeats: 1 } });
    const got = [await c.next(), await c.next(), await c.next(), await c.next(), await c.next()];
    expect(got).toEqual([
      { t: 'progress', id: 7, fraction: 0.25, message: 'step 1' },
      { t: 'progress', id: 7, fraction: 0.5, message: 'step 2' },
      { t: 'progress', id: 7, fraction: 0.75, message: 'step 3' },
      { t: 'progress', id: 7, fraction: 1, message: 'step 4' },
      { t: 'result', id: 7, result: { ok: true, value: expect.objectContaining({ rows: [{ size: 16, threads: 1, gflops: 1, ms: 1 }] }) } },
    ]);
    c.send({ t: 'call', id: 8, name: 'app.info', req: {} });
    expect(await c.next()).toMatchObject({ t: 'result', id: 8 });
  });

  it('cancels a call by id, ignores unknown ids, and cancels what is in flight when the socket closes', async () => {
    const { server, backend } = await start();
    backend.longRunSteps = 1000;
    const c = connect(wsUrl(server));
    await c.opened;
    c.send({ t: 'call', id: 1, name: 'compute.speedTest', req: {} });
    expect(await c.next()).toMatchObject({ t: 'progress', id: 1, message: 'step 1' });
    c.send({ t: 'cancel', id: 99 });
    c.send({ t: 'cancel', id: 1 });
    let msg: unknown;
    do msg = await c.next();
    while ((msg as { t: string }).t === 'progress');
    expect(msg).toMatchObject({ t: 'result', id: 1, result: { ok: false, error: { code: 'cancelled' } } });
    expect(backend.aborted).toEqual(['compute.speedTest']);

    c.send({ t: 'call', id: 2, name: 'compute.speedTest', req: {} });
    expect(await c.next()).toMatchObject({ t: 'progress', id: 2 });
    // The same id again while it runs is refused; the running call is untouched.
    c.send({ t: 'call', id: 2, name: 'app.info', req: {} });
    let dup: unknown;
    do dup = await c.next();
    while ((dup as { t: string }).t === 'progress');
    expect(dup).toMatchObject({ t: 'result', id: 2, result: { ok: false, error: { code: 'bad_request', message: 'call id 2 is already in flight' } } });
    c.ws.close();
    await vi.waitFor(() => expect(backend.aborted).toEqual(['compute.speedTest', 'compute.speedTest']));
  });

  it('reports invalid messages as errors and keeps the connection', async () => {
    const { server } = await start();
    const c = connect(wsUrl(server));
    await c.opened;
    c.send('{not json');
    expect(await c.next()).toMatchObject({ t: 'error', error: { code: 'bad_request', message: 'message is not valid JSON' } });
    c.send({ t: 'shout', id: 1 });
    expect(await c.next()).toMatchObject({ t: 'error', error: { code: 'bad_request' } });
    c.send({ t: 'sub', event: 'no.such.event' });
    expect(await c.next()).toMatchObject({ t: 'error', error: { code: 'bad_request', message: expect.stringContaining('no.such.event') } });
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await c.next()).toMatchObject({ t: 'error', error: { code: 'bad_request' } });
    c.send({ t: 'call', id: 9, name: 'app.info', req: {} });
    expect(await c.next()).toMatchObject({ t: 'result', id: 9, result: { ok: true } });
  });

  it('delivers subscribed events until unsubscribed, and releases subscriptions on close', async () => {
    const { server, backend } = await start();
    const c = connect(wsUrl(server));
    await c.opened;
    c.send({ t: 'sub', event: 'sessions.changed' });
    c.send({ t: 'sub', event: 'sessions.changed' }); // idempotent: one delivery per event
    c.send({ t: 'call', id: 1, name: 'sessions.create', req: { name: 'A' } });
    expect(await c.next()).toEqual({ t: 'event', name: 'sessions.changed', payload: { id: 's1', change: 'created' } });
    expect(await c.next()).toMatchObject({ t: 'result', id: 1, result: { ok: true, value: { id: 's1' } } });
    expect(backend.listenerCount('sessions.changed')).toBe(1);

    c.send({ t: 'unsub', event: 'sessions.changed' });
    c.send({ t: 'call', id: 2, name: 'sessions.create', req: { name: 'B' } });
    expect(await c.next()).toMatchObject({ t: 'result', id: 2 });
    expect(backend.listenerCount('sessions.changed')).toBe(0);

    c.send({ t: 'sub', event: 'compute.status' });
    c.send({ t: 'call', id: 3, name: 'app.info', req: {} });
    await c.next();
    expect(backend.listenerCount('compute.status')).toBe(1);
    const closed = new Promise((r) => c.ws.once('close', r));
    c.ws.close();
    await closed;
    await vi.waitFor(() => expect(backend.listenerCount('compute.status')).toBe(0));
  });

  it('closes the connection on an oversized message', async () => {
    const { server } = await start({ maxWsMessageBytes: 1024 });
    const c = connect(wsUrl(server));
    await c.opened;
    const code = new Promise<number>((r) => c.ws.once('close', (k) => r(k)));
    c.ws.on('error', () => undefined);
    c.send({ t: 'call', id: 1, name: 'sessions.create', req: { name: 'x'.repeat(4096) } });
    expect(await code).toBe(1009);
  });

  it('requires the token for the upgrade when the server has one, and refuses foreign origins', async () => {
    const { server } = await start({ token: 'abc123' });
    const denied = connect(wsUrl(server));
    await expect(denied.opened).rejects.toThrow(/401/);
    const allowed = connect(wsUrl(server, '?token=abc123'));
    await allowed.opened;
    const bearer = connect(wsUrl(server), { authorization: 'Bearer abc123' });
    await bearer.opened;
    const foreign = connect(wsUrl(server, '?token=abc123'), { origin: 'http://evil.example' });
    await expect(foreign.opened).rejects.toThrow(/403/);
    const elsewhere = connect(`ws://127.0.0.1:${server.port}/other?token=abc123`);
    await expect(elsewhere.opened).rejects.toThrow(/404/);
  });
});
