// The semantic reward of HyGRPO as the compute process serves it (the built out/main/compute.js, batched, with
// progress): a caption scores its own pose clearly higher than another held-out pose.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComputeHost } from '../../src/main/services/compute-host';
import { forkSpawner } from '../../src/main/services/fork-spawner';
import { aucOf, testPairs } from '../../src/main/compute/models/retrieval/evaluate';
import { shippedModelDir } from '../../src/main/compute/models/paths';
import { ensureBuilt, ROOT } from './helpers';

const shipped = existsSync(path.join(shippedModelDir('retrieval'), 'model.safetensors'));

describe.skipIf(!shipped)('reward.semantic in the compute process', () => {
  let host: ComputeHost;
  beforeAll(() => {
    ensureBuilt();
    host = new ComputeHost({ spawn: forkSpawner(path.join(ROOT, 'out', 'main', 'compute.js')) });
  });
  afterAll(async () => {
    await host?.close();
  });

  it('scores matched caption–pose pairs far above mismatched ones, in batches with progress', async () => {
    const pairs = testPairs(600);
    const n = pairs.n;
    const shift = 300;
    const texts = [...pairs.texts, ...pairs.texts];
    const poses: number[] = Array.from(pairs.poses);
    for (let i = 0; i < n; i++) poses.push(...pairs.poses.subarray(((i + shift) % n) * 66, ((i + shift) % n) * 66 + 66));
    const progress: number[] = [];
    const r = await host.request('reward.semantic', { texts, poses }, { onProgress: (p) => progress.push(p.fraction) });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    const { rewards, batches } = r.value as { rewards: number[]; batches: number };
    expect(rewards).toHaveLength(2 * n);
    expect(batches).toBe(Math.ceil((2 * n) / 512));
    expect(progress.at(-1)).toBe(1);
    const matched = rewards.slice(0, n);
    const mismatched = rewards.slice(n);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    for (const v of rewards) expect(Math.abs(v)).toBeLessThanOrEqual(1 + 1e-5);
    expect(mean(matched) - mean(mismatched)).toBeGreaterThan(0.3);
    expect(aucOf(matched, mismatched)).toBeGreaterThan(0.9);
  }, 120_000);

  it('refuses malformed requests as data', async () => {
    const r = await host.request('reward.semantic', { texts: ['arms up'], poses: [0, 1, 2] });
    expect(r.ok || r.error.code).toBe('bad_request');
    if (!r.ok) expect(r.error.message).toMatch(/66 numbers per text/);
  });
});
