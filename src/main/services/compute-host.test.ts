import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComputeStatus } from './compute-host';
import { ComputeHost } from './compute-host';
import { forkSpawner } from './fork-spawner';

// The real compute process, forked from source through tsx, with the test-only debug.* methods enabled.
const debugSpawner = forkSpawner(undefined, { env: { POSE_STUDIO_COMPUTE_DEBUG: '1' } });

describe('ComputeHost with a forked compute process', () => {
  let host: ComputeHost;
  const statuses: ComputeStatus[] = [];

  beforeAll(() => {
    host = new ComputeHost({ spawn: debugSpawner });
    host.onStatus((s) => statuses.push(s));
  });
  afterAll(async () => {
    await host.close();
  });

  it('starts the process, which proves ORT with its self-test', async () => {
    const r = await host.request('compute.info', {});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const info = r.value as { pid: number; ort: string; providers: string[]; selfTest: { ok: boolean; detail: string } };
    expect(info.pid).toBe(host.pid);
    expect(info.pid).not.toBe(process.pid);
    expect(info.ort).toMatch(/^\d+\.\d+/);
    expect(info.providers).toContain('cpu');
    expect(info.selfTest.ok).toBe(true);
    expect(info.selfTest.detail).toMatch(/match the host/);
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'ready']);
  });

  it('relays progress in order and then the result', async () => {
    const seen: Array<{ fraction: number; message: string }> = [];
    const r = await host.request('debug.sleep', { steps: 4, stepMs: 5 }, { onProgress: (p) => seen.push(p) });
    expect(r).toEqual({ ok: true, value: { steps: 4 } });
    expect(seen).toEqual([
      { fraction: 0.25, message: 'step 1 of 4' },
      { fraction: 0.5, message: 'step 2 of 4' },
      { fraction: 0.75, message: 'step 3 of 4' },
      { fraction: 1, message: 'step 4 of 4' },
    ]);
  });

  it('returns errors as data: unknown method, bad params, a throwing method', async () => {
    const unknown = await host.request('no.such.method', {});
    expect(unknown.ok || unknown.error.code).toBe('unknown_call');
    const bad = await host.request('debug.sleep', { steps: 'many' });
    expect(bad.ok || bad.error.code).toBe('bad_request');
    if (!bad.ok) expect(bad.error.message).toMatch(/^debug\.sleep: steps: /);
    const thrown = await host.request('debug.fail', { message: 'boom' });
    expect(thrown).toEqual({ ok: false, error: { code: 'internal', message: 'debug.fail failed: boom' } });
  });

  it('cancels a running call, and the process keeps serving', async () => {
    const pid = host.pid;
    const controller = new AbortController();
    const progress: number[] = [];
    const r = await host.request(
      'debug.sleep',
      { steps: 200, stepMs: 20 },
      {
        signal: controller.signal,
        onProgress: (p) => {
          progress.push(p.fraction);
          if (progress.length === 2) controller.abort();
        },
      },
    );
    expect(r.ok || r.error.code).toBe('cancelled');
    expect(progress.length).toBe(2);
    const after = await host.request('debug.echo', { value: [1, 'two', { three: 3 }] });
    expect(after).toEqual({ ok: true, value: { value: [1, 'two', { three: 3 }], pid } });
    expect(host.pid).toBe(pid);
  });

  it('a call cancelled before it starts never reaches the process', async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await host.request('debug.sleep', { steps: 1, stepMs: 0 }, { signal: controller.signal });
    expect(r.ok || r.error.code).toBe('cancelled');
  });

  it('fails the in-flight call with compute_crashed when the process is killed, then restarts it', async () => {
    const pid = host.pid!;
    statuses.length = 0;
    const running = host.request('debug.sleep', { steps: 100, stepMs: 50 }, {
      onProgress: () => {
        // Kill it once it is demonstrably running the call.
        if (host.pid === pid) process.kill(pid, 'SIGKILL');
      },
    });
    const r = await running;
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('compute_crashed');
    expect(r.error.message).toBe(
      'The compute process exited unexpectedly (signal SIGKILL) while running debug.sleep; it has been restarted.',
    );
    expect(host.restarts).toBe(1);

    const info = await host.request('compute.info', {});
    expect(info.ok).toBe(true);
    if (!info.ok) return;
    const newPid = (info.value as { pid: number }).pid;
    expect(newPid).not.toBe(pid);
    expect(host.pid).toBe(newPid);
    expect(statuses.map((s) => s.state)).toEqual(['crashed', 'restarting', 'starting', 'ready']);
    expect(statuses[3]!.restarts).toBe(1);
  });

  it('reports a process that exits on its own with its exit code', async () => {
    const r = await host.request('debug.crash', { how: 'exit', code: 7 });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'compute_crashed',
        message: expect.stringMatching(/^The compute process exited unexpectedly \(exit code 7\) while running debug\.crash; it /),
      },
    });
    const echo = await host.request('debug.echo', { value: 'back' });
    expect(echo.ok).toBe(true);
    expect(host.restarts).toBe(2);
  });
});

describe('ComputeHost restart limits', () => {
  it('gives up after too many crashes in a minute and says so', async () => {
    // A real process that dies at once: node cannot find its entry file.
    const missing = path.join(import.meta.dirname, 'no-such-compute-entry.js');
    const host = new ComputeHost({ spawn: forkSpawner(missing), maxRestartsPerMinute: 2, backoffMs: () => 0 });
    const states: string[] = [];
    host.onStatus((s) => states.push(s.state));
    const r = await host.request('compute.info', {});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('compute_unavailable');
    expect(r.error.message).toBe(
      'The compute process crashed 3 times within a minute and is not being restarted; try again later.',
    );
    expect(host.restarts).toBe(2);
    expect(states.at(-1)).toBe('stopped');
    // Still inside the minute: the host refuses at once instead of spawning again.
    const again = await host.request('compute.info', {});
    expect(again.ok || again.error.code).toBe('compute_unavailable');
    expect(host.restarts).toBe(2);
    await host.close();
  });

  it('fails calls with compute_unavailable after close', async () => {
    const host = new ComputeHost({ spawn: debugSpawner });
    const pending = host.request('debug.sleep', { steps: 100, stepMs: 50 });
    // close() while the process is still starting or running: the call must not hang.
    await new Promise((r) => setTimeout(r, 10));
    await host.close();
    const r = await pending;
    expect(r.ok || r.error.code).toBe('compute_unavailable');
    const later = await host.request('compute.info', {});
    expect(later.ok || later.error.code).toBe('compute_unavailable');
  });
});
