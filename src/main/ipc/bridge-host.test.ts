import { describe, expect, it, vi } from 'vitest';
import { InMemoryBackend } from '../server/test-backend';
import { registerBridgeHost, type IpcMainPort, type IpcPeer } from './bridge-host';
import { IPC_CHANNELS } from './channels';
import { isAppUrl } from './sender-check';

const APP_URL = 'app://studio/index.html';

/** An ipcMain stand-in that routes messages like Electron does: one handler per channel, many listeners. */
class FakeIpcMain implements IpcMainPort {
  handlers = new Map<string, (peer: IpcPeer, args: unknown[]) => Promise<unknown>>();
  listeners = new Map<string, ((peer: IpcPeer, args: unknown[]) => void)[]>();
  handle(channel: string, handler: (peer: IpcPeer, args: unknown[]) => Promise<unknown>) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  }
  on(channel: string, listener: (peer: IpcPeer, args: unknown[]) => void) {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  removeAllListeners(channel: string) {
    this.listeners.delete(channel);
  }
  invoke(peer: IpcPeer, ...args: unknown[]) {
    const h = this.handlers.get(IPC_CHANNELS.invoke);
    if (!h) throw new Error('no invoke handler');
    return h(peer, args);
  }
  send(peer: IpcPeer, channel: string, ...args: unknown[]) {
    for (const l of this.listeners.get(channel) ?? []) l(peer, args);
  }
}

function peer(id: number, frameUrl: string | null) {
  const received: { channel: string; msg: unknown }[] = [];
  const gone: (() => void)[] = [];
  const p: IpcPeer = {
    id,
    frameUrl,
    send: (channel, msg) => received.push({ channel, msg }),
    onGone: (cb) => gone.push(cb),
  };
  return { p, received, destroy: () => gone.forEach((g) => g()) };
}

function setup() {
  const ipc = new FakeIpcMain();
  const backend = new InMemoryBackend();
  const host = registerBridgeHost({ ipc, backend, isTrusted: (url) => isAppUrl(url, APP_URL) });
  return { ipc, backend, host };
}

