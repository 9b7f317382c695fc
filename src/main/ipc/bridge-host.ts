import { err } from '../../shared/api';
import { IPC_CHANNELS, isCallId, type IpcEventMessage, type IpcProgressMessage } from './channels';
import { checkEventName, createCallDispatcher, type TransportBackend } from './dispatch';

/** The renderer on the other end of an IPC message, as the Electron adapter describes it. */
export interface IpcPeer {
  /** Stable per renderer (webContents id). */
  readonly id: number;
  /** URL of the frame that sent the message; null when the frame is gone. */
  readonly frameUrl: string | null;
  send(channel: string, msg: unknown): void;
  /** Called once when the renderer is destroyed or navigates away. */
  onGone(cb: () => void): void;
}

/** The slice of ipcMain the bridge needs, with Electron's events already turned into peers. */
export interface IpcMainPort {
  handle(channel: string, handler: (peer: IpcPeer, args: unknown[]) => Promise<unknown>): void;
  on(channel: string, listener: (peer: IpcPeer, args: unknown[]) => void): void;
  removeHandler(channel: string): void;
  removeAllListeners(channel: string): void;
}

export interface BridgeHostOptions {
  ipc: IpcMainPort;
  backend: TransportBackend;
  /** True when a frame URL is the app's own page. */
  isTrusted: (frameUrl: string | null) => boolean;
}

/**
 * The main-process end of the preload bridge: calls go through the same dispatcher as HTTP (contract
 * name check, schema validation, errors as data); events are forwarded only for the names a renderer
 * subscribed to and are dropped when it goes away. Messages from frames that are not the app are refused.
 */
export function registerBridgeHost(opts: BridgeHostOptions): { dispose(): void } {
  const dispatch = createCallDispatcher(opts.backend);
  const peers = new Map<number, Map<string, () => void>>();
  /** Cancellable calls in flight, per renderer then by the renderer's call id: one renderer cannot reach another's. */
  const inFlight = new Map<number, Map<number, AbortController>>();
  const watched = new Set<number>();

  const releasePeer = (id: number): void => {
    watched.delete(id);
    const subs = peers.get(id);
    if (subs) for (const off of subs.values()) off();
    peers.delete(id);
    const calls = inFlight.get(id);
    if (calls) for (const c of calls.values()) c.abort();
    inFlight.delete(id);
  };
  const watch = (peer: IpcPeer): void => {
    if (watched.has(peer.id)) return;
    watched.add(peer.id);
    peer.onGone(() => releasePeer(peer.id));
  };

  opts.ipc.handle(IPC_CHANNELS.invoke, async (peer, args) => {
    if (!opts.isTrusted(peer.frameUrl)) return err('unauthorized', 'IPC refused: the sender is not the app');
    const callId = args[2];
    if (callId === undefined) return dispatch(args[0], args[1]);
    if (!isCallId(callId)) return err('bad_request', 'IPC call id must be a non-negative integer');
    let calls = inFlight.get(peer.id);
    if (!calls) {
      calls = new Map();
      inFlight.set(peer.id, calls);
    }
    if (calls.has(callId)) return err('bad_request', `call id ${callId} is already in flight`);
    watch(peer);
    const controller = new AbortController();
    calls.set(callId, controller);
    try {
      return await dispatch(args[0], args[1], {
        signal: controller.signal,
        onProgress: (p) => {
          if (controller.signal.aborted) return;
          const msg: IpcProgressMessage = { callId, fraction: p.fraction, message: p.message };
          peer.send(IPC_CHANNELS.progress, msg);
        },
      });
    } finally {
      const current = inFlight.get(peer.id);
      if (current?.get(callId) === controller) current.delete(callId);
      if (current?.size === 0) inFlight.delete(peer.id);
    }
  });

  opts.ipc.on(IPC_CHANNELS.cancel, (peer, args) => {
    if (!opts.isTrusted(peer.frameUrl)) return;
    if (!isCallId(args[0])) return;
    inFlight.get(peer.id)?.get(args[0])?.abort();
  });

  opts.ipc.on(IPC_CHANNELS.subscribe, (peer, args) => {
    if (!opts.isTrusted(peer.frameUrl)) return;
    const checked = checkEventName(args[0]);
    if (!checked.ok) return;
    const name = checked.value;
    let subs = peers.get(peer.id);
    if (!subs) {
      subs = new Map();
      peers.set(peer.id, subs);
      watch(peer);
    }
    if (subs.has(name)) return;
    subs.set(
      name,
      opts.backend.subscribe(name, (payload) => {
        const msg: IpcEventMessage = { name, payload };
        peer.send(IPC_CHANNELS.event, msg);
      }),
    );
  });

  opts.ipc.on(IPC_CHANNELS.unsubscribe, (peer, args) => {
    if (!opts.isTrusted(peer.frameUrl)) return;
    const subs = peers.get(peer.id);
    if (!subs || typeof args[0] !== 'string') return;
    subs.get(args[0])?.();
    subs.delete(args[0]);
  });

  return {
    dispose() {
      opts.ipc.removeHandler(IPC_CHANNELS.invoke);
      opts.ipc.removeAllListeners(IPC_CHANNELS.cancel);
      opts.ipc.removeAllListeners(IPC_CHANNELS.subscribe);
      opts.ipc.removeAllListeners(IPC_CHANNELS.unsubscribe);
      for (const id of new Set([...peers.keys(), ...inFlight.keys()])) releasePeer(id);
    },
  };
}
