// `pose-studio eval retrieval` through the built CLI on the shipped models: the comparison of the retrieval model
// with its bag-of-words baseline (full protocol, ≥ 2,000 held-out test pairs), and the pooled protocol.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { shippedModelDir } from '../../src/main/compute/models/paths';
import { ensureBuilt, runCliBuilt } from './helpers';

const shipped = ['retrieval', 'retrieval-bow'].every((m) => existsSync(path.join(shippedModelDir(m as 'retrieval'), 'model.safetensors')));

interface EvalJson {
  split: string;
  items: number;
  protocol: { kind: string; pool?: number; repeats?: number };
  models: { name: string; t2p: Record<string, number>; p2t: Record<string, number>; mRecall: number }[];
}

async function evalJson(...args: string[]): Promise<EvalJson> {
  const r = await runCliBuilt(['eval', 'retrieval', '--json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim()) as EvalJson;
}

describe.skipIf(!shipped)('pose-studio eval retrieval (built CLI, shipped models)', () => {
  beforeAll(() => ensureBuilt());

  it('reports both models on ≥ 2,000 held-out test pairs under the full protocol, far above chance', async () => {
    const r = await evalJson();
    expect(r.split).toBe('test');
    expect(r.items).toBeGreaterThanOrEqual(2000);
    expect(r.protocol.kind).toBe('full');
    const [model, bow] = r.models;
    expect(model!.name).toBe('retrieval');
    expect(bow!.name).toMatch(/bag-of-words/);
    for (const m of r.models) {
      for (const k of ['5', '10', '20']) {
        for (const v of [m.t2p[k]!, m.p2t[k]!]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
      }
    }
    // Chance mRecall at 2,500 items is (5 + 10 + 20) / 3 / 2500 ≈ 0.5%.
    // Both far above chance. (Issue 6 asks the transformer to beat the baseline; on these captions it does not yet:
    // see resources/models/retrieval/MODEL_CARD.md. This test checks the command, not that open claim.)
    expect(bow!.mRecall).toBeGreaterThan(0.05);
    expect(model!.mRecall).toBeGreaterThan(0.05);
  }, 180_000);

  it('pooled recall (pools of 32) is at least the full-protocol recall on the same pairs', async () => {
    const full = await evalJson('--items', '600');
    const pool = await evalJson('--items', '600', '--protocol', 'pool', '--pool', '32', '--repeats', '3');
    expect(pool.protocol).toEqual({ kind: 'pool', pool: 32, repeats: 3, seed: 1 });
    for (let m = 0; m < 2; m++) {
      for (const k of ['5', '10', '20']) {
        expect(pool.models[m]!.t2p[k]!).toBeGreaterThanOrEqual(full.models[m]!.t2p[k]!);
        expect(pool.models[m]!.p2t[k]!).toBeGreaterThanOrEqual(full.models[m]!.p2t[k]!);
      }
    }
  }, 180_000);

  it('prints a readable table without --json', async () => {
    const r = await runCliBuilt(['eval', 'retrieval', '--items', '300']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Retrieval on 300 held-out test pairs, full protocol/);
    expect(r.stdout).toMatch(/retrieval\s+[\d.]+/);
    expect(r.stdout).toMatch(/bag-of-words baseline/);
    expect(r.stderr).toMatch(/embedding 300 captions/);
  }, 120_000);
});
