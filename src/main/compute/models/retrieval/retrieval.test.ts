import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { f64, i64, loadSession, releaseAll } from '../../runtime';
import { checkGradients } from '../../graph/gradcheck';
import { emitModel, Graph, ParamStore } from '../../graph';
import { saveParams } from '../../graph/checkpoint';
import { DEFAULT_BUILD_CONFIG } from '../../data/dataset/config';
import { mulberry32 } from '../../graph/params';
import { loadTokenizer } from '../../text/tokenizer';
import { rotateHeadingBatch } from '../../../../shared/body';
import { POSE_LIBRARY } from '../../data/library';
import { aucOf, contrastiveLoss, l2Normalize, modelConfig, padTokens, pairCosines, poseFeatures, RetrievalEncoder, RetrievalNet, rewardSeparation, semanticRewards, textPosePairs, trainRetrieval, type RetrievalTrainConfig } from './index';
import { Scope } from '../../graph/layers';

afterAll(() => releaseAll());

const rand = (n: number, seed: number) => {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => 2 * r() - 1);
};

describe('pose features', () => {
  it('ignore which way the body faces and read each joint as a 6D rotation', () => {
    const poses = new Float32Array(2 * 66);
    poses.set(POSE_LIBRARY[5]!.pose, 0);
    poses.set(POSE_LIBRARY[40]!.pose, 66);
    const turned = rotateHeadingBatch(poses, 2, 1.3);
    const a = poseFeatures(poses, 2);
    const b = poseFeatures(turned, 2);
    expect(a.length).toBe(2 * 132);
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-5);
    // The identity rotation is (1, 0, 0, 0, 1, 0) in 6D (first two matrix columns).
    const zero = poseFeatures(new Float32Array(66), 1);
    expect(Array.from(zero.subarray(6, 12))).toEqual([1, 0, 0, 0, 1, 0]);
  });

  it('pads token rows into ids and a mask', () => {
    const b = padTokens([[5, 6, 7], [9]], 0);
    expect([b.B, b.T]).toEqual([2, 3]);
    expect(Array.from(b.ids, Number)).toEqual([5, 6, 7, 9, 0, 0]);
    expect(Array.from(b.mask)).toEqual([1, 1, 1, 1, 0, 0]);
  });
});

describe('contrastive loss', () => {
  it('equals the hand-worked value for two perfectly aligned pairs', async () => {
    const g = new Graph({ dtype: 'float64' });
    const t = g.input('t', [2, 2]);
    const p = g.input('p', [2, 2]);
    const loss = contrastiveLoss(t, p, g.scalar(10), g.input('labels', [2], 'int64'));
    const m = emitModel(g, { loss });
    const s = await loadSession(m.bytes);
    const r = await s.run({ t: f64([1, 0, 0, 1], [2, 2]), p: f64([1, 0, 0, 1], [2, 2]), labels: i64([0, 1], [2]) });
    // logits [[10, 0], [0, 10]]: each row's cross-entropy is log(1 + e^-10), both directions alike.
    expect(Number(r.loss!.data[0])).toBeCloseTo(Math.log(1 + Math.exp(-10)), 12);
    const swapped = await s.run({ t: f64([1, 0, 0, 1], [2, 2]), p: f64([0, 1, 1, 0], [2, 2]), labels: i64([0, 1], [2]) });
    expect(Number(swapped.loss!.data[0])).toBeCloseTo(Math.log(1 + Math.exp(10)), 9);
  });

  it('has the gradient finite differences give (through the L2 normalisation and the scale)', async () => {
    const r = await checkGradients(
      (_g, xs) => contrastiveLoss(l2Normalize(xs.t!), l2Normalize(xs.p!), xs.s!, xs.labels!),
      {
        t: { dims: [4, 5], data: rand(20, 1) },
        p: { dims: [4, 5], data: rand(20, 2) },
        s: { dims: [], data: [3.7] },
        labels: { dims: [4], data: [0, 1, 2, 3], type: 'int64' },
      },
    );
    expect(r.ok, r.details.join('\n')).toBe(true);
  });
});

describe('reward separation', () => {
  it('computes the AUC by hand-worked ranks (ties count half)', () => {
    expect(aucOf([3, 2], [1, 2])).toBeCloseTo(3.5 / 4, 12);
    expect(aucOf([1], [2])).toBe(0);
    const s = rewardSeparation(Float32Array.of(0.9, 0.8), Float32Array.of(0.1, -0.95));
    expect(s.auc).toBe(1);
    expect(s.histogram.matched.reduce((a, b) => a + b)).toBe(2);
    expect(s.histogram.mismatched[0]).toBe(1); // -0.95 falls in the first bin [-1, -0.9)
  });
});

