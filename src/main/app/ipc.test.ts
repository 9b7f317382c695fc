import { describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../ipc/channels';
import { InMemoryBackend } from '../server/test-backend';

/**
 * ipcMain is replaced by a recorder of the handlers registerIpc installs; messages are delivered to
 * them with Electron-shaped events (sender webContents + senderFrame), so the adapter's own
 * sender-frame check and lifetime tracking are what run.
 */
type Handler = (event: unknown, ...args: unknown[]) => unknown;
const rec = vi.hoisted(() => ({
  handlers: new Map<string, Handler>(),
  listeners: new Map<string, Handler[]>(),
}));
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: Handler) => rec.handlers.set(channel, fn),
    on: (channel: string, fn: Handler) =>
      rec.listeners.set(channel, [...(rec.listeners.get(channel) ?? []), fn]),
    removeHandler: (channel: string) => rec.handlers.delete(channel),
    removeAllListeners: (channel: string) => rec.listeners.delete(channel),
  },
}));

const { registerIpc } = await import('./ipc');
const { APP_URL } = await import('./app-protocol');

/** A webContents stand-in: records what main sends it and lets a test fire its lifecycle events. */
function fakeContents(id: number) {
  const sent: { channel: string; msg: unknown }[] = [];
  const listeners = new Map<string, Set<(...a: unknown[]) => void>>();
  let destroyed = false;
  return {
    id,
    sent,
    isDestroyed: () => destroyed,
    send: (channel: string, msg: unknown) => sent.push({ channel, msg }),
    on(name: string, fn: (...a: unknown[]) => void) {
      listeners.set(name, (listeners.get(name) ?? new Set()).add(fn));
    },
    removeListener(name: string, fn: (...a: unknown[]) => void) {
      listeners.get(name)?.delete(fn);
    },
    emit(name: string, ...args: unknown[]) {
      for (const fn of [...(listeners.get(name) ?? [])]) fn(...args);
    },
    destroy() {
      destroyed = true;
      this.emit('destroyed');
    },
  };
}
type Contents = ReturnType<typeof fakeContents>;

const event = (sender: Contents, frameUrl: string | null) => ({
  sender,
  senderFrame: frameUrl === null ? null : { url: frameUrl },
});
const invoke = (sender: Contents, frameUrl: string | null, ...args: unknown[]) => {
  const h = rec.handlers.get(IPC_CHANNELS.invoke);
  if (!h) throw new Error('no invoke handler');
  return h(event(sender, frameUrl), ...args);
};
const send = (channel: string, sender: Contents, frameUrl: string | null, ...args: unknown[]) => {
  for (const l of rec.listeners.get(channel) ?? []) l(event(sender, frameUrl), ...args);
};

function setup(appUrl = APP_URL) {
  const backend = new InMemoryBackend();
  const host = registerIpc(backend, appUrl);
  return { backend, dispose: () => host.dispose() };
}

describe('registerIpc (Electron adapter)', () => {
  it('registers one invoke handler and the send listeners, and removes them on dispose', () => {
    const { dispose } = setup();
    expect([...rec.handlers.keys()]).toEqual([IPC_CHANNELS.invoke]);
    expect([...rec.listeners.keys()].sort()).toEqual(
      [IPC_CHANNELS.cancel, IPC_CHANNELS.subscribe, IPC_CHANNELS.unsubscribe].sort(),
    );
    dispose();
    expect(rec.handlers.size).toBe(0);
    expect(rec.listeners.size).toBe(0);
  });

  it('answers calls from the app frame and refuses any other or missing sender frame', async () => {
    const { backend, dispose } = setup();
    const contents = fakeContents(1);
    expect(await invoke(contents, 'app://studio/index.html#/library', 'app.info', {})).toMatchObject({
      ok: true,
    });
    for (const url of [
      'https://evil.example/',
      'app://other/index.html',
      'file:///etc/passwd',
      'http://localhost:5173/',
      null,
    ]) {
      expect(await invoke(contents, url, 'app.info', {}), String(url)).toMatchObject({
        ok: false,
        error: { code: 'unauthorized' },
      });
      send(IPC_CHANNELS.subscribe, contents, url, 'sessions.changed');
    }
    expect(backend.invocations.map((i) => i.name)).toEqual(['app.info']);
    expect(backend.listenerCount('sessions.changed')).toBe(0);
    dispose();
  });

  it('trusts the dev server frame only when the app runs from it', async () => {
    const { dispose } = setup('http://localhost:5173/');
    const contents = fakeContents(1);
    expect(await invoke(contents, 'http://localhost:5173/#/poses', 'app.info', {})).toMatchObject({
      ok: true,
    });
    expect(await invoke(contents, 'app://studio/index.html', 'app.info', {})).toMatchObject({
      error: { code: 'unauthorized' },
    });
    dispose();
  });

  it('delivers subscribed events to the webContents and drops a foreign unsubscribe', () => {
    const { backend, dispose } = setup();
    const contents = fakeContents(1);
    send(IPC_CHANNELS.subscribe, contents, APP_URL, 'sessions.changed');
    expect(backend.listenerCount('sessions.changed')).toBe(1);
    send(IPC_CHANNELS.unsubscribe, contents, 'https://evil.example/', 'sessions.changed');
    expect(backend.listenerCount('sessions.changed')).toBe(1);
    backend.emit('sessions.changed', { id: 's1', change: 'created' });
    expect(contents.sent).toEqual([
      {
        channel: IPC_CHANNELS.event,
        msg: { name: 'sessions.changed', payload: { id: 's1', change: 'created' } },
      },
    ]);
    send(IPC_CHANNELS.unsubscribe, contents, APP_URL, 'sessions.changed');
    expect(backend.listenerCount('sessions.changed')).toBe(0);
    dispose();
  });

  it('releases a renderer’s subscriptions when it is destroyed or reloads, not on in-page navigation', () => {
    const { backend, dispose } = setup();
    const a = fakeContents(1);
    send(IPC_CHANNELS.subscribe, a, APP_URL, 'sessions.changed');
    a.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true });
    a.emit('did-start-navigation', { isMainFrame: false, isSameDocument: false });
    expect(backend.listenerCount('sessions.changed')).toBe(1);
    a.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    expect(backend.listenerCount('sessions.changed')).toBe(0);

    const b = fakeContents(2);
    send(IPC_CHANNELS.subscribe, b, APP_URL, 'sessions.changed');
    expect(backend.listenerCount('sessions.changed')).toBe(1);
    b.destroy();
    expect(backend.listenerCount('sessions.changed')).toBe(0);
    // Nothing is sent to a destroyed renderer.
    backend.emit('sessions.changed', { id: 's2', change: 'created' });
    expect(b.sent).toEqual([]);
    dispose();
  });
});
