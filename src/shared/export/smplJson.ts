import { JOINT_NAMES, NUM_JOINTS, PARENTS, POSE_SIZE_BODY, REST_JOINTS, poseTo72 } from '../body';
import type { ExportProvenance } from './provenance';

export const SMPL_POSE_FORMAT = 'pose-rft-studio.smpl-pose';
export const SMPL_POSE_VERSION = 1;

/**
 * One pose as SMPL parameters, in the layout SMPL code expects: `poseAxisAngle` is SMPL's 72-number
 * `pose` (global_orient then 23 joints in SMPL order, axis-angle radians, each in its parent's frame);
 * `globalOrient` (3) and `bodyPose` (63) are the same numbers split the way SMPL-X / smplx.SMPL take them.
 * The hand joints (22, 23) are always zero. `restJoints` are the skeleton the pose was made on
 * (metres, Y up, facing +Z).
 */
export interface SmplPoseDocument {
  format: typeof SMPL_POSE_FORMAT;
  version: typeof SMPL_POSE_VERSION;
  jointNames: string[];
  parents: number[];
  poseAxisAngle: number[];
  globalOrient: number[];
  bodyPose: number[];
  restJoints: number[][];
  provenance: ExportProvenance;
}

/** Float32 values printed as the shortest decimal that reads back as the same float32. */
function f32(v: number): number {
  return Number(Math.fround(v).toPrecision(9));
}

export function toSmplPoseDocument(pose: ArrayLike<number>, provenance: ExportProvenance): SmplPoseDocument {
  const full = poseTo72(pose, 1);
  // SMPL's hands are outside the 22 joints the studio poses: exports always write them as identity.
  const aa = Array.from(full, (v, i) => (i < POSE_SIZE_BODY ? f32(v) : 0));
  return {
    format: SMPL_POSE_FORMAT,
    version: SMPL_POSE_VERSION,
    jointNames: [...JOINT_NAMES],
    parents: [...PARENTS],
    poseAxisAngle: aa,
    globalOrient: aa.slice(0, 3),
    bodyPose: aa.slice(3, POSE_SIZE_BODY),
    restJoints: Array.from({ length: NUM_JOINTS }, (_, j) => [0, 1, 2].map((k) => f32(REST_JOINTS[j * 3 + k]))),
    provenance: { ...provenance },
  };
}

/** The document as the text of a .json file. */
export function smplPoseJson(pose: ArrayLike<number>, provenance: ExportProvenance): string {
  return JSON.stringify(toSmplPoseDocument(pose, provenance), null, 2) + '\n';
}
