import { JOINT_ANGLE_FRAMES, JOINT_LIMITS_DEG, LIMITED_JOINTS } from './limits';
import { axisAngleToMatrix, matrixToAxisAngle } from './rotation';
import { NUM_JOINTS, JOINT_NAMES } from './skeleton';

/**
 * Standard joint angles: for joint j, R_sja = R_t·R_aa·R_tᵀ (R_t = JOINT_ANGLE_FRAMES[j], R_aa
 * from the joint's axis-angle), decomposed as R_sja = R_x(x)·R_y(y)·R_z(z) (Euler 'XYZ' in
 * pytorch3d's order, as mmhuman3d uses). Angles in degrees, x, z ∈ (−180, 180], y ∈ [−90, 90] except where
 * the equivalent reading with |y| > 90 lies nearer the joint's limits (see anglesRad).
 */

const DEG = 180 / Math.PI;
const RAD = Math.PI / 180;
// Violations smaller than this (degrees) are float noise of the decomposition, not a pose.
const LIMIT_TOLERANCE_DEG = 1e-4;

const raa = new Float64Array(9);
const tmp = new Float64Array(9);
const sja = new Float64Array(9);

/** Euler XYZ (radians) of a row-major rotation matrix, written into out[o..o+2]. */
function matrixToEulerXYZ(m: Float64Array, out: Float32Array | Float64Array | number[], o: number): void {
  // R = Rx(a)·Ry(b)·Rz(c) has R02 = sin b, R12 = −sin a cos b, R22 = cos a cos b,
  // R01 = −cos b sin c, R00 = cos b cos c.
  const s = Math.max(-1, Math.min(1, m[2]));
  const b = Math.asin(s);
  if (Math.abs(s) < 1 - 1e-12) {
    out[o] = Math.atan2(-m[5], m[8]);
    out[o + 1] = b;
    out[o + 2] = Math.atan2(-m[1], m[0]);
  } else {
    // Gimbal lock: only a ± c is defined; put it all in a (c = 0), where R21 = sin a, R11 = cos a.
    out[o] = Math.atan2(m[7], m[4]);
    out[o + 1] = b;
    out[o + 2] = 0;
  }
}

function eulerXYZToMatrix(a: number, b: number, c: number, out: Float64Array): void {
  const ca = Math.cos(a), sa = Math.sin(a);
  const cb = Math.cos(b), sb = Math.sin(b);
  const cc = Math.cos(c), sc = Math.sin(c);
  out[0] = cb * cc;
  out[1] = -cb * sc;
  out[2] = sb;
  out[3] = ca * sc + sa * sb * cc;
  out[4] = ca * cc - sa * sb * sc;
  out[5] = -sa * cb;
  out[6] = sa * sc - ca * sb * cc;
  out[7] = sa * cc + ca * sb * sc;
  out[8] = ca * cb;
}

// R_t and R_tᵀ of every joint, packed once so conjugation does no look-ups or allocation.
const FRAMES = new Float64Array(NUM_JOINTS * 9);
const FRAMES_T = new Float64Array(NUM_JOINTS * 9);
for (let j = 0; j < NUM_JOINTS; j++) {
  const f = JOINT_ANGLE_FRAMES[j];
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++) {
      FRAMES[j * 9 + r * 3 + c] = f[r * 3 + c];
      FRAMES_T[j * 9 + c * 3 + r] = f[r * 3 + c];
    }
}

/** out = A·B·Aᵀ with A = frames[f..f+8]. */
function conjugate(frames: Float64Array, f: number, bm: Float64Array, out: Float64Array): void {
  for (let i = 0; i < 3; i++) {
    const a0 = frames[f + i * 3], a1 = frames[f + i * 3 + 1], a2 = frames[f + i * 3 + 2];
    for (let j = 0; j < 3; j++) tmp[i * 3 + j] = a0 * bm[j] + a1 * bm[3 + j] + a2 * bm[6 + j];
  }
  for (let i = 0; i < 3; i++) {
    const t0 = tmp[i * 3], t1 = tmp[i * 3 + 1], t2 = tmp[i * 3 + 2];
    for (let j = 0; j < 3; j++) out[i * 3 + j] = t0 * frames[f + j * 3] + t1 * frames[f + j * 3 + 1] + t2 * frames[f + j * 3 + 2];
  }
}

