import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { createBridgeClient, createServerClient, type StudioClient } from './client';
import type { BridgeApi } from '@shared/api';
import type { FetchLike, SocketLike } from './transport';

/** A small WebSocket server speaking the wire protocol (wire.ts), so the client is exercised over real sockets. */
async function startServer(opts: { token?: string } = {}) {
  const sockets = new Set<WebSocket>();
  const subs: string[] = [];
  const cancels: number[] = [];
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', path: '/api/ws' });
  wss.on('connection', (sock, req) => {
    const url = new URL(req.url ?? '', 'http://x');
    if (opts.token && url.searchParams.get('token') !== opts.token) {
      sock.close();
      return;
    }
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('message', (data) => {
      const msg = JSON.parse(String(data));
      if (msg.t === 'sub') subs.push(msg.event);
      if (msg.t === 'cancel') {
        cancels.push(msg.id);
        sock.send(
          JSON.stringify({ t: 'result', id: msg.id, result: { ok: false, error: { code: 'cancelled', message: 'late' } } }),
        );
      }
      if (msg.t === 'call') {
        if (msg.name === 'hang') return;
        if (msg.name === 'compute.speedTest') {
          // A long-running call: progress now, the result never (the test cancels it).
          sock.send(JSON.stringify({ t: 'progress', id: msg.id, fraction: 0.25, message: 'quarter' }));
          sock.send(JSON.stringify({ t: 'progress', id: msg.id + 1000, fraction: 0.5, message: 'not ours' }));
          return;
        }
        if (msg.name === 'sessions.get') {
          sock.send(
            JSON.stringify({
              t: 'result',
              id: msg.id,
              result: { ok: false, error: { code: 'not_found', message: 'no such session' } },
            }),
          );
          return;
        }
        sock.send(
          JSON.stringify({
            t: 'result',
            id: msg.id,
            result: { ok: true, value: { via: 'ws', name: msg.name, req: msg.req } },
          }),
        );
      }
    });
  });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const port = (wss.address() as { port: number }).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    subs,
    cancels,
    sockets,
    broadcast(msg: unknown) {
      for (const s of sockets) s.send(JSON.stringify(msg));
    },
    async stop() {
      for (const s of sockets) s.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
}

/** Records HTTP fallback requests and answers them as the studio server would. */
function recordingFetch() {
  const calls: { url: string; auth: string | undefined; body: unknown }[] = [];
  const fetchLike = async (
    url: string,
    init: { method: string; headers: Record<string, string>; body: string },
  ) => {
    calls.push({ url, auth: init.headers.authorization, body: JSON.parse(init.body) });
    const name = decodeURIComponent(url.split('/api/call/')[1]);
    return { status: 200, text: async () => JSON.stringify({ ok: true, value: { via: 'http', name } }) };
  };
  return { calls, fetchLike };
}

const nodeFetch = (url: string, init: { method: string; headers: Record<string, string>; body: string }) =>
  fetch(url, init);

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

function clientFor(
  baseUrl: string,
  token: string | null = null,
  fetchImpl: FetchLike = nodeFetch,
): StudioClient {
  const c = createServerClient({
    baseUrl,
    token,
    socketFactory: (url) => new WebSocket(url) as unknown as SocketLike,
    fetch: fetchImpl,
    reconnectDelayMs: () => 20,
  });
  cleanup.push(() => c.close());
  return c;
}

const waitFor = async (cond: () => boolean, ms = 3000) => {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('server client', () => {
  it('sends calls over the WebSocket once open, with the token, and returns error results as data', async () => {
    const srv = await startServer({ token: 'secret' });
    cleanup.push(srv.stop);
    const c = clientFor(srv.baseUrl, 'secret');
    await waitFor(() => c.connection() === 'open');
    const r = await c.call('sessions.list', {});
    expect(r).toEqual({ ok: true, value: { via: 'ws', name: 'sessions.list', req: {} } });
    const missing = await c.call('sessions.get', { id: 'x' });
    expect(missing).toEqual({ ok: false, error: { code: 'not_found', message: 'no such session' } });
  });

  it('falls back to HTTP POST with a bearer token while the socket is unavailable', async () => {
    // Nothing listens for the WebSocket here, so the client must fall back to HTTP.
    const rec = recordingFetch();
    const c = clientFor('http://127.0.0.1:9', 'tok', rec.fetchLike);
    const r = await c.call('sessions.list', { kind: 'pose' });
    expect(r).toEqual({ ok: true, value: { via: 'http', name: 'sessions.list' } });
    expect(rec.calls).toEqual([
      { url: 'http://127.0.0.1:9/api/call/sessions.list', auth: 'Bearer tok', body: { kind: 'pose' } },
    ]);
  });

  it('delivers contract-valid events, drops malformed ones, and re-subscribes after reconnecting', async () => {
    const srv = await startServer();
    cleanup.push(srv.stop);
    const c = clientFor(srv.baseUrl);
    const got: unknown[] = [];
    c.subscribe('compute.status', (p) => got.push(p));
    await waitFor(() => srv.subs.length === 1);
    const good = { state: 'ready', pid: 12, restarts: 0, message: 'ok' };
    srv.broadcast({ t: 'event', name: 'compute.status', payload: { state: 'exploded' } });
    srv.broadcast({ t: 'event', name: 'compute.status', payload: good });
    await waitFor(() => got.length === 1);
    expect(got).toEqual([good]);

    for (const s of srv.sockets) s.terminate();
    await waitFor(() => srv.subs.length === 2 && c.connection() === 'open');
    expect(srv.subs).toEqual(['compute.status', 'compute.status']);
    srv.broadcast({ t: 'event', name: 'compute.status', payload: { ...good, restarts: 1 } });
    await waitFor(() => got.length === 2);
  });

  it('fails an in-flight call with an error when the connection drops', async () => {
    const srv = await startServer();
    cleanup.push(srv.stop);
    const c = clientFor(srv.baseUrl);
    await waitFor(() => c.connection() === 'open');
    const p = c.call('hang' as 'app.info', {});
    await waitFor(() => srv.sockets.size === 1);
    await new Promise((r) => setTimeout(r, 30));
    for (const s of srv.sockets) s.terminate();
    const r = await p;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('internal');
  });

  it('delivers progress of a long-running call and cancels it over the socket', async () => {
    const srv = await startServer();
    cleanup.push(srv.stop);
    const c = clientFor(srv.baseUrl);
    await waitFor(() => c.connection() === 'open');
    const ac = new AbortController();
    const progress: unknown[] = [];
    const p = c.call('compute.speedTest', { repeats: 1 }, { signal: ac.signal, onProgress: (x) => progress.push(x) });
    await waitFor(() => progress.length === 1);
    expect(progress).toEqual([{ fraction: 0.25, message: 'quarter' }]);
    ac.abort();
    // Resolved at once, without waiting for the server's answer to the cancel.
    const r = await p;
    expect(r).toEqual({ ok: false, error: { code: 'cancelled', message: 'compute.speedTest was cancelled.' } });
    await waitFor(() => srv.cancels.length === 1);
    expect(srv.cancels).toEqual([1]);
    // The late answer to the cancel is dropped; the client keeps working.
    expect(await c.call('sessions.list', {})).toMatchObject({ ok: true, value: { via: 'ws' } });
    // An already aborted signal never reaches the server.
    expect(await c.call('compute.speedTest', {}, { signal: ac.signal })).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });

  it('cancels an HTTP fallback call by aborting its request', async () => {
    const seen: (AbortSignal | undefined)[] = [];
    const hangingFetch: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => {
        seen.push(init.signal);
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    const c = clientFor('http://127.0.0.1:9', null, hangingFetch);
    const ac = new AbortController();
    const p = c.call('compute.speedTest', {}, { signal: ac.signal });
    await waitFor(() => seen.length === 1);
    expect(seen[0]).toBe(ac.signal);
    ac.abort();
    expect(await p).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });

  it('reports an unreachable server as an error result, not an exception', async () => {
    const c = clientFor('http://127.0.0.1:9');
    const r = await c.call('app.info', {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/Cannot reach the studio server/);
  });
});

describe('bridge client', () => {
  it('passes results through, turns thrown and malformed replies into errors, and validates events', async () => {
    let emit: ((p: unknown) => void) | null = null;
    const replies: unknown[] = [{ ok: true, value: 1 }, { nope: true }];
    const bridge: BridgeApi = {
      transport: 'electron',
      invoke: async () => {
        const next = replies.shift();
        if (next === undefined) throw new Error('ipc down');
        return next;
      },
      start: () => {
        throw new Error('not used by plain calls');
      },
      subscribe: (_e, l) => {
        emit = l;
        return () => (emit = null);
      },
    };
    const c = createBridgeClient(bridge);
    expect(await c.call('app.info', {})).toEqual({ ok: true, value: 1 });
    const bad = await c.call('app.info', {});
    expect(bad.ok === false && bad.error.code).toBe('internal');
    const thrown = await c.call('app.info', {});
    expect(thrown.ok === false && thrown.error.message).toMatch(/ipc down/);
    const got: unknown[] = [];
    const off = c.subscribe('sessions.changed', (p) => got.push(p));
    emit!({ id: 'a', change: 'created' });
    emit!({ id: 'a', change: 'exploded' });
    expect(got).toEqual([{ id: 'a', change: 'created' }]);
    off();
    expect(emit).toBeNull();
  });
});

describe('bridge client, long-running calls', () => {
  function startingBridge() {
    const started: { name: string; req: unknown; cancelled: number; progress: (p: { fraction: number; message: string }) => void; settle: (r: unknown) => void }[] = [];
    const bridge: BridgeApi = {
      transport: 'electron',
      invoke: async () => {
        throw new Error('plain invoke not expected');
      },
      start: (name, req, onProgress) => {
        let settle!: (r: unknown) => void;
        const result = new Promise<unknown>((r) => (settle = r));
        const entry = { name, req, cancelled: 0, progress: onProgress, settle };
        started.push(entry);
        return { result, cancel: () => void entry.cancelled++ };
      },
      subscribe: () => () => undefined,
    };
    return { bridge, started };
  }

  it('starts calls with progress through bridge.start and passes their result through', async () => {
    const { bridge, started } = startingBridge();
    const c = createBridgeClient(bridge);
    const progress: unknown[] = [];
    const p = c.call('compute.speedTest', { sizes: [64] }, { onProgress: (x) => progress.push(x) });
    expect(started.map((s) => [s.name, s.req])).toEqual([['compute.speedTest', { sizes: [64] }]]);
    started[0]!.progress({ fraction: 0.5, message: 'half' });
    started[0]!.settle({ ok: true, value: { rows: [] } });
    expect(await p).toEqual({ ok: true, value: { rows: [] } });
    expect(progress).toEqual([{ fraction: 0.5, message: 'half' }]);
  });

  it('cancels through the handle and answers cancelled at once', async () => {
    const { bridge, started } = startingBridge();
    const c = createBridgeClient(bridge);
    const ac = new AbortController();
    const p = c.call('compute.speedTest', {}, { signal: ac.signal });
    ac.abort();
    expect(await p).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(started[0]!.cancelled).toBe(1);
    // The main process's own answer arriving later changes nothing.
    started[0]!.settle({ ok: false, error: { code: 'cancelled', message: 'x' } });
    ac.abort();
    expect(started[0]!.cancelled).toBe(1);
  });
});
