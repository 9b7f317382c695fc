/**
 * The policy's supervised examples of one split of a seeded multi-task build, made in memory shard by shard with
 * the same code as `pose-studio data build`, and laid out as teacher-forced sequences with their pose targets.
 */
import { normalizeHeading, POSE_SIZE_BODY } from '../../../../shared/body';
import type { DatasetBuildConfig, Split } from '../../data/dataset/config';
import { LANDMARK_ROW, type ExampleRecord } from '../../data/dataset/record';
import { buildContext, buildShard } from '../../data/dataset/shard';
import type { TextTokenizer } from '../../text/tokenizer';
import { SequenceError, trainingSequence, type TrainingSequence } from './sequence';

export interface PolicyExamples {
  records: ExampleRecord[];
  /** [n, 66]: each record's pose row (the target of *2pose tasks, the input otherwise). */
  poses: Float32Array;
  /** [n, LANDMARK_ROW]: landmark rows by record (zeros for records without landmarks). */
  landmarks: Float32Array;
  n: number;
}

export function policyExamples(config: DatasetBuildConfig, split: Split, o: { limit?: number } = {}): PolicyExamples {
  const ctx = buildContext(config);
  const shards = Math.ceil(config.count / config.shardSize);
  const limit = o.limit ?? Infinity;
  const records: ExampleRecord[] = [];
  const poseRows: Float32Array[] = [];
  const lmRows: (Float32Array | null)[] = [];
  for (let s = 0; s < shards && records.length < limit; s++) {
    const part = buildShard(config, s, ctx).find((p) => p.split === split)!;
    for (const r of part.records) {
      if (records.length >= limit) break;
      records.push(r);
      poseRows.push(part.poses.subarray(r.poseRow * POSE_SIZE_BODY, (r.poseRow + 1) * POSE_SIZE_BODY));
      lmRows.push(r.landmarkRow === undefined ? null : part.landmarks.subarray(r.landmarkRow * LANDMARK_ROW, (r.landmarkRow + 1) * LANDMARK_ROW));
    }
  }
  const n = records.length;
  const poses = new Float32Array(n * POSE_SIZE_BODY);
  const landmarks = new Float32Array(n * LANDMARK_ROW);
  poseRows.forEach((p, i) => poses.set(p, i * POSE_SIZE_BODY));
  lmRows.forEach((l, i) => l && landmarks.set(l, i * LANDMARK_ROW));
  return { records, poses, landmarks, n };
}

/**
 * The pose a *2pose example should produce: text→pose with its heading removed (a caption never says which
 * way the body faces the world); landmarks→pose as stored (already turned to face the camera).
 */
export function poseTarget(ex: PolicyExamples, i: number): Float32Array {
  const p = ex.poses.slice(i * POSE_SIZE_BODY, (i + 1) * POSE_SIZE_BODY);
  return ex.records[i]!.task === 'text2pose' ? normalizeHeading(p) : p;
}

export interface PreparedExamples {
  seqs: TrainingSequence[];
  /** [seqs.length, 66] pose targets (zeros for rows whose answer has no `<POSE>`). */
  targets: Float32Array;
  /** Index into the source examples of each prepared row. */
  source: number[];
  /** Examples dropped for being longer than the model's maxLen. */
  tooLong: number;
}

export function prepareExamples(tok: TextTokenizer, ex: PolicyExamples, maxLen: number): PreparedExamples {
  const seqs: TrainingSequence[] = [];
  const source: number[] = [];
  const targetRows: (Float32Array | null)[] = [];
  let tooLong = 0;
  for (let i = 0; i < ex.n; i++) {
    const r = ex.records[i]!;
    const inputs = {
      pose: ex.poses.subarray(i * POSE_SIZE_BODY, (i + 1) * POSE_SIZE_BODY),
      ...(r.landmarkRow !== undefined ? { landmarks: ex.landmarks.subarray(i * LANDMARK_ROW, (i + 1) * LANDMARK_ROW) } : {}),
    };
    try {
      const seq = trainingSequence(tok, r.prompt, r.answer, inputs, maxLen);
      seqs.push(seq);
      source.push(i);
      targetRows.push(seq.posePos >= 0 ? poseTarget(ex, i) : null);
    } catch (e) {
      if (e instanceof SequenceError && e.code === 'too_long') tooLong++;
      else throw e;
    }
  }
  const targets = new Float32Array(seqs.length * POSE_SIZE_BODY);
  targetRows.forEach((t, k) => t && targets.set(t, k * POSE_SIZE_BODY));
  return { seqs, targets, source, tooLong };
}
