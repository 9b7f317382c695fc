import type { RawData, WebSocket } from 'ws';
import { ClientMessage, describeZodError, type ApiError, type ServerMessage } from '../../shared/api';
import { checkEventName, type CallDispatcher, type TransportBackend } from '../ipc/dispatch';

/** Above this many unsent bytes a client is not keeping up; events to it are dropped, results are not. */
const MAX_BUFFERED_EVENT_BYTES = 8 * 1024 * 1024;

/**
 * One WebSocket client: calls answered by id, events delivered for the names it subscribed to.
 * A malformed message gets an error message back and the connection stays open.
 */
export function attachWsSession(ws: WebSocket, backend: TransportBackend, dispatch: CallDispatcher): void {
  const subscriptions = new Map<string, () => void>();
  /** Calls in flight by the client's id, so that a cancel (or the socket closing) can abort them. */
  const running = new Map<number, AbortController>();
  let open = true;

  const send = (msg: ServerMessage): void => {
    if (open && ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };
  const sendError = (error: ApiError): void => send({ t: 'error', error });

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) {
      sendError({ code: 'bad_request', message: 'binary messages are not accepted; send JSON text' });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(rawToString(data));
    } catch {
      sendError({ code: 'bad_request', message: 'message is not valid JSON' });
      return;
    }
    const parsed = ClientMessage.safeParse(json);
    if (!parsed.success) {
      sendError({ code: 'bad_request', message: `invalid message: ${describeZodError(parsed.error)}` });
      return;
    }
    const msg = parsed.data;
    switch (msg.t) {
      case 'call': {
        const id = msg.id;
        if (running.has(id)) {
          send({ t: 'result', id, result: { ok: false, error: { code: 'bad_request', message: `call id ${id} is already in flight` } } });
          return;
        }
        const controller = new AbortController();
        running.set(id, controller);
        void dispatch(msg.name, msg.req, {
          signal: controller.signal,
          onProgress: (p) => {
            if (!controller.signal.aborted) send({ t: 'progress', id, fraction: p.fraction, message: p.message });
          },
        }).then((result) => {
          if (running.get(id) === controller) running.delete(id);
          send({ t: 'result', id, result });
        });
        return;
      }
      case 'cancel':
        // Unknown or finished ids are ignored: the result may have crossed the cancel on the wire.
        running.get(msg.id)?.abort();
        return;
      case 'sub': {
        const checked = checkEventName(msg.event);
        if (!checked.ok) return sendError(checked.error);
        const name = checked.value;
        if (subscriptions.has(name)) return;
        const off = backend.subscribe(name, (payload) => {
          if (ws.bufferedAmount > MAX_BUFFERED_EVENT_BYTES) return;
          send({ t: 'event', name, payload });
        });
        subscriptions.set(name, off);
        return;
      }
      case 'unsub': {
        const off = subscriptions.get(msg.event);
        subscriptions.delete(msg.event);
        off?.();
        return;
      }
    }
  });

  ws.on('close', () => {
    open = false;
    // Nobody is left to receive the results; stop the work.
    for (const c of running.values()) c.abort();
    running.clear();
    for (const off of subscriptions.values()) off();
    subscriptions.clear();
  });
  ws.on('error', () => ws.terminate());
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
