/**
 * The one configuration of a dataset build (`pose-studio data build`). A build is a pure function of this
 * object: the manifest records it, and the same config gives byte-identical files.
 */

export const TASK_KINDS = ['text2pose', 'pose2text', 'landmarks2pose', 'pose-qa'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const SPLITS = ['train', 'val', 'test'] as const;
export type Split = (typeof SPLITS)[number];

export interface DatasetBuildConfig {
  /** Which tasks the examples are drawn from; with several, each example picks one by `taskWeights`. */
  tasks: TaskKind[];
  /** Relative frequency of each task in `tasks` (defaults to equal). */
  taskWeights?: Partial<Record<TaskKind, number>>;
  /** Examples in all splits together. */
  count: number;
  seed: number;
  /** Examples per shard (the unit of parallel work and of the files on disk). */
  shardSize: number;
  /** Fractions of examples per split; also the fractions of library poses held out per split. */
  splits: Record<Split, number>;
  /**
   * Where poses come from: authored library poses as they are (mirrored half the time), varied library poses
   * (noise, interpolation, limb swaps within a split), or the procedural sampler.
   */
  sources: { library: number; varied: number; sampled: number };
  /**
   * Range of posecodes a caption may assert, drawn uniformly per caption: people write anything from a few
   * words ("kneeling with arms up") to a detailed paragraph, and a model should read both.
   */
  captionCodes: [number, number];
}

export const DEFAULT_BUILD_CONFIG: Omit<DatasetBuildConfig, 'tasks' | 'count' | 'seed'> = {
  shardSize: 10_000,
  splits: { train: 0.8, val: 0.1, test: 0.1 },
  sources: { library: 0.1, varied: 0.45, sampled: 0.45 },
  captionCodes: [3, 12],
};

/** Validates a config; returns the list of problems (empty when it is usable). */
export function configProblems(c: DatasetBuildConfig): string[] {
  const problems: string[] = [];
  if (c.tasks.length === 0) problems.push('at least one task is needed');
  for (const t of c.tasks) if (!TASK_KINDS.includes(t)) problems.push(`unknown task "${t}" (tasks: ${TASK_KINDS.join(', ')})`);
  if (!Number.isInteger(c.count) || c.count < 1 || c.count > 10_000_000) problems.push('count must be an integer from 1 to 10,000,000');
  if (!Number.isInteger(c.seed) || c.seed < 0 || c.seed > 0xffffffff) problems.push('seed must be an integer from 0 to 4294967295');
  if (!Number.isInteger(c.shardSize) || c.shardSize < 1 || c.shardSize > 1_000_000) problems.push('shardSize must be an integer from 1 to 1,000,000');
  const f = c.splits;
  if ([f.train, f.val, f.test].some((x) => !(x >= 0)) || Math.abs(f.train + f.val + f.test - 1) > 1e-9) problems.push('split fractions must be ≥ 0 and sum to 1');
  const s = c.sources;
  if ([s.library, s.varied, s.sampled].some((x) => !(x >= 0)) || s.library + s.varied + s.sampled <= 0) problems.push('source weights must be ≥ 0 and not all 0');
  const [lo, hi] = c.captionCodes;
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 1 || hi < lo || hi > 40) problems.push('captionCodes must be integers 1 ≤ min ≤ max ≤ 40');
  return problems;
}
