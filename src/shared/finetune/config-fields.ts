/**
 * Every field of a HyGRPO run config as the Fine-tune form shows it: where it sits in the config, a label, what
 * it means (from HyGRPOConfig's documentation in src/main/compute/rl/config.ts), and how to edit it. The engine's
 * validator stays the judge of values; min/max here only shape the inputs. config-fields.test.ts checks that
 * these paths are exactly the config's fields, so a field added to the engine cannot be missing from the form.
 */
export type ConfigFieldKind = 'int' | 'number' | 'boolean' | 'enum' | 'path';

export interface ConfigField {
  /** Dotted path in the config, e.g. "clip.low". */
  path: string;
  label: string;
  help: string;
  kind: ConfigFieldKind;
  group: ConfigGroup;
  min?: number;
  max?: number;
  step?: number;
  options?: readonly string[];
  /** May be left empty (the engine's default then applies; the key is left out of the config). */
  optional?: boolean;
}

export const CONFIG_GROUPS = ['Run', 'Optimisation', 'Objective', 'Tasks', 'Rewards', 'Sampling', 'Advantages', 'Advanced', 'Models and data'] as const;
export type ConfigGroup = (typeof CONFIG_GROUPS)[number];

const TASK_HELP: Record<string, string> = {
  text2pose: 'Text → pose: a description to pose.',
  landmarks2pose: 'Landmarks → pose: 2D/3D keypoints to a full SMPL pose.',
  pose2text: 'Pose → text: describe a pose in words.',
  'pose-qa': 'Pose questions: answer a question about a pose.',
};

const REWARD_HELP: Record<string, string> = {
  format: 'Discrete branch, all tasks: 1 if the answer matches its task’s pattern and ended at <eos>, else 0.',
  textSimilarity: 'Discrete branch, text tasks: cosine of the retrieval embeddings of the generated and the reference answer.',
  semantic: 'Continuous branch, text→pose: cosine of the caption and the pose in the retrieval model’s space.',
  spatial: 'Continuous branch, landmarks→pose: floor / max(MPJPE, floor) over the 22 body joints.',
  posecode: 'Continuous branch, text→pose: share of the caption’s posecodes the pose satisfies. Off by default: it is how evaluation judges text→pose.',
  plausibility: 'Continuous branch, pose tasks: 0 on capsule interpenetration, else 1 − (degrees outside the joint limits)/budget.',
};

export const TASK_KEYS = ['text2pose', 'landmarks2pose', 'pose2text', 'pose-qa'] as const;
export const REWARD_KEYS = ['format', 'textSimilarity', 'semantic', 'spatial', 'posecode', 'plausibility'] as const;

