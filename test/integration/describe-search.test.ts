// "Describe a pose" end to end below the UI: library.describeSearch through the real backend and the built compute
// process (out/main/compute.js) with the shipped retrieval model. Descriptions of a kind of pose find that kind.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallResponse } from '../../src/shared/api/contract';
import { createBackend, type Backend } from '../../src/main/services/backend';
import { forkSpawner } from '../../src/main/services/fork-spawner';
import { shippedModelDir } from '../../src/main/compute/models/paths';
import { POSE_LIBRARY } from '../../src/main/compute/data/library';
import { ensureBuilt, ROOT } from './helpers';

const MODEL = path.join(shippedModelDir('retrieval'), 'model.safetensors');
const shipped = existsSync(MODEL);
if (!shipped) console.warn(`describe-search: skipped, no shipped retrieval model at ${MODEL} (scripts/train-retrieval.ts writes it)`);

type Reply = CallResponse<'library.describeSearch'>;

describe.skipIf(!shipped)('library.describeSearch with the shipped retrieval model', () => {
  let backend: Backend;
  let dataDir: string;
  beforeAll(async () => {
    ensureBuilt();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'pose-describe-'));
    backend = await createBackend({
      dataDir,
      mode: 'server',
      version: '0.0.0-test',
      spawnCompute: forkSpawner(path.join(ROOT, 'out', 'main', 'compute.js')),
    });
  }, 300_000);
  afterAll(async () => {
    await backend?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const search = async (req: Record<string, unknown>): Promise<Reply> => {
    const r = await backend.invoke('library.describeSearch', req);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    return (r as { ok: true; value: Reply }).value;
  };
  const categoryOf = (baseId: string) => POSE_LIBRARY.find((p) => p.id === baseId)?.category;

  it('ranks a kneeling pose in the top 10 for kneeling descriptions, and a lying one in the top 5 for lying ones', async () => {
    for (const text of ['kneeling on one knee', 'a person kneeling with both arms raised', 'kneel down']) {
      const r = await search({ text, limit: 10 });
      expect(r.results.map((x) => x.category), text).toContain('kneeling');
    }
    // Fragments are phrased as the captions the model learnt from; a sentence with a subject is kept.
    expect((await search({ text: 'kneeling on one knee', limit: 1 })).query).toBe('The person is kneeling on one knee.');
    expect((await search({ text: 'a person lying flat on the floor', limit: 1 })).query).toBe('a person lying flat on the floor');
    for (const text of ['lying on the back', 'a person lying flat on the floor']) {
      const r = await search({ text, limit: 5 });
      expect(r.results.map((x) => x.category), text).toContain('lying');
    }
  }, 120_000);

  it('answers every candidate best first with cosines, names mirrors with sides swapped, and filters', async () => {
    const all = await search({ text: 'standing with the left arm raised', limit: 500 });
    expect(all.model).toMatch(/^retrieval \(/);
    expect(all.total).toBe(all.results.length);
    expect(all.total).toBeGreaterThan(POSE_LIBRARY.length);
    expect(new Set(all.results.map((x) => x.id)).size).toBe(all.total);
    for (let i = 1; i < all.results.length; i++) expect(all.results[i - 1]!.score).toBeGreaterThanOrEqual(all.results[i]!.score);
    for (const x of all.results) {
      expect(x.pose).toHaveLength(66);
      expect(categoryOf(x.baseId)).toBe(x.category);
      expect(x.mirrored).toBe(x.id === `${x.baseId}~mirror`);
    }
    const mirrorOfLeft = all.results.find((x) => x.mirrored && /left/i.test(POSE_LIBRARY.find((p) => p.id === x.baseId)!.name));
    if (mirrorOfLeft) expect(mirrorOfLeft.name).toMatch(/right/i);
    // The scores are not all alike: the model separates poses.
    expect(all.results[0]!.score - all.results.at(-1)!.score).toBeGreaterThan(0.2);

    const lying = await search({ text: 'standing with the left arm raised', category: 'lying', mirrors: false, limit: 3 });
    expect(lying.results).toHaveLength(3);
    expect(lying.total).toBe(POSE_LIBRARY.filter((p) => p.category === 'lying').length);
    for (const x of lying.results) expect([x.category, x.mirrored]).toEqual(['lying', false]);
    // Filtering keeps the order of the full ranking.
    expect(lying.results.map((x) => x.id)).toEqual(all.results.filter((x) => x.category === 'lying' && !x.mirrored).slice(0, 3).map((x) => x.id));
  }, 120_000);

  it('refuses bad requests as data', async () => {
    for (const bad of [{}, { text: '' }, { text: '   ' }, { text: 'x'.repeat(501) }, { text: 'arms up', limit: 0 }, { text: 'arms up', limit: 501 }, { text: 'arms up', nope: true }]) {
      const r = await backend.invoke('library.describeSearch', bad);
      expect(r.ok ? 'ok' : r.error.code, JSON.stringify(bad)).toBe('bad_request');
    }
    // An unknown category is no error: nothing matches it.
    const none = await search({ text: 'arms up', category: 'underwater' });
    expect(none).toMatchObject({ results: [], total: 0 });
  });
});
