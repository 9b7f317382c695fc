/**
 * The one run kind of reinforcement fine-tuning: `HyGRPOConfig` (every field saved with the run and its
 * checkpoints), three presets sized for where the run happens, a validator that returns problems as data,
 * and the mappings from a config to the options of the pure stages (advantages, rewards, loss, schedule).
 */
import { z } from 'zod';
import { TASK_KINDS, type TaskKind } from '../data/dataset/config';
import { constantLr, cosineWithWarmup } from '../graph/schedule';
import type { NormaliseOptions } from './advantages';
import { DEFAULT_ADVANTAGE_EPS, DEFAULT_MIN_STD } from './advantages';
import { DEFAULT_MAX_DEPTH } from '../data/variation/capsules';
import type { HyGRPOLossOptions } from './loss';
import { DEFAULT_KL_LOG_RATIO_CLAMP, DEFAULT_POSE_LOG_RATIO_CLAMP } from './ratio-clamps';
import { DEFAULT_LIMIT_BUDGET_DEG, DEFAULT_REWARD_WEIGHTS, DEFAULT_SPATIAL_FLOOR_M, POSE_TASKS, REWARDS, REWARD_NAMES, type RewardName, type RewardOptions } from './rewards';

export interface HyGRPOConfig {
  kind: 'hygrpo';
  version: 1;
  /** G: candidates sampled per query; the group the advantages are normalised over (≥ 2). */
  groupSize: number;
  /** Queries per step: a step's batch holds queriesPerStep × groupSize candidates. */
  queriesPerStep: number;
  /** Rollout + update steps of the run. */
  steps: number;
  /** Optimisation passes over each rollout. 1 is on-policy GRPO (π_old = π_θ at the update, ratios start at 1). */
  updatesPerRollout: number;
  /** ε: ratios are clipped to [1 − low, 1 + high]; high > low is DAPO's "clip-higher" (room for rare good tokens to grow). */
  clip: { low: number; high: number };
  /** β per branch: weight of KL(π_θ ‖ π_ref) in the objective (k3 per answer token; exact Gaussian KL per pose). */
  beta: { text: number; pose: number };
  /** Learning rate: cosine from `peak` to `min` after `warmupSteps` of linear warm-up, or constant at `peak`. */
  lr: { schedule: 'cosine' | 'constant'; peak: number; min: number; warmupSteps: number };
  /** AdamW weight decay (decoupled). */
  weightDecay: number;
  /** Global gradient-norm clip. */
  clipNorm: number;
  /** Relative frequency of each task among a step's queries (tasks left out are not drawn). */
  taskMix: Partial<Record<TaskKind, number>>;
  /** Weight of every named reward in its branch's sum (rewards.ts says which reward feeds which branch). */
  rewardWeights: Record<RewardName, number>;
  /** Reward shapes: spatial floor (metres), joint-limit budget (degrees), tolerated capsule depth (metres). */
  rewards: Required<RewardOptions>;
  /** Group normalisation: (r − mean)/(std + eps); groups with std ≤ minStd get zero advantages, per branch. */
  advantage: { eps: number; minStdDiscrete: number; minStdContinuous: number };
  /** Rollout sampling: temperature of the tokens, σ-scale of the poses (old log-probs are taken under both). */
  sampling: { temperature: number; sigmaScale: number; maxNewTokens: number };
  /** Clamp of k3's log-ratio (20) and of the pose log-ratio before exp (10); see loss.ts. */
  klLogRatioClamp: number;
  poseLogRatioClamp: number;
  /** Plain GRPO ablation: only the text branch is optimised (no pose surrogate, no pose KL). */
  plainGrpo: boolean;
  /** Seeds query order and sampling. */
  seed: number;
  /** Save a resumable checkpoint every this many steps (and at the end). */
  checkpointEvery: number;
  /** Render the probe prompts and run the evaluation every this many steps. */
  evalEvery: number;
  /** Held-out validation prompts of each evaluation (0: no evaluation, probes included). Absent: 48. */
  evalPrompts?: number;
  /**
   * Starting policy checkpoint (a directory written by scripts/train-policy.ts); also the frozen reference.
   * Default: the shipped supervised policy (resources/models/policy).
   */
  policy?: string;
  /** Retrieval model for the semantic and text-similarity rewards. Default: the shipped one (resources/models/retrieval). */
  retrieval?: string;
  /**
   * Where queries come from: the train split of a seeded build, its first `pool` examples. Default: the build the
   * shipped policy was trained on (POLICY_DATA), so RL never sees a held-out pose. `tasks` defaults to that build's.
   */
  data?: HyGRPODataConfig;
}

export interface HyGRPODataConfig {
  seed: number;
  count: number;
  shardSize: number;
  pool: number;
  tasks?: TaskKind[];
}

