import { err } from '../../../shared/api/errors';
import type { ParentChannel } from './channel';
import { HostMessage, type ChildMessage, type ComputeProcessInfo } from './protocol';
import type { MethodRegistry } from './registry';

/**
 * Answers the host's requests with the registry's methods. Calls run concurrently (most are async
 * and short; a blocking ORT run simply delays the others), each with its own AbortController.
 */
export function serveRequests(channel: ParentChannel, registry: MethodRegistry, info: ComputeProcessInfo): void {
  const running = new Map<number, AbortController>();
  const send = (msg: ChildMessage): void => channel.send(msg);

  channel.onMessage((raw) => {
    const parsed = HostMessage.safeParse(raw);
    if (!parsed.success) {
      // A request we cannot read still deserves an answer when it carries an id.
      const id = (raw as { id?: unknown } | null)?.id;
      if (typeof id === 'number' && Number.isInteger(id) && id >= 0) {
        send({ t: 'response', id, result: err('bad_request', 'The compute process received a malformed message.') });
      } else {
        process.stderr.write('compute: ignored a malformed message from the host\n');
      }
      return;
    }
    const msg = parsed.data;
    if (msg.t === 'cancel') {
      running.get(msg.id)?.abort();
      return;
    }
    if (running.has(msg.id)) {
      send({ t: 'response', id: msg.id, result: err('bad_request', `Request id ${msg.id} is already running.`) });
      return;
    }
    const controller = new AbortController();
    running.set(msg.id, controller);
    const id = msg.id;
    void registry
      .dispatch(msg.method, msg.params, {
        signal: controller.signal,
        progress(fraction, message = '') {
          if (controller.signal.aborted) return;
          const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
          send({ t: 'progress', id, fraction: f, message: message.slice(0, 1000) });
        },
      })
      .then((result) => {
        running.delete(id);
        try {
          send({ t: 'response', id, result });
        } catch (e) {
          // A value that cannot be cloned must not leave the caller waiting forever.
          const why = e instanceof Error ? e.message : String(e);
          send({ t: 'response', id, result: err('internal', `${msg.method} returned a value that cannot be sent: ${why}`) });
        }
      });
  });

  send({ t: 'ready', info });
}
