import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_BUILD_CONFIG } from '../compute/data/dataset/config';
import { saveParams } from '../compute/graph/checkpoint';
import { shippedModelDir } from '../compute/models/paths';
import { policyModelConfig, type PolicyTrainConfig } from '../compute/models/policy/config';
import { policyExamples, prepareExamples } from '../compute/models/policy/examples';
import { trainPolicy } from '../compute/models/policy/train';
import { loadTokenizer } from '../compute/text/tokenizer';
import { parseCommand } from './args';
import type { EvalPolicyReport } from './eval-policy';
import { runCli } from './run';

describe('parseCommand: eval policy', () => {
  it('has the protocol’s defaults', () => {
    expect(parseCommand(['eval', 'policy'])).toEqual({
      cmd: 'eval-policy',
      prompts: 500,
      landmarks: 300,
      describe: 300,
      questions: 300,
      trainingPoses: 2000,
      samples: 16,
      temperature: 1,
      sigmaScale: 1,
      seed: 1,
      pool: 32,
      repeats: 10,
      threads: 1,
      json: false,
    });
  });

  it('takes every option', () => {
    expect(
      parseCommand([
        'eval', 'policy', '--model', 'g', '--baseline', 'none', '--retrieval', 'r', '--prompts', '50', '--landmarks', '0', '--describe', '7', '--questions', '8',
        '--training-poses', '10', '--samples', '4', '--temperature', '0.7', '--sigma-scale', '0.5', '--seed', '9', '--pool', '16', '--repeats', '2', '--threads', '2', '--json',
      ]),
    ).toEqual({
      cmd: 'eval-policy',
      model: 'g',
      baseline: 'none',
      retrieval: 'r',
      prompts: 50,
      landmarks: 0,
      describe: 7,
      questions: 8,
      trainingPoses: 10,
      samples: 4,
      temperature: 0.7,
      sigmaScale: 0.5,
      seed: 9,
      pool: 16,
      repeats: 2,
      threads: 2,
      json: true,
    });
    expect(parseCommand(['eval', 'policy', '--help'])).toEqual({ cmd: 'help' });
  });

  it('rejects bad values with a usage error', () => {
    const bad: Array<[string[], RegExp]> = [
      [['eval', 'policy', '--samples', '0'], /--samples must be an integer from 1/],
      [['eval', 'policy', '--prompts', '1'], /--prompts must be 0 or at least 2/],
      [['eval', 'policy', '--temperature', '3'], /--temperature must be a number from 0 to 2/],
      [['eval', 'policy', '--sigma-scale', 'x'], /--sigma-scale must be a number/],
      [['eval', 'policy', '--model', ''], /--model needs a directory/],
      [['eval', 'policy', '--bogus'], /eval policy: Unknown option '--bogus'/],
    ];
    for (const [argv, re] of bad) expect(() => parseCommand(argv), argv.join(' ')).toThrow(re);
  });
});

const tok = loadTokenizer();
const haveRetrieval = existsSync(path.join(shippedModelDir('retrieval'), 'model.safetensors'));

/** A tiny policy fitted to a few dozen examples of all four tasks (enough to learn the answer formats). */
function tinyConfig(head: 'gaussian' | 'deterministic'): PolicyTrainConfig {
  return {
    model: { ...policyModelConfig(tok.vocabSize, head), dim: 48, heads: 2, layers: 1, mlpRatio: 2, headHidden: [64] },
    data: { ...DEFAULT_BUILD_CONFIG, tasks: ['text2pose', 'landmarks2pose', 'pose2text', 'pose-qa'], count: 200, seed: 5, shardSize: 200 },
    steps: 150,
    batch: 12,
    peakLr: 4e-3,
    minLr: 4e-4,
    warmupSteps: 10,
    weightDecay: 0,
    clipNorm: 1,
    poseLossWeight: 1,
    covLossWeight: 0.1,
    seed: 3,
    evalEvery: 1000,
    evalItems: 8,
  };
}

