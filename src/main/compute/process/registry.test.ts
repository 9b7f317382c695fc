import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ParentChannel } from './channel';
import { ChildMessage, type ComputeProcessInfo } from './protocol';
import { MethodError, MethodRegistry, throwIfCancelled } from './registry';
import { serveRequests } from './serve';

const ctx = () => ({ signal: new AbortController().signal, progress: () => {} });

describe('MethodRegistry.dispatch', () => {
  const registry = new MethodRegistry()
    .register('math.add', { params: z.object({ a: z.number(), b: z.number() }), run: ({ a, b }) => a + b })
    .register('math.fail', {
      params: z.object({}),
      run: () => {
        throw new MethodError('not_found', 'no such model', { model: 'x' });
      },
    })
    .register('math.throw', {
      params: z.object({}),
      run: () => {
        throw new RangeError('out of range');
      },
    });

  it('runs a method with validated params', async () => {
    expect(await registry.dispatch('math.add', { a: 2, b: 3 }, ctx())).toEqual({ ok: true, value: 5 });
    expect(registry.names()).toEqual(['math.add', 'math.fail', 'math.throw']);
  });

  it('turns every failure into an error value', async () => {
    expect(await registry.dispatch('math.mul', {}, ctx())).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    const bad = await registry.dispatch('math.add', { a: 'two' }, ctx());
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(/^math\.add: a: .*; b: /) } });
    expect(await registry.dispatch('math.fail', {}, ctx())).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'no such model', details: { model: 'x' } },
    });
    expect(await registry.dispatch('math.throw', {}, ctx())).toEqual({
      ok: false,
      error: { code: 'internal', message: 'math.throw failed: out of range' },
    });
  });

  it('refuses to register a name twice', () => {
    expect(() => registry.register('math.add', { params: z.object({}), run: () => 0 })).toThrow(/twice/);
  });
});

/** An in-memory channel: what the host would send and what the compute side answers. */
function memoryChannel() {
  let deliver: (msg: unknown) => void = () => {};
  const sent: ChildMessage[] = [];
  const waiters: Array<() => void> = [];
  const channel: ParentChannel = {
    kind: 'fork',
    send: (msg) => {
      sent.push(ChildMessage.parse(msg));
      for (const w of waiters.splice(0)) w();
    },
    onMessage: (cb) => {
      deliver = cb;
    },
  };
  const until = async (pred: () => boolean) => {
    while (!pred()) await new Promise<void>((r) => waiters.push(r));
  };
  return { channel, sent, post: (m: unknown) => deliver(m), until };
}

const info: ComputeProcessInfo = {
  ort: 'test',
  providers: ['cpu'],
  active: ['cpu'],
  threads: { intraOp: 1, interOp: 1 },
  pid: 1,
  selfTest: { ok: true, ms: 0, detail: 'not run' },
};

describe('serveRequests', () => {
  it('says ready, answers requests with progress, honours cancel, and answers malformed messages', async () => {
    const registry = new MethodRegistry().register('work', {
      params: z.object({ steps: z.number().int() }),
      async run({ steps }, c) {
        for (let i = 0; i < steps; i++) {
          await new Promise((r) => setTimeout(r, 1));
          throwIfCancelled(c.signal);
          c.progress((i + 1) / steps, `step ${i + 1}`);
        }
        return steps;
      },
    });
    const m = memoryChannel();
    serveRequests(m.channel, registry, info);
    expect(m.sent).toEqual([{ t: 'ready', info }]);

    m.post({ t: 'request', id: 1, method: 'work', params: { steps: 2 } });
    await m.until(() => m.sent.some((s) => s.t === 'response' && s.id === 1));
    expect(m.sent.slice(1)).toEqual([
      { t: 'progress', id: 1, fraction: 0.5, message: 'step 1' },
      { t: 'progress', id: 1, fraction: 1, message: 'step 2' },
      { t: 'response', id: 1, result: { ok: true, value: 2 } },
    ]);

    m.sent.length = 0;
    m.post({ t: 'request', id: 2, method: 'work', params: { steps: 1000 } });
    await m.until(() => m.sent.length > 0);
    m.post({ t: 'cancel', id: 2 });
    await m.until(() => m.sent.some((s) => s.t === 'response'));
    expect(m.sent.at(-1)).toMatchObject({ t: 'response', id: 2, result: { ok: false, error: { code: 'cancelled' } } });

    m.sent.length = 0;
    m.post({ t: 'request', id: 3, method: 42 });
    await m.until(() => m.sent.length > 0);
    expect(m.sent).toEqual([
      { t: 'response', id: 3, result: { ok: false, error: { code: 'bad_request', message: 'The compute process received a malformed message.' } } },
    ]);
  });
});
