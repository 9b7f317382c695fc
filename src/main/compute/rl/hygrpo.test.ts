// HyGRPO end to end on a tiny policy trained in the test (12 text→pose captions, ~8 s) with the shipped retrieval
// model as the semantic reward: rollout bookkeeping, and a short run in which the semantic reward rises.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveParams } from '../graph/checkpoint';
import { shippedModelDir } from '../models/paths';
import { PolicySampler } from '../models/policy/sampler';
import { trainTinyPolicy } from '../models/policy/test-util';
import { RetrievalEncoder } from '../models/retrieval/encoder';
import { loadTokenizer } from '../text/tokenizer';
import { hygrpoPreset, validateHyGRPOConfig, type HyGRPOConfig } from './config';
import { ReferencePolicy } from './policy-graph';
import { evaluateCheckpoint, heldOutPrompts, PROBE_PROMPTS, type CheckpointEvaluation } from './checkpoint-eval';
import { drawQueries, loadQueryPool } from './queries';
import { rollout } from './rollout';
import { runHyGRPO } from './train';
import type { StepMetrics } from './step';

const retrievalDir = shippedModelDir('retrieval');
const haveRetrieval = existsSync(path.join(retrievalDir, 'model.safetensors'));

/** The tiny policy's own build: the queries are its 12 training captions. */
function tinyRunConfig(): HyGRPOConfig {
  const c = hygrpoPreset('quick-cpu');
  return {
    ...c,
    groupSize: 8,
    queriesPerStep: 4,
    steps: 36,
    lr: { schedule: 'constant', peak: 3e-4, min: 3e-4, warmupSteps: 0 },
    taskMix: { text2pose: 1 },
    sampling: { temperature: 1, sigmaScale: 1, maxNewTokens: 24 },
    checkpointEvery: 12,
    evalEvery: 12,
    seed: 4,
    data: { seed: 5, count: 120, shardSize: 120, pool: 12, tasks: ['text2pose'] },
  };
}