export const CONFIG_FIELDS: readonly ConfigField[] = [
  { path: 'steps', label: 'Steps', group: 'Run', kind: 'int', min: 1, help: 'Rollout + update steps of the run.' },
  { path: 'groupSize', label: 'Group size G', group: 'Run', kind: 'int', min: 2, max: 256, help: 'Candidates sampled per query; the group the advantages are normalised over (≥ 2).' },
  { path: 'queriesPerStep', label: 'Queries per step', group: 'Run', kind: 'int', min: 1, help: 'A step’s batch holds queriesPerStep × G candidates.' },
  { path: 'checkpointEvery', label: 'Checkpoint every', group: 'Run', kind: 'int', min: 1, help: 'Save a resumable checkpoint every this many steps (and at the end). A stopped run resumes from its last one.' },
  { path: 'evalEvery', label: 'Evaluate every', group: 'Run', kind: 'int', min: 1, help: 'Render the probe prompts and run the held-out evaluation every this many steps.' },
  { path: 'evalPrompts', label: 'Held-out prompts', group: 'Run', kind: 'int', min: 0, help: 'Validation text→pose prompts each evaluation scores (4 candidates each); 0 turns the evaluation and the probes off.' },
  { path: 'seed', label: 'Seed', group: 'Run', kind: 'int', min: 0, max: 0xffffffff, help: 'Seeds query order and sampling: the same seed and config give the same run, resumed or not.' },
  { path: 'lr.schedule', label: 'LR schedule', group: 'Optimisation', kind: 'enum', options: ['constant', 'cosine'], help: 'Cosine from peak to min after the warm-up, or constant at peak.' },
  { path: 'lr.peak', label: 'LR peak', group: 'Optimisation', kind: 'number', min: 0, step: 1e-6, help: 'Learning rate after the warm-up (the constant rate of a constant schedule).' },
  { path: 'lr.min', label: 'LR min', group: 'Optimisation', kind: 'number', min: 0, step: 1e-6, help: 'Where the cosine schedule ends; must not exceed the peak.' },
  { path: 'lr.warmupSteps', label: 'Warm-up steps', group: 'Optimisation', kind: 'int', min: 0, help: 'Steps of linear warm-up before the schedule (not longer than the run).' },
  { path: 'updatesPerRollout', label: 'Updates per rollout', group: 'Optimisation', kind: 'int', min: 1, max: 64, help: 'Optimisation passes over each rollout. 1 is on-policy GRPO (π_old = π_θ at the update, ratios start at 1); more passes move the ratios and engage the clip.' },
  { path: 'weightDecay', label: 'Weight decay', group: 'Optimisation', kind: 'number', min: 0, step: 0.001, help: 'AdamW weight decay (decoupled).' },
  { path: 'clipNorm', label: 'Gradient-norm clip', group: 'Optimisation', kind: 'number', min: 0, step: 0.1, help: 'Global gradient-norm clip.' },
  { path: 'clip.low', label: 'Clip ε low', group: 'Objective', kind: 'number', min: 0, max: 1, step: 0.01, help: 'Ratios are clipped to [1 − low, 1 + high].' },
  { path: 'clip.high', label: 'Clip ε high', group: 'Objective', kind: 'number', min: 0, step: 0.01, help: 'Upper clip; high > low is DAPO’s “clip-higher” (room for rare good tokens to grow).' },
  { path: 'beta.text', label: 'β text', group: 'Objective', kind: 'number', min: 0, step: 0.005, help: 'Weight of KL(π_θ ‖ π_ref) on the answer tokens (k3 per token).' },
  { path: 'beta.pose', label: 'β pose', group: 'Objective', kind: 'number', min: 0, step: 0.005, help: 'Weight of the exact Gaussian KL per pose. Presets use 0.1: at 0.01 the pose KL drifted far from the reference (docs/experiments.md).' },
  { path: 'plainGrpo', label: 'Plain GRPO (text only)', group: 'Objective', kind: 'boolean', help: 'Ablation: only the text branch is optimised (no pose surrogate, no pose KL).' },
  ...TASK_KEYS.map((t): ConfigField => ({ path: `taskMix.${t}`, label: `Mix: ${t}`, group: 'Tasks', kind: 'number', min: 0, step: 1, optional: true, help: `${TASK_HELP[t]} Relative frequency among a step’s queries; empty or 0: not drawn.` })),
  ...REWARD_KEYS.map((r): ConfigField => ({ path: `rewardWeights.${r}`, label: `Weight: ${r}`, group: 'Rewards', kind: 'number', min: 0, step: 0.05, help: `${REWARD_HELP[r]} Its weight in the branch’s sum.` })),
  { path: 'rewards.spatialFloorM', label: 'Spatial floor (m)', group: 'Rewards', kind: 'number', min: 0, step: 0.005, help: 'The spatial reward’s error floor in metres: errors below it score 1.' },
  { path: 'rewards.limitBudgetDeg', label: 'Joint-limit budget (°)', group: 'Rewards', kind: 'number', min: 0, step: 1, help: 'Degrees outside the joint limits at which plausibility reaches 0.' },
  { path: 'rewards.intersectionDepthM', label: 'Tolerated capsule depth (m)', group: 'Rewards', kind: 'number', min: 0, step: 0.005, help: 'Interpenetration deeper than this makes plausibility 0.' },
  { path: 'sampling.temperature', label: 'Temperature', group: 'Sampling', kind: 'number', min: 0, step: 0.05, help: 'Softmax temperature of the rollout’s tokens (old log-probs are taken under it).' },
  { path: 'sampling.sigmaScale', label: 'σ-scale', group: 'Sampling', kind: 'number', min: 0, step: 0.05, help: 'Multiplies the pose head’s σ when sampling rollouts.' },
  { path: 'sampling.maxNewTokens', label: 'Max new tokens', group: 'Sampling', kind: 'int', min: 1, max: 4096, help: 'Longest answer a rollout may decode; shorter runs faster.' },
  { path: 'advantage.eps', label: 'Advantage eps', group: 'Advantages', kind: 'number', min: 0, step: 1e-5, help: 'Advantages are (r − mean)/(std + eps) per group.' },
  { path: 'advantage.minStdDiscrete', label: 'Min std (discrete)', group: 'Advantages', kind: 'number', min: 0, step: 1e-4, help: 'A group whose discrete rewards vary less than this gets zero text advantages (no signal, not float noise).' },
  { path: 'advantage.minStdContinuous', label: 'Min std (continuous)', group: 'Advantages', kind: 'number', min: 0, step: 1e-4, help: 'The same guard for the continuous (pose) rewards.' },
  { path: 'klLogRatioClamp', label: 'KL log-ratio clamp', group: 'Advanced', kind: 'number', min: 0, step: 1, help: 'Clamp of k3’s log-ratio (default 20) before exp.' },
  { path: 'poseLogRatioClamp', label: 'Pose log-ratio clamp', group: 'Advanced', kind: 'number', min: 0, step: 1, help: 'Clamp of the pose log-ratio before exp (default 10): keeps the ratio finite; beyond it the gradient is 0.' },
  { path: 'policy', label: 'Starting policy', group: 'Models and data', kind: 'path', optional: true, help: 'Starting policy checkpoint directory, also the frozen reference. Empty: the shipped supervised policy.' },
  { path: 'retrieval', label: 'Retrieval model', group: 'Models and data', kind: 'path', optional: true, help: 'Retrieval model for the semantic and text-similarity rewards. Empty: the shipped one.' },
  { path: 'data.seed', label: 'Query build seed', group: 'Models and data', kind: 'int', min: 0, optional: true, help: 'Queries come from the train split of a seeded build. Leave all four query-build fields empty for the policy’s own build (RL then never sees a held-out pose).' },
  { path: 'data.count', label: 'Query build size', group: 'Models and data', kind: 'int', min: 1, optional: true, help: 'Examples in the query build.' },
  { path: 'data.shardSize', label: 'Query build shard size', group: 'Models and data', kind: 'int', min: 1, optional: true, help: 'Examples per shard of the build.' },
  { path: 'data.pool', label: 'Query pool', group: 'Models and data', kind: 'int', min: 1, optional: true, help: 'The first this many training examples are the pool queries are drawn from (default 5,000).' },
] as const;

/** Fields the form does not edit: the run kind's identity, and the build's task list (kept as the config has it). */
export const FIXED_CONFIG_PATHS = ['kind', 'version', 'data.tasks'] as const;
