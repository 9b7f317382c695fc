import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls } from '../../shared/api/contract';
import { StorageError } from '../storage';
import { createBackend, type Backend } from './backend';
import { fromStore } from './storage-guard';

const pose72 = Array.from({ length: 72 }, (_, i) => Math.sin(i) * 0.5);
const pose66 = Array.from({ length: 66 }, (_, i) => Math.cos(i) * 0.25);

function value<T = Record<string, unknown>>(r: { ok: boolean; value?: unknown; error?: unknown }): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value as T;
}

describe('backend.invoke', () => {
  let dataDir: string;
  let backend: Backend;
  const changes: unknown[] = [];

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pose-backend-'));
    backend = await createBackend({ dataDir, mode: 'server', version: '9.8.7' });
    backend.subscribe('sessions.changed', (p) => changes.push(p));
  });
  afterAll(async () => {
    await backend.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('app.info describes the backend', async () => {
    const info = value(await backend.invoke('app.info', {}));
    expect(info).toEqual({ version: '9.8.7', mode: 'server', dataDir: path.resolve(dataDir), platform: process.platform, node: process.versions.node });
    expect(backend.dataDir).toBe(path.resolve(dataDir));
  });

  it('runs the session lifecycle and emits sessions.changed', async () => {
    const created = value<{ id: string; name: string; kind: string; pose: number[] | null; editCount: number }>(
      await backend.invoke('sessions.create', { name: '  Kneeling  ', pose: pose72 }),
    );
    expect(created).toMatchObject({ name: 'Kneeling', kind: 'pose', editCount: 0 });
    expect(created.pose).toEqual(pose72);
    const id = created.id;

    expect(value(await backend.invoke('sessions.get', { id }))).toEqual(created);
    const renamed = value<{ name: string }>(await backend.invoke('sessions.rename', { id, name: 'Kneeling, arms up' }));
    expect(renamed.name).toBe('Kneeling, arms up');

    const edit = value<{ sessionId: string; note: string; pose: number[] }>(
      await backend.invoke('edits.save', { sessionId: id, pose: pose66 }),
    );
    expect(edit).toMatchObject({ sessionId: id, note: '', pose: pose66 });
    const after = value<{ pose: number[]; editCount: number }>(await backend.invoke('sessions.get', { id }));
    expect(after.pose).toEqual(pose66);
    expect(after.editCount).toBe(1);
    expect(value<{ edits: unknown[] }>(await backend.invoke('edits.list', { sessionId: id })).edits).toEqual([edit]);

    const other = value<{ id: string }>(await backend.invoke('sessions.create', { name: 'Clip', kind: 'video' }));
    const all = value<{ sessions: Array<{ id: string }> }>(await backend.invoke('sessions.list', {}));
    expect(all.sessions.map((s) => s.id)).toEqual([other.id, id]);
    const videos = value<{ sessions: Array<{ id: string }> }>(await backend.invoke('sessions.list', { kind: 'video' }));
    expect(videos.sessions.map((s) => s.id)).toEqual([other.id]);

    expect(value(await backend.invoke('sessions.delete', { id: other.id }))).toEqual({ deleted: true });
    expect(value(await backend.invoke('sessions.delete', { id: other.id }))).toEqual({ deleted: false });

    expect(changes).toEqual([
      { id, change: 'created' },
      { id, change: 'updated' },
      { id, change: 'updated' },
      { id: other.id, change: 'created' },
      { id: other.id, change: 'deleted' },
    ]);
  });

  it('rejects malformed requests with bad_request and writes nothing', async () => {
    const before = value<{ sessions: unknown[] }>(await backend.invoke('sessions.list', {})).sessions.length;
    const cases: Array<[string, unknown, RegExp]> = [
      ['sessions.create', {}, /^sessions\.create: name: /],
      ['sessions.create', { name: '   ' }, /^sessions\.create: name: /],
      ['sessions.create', { name: 'x', pose: [1, 2, 3] }, /pose: a pose has 66 or 72 axis-angle values/],
      ['sessions.create', { name: 'x', kind: 'dance' }, /kind: /],
      ['sessions.create', { name: 'x', extra: true }, /extra/],
      ['sessions.create', 'not an object', /\(root\)/],
      ['sessions.create', null, /\(root\)/],
      ['sessions.get', { id: '' }, /id: /],
      ['edits.save', { sessionId: 'abc', pose: pose72.map(() => Number.NaN) }, /pose/],
    ];
    for (const [name, req, message] of cases) {
      const r = await backend.invoke(name, req);
      expect(r.ok, `${name} ${JSON.stringify(req)}`).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('bad_request');
      expect(r.error.message).toMatch(message);
      expect(JSON.parse(JSON.stringify(r.error))).toEqual(r.error); // plain data, fit for any transport
    }
    expect(value<{ sessions: unknown[] }>(await backend.invoke('sessions.list', {})).sessions.length).toBe(before);
  });

  it('answers unknown calls and missing records with error values', async () => {
    const unknown = await backend.invoke('sessions.explode', {});
    expect(unknown.ok || unknown.error.code).toBe('unknown_call');
    const missing = await backend.invoke('sessions.get', { id: 'nope' });
    expect(missing).toEqual({ ok: false, error: { code: 'not_found', message: 'No session with id "nope".', details: { id: 'nope' } } });
    expect((await backend.invoke('sessions.rename', { id: 'nope', name: 'x' })).ok).toBe(false);
    const edit = await backend.invoke('edits.save', { sessionId: 'nope', pose: pose72 });
    expect(edit.ok || edit.error.code).toBe('not_found');
    const edits = await backend.invoke('edits.list', { sessionId: 'nope' });
    expect(edits.ok || edits.error.code).toBe('not_found');
  });

  it('reports compute and storage status that match the contract', async () => {
    const info = value(await backend.invoke('compute.info', {}));
    expect(calls['compute.info'].response.parse(info)).toMatchObject({ restarts: 0, selfTest: { ok: true } });
    const storage = value<{ integrity: string; journalMode: string; foreignKeys: boolean; migrations: Array<{ appliedAt: string | null }> }>(
      await backend.invoke('storage.status', {}),
    );
    expect(storage.integrity).toBe('ok');
    expect(storage.journalMode).toBe('wal');
    expect(storage.foreignKeys).toBe(true);
    expect(storage.migrations.length).toBeGreaterThan(0);
    expect(storage.migrations.every((m) => m.appliedAt !== null)).toBe(true);
    const health = await backend.health();
    expect(health).toMatchObject({ ok: true, version: '9.8.7', compute: { ort: (info as { ort: string }).ort } });
    expect(health.compute.providers).toContain('cpu');
  });

  it('runs compute.speedTest in the compute process with progress, and only long-running calls report progress', async () => {
    const progress: { fraction: number; message: string }[] = [];
    const r = await backend.invoke('compute.speedTest', { sizes: [32], repeats: 2, threads: [1] }, { onProgress: (p) => progress.push(p) });
    const out = calls['compute.speedTest'].response.parse(value(r));
    expect(out.rows).toEqual([{ size: 32, threads: 1, gflops: expect.any(Number), ms: expect.any(Number) }]);
    expect(out.rows[0]!.gflops).toBeGreaterThan(0);
    expect(out.provider).toBe('cpu');
    expect(progress.map((p) => p.fraction)).toEqual([0, 0.5, 1]);
    expect(progress[2]!.message).toMatch(/^32×32 on 1 thread: run 2 of 2/);
    const quiet: unknown[] = [];
    value(await backend.invoke('app.info', {}, { onProgress: (p) => quiet.push(p) }));
    expect(quiet).toEqual([]);
  });

  it('cancels compute.speedTest through the signal, and the compute process keeps serving', async () => {
    const ac = new AbortController();
    const progress: number[] = [];
    const r = await backend.invoke(
      'compute.speedTest',
      { sizes: [32, 48, 64], repeats: 20, threads: [1] },
      {
        signal: ac.signal,
        onProgress: (p) => {
          progress.push(p.fraction);
          if (p.fraction > 0) ac.abort();
        },
      },
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(progress.length).toBeLessThan(61);
    expect(await backend.invoke('compute.speedTest', {}, { signal: ac.signal })).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(await backend.invoke('compute.speedTest', { sizes: [4096] })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    value(await backend.invoke('compute.info', {}));
  });

  it('refuses subscriptions to events the contract does not define', () => {
    expect(() => backend.subscribe('sessions.exploded', () => {})).toThrow(/unknown event/);
    const off = backend.subscribe('compute.status', () => {});
    off();
  });
});

describe('backend persistence', () => {
  it('keeps sessions across a close and reopen of the same data directory', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pose-backend-'));
    try {
      const first = await createBackend({ dataDir, mode: 'server', version: '1.0.0' });
      const s = value<{ id: string }>(await first.invoke('sessions.create', { name: 'Persisted', pose: pose72 }));
      await first.invoke('edits.save', { sessionId: s.id, pose: pose66, note: 'tweak' });
      await first.close();
      const closed = await first.invoke('sessions.list', {});
      expect(closed.ok).toBe(false);

      const second = await createBackend({ dataDir, mode: 'server', version: '1.0.0' });
      const got = value<{ name: string; pose: number[]; editCount: number }>(await second.invoke('sessions.get', { id: s.id }));
      expect(got).toMatchObject({ name: 'Persisted', pose: pose66, editCount: 1 });
      await second.close();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('fromStore', () => {
  it('turns storage exceptions into storage_error values', () => {
    const known = fromStore('x.y', () => {
      throw new StorageError('open_failed', 'cannot open the database /tmp/db', { dbPath: '/tmp/db' });
    });
    expect(known).toEqual({
      ok: false,
      error: { code: 'storage_error', message: 'x.y: cannot open the database /tmp/db', details: { reason: 'open_failed', dbPath: '/tmp/db' } },
    });
    const sqlite = fromStore('x.y', () => {
      throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    });
    expect(sqlite).toEqual({
      ok: false,
      error: { code: 'storage_error', message: 'x.y: the database refused the operation: database is locked', details: { sqliteCode: 'SQLITE_BUSY' } },
    });
    expect(fromStore('x.y', () => 42)).toEqual({ ok: true, value: 42 });
  });
});
