/**
 * The configuration types of the pose language model (the policy): its architecture (saved as the
 * checkpoint's config.json) and the one run kind that trains it by supervision (`scripts/train-policy.ts`).
 * HyGRPO runs have their own config type (rl/).
 */
import type { DatasetBuildConfig } from '../../data/dataset/config';
import { DEFAULT_BUILD_CONFIG } from '../../data/dataset/config';

/**
 * What the pose head predicts at `<POSE>`.
 * - 'gaussian': μ (66 axis-angle values) and, per joint, a 3×3 lower-triangular Cholesky factor of Σ
 *   (block-diagonal covariance: exact log-density, entropy and KL in O(22·27); see gaussian-head.ts).
 * - 'deterministic': μ only, trained with an L2 loss on axis-angle (the paper's ablation baseline).
 */
export type PoseHeadKind = 'gaussian' | 'deterministic';

export interface PolicyModelConfig {
  format: 'pose-rft-policy';
  version: 1;
  /** Vocabulary size of the tokenizer the model was trained with. */
  vocab: number;
  dim: number;
  heads: number;
  layers: number;
  mlpRatio: number;
  /** Longest sequence (prompt + modality slots + answer). */
  maxLen: number;
  head: PoseHeadKind;
  /** Hidden widths of the MLP between the `<POSE>` hidden state and the head's outputs. */
  headHidden: number[];
  /** Smallest per-axis standard deviation the Gaussian head can give (radians). */
  minStd: number;
}

/** One supervised (SFT) run: every field is saved with the checkpoint. */
export interface PolicyTrainConfig {
  model: PolicyModelConfig;
  /** The seeded multi-task dataset build the examples come from. */
  data: DatasetBuildConfig;
  steps: number;
  /** Examples per step (mixed tasks, as the build drew them). */
  batch: number;
  peakLr: number;
  minLr: number;
  warmupSteps: number;
  weightDecay: number;
  clipNorm: number;
  /**
   * Weight of the pose loss (μ's mean squared error, + the covariance term) against the token cross-entropy. The
   * shipped default is 10: at 1 the answer tokens' cross-entropy dominates the shared trunk's gradient (measured,
   * deterministic head, 400 steps on 40k examples: validation μ error 0.111 at weight 1 vs 0.094 at 10, answer
   * cross-entropy 0.797 vs 0.848).
   */
  poseLossWeight: number;
  /** Weight of the Gaussian NLL per dimension inside the pose loss (see train.ts `poseRowLoss`; unused when deterministic). */
  covLossWeight: number;
  /** Seeds parameter initialisation and batch order. */
  seed: number;
  /** Validation losses every this many steps on `evalItems` validation examples. */
  evalEvery: number;
  evalItems: number;
}

export function policyModelConfig(vocab: number, head: PoseHeadKind = 'gaussian'): PolicyModelConfig {
  return {
    format: 'pose-rft-policy',
    version: 1,
    vocab,
    dim: 160,
    heads: 4,
    layers: 4,
    mlpRatio: 4,
    maxLen: 256,
    head,
    headHidden: [512],
    minStd: 1e-3,
  };
}

/** The dataset every shipped policy trains and is evaluated on: all four tasks, text→pose weighted up. */
export const POLICY_DATA: DatasetBuildConfig = {
  ...DEFAULT_BUILD_CONFIG,
  tasks: ['text2pose', 'landmarks2pose', 'pose2text', 'pose-qa'],
  taskWeights: { text2pose: 2, landmarks2pose: 1, pose2text: 1, 'pose-qa': 1 },
  count: 200_000,
  seed: 21,
};

export function defaultPolicyTrainConfig(vocab: number, head: PoseHeadKind = 'gaussian'): PolicyTrainConfig {
  return {
    model: policyModelConfig(vocab, head),
    data: POLICY_DATA,
    steps: 3000,
    batch: 32,
    peakLr: 1e-3,
    minLr: 5e-5,
    warmupSteps: 150,
    weightDecay: 0.01,
    clipNorm: 1,
    poseLossWeight: 10,
    covLossWeight: 0.1,
    seed: 1,
    evalEvery: 250,
    evalItems: 500,
  };
}
