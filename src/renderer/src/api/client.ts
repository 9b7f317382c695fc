import {
  ResultSchema,
  ServerMessage,
  TOKEN_META_NAME,
  err,
  events,
  type BridgeApi,
  type CallName,
  type CallOptions,
  type Progress,
  type CallRequest,
  type CallResponse,
  type EventName,
  type EventPayload,
  type Result,
} from '@shared/api';
import {
  SOCKET_OPEN,
  findBridge,
  type ConnectionState,
  type FetchLike,
  type SocketFactory,
  type SocketLike,
} from './transport';

/** The one way the UI talks to the backend: typed by the contract, failures arrive as data. */
export interface StudioClient {
  readonly transport: 'electron' | 'server';
  /**
   * `onProgress` hears a long-running call's progress (contract `progress: true`; over HTTP there is none);
   * aborting `signal` cancels the call and resolves it at once with a `cancelled` error.
   */
  call<N extends CallName>(name: N, req: CallRequest<N>, opts?: CallOptions): Promise<Result<CallResponse<N>>>;
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  connection(): ConnectionState;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

type AnyListener = (payload: unknown) => void;

/** Anything that is not a well-formed Result becomes an `internal` error rather than a crash in a component. */
export function toResult<T>(raw: unknown): Result<T> {
  const parsed = ResultSchema.safeParse(raw);
  if (!parsed.success) return err('internal', 'The backend sent a reply the studio could not read.', { raw });
  return parsed.data as Result<T>;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Drops event payloads that do not match the contract, so listeners can trust their types. */
function parseEvent(name: string, payload: unknown): { ok: true; value: unknown } | { ok: false } {
  const schema = (events as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>)[
    name
  ];
  if (!schema) return { ok: false };
  const r = schema.safeParse(payload);
  return r.success ? { ok: true, value: r.data } : { ok: false };
}

const cancelledError = (name: string) => err('cancelled', `${name} was cancelled.`);

/** Calls a progress listener, keeping a throwing one from breaking the call. */
function notifyProgress(listener: ((p: Progress) => void) | undefined, p: Progress) {
  if (!listener) return;
  try {
    listener(p);
  } catch (e) {
    console.error('studio client: a progress listener threw', e);
  }
}

export function createBridgeClient(bridge: BridgeApi): StudioClient {
  return {
    transport: 'electron',
    async call(name, req, opts) {
      if (opts?.signal?.aborted) return cancelledError(name);
      if ((!opts?.onProgress && !opts?.signal) || typeof bridge.start !== 'function') {
        try {
          return toResult(await bridge.invoke(name, req));
        } catch (e) {
          return err('internal', `The desktop bridge failed: ${messageOf(e)}`);
        }
      }
      const { signal, onProgress } = opts;
      let handle: ReturnType<BridgeApi['start']>;
      try {
        handle = bridge.start(name, req, (p) => notifyProgress(onProgress, p));
      } catch (e) {
        return err('internal', `The desktop bridge failed: ${messageOf(e)}`);
      }
      return new Promise((resolve) => {
        let done = false;
        const onAbort = () => {
          if (done) return;
          done = true;
          handle.cancel();
          resolve(cancelledError(name));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        const finish = (r: Result<never> | Result<CallResponse<typeof name>>) => {
          signal?.removeEventListener('abort', onAbort);
          if (done) return;
          done = true;
          resolve(r);
        };
        handle.result.then(
          (raw) => finish(toResult(raw)),
          (e: unknown) => finish(err('internal', `The desktop bridge failed: ${messageOf(e)}`)),
        );
      });
    },
    subscribe(event, listener) {
      return bridge.subscribe(event, (payload) => {
        const r = parseEvent(event, payload);
        if (r.ok) listener(r.value as EventPayload<typeof event>);
      });
    },
    connection: () => 'open',
    onConnection: () => () => undefined,
    close: () => undefined,
  };
}

export interface ServerClientOptions {
  /** e.g. "http://127.0.0.1:47831" (no trailing slash). */
  baseUrl: string;
  token: string | null;
  socketFactory: SocketFactory;
  fetch: FetchLike;
  /** Delay before reconnect attempt n (0-based). */
  reconnectDelayMs?: (attempt: number) => number;
}

const defaultBackoff = (attempt: number) => Math.min(5000, 250 * 2 ** attempt);

/**
 * Server mode: calls and events travel over one WebSocket that reconnects with backoff; while the socket is
 * not open, calls go over HTTP POST instead so the UI keeps working.
 */
export function createServerClient(opts: ServerClientOptions): StudioClient {
  const backoff = opts.reconnectDelayMs ?? defaultBackoff;
  const listeners = new Map<string, Set<AnyListener>>();
  const connectionListeners = new Set<(s: ConnectionState) => void>();
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const progressOf = new Map<number, (p: Progress) => void>();
  let socket: SocketLike | null = null;
  let state: ConnectionState = 'connecting';
  let nextId = 1;
  let attempt = 0;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const wsUrl = (() => {
    const u = new URL('/api/ws', opts.baseUrl);
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    if (opts.token) u.searchParams.set('token', opts.token);
    return u.toString();
  })();

  function setState(s: ConnectionState) {
    if (s === state) return;
    state = s;
    for (const l of connectionListeners) l(s);
  }

  function send(msg: object): boolean {
    if (!socket || socket.readyState !== SOCKET_OPEN) return false;
    try {
      socket.send(JSON.stringify(msg));
      return true;
    } catch {
      return false;
    }
  }

  function failPending(message: string) {
    const waiting = [...pending.values()];
    pending.clear();
    progressOf.clear();
    for (const resolve of waiting) resolve(err('internal', message));
  }

  function onMessage(data: unknown) {
    let json: unknown;
    try {
      json = JSON.parse(typeof data === 'string' ? data : String(data));
    } catch {
      return;
    }
    const parsed = ServerMessage.safeParse(json);
    if (!parsed.success) return;
    const msg = parsed.data;
    if (msg.t === 'result') {
      const resolve = pending.get(msg.id);
      if (resolve) {
        pending.delete(msg.id);
        progressOf.delete(msg.id);
        resolve(msg.result as Result<unknown>);
      }
    } else if (msg.t === 'progress') {
      if (pending.has(msg.id)) notifyProgress(progressOf.get(msg.id), { fraction: msg.fraction, message: msg.message });
    } else if (msg.t === 'event') {
      const set = listeners.get(msg.name);
      if (!set) return;
      const r = parseEvent(msg.name, msg.payload);
      if (!r.ok) return;
      for (const l of [...set]) l(r.value);
    } else {
      // A protocol-level error is not tied to one call; the pending calls cannot be answered reliably.
      failPending(`The studio server rejected the connection: ${msg.error.message}`);
    }
  }

  function connect() {
    if (closed) return;
    setState('connecting');
    let s: SocketLike;
    try {
      s = opts.socketFactory(wsUrl);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = s;
    s.onopen = () => {
      attempt = 0;
      setState('open');
      for (const event of listeners.keys()) send({ t: 'sub', event });
    };
    s.onmessage = (ev) => onMessage(ev.data);
    s.onerror = () => undefined;
    s.onclose = () => {
      if (socket === s) socket = null;
      failPending('The connection to the studio server was lost before the reply arrived.');
      if (closed) {
        setState('closed');
        return;
      }
      setState('closed');
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    if (closed || timer) return;
    const delay = backoff(attempt++);
    timer = setTimeout(() => {
      timer = null;
      connect();
    }, delay);
  }

  /** HTTP has no progress; aborting the signal aborts the request, which cancels the call on the server. */
  async function callOverHttp(name: string, req: unknown, signal?: AbortSignal): Promise<Result<unknown>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    try {
      const res = await opts.fetch(`${opts.baseUrl}/api/call/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(req ?? {}),
        ...(signal ? { signal } : {}),
      });
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return err('internal', `The studio server answered HTTP ${res.status} without a readable result.`);
      }
      return toResult(json);
    } catch (e) {
      if (signal?.aborted) return cancelledError(name);
      return err('internal', `Cannot reach the studio server: ${messageOf(e)}`);
    }
  }

  connect();

  return {
    transport: 'server',
    call<N extends CallName>(name: N, req: CallRequest<N>, callOpts?: CallOptions): Promise<Result<CallResponse<N>>> {
      if (closed) return Promise.resolve(err('cancelled', 'The client was closed.'));
      const signal = callOpts?.signal;
      if (signal?.aborted) return Promise.resolve(cancelledError(name));
      const id = nextId++;
      return new Promise<Result<CallResponse<N>>>((resolve) => {
        const onAbort = () => {
          if (!pending.delete(id)) return;
          progressOf.delete(id);
          send({ t: 'cancel', id });
          resolve(cancelledError(name));
        };
        pending.set(id, (r) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(r as Result<CallResponse<N>>);
        });
        if (callOpts?.onProgress) progressOf.set(id, callOpts.onProgress);
        if (send({ t: 'call', id, name, req: req ?? {} })) {
          signal?.addEventListener('abort', onAbort, { once: true });
          return;
        }
        pending.delete(id);
        progressOf.delete(id);
        void callOverHttp(name, req, signal).then((r) => resolve(r as Result<CallResponse<N>>));
      });
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
        send({ t: 'sub', event });
      }
      const l = listener as AnyListener;
      set.add(l);
      return () => {
        const s = listeners.get(event);
        if (!s) return;
        s.delete(l);
        if (s.size === 0) {
          listeners.delete(event);
          send({ t: 'unsub', event });
        }
      };
    },
    connection: () => state,
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      failPending('The client was closed.');
      socket?.close();
      setState('closed');
    },
  };
}

function readToken(doc: Document): string | null {
  const meta = doc.querySelector(`meta[name="${TOKEN_META_NAME}"]`);
  const token = meta?.getAttribute('content')?.trim();
  return token ? token : null;
}

/** Picks the Electron bridge when present, otherwise the server-mode transport for the page's origin. */
export function createBrowserClient(win: Window = window): StudioClient {
  const bridge = findBridge(win);
  if (bridge) return createBridgeClient(bridge);
  return createServerClient({
    baseUrl: win.location.origin,
    token: readToken(win.document),
    socketFactory: (url) => new (win as Window & typeof globalThis).WebSocket(url) as unknown as SocketLike,
    fetch: (url, init) => win.fetch(url, init),
  });
}
