import {
  calls,
  describeZodError,
  err,
  isCallName,
  isEventName,
  type CallOptions,
  type EventName,
  type Health,
  type Result,
} from '../../shared/api';

/**
 * What a transport (HTTP/WebSocket server, Electron IPC) needs from the backend. Structural, so the
 * services' Backend satisfies it without the transports importing the services.
 */
export interface TransportBackend {
  invoke(name: string, req: unknown, opts?: CallOptions): Promise<Result<unknown>>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
  health(): Promise<Health>;
}

export type CallDispatcher = (name: unknown, req: unknown, opts?: CallOptions) => Promise<Result<unknown>>;

/** JSON-safe copy of zod issues: paths may hold symbols, and issues carry non-serialisable extras. */
function issuesForWire(issues: readonly { path: readonly PropertyKey[]; message: string; code: string }[]) {
  return issues.map((i) => ({
    path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
    message: i.message,
    code: i.code,
  }));
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; error?: unknown };
  if (v.ok === true) return 'value' in v;
  if (v.ok !== false || typeof v.error !== 'object' || v.error === null) return false;
  const e = v.error as { code?: unknown; message?: unknown };
  return typeof e.code === 'string' && typeof e.message === 'string';
}

/**
 * Every transport goes through this: the call name is checked against the contract, the request is
 * validated by the contract's schema (defaults filled in) before the backend sees it, and whatever
 * goes wrong comes back as an error value, never as a rejection.
 */
export function createCallDispatcher(backend: TransportBackend): CallDispatcher {
  return async (name, req, opts) => {
    if (typeof name !== 'string' || !isCallName(name)) {
      const shown = typeof name === 'string' ? name.slice(0, 100) : typeof name;
      return err('unknown_call', `unknown call "${shown}"`, { known: Object.keys(calls) });
    }
    // An omitted request means "no arguments": the calls that take none accept {}.
    const parsed = calls[name].request.safeParse(req === undefined ? {} : req);
    if (!parsed.success) {
      return err('bad_request', `${name}: ${describeZodError(parsed.error)}`, {
        issues: issuesForWire(parsed.error.issues),
      });
    }
    try {
      // Progress is only for calls the contract marks long-running; the signal goes to every call.
      const options: CallOptions = {};
      if (opts?.signal) options.signal = opts.signal;
      if (opts?.onProgress && calls[name].progress) options.onProgress = opts.onProgress;
      const result = await backend.invoke(name, parsed.data, options);
      if (!isResult(result)) return err('internal', `${name}: the backend returned a malformed result`);
      return result;
    } catch (e) {
      return err('internal', `${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
}

/** Narrowing helper for subscriptions coming from untrusted peers. */
export function checkEventName(event: unknown): Result<EventName> {
  if (typeof event === 'string' && isEventName(event)) return { ok: true, value: event };
  const shown = typeof event === 'string' ? event.slice(0, 100) : typeof event;
  return err('bad_request', `unknown event "${shown}"`);
}
