import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { BridgeApi } from '../shared/api';
import { IPC_CHANNELS } from '../main/ipc/channels';

/**
 * The preload runs against Electron's contextBridge and ipcRenderer; here they are replaced by
 * recorders (the Electron binary is not available to tests) so the bridge's own logic is what runs.
 */
const exposed = new Map<string, unknown>();
const sent: unknown[][] = [];
const invoked: unknown[][] = [];
let eventHandler: ((e: unknown, msg: unknown) => void) | null = null;
let progressHandler: ((e: unknown, msg: unknown) => void) | null = null;
/** What the next ipcRenderer.invoke answers; a test may hand out a promise it settles itself. */
let answer: () => Promise<unknown> = async () => ({ ok: true, value: 'from-main' });

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: (...args: unknown[]) => {
      invoked.push(args);
      return answer();
    },
    send: (...args: unknown[]) => sent.push(args),
    on: (channel: string, handler: (e: unknown, msg: unknown) => void) => {
      if (channel === IPC_CHANNELS.event) eventHandler = handler;
      if (channel === IPC_CHANNELS.progress) progressHandler = handler;
    },
  },
}));

let bridge: BridgeApi;
beforeAll(async () => {
  await import('./index');
  bridge = exposed.get('poseStudio') as BridgeApi;
});

const deliver = (name: string, payload: unknown) => eventHandler?.({}, { name, payload });

describe('preload bridge', () => {
  it('exposes exactly window.poseStudio with transport, invoke, start and subscribe', () => {
    expect([...exposed.keys()]).toEqual(['poseStudio']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'start', 'subscribe', 'transport']);
    expect(bridge.transport).toBe('electron');
  });

  it('forwards contract calls and answers unknown names itself', async () => {
    expect(await bridge.invoke('app.info', {})).toEqual({ ok: true, value: 'from-main' });
    expect(invoked).toEqual([[IPC_CHANNELS.invoke, 'app.info', {}]]);
    expect(await bridge.invoke('fs.readFile', { path: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_call' },
    });
    expect(await bridge.invoke(42 as unknown as string, {})).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    expect(invoked).toHaveLength(1);
  });

  it('subscribes once per event name, fans out to listeners and unsubscribes after the last one', () => {
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = bridge.subscribe('sessions.changed', (p) => a.push(p));
    const offB = bridge.subscribe('sessions.changed', (p) => b.push(p));
    expect(sent).toEqual([[IPC_CHANNELS.subscribe, 'sessions.changed']]);

    deliver('sessions.changed', { id: 's1', change: 'created' });
    deliver('compute.status', { state: 'ready' });
    expect(a).toEqual([{ id: 's1', change: 'created' }]);
    expect(b).toEqual([{ id: 's1', change: 'created' }]);

    offA();
    offA();
    deliver('sessions.changed', { id: 's2', change: 'created' });
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(2);
    expect(sent).toHaveLength(1);
    offB();
    expect(sent).toEqual([
      [IPC_CHANNELS.subscribe, 'sessions.changed'],
      [IPC_CHANNELS.unsubscribe, 'sessions.changed'],
    ]);
  });

  it('keeps delivering when one listener throws, and refuses unknown events', () => {
    const got: unknown[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const off1 = bridge.subscribe('compute.status', () => {
      throw new Error('listener bug');
    });
    const off2 = bridge.subscribe('compute.status', (p) => got.push(p));
    deliver('compute.status', { state: 'ready' });
    expect(got).toEqual([{ state: 'ready' }]);
    expect(spy).toHaveBeenCalledTimes(1);
    off1();
    off2();
    spy.mockRestore();
    expect(() => bridge.subscribe('secrets.leaked', () => undefined)).toThrow(/unknown event/);
  });

  it('starts cancellable calls with a call id, routes their progress, and cancels only while they run', async () => {
    invoked.length = 0;
    sent.length = 0;
    let settle!: (v: unknown) => void;
    answer = () => new Promise((r) => (settle = r));
    const progress: unknown[] = [];
    const a = bridge.start('compute.speedTest', { repeats: 1 }, (p) => progress.push(p));
    expect(invoked).toEqual([[IPC_CHANNELS.invoke, 'compute.speedTest', { repeats: 1 }, expect.any(Number)]]);
    const callId = invoked[0]![3] as number;
    progressHandler?.({}, { callId, fraction: 0.5, message: 'half' });
    progressHandler?.({}, { callId: callId + 1, fraction: 0.9, message: 'someone else' });
    progressHandler?.({}, { callId, fraction: 'x', message: 'malformed' });
    expect(progress).toEqual([{ fraction: 0.5, message: 'half' }]);
    a.cancel();
    expect(sent).toEqual([[IPC_CHANNELS.cancel, callId]]);
    settle({ ok: false, error: { code: 'cancelled', message: 'cancelled' } });
    expect(await a.result).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    // Finished: no more progress, and a late cancel sends nothing.
    progressHandler?.({}, { callId, fraction: 1, message: 'late' });
    a.cancel();
    expect(progress).toHaveLength(1);
    expect(sent).toHaveLength(1);
    answer = async () => ({ ok: true, value: 'from-main' });
    const b = bridge.start('compute.speedTest', {}, () => undefined);
    expect(invoked.at(-1)![3]).not.toBe(callId);
    await b.result;
    expect(await bridge.start('shell.exec', {}, () => undefined).result).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
  });
});
