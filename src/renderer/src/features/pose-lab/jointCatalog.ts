import { JOINT_LIMITS_DEG, JOINT_NAMES, jointAngles, jointLimitScore, type JointLimit } from '@shared/body';

/** Joints the Pose lab edits: pelvis (global orientation) and the 21 body joints; SMPL's hand joints stay at rest. */
export const EDITABLE_JOINTS = Array.from({ length: 22 }, (_, j) => j);

export const JOINT_GROUPS: { label: string; joints: number[] }[] = [
  { label: 'Torso & head', joints: [0, 3, 6, 9, 12, 15] },
  { label: 'Left arm', joints: [13, 16, 18, 20] },
  { label: 'Right arm', joints: [14, 17, 19, 21] },
  { label: 'Left leg', joints: [1, 4, 7, 10] },
  { label: 'Right leg', joints: [2, 5, 8, 11] },
];

const SPECIAL: Record<string, string> = {
  pelvis: 'Pelvis (root)',
  spine1: 'Lower spine',
  spine2: 'Mid spine',
  spine3: 'Upper spine',
  left_foot: 'Left toes',
  right_foot: 'Right toes',
};

/** "left_shoulder" → "Left shoulder". */
export function jointLabel(joint: number): string {
  const name = JOINT_NAMES[joint] ?? `joint ${joint}`;
  if (SPECIAL[name]) return SPECIAL[name];
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export type AxisRange = {
  min: number;
  max: number;
  locked: boolean;
  limit: readonly [number, number] | null;
};

/** Full extent of each standard joint angle: x and z wrap at ±180°, y (the middle Euler angle) spans ±90°. */
export const FULL_RANGE: readonly [number, number][] = [
  [-180, 180],
  [-90, 90],
  [-180, 180],
];

/**
 * Slider ranges for a joint. Within limits, a slider spans the joint's limit range and an axis with a
 * zero-width range (a knee's twist) is locked; beyond limits, every axis spans its full extent.
 */
export function axisRanges(joint: number, beyondLimits: boolean): AxisRange[] {
  const lim: JointLimit | null = JOINT_LIMITS_DEG[joint] ?? null;
  return [0, 1, 2].map((a) => {
    const limit = lim ? lim[a] : null;
    if (beyondLimits || !limit) return { min: FULL_RANGE[a][0], max: FULL_RANGE[a][1], locked: false, limit };
    return { min: limit[0], max: limit[1], locked: limit[1] - limit[0] < 1e-9, limit };
  });
}

export function roundAngles(a: readonly number[]): [number, number, number] {
  return [a[0], a[1], a[2]].map((v) => Math.round(v * 10) / 10 + 0) as [number, number, number];
}

export interface LimitReport {
  /** Degrees outside the limits per SMPL joint index (0 for unlimited joints). */
  perJoint: number[];
  total: number;
  violations: {
    joint: number;
    label: string;
    axis: 'x' | 'y' | 'z';
    value: number;
    limit: [number, number];
  }[];
}

export function limitReport(pose: Float32Array): LimitReport {
  const score = jointLimitScore(pose);
  const perJoint = Array.from({ length: 24 }, (_, j) => (j >= 1 && j <= 21 ? score.perJoint[j - 1] : 0));
  return {
    perJoint,
    total: score.total,
    violations: score.violations.map((v) => {
      const joint = JOINT_NAMES.indexOf(v.joint);
      return { joint, label: jointLabel(joint), axis: v.axis, value: v.value, limit: v.limit };
    }),
  };
}

export function anglesOf(pose: Float32Array, joint: number): [number, number, number] {
  return roundAngles(jointAngles(pose, joint));
}