describe.skipIf(!haveRetrieval)('pose-studio eval policy (tiny checkpoints trained here, the shipped retrieval model)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'eval-policy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports every metric for both heads and the reference rows, finite and in range', { timeout: 240_000 }, async () => {
    for (const head of ['gaussian', 'deterministic'] as const) {
      const cfg = tinyConfig(head);
      const train = prepareExamples(tok, policyExamples(cfg.data, 'train', { limit: 40 }), cfg.model.maxLen);
      const val = prepareExamples(tok, policyExamples(cfg.data, 'val', { limit: 8 }), cfg.model.maxLen);
      const r = await trainPolicy(cfg, { train, val }, tok, { intraOpThreads: 1 });
      saveParams(path.join(dir, head), r.store, cfg, { producer: 'eval-policy.test.ts', head });
    }
    const out: string[] = [];
    const err: string[] = [];
    const argv = ['eval', 'policy', '--model', path.join(dir, 'gaussian'), '--baseline', path.join(dir, 'deterministic'), '--prompts', '6', '--landmarks', '2', '--describe', '2', '--questions', '2', '--samples', '3', '--training-poses', '20', '--pool', '4', '--repeats', '2'];
    const code = await runCli([...argv, '--json'], { out: (l) => out.push(l), err: (l) => err.push(l) });
    expect(code, err.join('\n')).toBe(0);
    expect(out).toHaveLength(1);
    expect(err.some((l) => /text2pose 6\/6/.test(l))).toBe(true);
    const report = JSON.parse(out[0]!) as EvalPolicyReport;
    expect(report.prompts).toEqual({ text2pose: 6, landmarks2pose: 2, pose2text: 2, 'pose-qa': 2 });
    expect(report.models.map((m) => [m.name, m.result.head])).toEqual([
      ['deterministic head', 'deterministic'],
      ['Gaussian head', 'gaussian'],
    ]);

    const fraction = (x: unknown) => {
      expect(typeof x).toBe('number');
      expect(x as number).toBeGreaterThanOrEqual(0);
      expect(x as number).toBeLessThanOrEqual(1);
    };
    const nonNegative = (x: unknown) => {
      expect(Number.isFinite(x)).toBe(true);
      expect(x as number).toBeGreaterThanOrEqual(0);
    };
    const recall = (r: { full: { t2p: Record<string, number>; p2t: Record<string, number>; mRecall: number }; pooled: { pool: number; mRecall: number } }) => {
      for (const k of ['5', '10', '20']) {
        fraction(r.full.t2p[k]);
        fraction(r.full.p2t[k]);
      }
      fraction(r.full.mRecall);
      fraction(r.pooled.mRecall);
      expect(r.pooled.pool).toBe(4);
    };
    for (const { result: m } of report.models) {
      const t = m.text2pose!;
      expect([t.prompts, t.samples]).toEqual([6, 3]);
      for (const x of [t.formatValid, t.withPose, t.posecodeAgreement.meanOfG, t.posecodeAgreement.bestOfG, t.posecodeAgreement.oracleBestOfG]) fraction(x);
      expect(t.posecodeAgreement.oracleBestOfG).toBeGreaterThanOrEqual(t.posecodeAgreement.bestOfG);
      recall(t.recall.meanOfG);
      recall(t.recall.bestOfG);
      recall(t.recall.oracleBestOfG);
      expect(t.withPose).toBeGreaterThan(0); // the tiny model has learned to answer with a pose
      nonNegative(t.diversity!.apdMm);
      fraction(t.jointLimits!.rate);
      fraction(t.jointLimits!.rateTol10);
      const l = m.landmarks2pose!;
      fraction(l.formatValid);
      if (l.withPose > 0) for (const x of [l.mpjpe.meanOfG, l.mpjpe.mu, l.mpjpe.oracleBestOfG, l.paMpjpe.meanOfG]) nonNegative(x);
      const d = m.pose2text!;
      for (const x of [d.formatValid, d.f1.meanOfG, d.f1.oracleBestOfG, d.precision, d.recall, d.unparsedRate, d.reference.f1]) fraction(x);
      expect(d.reference.precision).toBe(1); // the dataset's own captions are always true of their poses
      const q = m.questions!;
      for (const x of [q.formatValid, q.answered, q.accuracy.meanOfG, q.accuracy.majority]) fraction(x);
    }
    const refs = report.references!;
    recall(refs.groundTruth.recall);
    expect(refs.groundTruth.posecodeAgreement).toBe(1);
    fraction(refs.randomLibrary.posecodeAgreement);
    expect(refs.randomLibrary.posecodeAgreement).toBeLessThan(1);
    expect(refs.trainingData.jointLimits!.poses).toBe(20);
    fraction(refs.trainingData.jointLimits!.rate);

    // The plain-text report: the table with both models and the reference rows.
    const text: string[] = [];
    expect(await runCli([...argv.slice(0, 6), '--baseline', 'none', '--prompts', '2', '--landmarks', '0', '--describe', '0', '--questions', '0', '--samples', '2'], { out: (l) => text.push(l), err: () => {} })).toBe(0);
    expect(text.join('\n')).toMatch(/Gaussian head/);
    expect(text.join('\n')).toMatch(/random library poses \(reference\)/);
    expect(text.join('\n')).not.toMatch(/deterministic head/);
  });

  it('fails with a clear message when a model is missing', async () => {
    const err: string[] = [];
    const code = await runCli(['eval', 'policy', '--model', path.join(dir, 'nope'), '--baseline', 'none'], { out: () => {}, err: (l) => err.push(l) });
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/no Gaussian head at .*nope/);
  });
});
