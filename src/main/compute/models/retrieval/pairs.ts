/**
 * Text–pose pairs of one split of a seeded dataset build, made in memory shard by shard with the same code and
 * streams as `pose-studio data build` (so the pairs are exactly the examples that command writes for this config).
 */
import type { DatasetBuildConfig, Split } from '../../data/dataset/config';
import { buildContext, buildShard } from '../../data/dataset/shard';
import type { ExampleRecord } from '../../data/dataset/record';
import { POSE_SIZE_BODY } from '../../../../shared/body';

export interface TextPosePairs {
  /** Example ids (`<seed>-<index>`), for reports. */
  ids: string[];
  texts: string[];
  /** [n, 66] axis-angle poses; pose i is described by texts[i]. */
  poses: Float32Array;
  /** The posecodes each caption asserts (for the posecode-agreement evaluator). */
  posecodes: unknown[][];
  n: number;
}

export interface PairOptions {
  /** Stop after this many pairs (the first ones in build order). */
  limit?: number;
  onShard?: (done: number, total: number) => void;
}

/** Pairs (caption, pose) of the text→pose examples of `split`. */
export function textPosePairs(config: DatasetBuildConfig, split: Split, o: PairOptions = {}): TextPosePairs {
  const ctx = buildContext(config);
  const shards = Math.ceil(config.count / config.shardSize);
  const limit = o.limit ?? Infinity;
  const records: ExampleRecord[] = [];
  const poseChunks: Float32Array[] = [];
  for (let s = 0; s < shards && records.length < limit; s++) {
    const part = buildShard(config, s, ctx).find((p) => p.split === split)!;
    part.records.forEach((r) => {
      if (r.task !== 'text2pose' || r.caption === undefined || records.length >= limit) return;
      records.push(r);
      poseChunks.push(part.poses.subarray(r.poseRow * POSE_SIZE_BODY, (r.poseRow + 1) * POSE_SIZE_BODY));
    });
    o.onShard?.(s + 1, shards);
  }
  const poses = new Float32Array(records.length * POSE_SIZE_BODY);
  poseChunks.forEach((c, i) => poses.set(c, i * POSE_SIZE_BODY));
  return {
    ids: records.map((r) => r.id),
    texts: records.map((r) => r.caption!),
    poses,
    posecodes: records.map((r) => r.posecodes ?? []),
    n: records.length,
  };
}