describe.skipIf(!haveRetrieval)('HyGRPO on a tiny policy', () => {
  const tok = loadTokenizer();
  let dir: string;
  let encoder: RetrievalEncoder;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hygrpo-'));
    const { cfg, result } = await trainTinyPolicy(tok);
    saveParams(path.join(dir, 'policy'), result.store, cfg);
    encoder = await RetrievalEncoder.load(retrievalDir, tok, { intraOpThreads: 1 });
  }, 120_000);
  afterAll(async () => {
    await encoder?.release();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('rollout: old log-probs are the sampler’s, the reference is read once per candidate and agrees with the sampler on the same weights', async () => {
    const cfg = tinyRunConfig();
    expect(validateHyGRPOConfig(cfg)).toMatchObject({ ok: true });
    const policy = await PolicySampler.load(path.join(dir, 'policy'), tok, { intraOpThreads: 1 });
    const reference = await ReferencePolicy.create(policy.config, policy.store, cfg.sampling.temperature, { intraOpThreads: 1 });
    try {
      const drawn = drawQueries(loadQueryPool(cfg), cfg, 0);
      expect(drawn).toEqual(drawQueries(loadQueryPool(cfg), cfg, 0)); // a function of (seed, step)
      const r = await rollout(drawn, cfg, { policy, reference, encoder, tokenizer: tok });
      const G = cfg.groupSize;
      expect(r.B).toBe(cfg.queriesPerStep * G);
      expect(reference.rowsRead).toBe(r.B);
      const old = r.feeds.old_logp!.data as Float32Array;
      const refLp = r.feeds.ref_logp!.data as Float32Array;
      const mask = r.feeds.answer_mask!.data as Float32Array;
      const oldPose = r.feeds.old_pose_logp!.data as Float32Array;
      const valid = r.feeds.pose_valid!.data as Float32Array;
      const refMu = r.feeds.ref_mu!.data as Float32Array;
      let checked = 0;
      r.groups.flatMap((g) => g.candidates).forEach((c, row) => {
        const s = r.seqs[row]!;
        const at = Array.from({ length: r.T }, (_, t) => t).filter((t) => mask[row * r.T + t] === 1);
        // The answer positions hold the sampler's per-token log-probs in order, and nothing else is marked.
        expect(at).toEqual(c.tokenLogProbs.map((_, k) => s.answerStart - 1 + k));
        at.forEach((t, k) => expect(old[row * r.T + t]).toBe(Math.fround(c.tokenLogProbs[k]!)));
        expect(c.tokenLogProbs.reduce((a, b) => a + b, 0)).toBeCloseTo(c.textLogProb, 9);
        // The reference holds the same weights here: its teacher-forced log-probs are the sampler's.
        at.forEach((t) => expect(Math.abs(refLp[row * r.T + t]! - old[row * r.T + t]!)).toBeLessThan(2e-4));
        expect(valid[row]).toBe(r.rewards.valid[row] ? 1 : 0);
        if (valid[row]) {
          expect(oldPose[row]).toBe(Math.fround(c.poseLogProb!));
          for (let i = 0; i < 66; i++) expect(Math.abs(refMu[row * 66 + i]! - c.mu![i]!)).toBeLessThan(1e-4);
          checked++;
        }
      });
      expect(checked).toBeGreaterThan(0);
      // Semantic rewards were scored for exactly the valid candidates.
      r.rewards.components.semantic.forEach((v, i) => expect(Number.isNaN(v)).toBe(!r.rewards.valid[i]));
    } finally {
      await Promise.all([policy.release(), reference.release()]);
    }
  }, 120_000);

  it('raises the semantic reward over 36 steps', async () => {
    const cfg = tinyRunConfig();
    const steps: StepMetrics[] = [];
    const ckpts: number[] = [];
    const evals: CheckpointEvaluation[] = [];
    const ckptEvals: (CheckpointEvaluation | undefined)[] = [];
    const t0 = performance.now();
    const r = await runHyGRPO({
      config: cfg,
      runId: 'test-run',
      runDir: path.join(dir, 'run'),
      tokenizer: tok,
      policyDir: path.join(dir, 'policy'),
      encoder,
      recorder: {
        step: (s, m) => steps.push({ step: s, ...m }),
        checkpoint: (s, _dir, _sha, _m, e) => {
          ckpts.push(s);
          ckptEvals.push(e);
        },
        evaluation: (_s, e) => evals.push(e),
      },
      intraOpThreads: 1,
    });
    const seconds = (performance.now() - t0) / 1000;
    expect(r.step).toBe(36);
    expect(ckpts).toEqual([12, 24, 36]);
    const sem = steps.map((m) => m['reward.semantic.mean']!);
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const first = avg(sem.slice(0, 8));
    const last = avg(sem.slice(-8));
    console.log(`semantic reward moving average (8 steps): ${first.toFixed(4)} → ${last.toFixed(4)}; format ${steps[0]!.format_rate} → ${steps.at(-1)!.format_rate}; σ ${steps[0]!['sigma.mean']!.toFixed(4)} → ${steps.at(-1)!['sigma.mean']!.toFixed(4)}; kl_pose ${steps.at(-1)!.kl_pose}; ${seconds.toFixed(1)} s`);
    for (const m of steps) {
      expect(Number.isFinite(m.loss)).toBe(true);
      expect(m['ratio_text']).toBeGreaterThan(0.99); // one update per rollout: on-policy, ratio 1 up to float noise
      expect(m['ratio_text']).toBeLessThan(1.01);
    }
    expect(last).toBeGreaterThan(first + 0.02);

    // The starting policy and every evalEvery-th step are evaluated; checkpoints of those steps carry theirs.
    expect(evals.map((e) => e.step)).toEqual([0, 12, 24, 36]);
    expect(ckptEvals.map((e) => e?.step)).toEqual([12, 24, 36]);
    const prompts = heldOutPrompts(cfg, 48);
    for (const e of evals) {
      expect(e.heldOut.items).toBe(prompts.length);
      expect(e.probes.map((p) => p.prompt)).toEqual(PROBE_PROMPTS);
      for (const p of e.probes) if (p.mu) expect(p.mu).toHaveLength(66);
      expect(e.heldOut.semanticMu).toBeGreaterThan(-1);
      expect(e.heldOut.semanticMu).toBeLessThan(1);
    }
    // The evaluation is a function of the weights: the final checkpoint's policy gives the step-36 numbers again.
    const final = await PolicySampler.load(r.lastCheckpoint!, tok, { intraOpThreads: 1 });
    try {
      const again = await evaluateCheckpoint(36, final, encoder, prompts, cfg);
      expect(again.heldOut).toEqual(evals.at(-1)!.heldOut);
      expect(again.probes).toEqual(evals.at(-1)!.probes);
    } finally {
      await final.release();
    }
  }, 300_000);

  it('holds out its evaluation prompts: validation text→pose examples, none of them a training query', () => {
    const cfg = tinyRunConfig();
    const prompts = heldOutPrompts(cfg, 48);
    expect(prompts.length).toBeGreaterThan(0);
    const train = new Set(loadQueryPool(cfg).text2pose.map((q) => q.id));
    for (const p of prompts) expect(train.has(p.id)).toBe(false);
    expect(heldOutPrompts(cfg, 0)).toEqual([]);
    expect(heldOutPrompts(cfg, 3)).toEqual(prompts.slice(0, 3));
  });
});