/** Held-out prompts of each evaluation when a config leaves `evalPrompts` out. */
export const DEFAULT_EVAL_PROMPTS = 48;

export const HYGRPO_PRESET_NAMES = ['quick-cpu', 'overnight-cpu', 'gpu'] as const;
export type HyGRPOPresetName = (typeof HYGRPO_PRESET_NAMES)[number];

/**
 * What every preset shares. ε 0.2 on both sides as the paper writes it; β_text 0.04 (the high end of common
 * GRPO settings: this policy is small and its SFT language is what keeps answers parseable); β_pose 0.1, from
 * the settings sweep in docs/experiments.md: at 0.01 the pose KL drifted to ~19 nats in 150 steps, at 0.1 it stays
 * near 4 with the same reward (the exact pose KL sums 66 dimensions per candidate, k3 is one token's KL).
 */
const BASE: Omit<HyGRPOConfig, 'groupSize' | 'queriesPerStep' | 'steps' | 'lr' | 'checkpointEvery' | 'evalEvery'> = {
  kind: 'hygrpo',
  version: 1,
  updatesPerRollout: 1,
  clip: { low: 0.2, high: 0.2 },
  beta: { text: 0.04, pose: 0.1 },
  weightDecay: 0,
  clipNorm: 1,
  taskMix: { text2pose: 2, landmarks2pose: 1, pose2text: 1, 'pose-qa': 1 },
  rewardWeights: { ...DEFAULT_REWARD_WEIGHTS },
  rewards: { spatialFloorM: DEFAULT_SPATIAL_FLOOR_M, limitBudgetDeg: DEFAULT_LIMIT_BUDGET_DEG, intersectionDepthM: DEFAULT_MAX_DEPTH },
  advantage: { eps: DEFAULT_ADVANTAGE_EPS, minStdDiscrete: DEFAULT_MIN_STD, minStdContinuous: DEFAULT_MIN_STD },
  sampling: { temperature: 1, sigmaScale: 1, maxNewTokens: 64 },
  klLogRatioClamp: DEFAULT_KL_LOG_RATIO_CLAMP,
  poseLogRatioClamp: DEFAULT_POSE_LOG_RATIO_CLAMP,
  plainGrpo: false,
  seed: 1,
  evalPrompts: DEFAULT_EVAL_PROMPTS,
};

/**
 * - quick-cpu: a smoke run of a few minutes on a laptop (does the loop run, do the diagnostics move);
 * - overnight-cpu: G = 8 (the common default) with enough steps for the reward curves to mean something;
 * - gpu: larger batches of queries and more steps, the run whose numbers are reported.
 */
export const HYGRPO_PRESETS: Readonly<Record<HyGRPOPresetName, HyGRPOConfig>> = Object.freeze({
  'quick-cpu': { ...BASE, groupSize: 4, queriesPerStep: 2, steps: 30, lr: { schedule: 'constant', peak: 2e-5, min: 2e-5, warmupSteps: 0 }, checkpointEvery: 10, evalEvery: 10 },
  'overnight-cpu': { ...BASE, groupSize: 8, queriesPerStep: 8, steps: 1500, lr: { schedule: 'cosine', peak: 2e-5, min: 2e-6, warmupSteps: 50 }, checkpointEvery: 100, evalEvery: 100 },
  gpu: { ...BASE, groupSize: 8, queriesPerStep: 32, steps: 4000, lr: { schedule: 'cosine', peak: 2e-5, min: 2e-6, warmupSteps: 100 }, checkpointEvery: 250, evalEvery: 250 },
});

/** A fresh copy of a preset (nested objects included), safe to edit. */
export function hygrpoPreset(name: HyGRPOPresetName): HyGRPOConfig {
  return structuredClone(HYGRPO_PRESETS[name]) as HyGRPOConfig;
}

const positive = z.number().positive().finite();
const nonNegative = z.number().nonnegative().finite();
const count = (min: number, max: number) => z.number().int().min(min).max(max);

