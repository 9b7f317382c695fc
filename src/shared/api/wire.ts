import { z } from 'zod';
import { ApiErrorSchema } from './errors';

/**
 * The server-mode wire protocol, derived from the contract. Electron uses the preload bridge instead,
 * which carries the same Result values over IPC.
 *
 * HTTP:  POST /api/call/<name>   body: request JSON        → Result JSON (status 200, or 4xx/5xx by error code)
 *        GET  /api/health                                   → Health JSON
 *        HTTP carries no progress: a long-running call (contract `progress: true`) simply answers when it is
 *        done. Closing the request before the answer (aborting the fetch) cancels the call.
 * WS:    /api/ws  (token as ?token= when the server requires one)
 *        client → server: {t:'call', id, name, req}, {t:'cancel', id}, {t:'sub', event}, {t:'unsub', event}
 *        server → client: {t:'result', id, result}, {t:'progress', id, fraction, message} (long-running calls,
 *        before their result), {t:'event', name, payload}, {t:'error', error}
 *        `cancel` aborts the call with that id; its result then arrives as a `cancelled` error (or its
 *        ordinary result, when it finished first). Ids must be unique among a connection's calls in flight.
 *        Closing the socket cancels the connection's calls in flight.
 * Token: non-loopback servers require `Authorization: Bearer <token>` (or ?token=); the served index.html
 *        carries it in <meta name="pose-studio-token" content="…">.
 */
export const ResultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiErrorSchema }),
]);

export const ClientMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('call'), id: z.number().int().nonnegative(), name: z.string().max(100), req: z.unknown() }),
  z.object({ t: z.literal('cancel'), id: z.number().int().nonnegative() }),
  z.object({ t: z.literal('sub'), event: z.string().max(100) }),
  z.object({ t: z.literal('unsub'), event: z.string().max(100) }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export const ServerMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('result'), id: z.number().int(), result: ResultSchema }),
  z.object({
    t: z.literal('progress'),
    id: z.number().int(),
    fraction: z.number().min(0).max(1),
    message: z.string().max(1000),
  }),
  z.object({ t: z.literal('event'), name: z.string(), payload: z.unknown() }),
  z.object({ t: z.literal('error'), error: ApiErrorSchema }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

export const TOKEN_META_NAME = 'pose-studio-token';
export const HTTP_STATUS_BY_CODE: Record<z.infer<typeof ApiErrorSchema>['code'], number> = {
  bad_request: 400,
  unauthorized: 401,
  not_found: 404,
  unknown_call: 404,
  conflict: 409,
  cancelled: 499,
  compute_crashed: 503,
  compute_unavailable: 503,
  storage_error: 500,
  internal: 500,
};

/** A long-running call started through the Electron bridge. */
export interface BridgeCall {
  /** The call's Result, as `invoke` would answer it. */
  readonly result: Promise<unknown>;
  /** Asks the main process to abort the call; its result then arrives as a `cancelled` error. */
  cancel(): void;
}

/**
 * What the Electron preload exposes on window.poseStudio; the renderer's client prefers it when present.
 * An AbortSignal cannot cross the context bridge, so cancellable calls go through `start`, which hands back
 * a cancel function instead; progress arrives through the callback.
 */
export interface BridgeApi {
  readonly transport: 'electron';
  invoke(name: string, req: unknown): Promise<unknown>;
  start(name: string, req: unknown, onProgress: (p: { fraction: number; message: string }) => void): BridgeCall;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}
