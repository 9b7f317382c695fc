import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { registerBridgeHost, type IpcMainPort, type IpcPeer } from '../ipc/bridge-host';
import type { TransportBackend } from '../ipc/dispatch';
import { isAppUrl } from '../ipc/sender-check';

function peerOf(event: IpcMainEvent | IpcMainInvokeEvent): IpcPeer {
  const contents: WebContents = event.sender;
  // senderFrame is null once the frame navigated or was destroyed; such a message is refused.
  const frameUrl = event.senderFrame?.url ?? null;
  return {
    id: contents.id,
    frameUrl,
    send: (channel, msg) => {
      if (!contents.isDestroyed()) contents.send(channel, msg);
    },
    onGone: (cb) => {
      const fire = () => {
        contents.removeListener('destroyed', fire);
        contents.removeListener('did-start-navigation', onNavigate);
        cb();
      };
      // A reload starts a new page whose preload has no subscriptions yet; in-page (SPA) navigation does not.
      const onNavigate = (details: { isSameDocument: boolean; isMainFrame: boolean }) => {
        if (details.isMainFrame && !details.isSameDocument) fire();
      };
      contents.on('destroyed', fire);
      contents.on('did-start-navigation', onNavigate);
    },
  };
}

const electronIpc: IpcMainPort = {
  handle: (channel, handler) =>
    ipcMain.handle(channel, (event, ...args: unknown[]) => handler(peerOf(event), args)),
  on: (channel, listener) =>
    ipcMain.on(channel, (event, ...args: unknown[]) => listener(peerOf(event), args)),
  removeHandler: (channel) => ipcMain.removeHandler(channel),
  removeAllListeners: (channel) => ipcMain.removeAllListeners(channel),
};

/**
 * ipcMain handlers for the preload bridge, accepting messages only from frames showing the app
 * (appUrl: app://studio/…, or the dev server's URL in development).
 */
export function registerIpc(backend: TransportBackend, appUrl: string) {
  return registerBridgeHost({
    ipc: electronIpc,
    backend,
    isTrusted: (frameUrl) => isAppUrl(frameUrl, appUrl),
  });
}
