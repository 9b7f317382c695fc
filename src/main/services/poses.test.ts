import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePoseFile } from '../../shared/export';
import { openStore, type Store } from '../storage';
import { createBackend, type Backend } from './backend';

const pose = Array.from({ length: 72 }, (_, i) => (i < 66 ? Math.sin(i) * 0.4 : 0));

describe('poses.export', () => {
  let dataDir: string;
  let backend: Backend;
  let store: Store;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pose-export-'));
    backend = await createBackend({ dataDir, mode: 'server', version: '4.5.6' });
    // A second connection on the same WAL database, to look at what the calls recorded.
    store = openStore({ dataDir });
  });
  afterAll(async () => {
    store.close();
    await backend.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('returns SMPL JSON that reads back as the same pose, and records the export with provenance', async () => {
    const s = await backend.invoke('sessions.create', { name: 'Kneeling', pose });
    if (!s.ok) throw new Error(s.error.message);
    const sessionId = (s.value as { id: string }).id;
    const r = await backend.invoke('poses.export', { pose, format: 'smpl-json', name: 'Kneeling: left knee', sessionId });
    if (!r.ok) throw new Error(r.error.message);
    const file = r.value as { fileName: string; mimeType: string; content: string };
    expect(file.fileName).toBe('Kneeling_ left knee.json');
    expect(file.mimeType).toBe('application/json');
    const doc = JSON.parse(file.content);
    expect(doc.provenance).toMatchObject({ app: 'Pose-RFT Studio', version: '4.5.6', sessionId, name: 'Kneeling: left knee' });
    const back = parsePoseFile(file.content);
    expect(back.ok && back.value.pose.map(Math.fround)).toEqual(pose.map(Math.fround));

    const rows = store.exports.list({ sessionId });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ sessionId, file: file.fileName, format: 'smpl-json' });
    expect(rows[0].provenance).toEqual(doc.provenance);
    expect(Date.parse(rows[0].provenance.exportedAt as string)).not.toBeNaN();
  });

  it('returns a one-frame BVH without a session', async () => {
    const r = await backend.invoke('poses.export', { pose: pose.slice(0, 66), format: 'bvh', name: 'Loose' });
    if (!r.ok) throw new Error(r.error.message);
    const file = r.value as { fileName: string; mimeType: string; content: string };
    expect(file.fileName).toBe('Loose.bvh');
    expect(file.content).toMatch(/^HIERARCHY\nROOT pelvis\n/);
    expect(file.content).toMatch(/\nMOTION\nFrames: 1\n/);
    const row = store.exports.list().find((e) => e.format === 'bvh');
    expect(row).toMatchObject({ sessionId: null, file: 'Loose.bvh', provenance: { app: 'Pose-RFT Studio', version: '4.5.6', name: 'Loose' } });
    expect(row!.provenance).not.toHaveProperty('sessionId');
  });

  it('rejects bad payloads and unknown sessions, and writes nothing', async () => {
    const before = store.exports.list().length;
    const cases: Array<[unknown, string, RegExp]> = [
      [{ pose, format: 'gltf', name: 'x' }, 'bad_request', /format: /],
      [{ pose: pose.slice(0, 10), format: 'bvh', name: 'x' }, 'bad_request', /pose: a pose has 66 or 72/],
      [{ pose: pose.map(() => Number.POSITIVE_INFINITY), format: 'bvh', name: 'x' }, 'bad_request', /pose/],
      [{ pose, format: 'bvh', name: '   ' }, 'bad_request', /name: /],
      [{ pose, format: 'bvh' }, 'bad_request', /name: /],
      [{ pose, format: 'bvh', name: 'x', path: '/etc/passwd' }, 'bad_request', /path/],
      [{ pose, format: 'bvh', name: 'x', sessionId: 'no-such-session' }, 'not_found', /No session with id "no-such-session"/],
    ];
    for (const [req, code, message] of cases) {
      const r = await backend.invoke('poses.export', req);
      expect(r.ok, JSON.stringify(req).slice(0, 80)).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe(code);
      expect(r.error.message).toMatch(message);
    }
    expect(store.exports.list()).toHaveLength(before);
  });
});
