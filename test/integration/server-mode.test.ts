import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls, Health } from '../../src/shared/api/contract';
import { ensureBuilt, httpCall, isAlive, serve, tempDir, WsClient, type ServedStudio } from './helpers';

const pose72 = Array.from({ length: 72 }, (_, i) => Math.round(Math.sin(i) * 1000) / 1000);

/**
 * The built app in server mode, as a user (or the Playwright suite) runs it: `node out/main/cli.js serve`,
 * then the contract over HTTP and WebSocket, a compute-process crash, and a server restart.
 */
describe('server mode through the built CLI', () => {
  let dataDir: string;
  let studio: ServedStudio;
  let sessionId: string;

  beforeAll(async () => {
    ensureBuilt();
    dataDir = tempDir();
    studio = await serve(dataDir);
  });
  afterAll(async () => {
    if (studio) await studio.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints its address as one JSON line and binds to loopback without a token', () => {
    expect(studio.url).toBe(`http://127.0.0.1:${studio.port}/`);
    expect(studio.port).toBeGreaterThan(0);
    expect(studio.token).toBeNull();
    expect(studio.dataDir).toBe(fs.realpathSync(dataDir));
  });

  it('answers health and app.info over HTTP', async () => {
    const res = await fetch(new URL('api/health', studio.url));
    expect(res.status).toBe(200);
    const health = Health.parse(await res.json());
    expect(health.ok).toBe(true);
    expect(health.compute.providers).toContain('cpu');
    const info = await httpCall(studio.url, 'app.info', {});
    expect(info.status).toBe(200);
    expect(info.body.value).toMatchObject({ mode: 'server', dataDir: studio.dataDir });
  });

  it('creates and reads a session over HTTP', async () => {
    const created = await httpCall(studio.url, 'sessions.create', { name: 'Arms raised', pose: pose72 });
    expect(created.status).toBe(200);
    const session = calls['sessions.create'].response.parse(created.body.value);
    expect(session).toMatchObject({ name: 'Arms raised', kind: 'pose', pose: pose72, editCount: 0 });
    sessionId = session.id;
    const got = await httpCall(studio.url, 'sessions.get', { id: sessionId });
    expect(got.body).toEqual({ ok: true, value: session });
  });

  it('speaks the same contract over WebSocket, with events', async () => {
    const ws = await WsClient.connect(studio.url);
    try {
      ws.subscribe('sessions.changed');
      const listed = await ws.call('sessions.list', {});
      expect(listed.ok).toBe(true);
      expect((listed.value as { sessions: Array<{ id: string }> }).sessions.map((s) => s.id)).toEqual([sessionId]);

      const edit = await ws.call('edits.save', { sessionId, pose: pose72.map((v) => v / 2), note: 'halved' });
      expect(edit).toMatchObject({ ok: true, value: { sessionId, note: 'halved' } });
      await ws.until(() => ws.events.some((e) => e.name === 'sessions.changed'));
      expect(ws.events).toEqual([{ name: 'sessions.changed', payload: { id: sessionId, change: 'updated' } }]);

      const bad = await ws.call('sessions.rename', { id: sessionId, name: '' });
      expect(bad.ok).toBe(false);
      expect(bad.error?.code).toBe('bad_request');
      const unknown = await ws.call('sessions.teleport', {});
      expect(unknown.error?.code).toBe('unknown_call');
    } finally {
      ws.close();
    }
  });

  it('runs compute.speedTest over WebSocket with progress, and cancels it by id', async () => {
    const ws = await WsClient.connect(studio.url);
    try {
      const done = ws.start('compute.speedTest', { sizes: [32, 64], repeats: 2, threads: [1] });
      const r = await done.result;
      expect(r.ok, JSON.stringify(r.error)).toBe(true);
      const out = calls['compute.speedTest'].response.parse(r.value);
      expect(out.rows.map((row) => [row.size, row.threads])).toEqual([
        [32, 1],
        [64, 1],
      ]);
      const mine = ws.progress.filter((p) => p.id === done.id);
      expect(mine.map((p) => p.fraction)).toEqual([0, 0.25, 0.5, 0.75, 1]);

      const long = ws.start('compute.speedTest', { sizes: [128, 256, 512], repeats: 20, threads: [1] });
      await ws.until(() => ws.progress.some((p) => p.id === long.id && p.fraction > 0));
      ws.cancel(long.id);
      const cancelled = await long.result;
      expect(cancelled.error?.code).toBe('cancelled');
      const seen = ws.progress.filter((p) => p.id === long.id).length;
      expect(seen).toBeLessThan(61);
      // The compute process is still the same one and still serves.
      const info = await ws.call('compute.info', {});
      expect(info.ok).toBe(true);
    } finally {
      ws.close();
    }
  });

  it('rejects malformed payloads with bad_request and writes nothing', async () => {
    const before = await httpCall(studio.url, 'sessions.list', {});
    const cases: Array<[string, unknown, RegExp]> = [
      ['sessions.create', { name: '' }, /name/],
      ['sessions.create', { name: 'x', pose: [0, 1, 2] }, /pose: a pose has 66 or 72 axis-angle values/],
      ['sessions.create', { name: 'x', kind: 'opera' }, /kind/],
      ['sessions.create', { name: 'x', sneaky: 1 }, /sneaky/],
      ['edits.save', { sessionId, pose: pose72.map(() => 1e9) }, /pose/],
      ['edits.save', { sessionId, pose: pose72, note: 'n'.repeat(501) }, /note/],
    ];
    for (const [name, req, message] of cases) {
      const r = await httpCall(studio.url, name, req);
      expect(r.status, JSON.stringify(req).slice(0, 80)).toBe(400);
      expect(r.body.ok).toBe(false);
      expect(r.body.error?.code).toBe('bad_request');
      expect(r.body.error?.message).toMatch(message);
    }
    const notJson = await httpCall(studio.url, 'sessions.create', null, { rawBody: '{"name": "unterminated' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error?.code).toBe('bad_request');

    const after = await httpCall(studio.url, 'sessions.list', {});
    expect(after.body).toEqual(before.body);
    const edits = await httpCall(studio.url, 'edits.list', { sessionId });
    expect((edits.body.value as { edits: unknown[] }).edits).toHaveLength(1);
  });

  it('survives a killed compute process: a clean compute_crashed or a restarted answer, then normal service', async () => {
    const ws = await WsClient.connect(studio.url);
    try {
      ws.subscribe('compute.status');
      const first = await ws.call('compute.info', {});
      expect(first.ok).toBe(true);
      const { pid, restarts } = first.value as { pid: number; restarts: number };
      expect(restarts).toBe(0);
      expect(isAlive(pid)).toBe(true);

      process.kill(pid, 'SIGKILL');
      const next = await httpCall(studio.url, 'compute.info', {});
      if (next.body.ok) {
        // The host saw the exit first, restarted the process, and the call waited for it.
        const v = next.body.value as { pid: number; restarts: number; selfTest: { ok: boolean } };
        expect(next.status).toBe(200);
        expect(v.pid).not.toBe(pid);
        expect(v.restarts).toBe(1);
        expect(v.selfTest.ok).toBe(true);
      } else {
        // The call reached the dying process.
        expect(next.status).toBe(503);
        expect(next.body.error).toEqual({
          code: 'compute_crashed',
          message: 'The compute process exited unexpectedly (signal SIGKILL) while running compute.info; it has been restarted.',
          details: { method: 'compute.info', exitCode: null, signal: 'SIGKILL' },
        });
      }

      const later = await httpCall(studio.url, 'compute.info', {});
      expect(later.status).toBe(200);
      const v = later.body.value as { pid: number; restarts: number };
      expect(v.pid).not.toBe(pid);
      expect(v.restarts).toBe(1);
      expect(isAlive(pid)).toBe(false);

      await ws.until(() => ws.events.some((e) => (e.payload as { state: string }).state === 'ready'));
      const states = ws.events.map((e) => (e.payload as { state: string }).state);
      expect(states).toEqual(['crashed', 'restarting', 'starting', 'ready']);
      expect(ws.events[0]!.payload).toMatchObject({ state: 'crashed', message: expect.stringContaining('signal SIGKILL') });

      // Storage was never in the compute process: everything is still there.
      const got = await httpCall(studio.url, 'sessions.get', { id: sessionId });
      expect(got.body.ok).toBe(true);
      expect((await fetch(new URL('api/health', studio.url)).then((r) => r.json())) as { ok: boolean }).toMatchObject({ ok: true });
    } finally {
      ws.close();
    }
  });

  it('keeps sessions across a server restart and stops its compute process on SIGTERM', async () => {
    const info = await httpCall(studio.url, 'compute.info', {});
    const computePid = (info.body.value as { pid: number }).pid;
    const code = await studio.stop();
    expect(code).toBe(0);
    expect(studio.stderr()).toMatch(/SIGTERM, shutting down/);
    expect(isAlive(computePid)).toBe(false);

    studio = await serve(dataDir);
    const got = await httpCall(studio.url, 'sessions.get', { id: sessionId });
    expect(got.status).toBe(200);
    expect(got.body.value).toMatchObject({ id: sessionId, name: 'Arms raised', editCount: 1, pose: pose72.map((v) => v / 2) });
    const edits = await httpCall(studio.url, 'edits.list', { sessionId });
    expect((edits.body.value as { edits: Array<{ note: string }> }).edits.map((e) => e.note)).toEqual(['halved']);
  });
});

describe('server mode on a non-loopback interface', () => {
  it('generates a token, prints it, and refuses calls without it', async () => {
    ensureBuilt();
    const dataDir = tempDir();
    const studio = await serve(dataDir, ['--host', '0.0.0.0']);
    try {
      expect(studio.token).toMatch(/^[A-Za-z0-9_-]{16,}$/);
      const denied = await httpCall(studio.url, 'sessions.list', {});
      expect(denied.status).toBe(401);
      expect(denied.body.error?.code).toBe('unauthorized');
      const allowed = await httpCall(studio.url, 'sessions.list', {}, { token: studio.token! });
      expect(allowed.body).toEqual({ ok: true, value: { sessions: [] } });
    } finally {
      expect(await studio.stop()).toBe(0);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
