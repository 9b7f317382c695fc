/**
 * The held-out prompts of the policy evaluation: the first N examples of each task in the test split of the
 * policy's seeded multi-task build (made in memory shard by shard with the same code as `pose-studio data build`),
 * and a sample of the training split's text→pose targets (the joint-limit reference "training data").
 */
import { normalizeHeading, POSE_SIZE_BODY } from '../../../../shared/body';
import type { Posecode } from '../../data/captioner';
import { TASK_KINDS, type DatasetBuildConfig, type Split, type TaskKind } from '../../data/dataset/config';
import { LANDMARK_ROW, type ExampleRecord } from '../../data/dataset/record';
import { buildContext, buildShard } from '../../data/dataset/shard';

export interface EvalItem {
  record: ExampleRecord;
  /** The record's pose: the target of *2pose tasks (text→pose with its heading removed), the input otherwise. */
  pose: Float32Array;
  /** 33 × 4 landmark numbers (landmarks→pose only). */
  landmarks?: Float32Array;
}

export interface PolicyEvalCounts {
  text2pose: number;
  landmarks2pose: number;
  pose2text: number;
  'pose-qa': number;
  /** Training-split text→pose targets for the joint-limit reference. */
  trainingPoses: number;
}

/** The protocol's defaults: 500 text→pose, 300 landmarks→pose, 300 pose→text, 300 questions; 2,000 training poses. */
export const DEFAULT_EVAL_COUNTS: PolicyEvalCounts = { text2pose: 500, landmarks2pose: 300, pose2text: 300, 'pose-qa': 300, trainingPoses: 2000 };

export interface PolicyEvalData {
  config: DatasetBuildConfig;
  tasks: Record<TaskKind, EvalItem[]>;
  /** [n, 66] training-split text→pose targets. */
  trainingPoses: Float32Array;
  trainingCount: number;
}

function itemsOf(config: DatasetBuildConfig, split: Split, want: Partial<Record<TaskKind, number>>, onShard?: (done: number) => void): Record<TaskKind, EvalItem[]> {
  const ctx = buildContext(config);
  const shards = Math.ceil(config.count / config.shardSize);
  const out: Record<TaskKind, EvalItem[]> = { text2pose: [], landmarks2pose: [], pose2text: [], 'pose-qa': [] };
  const short = () => TASK_KINDS.some((t) => out[t].length < (want[t] ?? 0));
  for (let s = 0; s < shards && short(); s++) {
    const part = buildShard(config, s, ctx).find((p) => p.split === split)!;
    for (const r of part.records) {
      if (out[r.task].length >= (want[r.task] ?? 0)) continue;
      const raw = part.poses.slice(r.poseRow * POSE_SIZE_BODY, (r.poseRow + 1) * POSE_SIZE_BODY);
      const item: EvalItem = { record: r, pose: r.task === 'text2pose' ? normalizeHeading(raw) : raw };
      if (r.landmarkRow !== undefined) item.landmarks = part.landmarks.slice(r.landmarkRow * LANDMARK_ROW, (r.landmarkRow + 1) * LANDMARK_ROW);
      out[r.task].push(item);
    }
    onShard?.(s + 1);
  }
  return out;
}

/** Test prompts per task (fewer when the build holds fewer) and training text→pose targets. */
export function loadPolicyEvalData(config: DatasetBuildConfig, counts: PolicyEvalCounts = DEFAULT_EVAL_COUNTS, onShard?: (split: Split, done: number) => void): PolicyEvalData {
  const tasks = itemsOf(config, 'test', counts, (d) => onShard?.('test', d));
  const train = counts.trainingPoses > 0 ? itemsOf(config, 'train', { text2pose: counts.trainingPoses }, (d) => onShard?.('train', d)).text2pose : [];
  const trainingPoses = new Float32Array(train.length * POSE_SIZE_BODY);
  train.forEach((it, i) => trainingPoses.set(it.pose, i * POSE_SIZE_BODY));
  return { config, tasks, trainingPoses, trainingCount: train.length };
}

/** The posecodes a record's caption asserts (as the dataset stores them). */
export function recordPosecodes(r: ExampleRecord): Posecode[] {
  return (r.posecodes ?? []) as Posecode[];
}
