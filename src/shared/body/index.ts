/**
 * The body model: SMPL-compatible skeleton, rotations, forward kinematics, heading
 * normalisation, mirroring, standard joint angles and limits. Platform-free (no node:*, DOM,
 * three or react) so renderer, data engine, training and metrics share one exact definition.
 * Conventions are documented in skeleton.ts (frame, pose layout), rotation.ts (matrix / quat /
 * 6D layouts) and fk.ts (how joints compose).
 */
export {
  NUM_JOINTS,
  NUM_BODY_JOINTS,
  POSE_SIZE_FULL,
  POSE_SIZE_BODY,
  JOINT_NAMES,
  PARENTS,
  REST_JOINTS,
  BONES,
  MIRROR_JOINT_MAP,
  jointIndex,
  symmetrizeRest,
} from './skeleton';
export { zeroPose, poseStride, poseTo72, poseTo66, jointsInStride } from './pose';
export {
  type NumArray,
  axisAngleToMatrix,
  matrixToAxisAngle,
  axisAngleToQuat,
  quatToAxisAngle,
  quatToMatrix,
  matrixToQuat,
  matrixTo6d,
  sixDToMatrix,
  axisAngleTo6d,
  sixDToAxisAngle,
  matMul3,
  quatMultiply,
  rotationAngleBetween,
  axisAngleArrayToMatrix,
  matrixArrayToAxisAngle,
  axisAngleArrayToQuat,
  quatArrayToAxisAngle,
  axisAngleArrayTo6d,
  sixDArrayToAxisAngle,
  matrixArrayTo6d,
  sixDArrayToMatrix,
} from './rotation';
export { type FKResult, forwardKinematics, jointPositions } from './fk';
export { headingAngle, normalizeHeading, normalizeHeadingBatch, rotateHeading, rotateHeadingBatch } from './heading';
export { mirrorPose } from './mirror';
export {
  type AxisLimit,
  type JointLimit,
  LIMITED_JOINTS,
  JOINT_LIMITS_DEG,
  JOINT_ANGLE_FRAMES,
  REFERENCE_JOINT_LIMITS_DEG,
} from './limits';
export {
  type LimitViolation,
  type JointLimitScore,
  jointAngles,
  setJointAngles,
  jointAnglesBatch,
  jointLimitScore,
  jointLimitScoreBatch,
} from './jointAngles';
export { type AxisMotion, type MotionPlane, AXIS_MOTIONS, axisMotion } from './axisMotions';
