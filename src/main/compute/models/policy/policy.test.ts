import { describe, expect, it } from 'vitest';
import { loadTokenizer } from '../../text/tokenizer';
import { POSE_SIZE_BODY } from '../../../../shared/body';
import { trainTinyPolicy } from './test-util';
import { choleskyFromRaw, logDensity } from './gaussian-ref';
import { answerText, PolicySampler } from './sampler';
import { batchFeeds } from './train';
import { compileInference, Graph } from '../../graph';
import { Scope } from '../../graph/layers';
import { PolicyNet, pickPosition } from './net';
import { MODALITY_FEATURES } from './sequence';

const tok = loadTokenizer();

describe('policy: supervised training and sampling', () => {
  it('learns the answer format and the poses of its training prompts, and samples reproducibly', { timeout: 120_000 }, async () => {
    const { cfg, ex, train, result: r } = await trainTinyPolicy(tok);
    const first = r.steps[0]!;
    const last = r.steps.slice(-10);
    const mean = (k: 'ce' | 'pose') => last.reduce((s, l) => s + l[k], 0) / last.length;
    expect(mean('ce')).toBeLessThan(first.ce * 0.3);
    expect(mean('pose')).toBeLessThan(first.pose - 0.15);

    const sampler = await PolicySampler.create(cfg.model, tok, r.store, { intraOpThreads: 1 });
    try {
      // Greedy answers to training prompts: valid, and each mean pose is nearer its own target than the others' targets.
      const ks = [0, 1, 2, 3, 4, 5];
      const mus: Float32Array[] = [];
      for (const k of ks) {
        const g = (await sampler.generate(ex.records[train.source[k]!]!.prompt, {}, { samples: 1, seed: 1, temperature: 0, sigmaScale: 0 })).candidates[0]!;
        expect(g.formatValid).toBe(true);
        expect(g.text).toMatch(/<POSE>/);
        expect(Array.from(g.pose!)).toEqual(Array.from(g.mu!)); // σ-scale 0 returns the mean
        mus.push(g.mu!);
      }
      // The sampler's prefill + cached decode gives the teacher-forced graph's μ for the same answer.
      const g = new Graph();
      const s = new Scope(g);
      const net = new PolicyNet(cfg.model);
      const f = net.forward(s, g.input('ids', ['B', 'T'], 'int64'), g.input('features', ['B', 'T', MODALITY_FEATURES]));
      const teacher = await compileInference(g, { mu: net.pose(s, pickPosition(f.hidden, g.input('pose_mask', ['B', 'T']))).mu });
      try {
        const feeds = batchFeeds(train, [0], tok.specials.pad);
        const tf = (await teacher.run({ ids: feeds.ids!, features: feeds.features!, pose_mask: feeds.pose_mask! }, r.store)).mu!.data as Float32Array;
        const sameAnswer = answerText(tok, train.seqs[0]!.ids.slice(train.seqs[0]!.answerStart, -1)) === (await sampler.generate(ex.records[train.source[0]!]!.prompt, {}, { samples: 1, seed: 1, temperature: 0, sigmaScale: 0 })).candidates[0]!.text;
        expect(sameAnswer).toBe(true); // a memorised training prompt: greedy decoding gives its own answer
        for (let i = 0; i < POSE_SIZE_BODY; i++) expect(mus[0]![i]).toBeCloseTo(tf[i]!, 4);
      } finally {
        await teacher.release();
      }
      const rms = (a: Float32Array, k: number) => Math.sqrt(a.reduce((s, v, i) => s + (v - train.targets[k * POSE_SIZE_BODY + i]!) ** 2, 0) / POSE_SIZE_BODY);
      const own = ks.reduce((s, k, i) => s + rms(mus[i]!, k), 0) / ks.length;
      const others = ks.reduce((s, k, i) => s + ks.filter((j) => j !== k).reduce((t, j) => t + rms(mus[i]!, j), 0) / (ks.length - 1), 0) / ks.length;
      expect(own).toBeLessThan(0.7 * others);
      const rec = ex.records[train.source[0]!]!;

      const a = await sampler.generate(rec.prompt, {}, { samples: 4, seed: 9, temperature: 1, sigmaScale: 1 });
      const b = await sampler.generate(rec.prompt, {}, { samples: 2, seed: 9, temperature: 1, sigmaScale: 1 });
      // Candidate k of a seed does not depend on G; different candidates differ.
      expect(b.candidates[1]!.text).toBe(a.candidates[1]!.text);
      if (a.candidates[1]!.pose) expect(Array.from(b.candidates[1]!.pose!)).toEqual(Array.from(a.candidates[1]!.pose!));
      const poses = a.candidates.filter((c) => c.pose).map((c) => Array.from(c.pose!));
      expect(poses.length).toBeGreaterThan(1);
      expect(poses[0]).not.toEqual(poses[1]);
      for (const c of a.candidates) {
        expect(c.textLogProb).toBeLessThanOrEqual(0);
        if (!c.pose) continue;
        expect(c.sigma!.length).toBe(22);
        const chol = choleskyFromRaw(c.cholRaw!, cfg.model.minStd);
        expect(c.poseLogProb!).toBeCloseTo(logDensity(c.mu!, chol, c.pose, 1), 6);
      }
    } finally {
      await sampler.release();
    }
  });
});