function checkJoint(joint: number, poseLength: number): void {
  if (!Number.isInteger(joint) || joint < 0 || joint >= NUM_JOINTS) throw new RangeError(`joint ${joint} is not 0..23`);
  if ((joint + 1) * 3 > poseLength) throw new RangeError(`joint ${joint} is not in a pose of ${poseLength} numbers`);
}

const wrapPi = (r: number): number => (r > Math.PI ? r - 2 * Math.PI : r <= -Math.PI ? r + 2 * Math.PI : r);

// Limits in radians per joint (null for the pelvis and hands), for choosing between Euler readings.
const LIMITS_RAD: (Float64Array | null)[] = Array.from({ length: NUM_JOINTS }, (_, j) => {
  const lim = JOINT_LIMITS_DEG[j];
  return lim ? Float64Array.from(lim.flatMap(([lo, hi]) => [lo * RAD, hi * RAD])) : null;
});

function excessRad(lim: Float64Array, a: number, b: number, c: number): number {
  const e = (v: number, lo: number, hi: number) => (v < lo ? lo - v : v > hi ? v - hi : 0);
  return e(a, lim[0], lim[1]) + e(b, lim[2], lim[3]) + e(c, lim[4], lim[5]);
}

/**
 * Every rotation has two XYZ Euler readings, (x, y, z) and (x + π, π − y, z + π). The usual one keeps
 * y ∈ [−90°, 90°], but an elbow bent past 90° has its bend on y (limits down to −150°): read that way it
 * would show as x = z = 180° and a 360° "violation". So joints with limits take the reading nearer their
 * limits (the usual one on ties); both give the same rotation, so setJointAngles round-trips either.
 */
function anglesRad(pose: ArrayLike<number>, joint: number, offset: number, out: Float64Array | Float32Array | number[], o: number): void {
  axisAngleToMatrix(pose, raa, offset + joint * 3, 0);
  conjugate(FRAMES, joint * 9, raa, sja);
  matrixToEulerXYZ(sja, out, o);
  const lim = LIMITS_RAD[joint];
  if (!lim) return;
  const a = out[o], b = out[o + 1], c = out[o + 2];
  const usual = excessRad(lim, a, b, c);
  if (usual === 0) return;
  const a2 = wrapPi(a + Math.PI), b2 = wrapPi(Math.PI - b), c2 = wrapPi(c + Math.PI);
  if (excessRad(lim, a2, b2, c2) < usual) {
    out[o] = a2;
    out[o + 1] = b2;
    out[o + 2] = c2;
  }
}

const angleScratch = new Float64Array(3);

/**
 * Standard joint angles of one joint (degrees, [x, y, z]). Joints 1..21 use their R_t; the
 * pelvis and hands use the identity frame.
 */
export function jointAngles(pose: ArrayLike<number>, joint: number): [number, number, number] {
  checkJoint(joint, pose.length);
  anglesRad(pose, joint, 0, angleScratch, 0);
  return [angleScratch[0] * DEG, angleScratch[1] * DEG, angleScratch[2] * DEG];
}

/**
 * Inverse of jointAngles: sets the joint's axis-angle (in place) so its standard joint angles
 * are `deg`. Any angles are accepted; jointAngles gives back these angles (to float precision) when they
 * are the reading of the rotation nearest the limits, e.g. y ∈ (−90, 90) within limits, or an elbow bend to −150.
 */
export function setJointAngles(pose: Float32Array | Float64Array | number[], joint: number, deg: readonly [number, number, number] | ArrayLike<number>): void {
  checkJoint(joint, pose.length);
  eulerXYZToMatrix(deg[0] * RAD, deg[1] * RAD, deg[2] * RAD, sja);
  conjugate(FRAMES_T, joint * 9, sja, raa); // R_aa = R_tᵀ·R_sja·R_t
  matrixToAxisAngle(raa, pose, 0, joint * 3);
}

