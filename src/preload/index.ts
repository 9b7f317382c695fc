/**
 * The renderer's only door to the backend (window.poseStudio). Runs sandboxed, so it is bundled as
 * CommonJS with everything it needs except electron. Call and event names are checked against the
 * contract here too, so a compromised page cannot use the bridge to reach arbitrary channels.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { err, isCallName, isEventName, type BridgeApi } from '../shared/api';
import { IPC_CHANNELS, type IpcEventMessage, type IpcProgressMessage } from '../main/ipc/channels';

const listeners = new Map<string, Set<(payload: unknown) => void>>();
/** Progress callbacks of this page's calls in flight, by call id. */
const progressListeners = new Map<number, (p: { fraction: number; message: string }) => void>();
let nextCallId = 1;

ipcRenderer.on(IPC_CHANNELS.progress, (_e: IpcRendererEvent, msg: IpcProgressMessage) => {
  const listener = msg && typeof msg.callId === 'number' ? progressListeners.get(msg.callId) : undefined;
  if (!listener || typeof msg.fraction !== 'number' || typeof msg.message !== 'string') return;
  try {
    listener({ fraction: msg.fraction, message: msg.message });
  } catch (e) {
    console.error('poseStudio: a progress listener threw', e);
  }
});

ipcRenderer.on(IPC_CHANNELS.event, (_e: IpcRendererEvent, msg: IpcEventMessage) => {
  const set = msg && typeof msg.name === 'string' ? listeners.get(msg.name) : undefined;
  if (!set) return;
  for (const listener of [...set]) {
    try {
      listener(msg.payload);
    } catch (e) {
      console.error(`poseStudio: a listener for ${msg.name} threw`, e);
    }
  }
});

const bridge: BridgeApi = {
  transport: 'electron',
  invoke(name: string, req: unknown): Promise<unknown> {
    if (typeof name !== 'string' || !isCallName(name)) {
      return Promise.resolve(err('unknown_call', `unknown call "${String(name).slice(0, 100)}"`));
    }
    return ipcRenderer.invoke(IPC_CHANNELS.invoke, name, req);
  },
  start(name: string, req: unknown, onProgress: (p: { fraction: number; message: string }) => void) {
    if (typeof name !== 'string' || !isCallName(name)) {
      return {
        result: Promise.resolve(err('unknown_call', `unknown call "${String(name).slice(0, 100)}"`)),
        cancel: () => undefined,
      };
    }
    const callId = nextCallId++;
    if (typeof onProgress === 'function') progressListeners.set(callId, onProgress);
    let settled = false;
    const result = ipcRenderer.invoke(IPC_CHANNELS.invoke, name, req, callId).finally(() => {
      settled = true;
      progressListeners.delete(callId);
    });
    return {
      result,
      cancel: () => {
        if (!settled) ipcRenderer.send(IPC_CHANNELS.cancel, callId);
      },
    };
  },
  subscribe(event: string, listener: (payload: unknown) => void): () => void {
    if (typeof event !== 'string' || !isEventName(event)) throw new TypeError(`unknown event "${String(event)}"`);
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    let set = listeners.get(event);
    if (!set) {
      set = new Set();
      listeners.set(event, set);
      ipcRenderer.send(IPC_CHANNELS.subscribe, event);
    }
    // Wrapped so that subscribing the same function twice gives two independent subscriptions.
    const entry = (payload: unknown) => listener(payload);
    set.add(entry);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      const current = listeners.get(event);
      if (!current) return;
      current.delete(entry);
      if (current.size === 0) {
        listeners.delete(event);
        ipcRenderer.send(IPC_CHANNELS.unsubscribe, event);
      }
    };
  },
};

contextBridge.exposeInMainWorld('poseStudio', bridge);
