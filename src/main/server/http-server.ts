import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { err, HTTP_STATUS_BY_CODE, type ApiError, type Result } from '../../shared/api';
import { createCallDispatcher, type TransportBackend } from '../ipc/dispatch';
import { generateToken, isAllowedHostHeader, isAuthorized, isLoopbackHost, isSameOrigin } from './auth';
import {
  contentSecurityPolicy,
  decodeUrlPath,
  isAppRoute,
  mimeType,
  prepareIndexHtml,
  resolveStaticPath,
} from './static-files';
import { attachWsSession } from './ws-session';

/**
 * Request and WebSocket message caps. Most calls are tiny, but `motion.import` carries a whole motion file
 * (gzipped, base64): 48 MiB holds a long mocap session while still bounding what one client can make the
 * server buffer and parse.
 */
export const DEFAULT_MAX_BODY_BYTES = 48 * 1024 * 1024;
export const DEFAULT_MAX_WS_MESSAGE_BYTES = 48 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;

export interface StartServerOptions {
  backend: TransportBackend;
  /** Interface to bind; loopback unless told otherwise. Any other address requires a token. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Required for every /api request and the WebSocket when set; generated for non-loopback hosts. */
  token?: string;
  /** The built renderer (out/renderer); without it only the API is served. */
  staticDir?: string;
  maxBodyBytes?: number;
  maxWsMessageBytes?: number;
}

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:5870/ */
  url: string;
  /** The URL to open in a browser: the base URL with ?token= when the server has a token. */
  appUrl: string;
  host: string;
  port: number;
  token: string | null;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: ApiError,
  ) {
    super(error.message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

function sendResult(res: ServerResponse, result: Result<unknown>, status?: number): void {
  sendJson(res, status ?? (result.ok ? 200 : HTTP_STATUS_BY_CODE[result.error.code] ?? 500), result);
}

function sendText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(text);
}

async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    throw new HttpFailure(413, { code: 'bad_request', message: `request body exceeds ${limit} bytes` });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) {
      throw new HttpFailure(413, { code: 'bad_request', message: `request body exceeds ${limit} bytes` });
    }
    chunks.push(buf);
  }
  if (size === 0) return undefined;
  // Requiring JSON keeps HTML forms (which cannot send it) from posting here at all.
  if (type !== 'application/json') {
    throw new HttpFailure(415, { code: 'bad_request', message: 'request body must be application/json' });
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (e) {
    throw new HttpFailure(400, {
      code: 'bad_request',
      message: `request body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Serves the contract over HTTP and WebSocket, plus the built renderer. Every API route is derived
 * from the contract through the dispatcher; no route knows about any particular call.
 */
export async function startServer(opts: StartServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const loopback = isLoopbackHost(host);
  const token = opts.token !== undefined && opts.token !== '' ? opts.token : loopback ? null : generateToken();
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const staticDir = opts.staticDir ? path.resolve(opts.staticDir) : null;
  const dispatch = createCallDispatcher(opts.backend);
  let boundPort = 0;
  let rootIndexPath: string | null = null;
  const rootIndex = async (): Promise<string | null> => {
    if (staticDir === null) return null;
    rootIndexPath ??= path.join(await realpath(staticDir), 'index.html');
    return rootIndexPath;
  };

  const guard = (req: IncomingMessage, url: URL, api: boolean): HttpFailure | null => {
    if (!isAllowedHostHeader(req.headers.host, host, boundPort)) {
      return new HttpFailure(403, { code: 'unauthorized', message: 'Host header not allowed for this server' });
    }
    if (api && !isSameOrigin(req)) {
      return new HttpFailure(403, { code: 'unauthorized', message: 'cross-origin requests are refused' });
    }
    if (api && !isAuthorized(req, url, token)) {
      return new HttpFailure(401, { code: 'unauthorized', message: 'missing or wrong token' });
    }
    return null;
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const denied = guard(req, url, true);
    if (denied) return sendResult(res, { ok: false, error: denied.error }, denied.status);
    if (url.pathname === '/api/health') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendResult(res, err('bad_request', 'use GET'), 405);
      try {
        return sendJson(res, 200, await opts.backend.health());
      } catch (e) {
        return sendResult(res, err('internal', `health check failed: ${e instanceof Error ? e.message : String(e)}`));
      }
    }
    const call = /^\/api\/call\/([^/]+)$/.exec(url.pathname);
    if (call) {
      if (req.method !== 'POST') return sendResult(res, err('bad_request', 'calls are POST requests'), 405);
      let name: string;
      try {
        name = decodeURIComponent(call[1]);
      } catch {
        return sendResult(res, err('bad_request', 'malformed call name'));
      }
      let body: unknown;
      try {
        body = await readJsonBody(req, maxBody);
      } catch (e) {
        if (e instanceof HttpFailure) {
          res.setHeader('Connection', 'close');
          return sendResult(res, { ok: false, error: e.error }, e.status);
        }
        throw e;
      }
      // HTTP has no progress: a long-running call answers when done. A client that gives up (closes the
      // request) cancels it; 'close' before the response finished means exactly that.
      const controller = new AbortController();
      const onClose = (): void => {
        if (!res.writableFinished) controller.abort();
      };
      res.once('close', onClose);
      const result = await dispatch(name, body, { signal: controller.signal });
      res.off('close', onClose);
      if (controller.signal.aborted || res.destroyed) return;
      return sendResult(res, result);
    }
    return sendResult(res, err('not_found', `no API route ${url.pathname}`));
  };

  const handleStatic = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const denied = guard(req, url, false);
    if (denied) return sendText(res, denied.status, denied.message);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    if (staticDir === null) return sendText(res, 404, 'not found (this server has no renderer build)');
    if (decodeUrlPath(url.pathname) === null) return sendText(res, 400, 'malformed path');
    let file = await resolveStaticPath(staticDir, url.pathname);
    if (file === null && isAppRoute(url.pathname)) file = await resolveStaticPath(staticDir, '/index.html');
    if (file === null) return sendText(res, 404, 'not found');
    const csp = contentSecurityPolicy({ connect: [`ws://${req.headers.host ?? ''}`] });
    if (file === (await rootIndex())) {
      // The page embeds the token, so it is only handed to someone who already holds it.
      if (!isAuthorized(req, url, token)) {
        return sendText(res, 401, 'This server requires a token: open the URL it printed (it ends with ?token=…).');
      }
      const html = prepareIndexHtml(await readFile(file, 'utf8'), { token });
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': Buffer.byteLength(html),
        'Content-Security-Policy': csp,
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : html);
      return;
    }
    const s = await stat(file);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': mimeType(file),
      'Content-Length': s.size,
      'Content-Security-Policy': csp,
      // Vite fingerprints everything under assets/; the rest may change between builds.
      'Cache-Control': url.pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') return void res.end();
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };

  const server = createServer((req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return sendText(res, 400, 'bad request');
    }
    const handler = url.pathname === '/api' || url.pathname.startsWith('/api/') ? handleApi : handleStatic;
    handler(req, res, url).catch((e: unknown) => {
      if (res.headersSent) return void res.destroy();
      sendResult(res, err('internal', e instanceof Error ? e.message : String(e)));
    });
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 120_000;
  // Node's 5 s keep-alive closes idle sockets while clients still hold them as reusable: a POST sent on one as it
  // closes fails with ECONNRESET (seen from Playwright's request context after a few seconds of UI steps). Idle
  // sockets now live 25 s, still below the headers timeout so a silent connection cannot outstay it.
  server.keepAliveTimeout = 25_000;

  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxWsMessageBytes ?? DEFAULT_MAX_WS_MESSAGE_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return rejectUpgrade(socket, 400, 'Bad Request');
    }
    if (url.pathname !== '/api/ws') return rejectUpgrade(socket, 404, 'Not Found');
    const denied = guard(req, url, true);
    if (denied) return rejectUpgrade(socket, denied.status, denied.status === 401 ? 'Unauthorized' : 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => {
      alive.add(ws);
      ws.on('pong', () => alive.add(ws));
      attachWsSession(ws, opts.backend, dispatch);
    });
  });

  // A client that vanished without closing (sleep, network loss) would keep its subscriptions forever.
  const alive = new WeakSet<WebSocket>();
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  boundPort = (server.address() as AddressInfo).port;
  const url = `http://${hostForUrl(host)}:${boundPort}/`;

  let closing: Promise<void> | null = null;
  return {
    url,
    appUrl: token === null ? url : `${url}?token=${encodeURIComponent(token)}`,
    host,
    port: boundPort,
    token,
    close() {
      closing ??= new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function rejectUpgrade(socket: Socket, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