const Schema = z.strictObject({
  kind: z.literal('hygrpo'),
  version: z.literal(1),
  groupSize: count(2, 256),
  queriesPerStep: count(1, 4096),
  steps: count(1, 10_000_000),
  updatesPerRollout: count(1, 64),
  clip: z.strictObject({ low: z.number().gt(0).lt(1), high: positive }),
  beta: z.strictObject({ text: nonNegative, pose: nonNegative }),
  lr: z.strictObject({ schedule: z.enum(['cosine', 'constant']), peak: positive, min: nonNegative, warmupSteps: count(0, 10_000_000) }),
  weightDecay: nonNegative,
  clipNorm: positive,
  taskMix: z.partialRecord(z.enum(TASK_KINDS), nonNegative),
  rewardWeights: z.strictObject(Object.fromEntries(REWARD_NAMES.map((n) => [n, nonNegative])) as Record<RewardName, typeof nonNegative>),
  rewards: z.strictObject({ spatialFloorM: positive, limitBudgetDeg: positive, intersectionDepthM: positive }),
  advantage: z.strictObject({ eps: nonNegative, minStdDiscrete: nonNegative, minStdContinuous: nonNegative }),
  sampling: z.strictObject({ temperature: positive, sigmaScale: positive, maxNewTokens: count(1, 4096) }),
  klLogRatioClamp: positive,
  poseLogRatioClamp: positive,
  plainGrpo: z.boolean(),
  seed: count(0, 0xffffffff),
  checkpointEvery: count(1, 10_000_000),
  evalEvery: count(1, 10_000_000),
  evalPrompts: count(0, 100_000).optional(),
  policy: z.string().min(1).optional(),
  retrieval: z.string().min(1).optional(),
  data: z
    .strictObject({
      seed: count(0, 0xffffffff),
      count: count(1, 10_000_000),
      shardSize: count(1, 1_000_000),
      pool: count(1, 10_000_000),
      tasks: z.array(z.enum(TASK_KINDS)).min(1).optional(),
    })
    .optional(),
});

/** The continuous rewards that can score a task's candidates (given a query carrying every reference). */
function continuousRewardsOf(task: TaskKind): RewardName[] {
  const full = { task, captionEmbedding: [0], posecodes: [], targetPose: [0], referenceTextEmbedding: [0] };
  return REWARD_NAMES.filter((n) => REWARDS[n].branch === 'continuous' && REWARDS[n].applies(full));
}

/** Problems the schema cannot see: relations between fields. */
function crossFieldProblems(c: HyGRPOConfig): string[] {
  const problems: string[] = [];
  if (c.lr.min > c.lr.peak) problems.push(`lr.min (${c.lr.min}) must not exceed lr.peak (${c.lr.peak})`);
  if (c.lr.warmupSteps > c.steps) problems.push(`lr.warmupSteps (${c.lr.warmupSteps}) must not exceed steps (${c.steps})`);
  const drawn = TASK_KINDS.filter((t) => (c.taskMix[t] ?? 0) > 0);
  if (drawn.length === 0) problems.push('taskMix: at least one task needs a positive weight');
  const built = c.data?.tasks;
  if (built) for (const t of drawn.filter((t) => !built.includes(t))) problems.push(`taskMix: ${t} is drawn but data.tasks does not build it`);
  if (c.advantage.eps === 0 && c.advantage.minStdDiscrete === 0) problems.push('advantage: eps and minStdDiscrete cannot both be 0 (an all-equal group would divide 0 by 0)');
  if (c.advantage.eps === 0 && c.advantage.minStdContinuous === 0) problems.push('advantage: eps and minStdContinuous cannot both be 0');
  if (!c.plainGrpo) {
    for (const task of drawn.filter((t) => POSE_TASKS.includes(t))) {
      const names = continuousRewardsOf(task);
      if (names.every((n) => c.rewardWeights[n] === 0)) {
        problems.push(`rewardWeights: ${task} is drawn but every continuous reward it has (${names.join(', ')}) has weight 0, so its pose advantages would all be 0`);
      }
    }
  }
  return problems;
}

export type HyGRPOConfigCheck = { ok: true; config: HyGRPOConfig } | { ok: false; errors: string[] };

/** Checks any value (a parsed JSON file, a preset with overrides); problems come back as "path: message" lines. */
export function validateHyGRPOConfig(input: unknown): HyGRPOConfigCheck {
  const parsed = Schema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(config)'}: ${i.message}`) };
  }
  const config = parsed.data as HyGRPOConfig;
  const errors = crossFieldProblems(config);
  return errors.length ? { ok: false, errors } : { ok: true, config };
}

/** lr(step) for 0-based steps. */
export function hygrpoSchedule(c: HyGRPOConfig): (step: number) => number {
  if (c.lr.schedule === 'constant') return constantLr(c.lr.peak);
  return cosineWithWarmup({ peakLr: c.lr.peak, warmupSteps: c.lr.warmupSteps, totalSteps: c.steps, minLr: c.lr.min });
}

export function lossOptionsOf(c: HyGRPOConfig): HyGRPOLossOptions {
  return {
    clipLow: c.clip.low,
    clipHigh: c.clip.high,
    betaText: c.beta.text,
    betaPose: c.beta.pose,
    klLogRatioClamp: c.klLogRatioClamp,
    poseLogRatioClamp: c.poseLogRatioClamp,
    plainGrpo: c.plainGrpo,
  };
}

export function advantageOptionsOf(c: HyGRPOConfig): { discrete: NormaliseOptions; continuous: NormaliseOptions } {
  return {
    discrete: { eps: c.advantage.eps, minStd: c.advantage.minStdDiscrete },
    continuous: { eps: c.advantage.eps, minStd: c.advantage.minStdContinuous },
  };
}
