/**
 * One example as it is stored: a JSON line that refers by row to the shard's binary arrays. Numbers that
 * models consume (poses, landmarks) are Float32 little-endian arrays, so a loader maps them without parsing.
 */
import type { Split, TaskKind } from './config';
import type { FactAnswer, PoseFact } from '../tasks/questions';

export type SourceKind = 'library' | 'mirror' | 'noise' | 'interpolate' | 'limb-swap' | 'sample';

export interface ExampleRecord {
  /** `<seed>-<index>`: stable across builds with the same config. */
  id: string;
  task: TaskKind;
  split: Split;
  /** The source group the split was decided by (a library pose id, or `sample:<shard>:<k>`). */
  group: string;
  source: { kind: SourceKind; ids: string[] };
  prompt: string;
  answer: string;
  /** Row of this example's pose (the target for *2pose tasks, the input otherwise) in `<shard>.poses.f32`. */
  poseRow: number;
  /** Row in `<shard>.landmarks.f32` (landmarks2pose only). */
  landmarkRow?: number;
  /** The caption used (text2pose, pose2text) and the posecodes it asserts, for the verifiable reward. */
  caption?: string;
  posecodes?: unknown[];
  /** pose-qa: the fact asked about and its truth on the pose. */
  fact?: PoseFact;
  truth?: FactAnswer;
}

/** Per landmark row: 33 points × (x, y, z, visibility); x, y normalised as the landmarks→pose model reads them. */
export const LANDMARK_ROW = 33 * 4;
export const POSE_ROW = 66;

/** What one shard produced for one split, before it is written. */
export interface ShardPart {
  split: Split;
  records: ExampleRecord[];
  poses: Float32Array;
  landmarks: Float32Array;
}