const haveTokenizer = (() => {
  try {
    loadTokenizer();
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!haveTokenizer)('retrieval model (with the shipped tokenizer)', () => {
  const tokenizer = haveTokenizer ? loadTokenizer() : null!;
  const tiny = (text: 'transformer' | 'bow') =>
    modelConfig(
      tokenizer.vocabSize,
      text === 'transformer' ? { kind: 'transformer', dim: 32, heads: 2, layers: 1, mlpRatio: 2, maxLen: 96 } : { kind: 'bow', dim: 32, hidden: [64], maxLen: 96 },
    );

  it('saves and loads: a loaded checkpoint embeds exactly as the trained store', async () => {
    const config = { ...tiny('transformer'), pose: { hidden: [64] }, embedDim: 16 };
    const net = new RetrievalNet(config);
    const g = new Graph();
    net.text(new Scope(g), g.input('ids', ['B', 'T'], 'int64'), g.input('mask', ['B', 'T']));
    net.pose(new Scope(g), g.input('features', ['B', 132]));
    net.scale(new Scope(g));
    const store = ParamStore.init(g, 3);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'retrieval-ckpt-'));
    try {
      saveParams(dir, store, { model: config });
      const a = await RetrievalEncoder.create(config, tokenizer, store);
      const b = await RetrievalEncoder.load(dir, tokenizer);
      const texts = ['the left knee is bent', 'both arms are raised above the head and the legs are apart'];
      const poses = new Float32Array(2 * 66);
      poses.set(POSE_LIBRARY[3]!.pose, 66);
      expect(Array.from(await b.embedTexts(texts))).toEqual(Array.from(await a.embedTexts(texts)));
      expect(Array.from(await b.embedPoses(poses, 2))).toEqual(Array.from(await a.embedPoses(poses, 2)));
      // Embeddings are unit vectors, and a text's embedding does not depend on its batch neighbours.
      const e = await a.embedTexts(texts);
      expect(Math.hypot(...e.subarray(0, 16))).toBeCloseTo(1, 5);
      const alone = await a.embedTexts([texts[0]!]);
      for (let k = 0; k < 16; k++) expect(Math.abs(alone[k]! - e[k]!)).toBeLessThan(1e-5);
      // Semantic rewards: one cosine per pair, whether prompts repeat or not.
      const rewards = await semanticRewards(a, [texts[0]!, texts[0]!], poses);
      const direct = pairCosines(await a.embedTexts([texts[0]!, texts[0]!]), await a.embedPoses(poses, 2), 2, 16);
      for (let i = 0; i < 2; i++) expect(rewards[i]).toBeCloseTo(direct[i]!, 5);
      await Promise.all([a.release(), b.release()]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('learns: a small model retrieves held-out captions far above chance', async () => {
    const data = { ...DEFAULT_BUILD_CONFIG, tasks: ['text2pose' as const], count: 4000, seed: 5, shardSize: 1000 };
    const train = textPosePairs(data, 'train');
    const val = textPosePairs(data, 'val', { limit: 200 });
    const cfg: RetrievalTrainConfig = {
      model: { ...tiny('transformer'), pose: { hidden: [128] }, embedDim: 64 },
      data,
      steps: 150,
      batch: 64,
      peakLr: 2e-3,
      minLr: 1e-4,
      warmupSteps: 15,
      weightDecay: 0.01,
      clipNorm: 1,
      seed: 1,
      evalEvery: 150,
      evalItems: 200,
    };
    const r = await trainRetrieval(cfg, { train, val }, tokenizer, { intraOpThreads: 1 });
    const first = r.steps.slice(0, 10).reduce((a, s) => a + s.loss, 0) / 10;
    const last = r.steps.slice(-10).reduce((a, s) => a + s.loss, 0) / 10;
    expect(first).toBeGreaterThan(Math.log(64) - 0.5); // starts near chance: ln(batch)
    expect(last).toBeLessThan(first - 1);
    // Chance mRecall over 200 items with K = 5, 10, 20 is (5 + 10 + 20) / 3 / 200 ≈ 5.8%.
    const recall = r.evals.at(-1)!.recall;
    expect(recall.mRecall).toBeGreaterThan(0.2);
  }, 120_000);
});

