/**
 * Posecode operators: what is measured and how a measured value is cut into categories.
 * Thresholds run low → high; category k covers (thresholds[k−1], thresholds[k]], so a value equal
 * to a threshold falls into the lower category. Noise is the half-width of the uniform noise added
 * before binning (soft category borders).
 *
 * Categories named 'ignored' are never said; they exist so that "nothing notable" is a category
 * (super-posecodes can ask for it, e.g. "the right knee is NOT on the ground").
 */

export type OperatorName =
  | 'angle'
  | 'distance'
  | 'x'
  | 'y'
  | 'z'
  | 'vaxis'
  | 'ground'
  | 'incline'
  | 'twist'
  | 'lean'
  | 'headIncline'
  | 'headTurn'
  | 'headTilt';

export interface Operator {
  name: OperatorName;
  categories: readonly string[];
  thresholds: readonly number[];
  noise: number;
  /**
   * How the value changes when the pose is mirrored and the code's joints swap sides: +1 the same
   * value, −1 the negated value (then category k becomes n−1−k, thresholds being symmetric).
   * For relative x/y/z codes it is derived per code (see table.ts).
   */
  mirrorSign: 1 | -1;
}

export const IGNORED = 'ignored';

const REL = [-0.15, -0.05, 0.05, 0.15] as const;

export const OPERATORS: Readonly<Record<OperatorName, Operator>> = {
  angle: {
    name: 'angle',
    categories: ['completely bent', 'bent more', 'right angle', 'bent less', 'slightly bent', 'straight'],
    thresholds: [45, 75, 105, 135, 160],
    noise: 5,
    mirrorSign: 1,
  },
  distance: {
    name: 'distance',
    categories: ['close', 'shoulder width', 'spread', 'wide'],
    thresholds: [0.2, 0.4, 0.8],
    noise: 0.05,
    mirrorSign: 1,
  },
  // subject − object along the body's x (its left is +x): "at right" means the subject is to the body's right.
  x: { name: 'x', categories: ['at right', IGNORED, 'aligned', IGNORED, 'at left'], thresholds: REL, noise: 0.05, mirrorSign: -1 },
  y: { name: 'y', categories: ['below', IGNORED, 'aligned', IGNORED, 'above'], thresholds: REL, noise: 0.05, mirrorSign: 1 },
  z: { name: 'z', categories: ['behind', IGNORED, 'aligned', IGNORED, 'in front'], thresholds: REL, noise: 0.05, mirrorSign: 1 },
  vaxis: { name: 'vaxis', categories: ['vertical', IGNORED, 'horizontal'], thresholds: [10, 80], noise: 5, mirrorSign: 1 },
  ground: { name: 'ground', categories: ['on ground', IGNORED], thresholds: [0.1], noise: 0.05, mirrorSign: 1 },
  incline: {
    name: 'incline',
    categories: ['backward', 'slightly backward', IGNORED, 'slightly forward', 'forward'],
    thresholds: [-50, -20, 20, 50],
    noise: 5,
    mirrorSign: 1,
  },
  twist: {
    name: 'twist',
    categories: ['twisted right', 'slightly twisted right', IGNORED, 'slightly twisted left', 'twisted left'],
    thresholds: [-50, -20, 20, 50],
    noise: 5,
    mirrorSign: -1,
  },
  lean: {
    name: 'lean',
    categories: ['leaning right', 'slightly leaning right', IGNORED, 'slightly leaning left', 'leaning left'],
    thresholds: [-30, -15, 15, 30],
    noise: 5,
    mirrorSign: -1,
  },
  headIncline: { name: 'headIncline', categories: ['tilted back', IGNORED, 'bowed forward'], thresholds: [-45, 30], noise: 5, mirrorSign: 1 },
  headTurn: {
    name: 'headTurn',
    categories: ['turned right', 'slightly turned right', IGNORED, 'slightly turned left', 'turned left'],
    thresholds: [-30, -15, 15, 30],
    noise: 5,
    mirrorSign: -1,
  },
  headTilt: { name: 'headTilt', categories: ['tilted right', IGNORED, 'tilted left'], thresholds: [-30, 30], noise: 5, mirrorSign: -1 },
};

/** Category of a value: the number of thresholds it exceeds (a value equal to a threshold stays below it). */
export function binValue(value: number, thresholds: readonly number[]): number {
  let k = 0;
  while (k < thresholds.length && value > thresholds[k]) k++;
  return k;
}

/** Interval (lo, hi] of category k; ±Infinity at the ends. */
export function categoryInterval(k: number, thresholds: readonly number[]): [number, number] {
  return [k === 0 ? -Infinity : thresholds[k - 1], k === thresholds.length ? Infinity : thresholds[k]];
}