describe('bridge host', () => {
  it('dispatches calls from the app frame through contract validation', async () => {
    const { ipc, backend } = setup();
    const app = peer(1, 'app://studio/index.html#/library');
    expect(await ipc.invoke(app.p, 'app.info', {})).toMatchObject({ ok: true, value: { version: '0.0.0-test' } });
    expect(await ipc.invoke(app.p, 'sessions.create', { name: 7 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await ipc.invoke(app.p, 'process.exit', {})).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    expect(await ipc.invoke(app.p, { toString: 1 }, {})).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    expect(backend.invocations.map((i) => i.name)).toEqual(['app.info']);
  });

  it('refuses calls and subscriptions from frames that are not the app', async () => {
    const { ipc, backend } = setup();
    for (const url of ['https://evil.example/', 'app://other/index.html', 'file:///etc/passwd', null]) {
      const stranger = peer(2, url);
      expect(await ipc.invoke(stranger.p, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      ipc.send(stranger.p, IPC_CHANNELS.subscribe, 'sessions.changed');
    }
    expect(backend.invocations).toHaveLength(0);
    expect(backend.listenerCount('sessions.changed')).toBe(0);
  });

  it('forwards subscribed events per renderer and releases them on unsubscribe, destruction and dispose', () => {
    const { ipc, backend, host } = setup();
    const a = peer(1, APP_URL);
    const b = peer(2, APP_URL);
    ipc.send(a.p, IPC_CHANNELS.subscribe, 'sessions.changed');
    ipc.send(a.p, IPC_CHANNELS.subscribe, 'sessions.changed');
    ipc.send(a.p, IPC_CHANNELS.subscribe, 'not.an.event');
    ipc.send(b.p, IPC_CHANNELS.subscribe, 'compute.status');
    backend.emit('sessions.changed', { id: 's1', change: 'created' });
    backend.emit('compute.status', { state: 'ready', pid: 1, restarts: 0, message: '' });
    expect(a.received).toEqual([{ channel: IPC_CHANNELS.event, msg: { name: 'sessions.changed', payload: { id: 's1', change: 'created' } } }]);
    expect(b.received).toHaveLength(1);
    expect(backend.listenerCount('not.an.event')).toBe(0);

    ipc.send(a.p, IPC_CHANNELS.unsubscribe, 'sessions.changed');
    backend.emit('sessions.changed', { id: 's2', change: 'created' });
    expect(a.received).toHaveLength(1);

    b.destroy();
    expect(backend.listenerCount('compute.status')).toBe(0);

    ipc.send(a.p, IPC_CHANNELS.subscribe, 'sessions.changed');
    expect(backend.listenerCount('sessions.changed')).toBe(1);
    host.dispose();
    expect(backend.listenerCount('sessions.changed')).toBe(0);
    expect(ipc.handlers.size).toBe(0);
  });
});

describe('bridge host, long-running calls', () => {
  it('sends progress to the calling renderer and cancels by (renderer, call id) from the app only', async () => {
    const { ipc, backend } = setup();
    backend.longRunSteps = 1000;
    const a = peer(1, APP_URL);
    const b = peer(2, APP_URL);
    const stranger = peer(3, 'https://evil.example/');
    const running = ipc.invoke(a.p, 'compute.speedTest', {}, 5);
    await vi.waitFor(() => expect(a.received.length).toBeGreaterThan(0));
    expect(a.received[0]).toEqual({ channel: IPC_CHANNELS.progress, msg: { callId: 5, fraction: 0.001, message: 'step 1' } });
    // Neither another renderer's cancel for the same id nor a foreign frame's reaches the call.
    ipc.send(b.p, IPC_CHANNELS.cancel, 5);
    ipc.send(stranger.p, IPC_CHANNELS.cancel, 5);
    ipc.send(a.p, IPC_CHANNELS.cancel, 'five');
    await new Promise((r) => setTimeout(r, 20));
    expect(backend.aborted).toEqual([]);
    expect(b.received).toEqual([]);
    // A second call with an id still in flight is refused.
    expect(await ipc.invoke(a.p, 'compute.speedTest', {}, 5)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await ipc.invoke(a.p, 'compute.speedTest', {}, -1)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    ipc.send(a.p, IPC_CHANNELS.cancel, 5);
    expect(await running).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(backend.aborted).toEqual(['compute.speedTest']);
    // The id is free again once the call is over; ordinary calls send no progress.
    const before = a.received.length;
    expect(await ipc.invoke(a.p, 'app.info', {}, 5)).toMatchObject({ ok: true });
    expect(a.received).toHaveLength(before);
  });

  it("cancels a renderer's calls when it goes away", async () => {
    const { ipc, backend } = setup();
    backend.longRunSteps = 1000;
    const a = peer(1, APP_URL);
    const running = ipc.invoke(a.p, 'compute.speedTest', {}, 1);
    await vi.waitFor(() => expect(a.received.length).toBeGreaterThan(0));
    a.destroy();
    expect(await running).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(backend.aborted).toEqual(['compute.speedTest']);
  });
});

describe('isAppUrl', () => {
  it('accepts the app scheme and host, or the dev server origin, and nothing else', () => {
    expect(isAppUrl('app://studio/index.html', APP_URL)).toBe(true);
    expect(isAppUrl('app://studio/deep/route?x=1', APP_URL)).toBe(true);
    expect(isAppUrl('app://studio.evil/index.html', APP_URL)).toBe(false);
    expect(isAppUrl('https://studio/index.html', APP_URL)).toBe(false);
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/x', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl('file:///app/out/renderer/index.html', 'file:///app/out/renderer/index.html')).toBe(true);
    expect(isAppUrl('file:///tmp/evil.html', 'file:///app/out/renderer/index.html')).toBe(false);
    expect(isAppUrl('not a url', APP_URL)).toBe(false);
    expect(isAppUrl('', APP_URL)).toBe(false);
    expect(isAppUrl(undefined, APP_URL)).toBe(false);
  });
});
