import { err } from '../../shared/api';
import { IPC_CHANNELS, type IpcEventMessage } from './channels';
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

  const releasePeer = (id: number): void => {
    const subs = peers.get(id);
    if (!subs) return;
    for (const off of subs.values()) off();
    peers.delete(id);
  };

  opts.ipc.handle(IPC_CHANNELS.invoke, async (peer, args) => {
    if (!opts.isTrusted(peer.frameUrl)) return err('unauthorized', 'IPC refused: the sender is not the app');
    return dispatch(args[0], args[1]);
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
      peer.onGone(() => releasePeer(peer.id));
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
      opts.ipc.removeAllListeners(IPC_CHANNELS.subscribe);
      opts.ipc.removeAllListeners(IPC_CHANNELS.unsubscribe);
      for (const id of [...peers.keys()]) releasePeer(id);
    },
  };
}
