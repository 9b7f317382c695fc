/** A tiny policy for tests: a few dozen text→pose examples, fitted in seconds, real in every part. */
import { DEFAULT_BUILD_CONFIG } from '../../data/dataset/config';
import type { TextTokenizer } from '../../text/tokenizer';
import { policyModelConfig, type PoseHeadKind, type PolicyTrainConfig } from './config';
import { policyExamples, prepareExamples, type PolicyExamples, type PreparedExamples } from './examples';
import { trainPolicy, type PolicyTrainResult } from './train';

export function tinyPolicyConfig(vocab: number, head: PoseHeadKind = 'gaussian'): PolicyTrainConfig {
  return {
    model: { ...policyModelConfig(vocab, head), dim: 48, heads: 2, layers: 1, mlpRatio: 2, headHidden: [64] },
    data: { ...DEFAULT_BUILD_CONFIG, tasks: ['text2pose'], count: 120, seed: 5, shardSize: 120 },
    steps: 300,
    batch: 12,
    peakLr: 4e-3,
    minLr: 4e-4,
    warmupSteps: 10,
    weightDecay: 0,
    clipNorm: 1,
    poseLossWeight: 1,
    covLossWeight: 0.1,
    seed: 3,
    evalEvery: 150,
    evalItems: 16,
  };
}

/** Trains the tiny policy on its first `examples` training examples (one thread). */
export async function trainTinyPolicy(
  tok: TextTokenizer,
  cfg: PolicyTrainConfig = tinyPolicyConfig(tok.vocabSize),
  examples = 12,
): Promise<{ cfg: PolicyTrainConfig; ex: PolicyExamples; train: PreparedExamples; result: PolicyTrainResult }> {
  const ex = policyExamples(cfg.data, 'train', { limit: examples });
  const train = prepareExamples(tok, ex, cfg.model.maxLen);
  const val = prepareExamples(tok, policyExamples(cfg.data, 'val', { limit: cfg.evalItems }), cfg.model.maxLen);
  const result = await trainPolicy(cfg, { train, val }, tok, { intraOpThreads: 1 });
  return { cfg, ex, train, result };
}