/**
 * Standard joint angles (degrees) of joints 1..21 for a batch of poses (66 or 72 stride):
 * out is batch × 21 × 3, index (b·21 + k)·3 for joint k + 1.
 */
export function jointAnglesBatch(poses: ArrayLike<number>, batch: number, out?: Float32Array): Float32Array {
  const stride = poses.length / batch;
  if (stride !== 66 && stride !== 72) throw new RangeError(`pose length ${poses.length} is not batch (${batch}) × 66 or × 72`);
  const o = out ?? new Float32Array(batch * 21 * 3);
  if (o.length < batch * 63) throw new RangeError('out is too small');
  for (let b = 0; b < batch; b++) {
    for (let k = 0; k < 21; k++) {
      anglesRad(poses, k + 1, b * stride, angleScratch, 0);
      const i = (b * 21 + k) * 3;
      o[i] = angleScratch[0] * DEG;
      o[i + 1] = angleScratch[1] * DEG;
      o[i + 2] = angleScratch[2] * DEG;
    }
  }
  return o;
}

export interface LimitViolation {
  joint: string;
  axis: 'x' | 'y' | 'z';
  /** the joint's angle on that axis, degrees */
  value: number;
  limit: [number, number];
}

export interface JointLimitScore {
  /** 21 entries (joint k + 1): degrees outside the limits summed over x, y, z; 0 inside. */
  perJoint: Float32Array;
  /** sum of perJoint */
  total: number;
  violations: LimitViolation[];
}

const AXES = ['x', 'y', 'z'] as const;

function excess(v: number, lo: number, hi: number): number {
  const e = v < lo ? lo - v : v > hi ? v - hi : 0;
  return e > LIMIT_TOLERANCE_DEG ? e : 0;
}

/**
 * How far a pose (66 or 72 numbers) lies outside the joint limits: per joint, the degrees by
 * which each standard joint angle exceeds its range, summed over the three axes.
 */
export function jointLimitScore(pose: ArrayLike<number>): JointLimitScore {
  if (pose.length !== 66 && pose.length !== 72) throw new RangeError(`a pose has 66 or 72 numbers, got ${pose.length}`);
  const perJoint = new Float32Array(21);
  const violations: LimitViolation[] = [];
  let total = 0;
  for (const j of LIMITED_JOINTS) {
    const lim = JOINT_LIMITS_DEG[j];
    if (!lim) continue;
    anglesRad(pose, j, 0, angleScratch, 0);
    let sum = 0;
    for (let a = 0; a < 3; a++) {
      const v = angleScratch[a] * DEG;
      const e = excess(v, lim[a][0], lim[a][1]);
      if (e > 0) {
        sum += e;
        violations.push({ joint: JOINT_NAMES[j], axis: AXES[a], value: v, limit: [lim[a][0], lim[a][1]] });
      }
    }
    perJoint[j - 1] = sum;
    total += sum;
  }
  return { perJoint, total, violations };
}

/**
 * Batched jointLimitScore totals (no violation list): out[b] = total degrees outside limits of
 * pose b. For data generation and metrics loops.
 */
export function jointLimitScoreBatch(poses: ArrayLike<number>, batch: number, out?: Float32Array): Float32Array {
  const stride = poses.length / batch;
  if (stride !== 66 && stride !== 72) throw new RangeError(`pose length ${poses.length} is not batch (${batch}) × 66 or × 72`);
  const o = out ?? new Float32Array(batch);
  for (let b = 0; b < batch; b++) {
    let total = 0;
    for (const j of LIMITED_JOINTS) {
      const lim = JOINT_LIMITS_DEG[j];
      if (!lim) continue;
      anglesRad(poses, j, b * stride, angleScratch, 0);
      for (let a = 0; a < 3; a++) total += excess(angleScratch[a] * DEG, lim[a][0], lim[a][1]);
    }
    o[b] = total;
  }
  return o;
}
