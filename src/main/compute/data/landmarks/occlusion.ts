import { jointIndex } from '../../../../shared/body';
import { LANDMARK_NAMES, NUM_LANDMARKS } from './names';

/**
 * Self-occlusion from a crude volumetric body: capsules (segment + radius) for the torso, head and limb
 * segments, built from posed joints. A landmark is hidden when the line of sight from the camera to it
 * passes through a capsule before reaching it. Landmarks lie on (or just inside) the body's surface, so
 * the last MARGIN metres of the sight line are not tested: a point on the near side of a capsule stays
 * visible, one on the far side does not. A capsule never hides the landmarks of its own limb segment.
 */

type Vec3 = [number, number, number];

export interface Capsule {
  a: Vec3;
  b: Vec3;
  radius: number;
  /** landmark indices this capsule never hides (its own segment's points) */
  ignores: readonly number[];
}

/** Length of the sight line's end (next to the landmark) that is not tested, metres. */
export const OCCLUSION_MARGIN = 0.04;

/** Squared distance between segments p0–p1 and q0–q1 (closest points, clamped to both segments). */
export function segmentSegmentDistance2(p0: ArrayLike<number>, p1: ArrayLike<number>, q0: ArrayLike<number>, q1: ArrayLike<number>): number {
  const d1 = [p1[0] - p0[0], p1[1] - p0[1], p1[2] - p0[2]];
  const d2 = [q1[0] - q0[0], q1[1] - q0[1], q1[2] - q0[2]];
  const r = [p0[0] - q0[0], p0[1] - q0[1], p0[2] - q0[2]];
  const a = d1[0] * d1[0] + d1[1] * d1[1] + d1[2] * d1[2];
  const e = d2[0] * d2[0] + d2[1] * d2[1] + d2[2] * d2[2];
  const f = d2[0] * r[0] + d2[1] * r[1] + d2[2] * r[2];
  const eps = 1e-12;
  let s: number;
  let t: number;
  if (a <= eps && e <= eps) {
    s = 0;
    t = 0;
  } else if (a <= eps) {
    s = 0;
    t = clamp01(f / e);
  } else {
    const c = d1[0] * r[0] + d1[1] * r[1] + d1[2] * r[2];
    if (e <= eps) {
      t = 0;
      s = clamp01(-c / a);
    } else {
      const b = d1[0] * d2[0] + d1[1] * d2[1] + d1[2] * d2[2];
      const denom = a * e - b * b;
      s = denom > eps ? clamp01((b * f - c * e) / denom) : 0;
      t = (b * s + f) / e;
      if (t < 0) {
        t = 0;
        s = clamp01(-c / a);
      } else if (t > 1) {
        t = 1;
        s = clamp01((b - c) / a);
      }
    }
  }
  let d2sum = 0;
  for (let k = 0; k < 3; k++) {
    const v = p0[k] + d1[k] * s - (q0[k] + d2[k] * t);
    d2sum += v * v;
  }
  return d2sum;
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

const lmIdx = (...names: string[]): number[] => names.map((n) => LANDMARK_NAMES.indexOf(n));

/**
 * Body capsules of a posed skeleton (SMPL joint positions 24 × 3 and rotations 24 × 9, body frame).
 * Radii are for an average adult: torso as two side-by-side capsules (it is wider than deep), head as
 * skull and jaw capsules turned with the head, limbs thinning toward the hands and feet.
 */
export function bodyCapsules(positions: ArrayLike<number>, rotations: ArrayLike<number>): Capsule[] {
  const P = (name: string): Vec3 => {
    const j = jointIndex(name);
    return [positions[j * 3], positions[j * 3 + 1], positions[j * 3 + 2]];
  };
  const mix = (a: Vec3, b: Vec3, t: number): Vec3 => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
  const head = jointIndex('head');
  const r = head * 9;
  const inHead = (off: readonly number[]): Vec3 => {
    const o: Vec3 = [0, 0, 0];
    for (let k = 0; k < 3; k++) o[k] = positions[head * 3 + k] + rotations[r + k * 3] * off[0] + rotations[r + k * 3 + 1] * off[1] + rotations[r + k * 3 + 2] * off[2];
    return o;
  };
  const pelvis = P('pelvis');
  const spine3 = P('spine3');
  const caps: Capsule[] = [];
  for (const side of ['left', 'right'] as const) {
    // Each half of the torso: from halfway to the hip joint up to halfway to the collar joint.
    // The torso half never hides its own side's hip and shoulder points, which lie on its surface
    // (the other half, the thighs and the arms still can).
    caps.push({
      a: mix(pelvis, P(`${side}_hip`), 0.5),
      b: mix(spine3, P(`${side}_collar`), 0.6),
      radius: 0.1,
      ignores: lmIdx(`${side}_hip`, `${side}_shoulder`),
    });
    caps.push({ a: P(`${side}_shoulder`), b: P(`${side}_elbow`), radius: 0.045, ignores: lmIdx(`${side}_shoulder`, `${side}_elbow`) });
    caps.push({
      a: P(`${side}_elbow`),
      b: P(`${side}_wrist`),
      radius: 0.038,
      ignores: lmIdx(`${side}_elbow`, `${side}_wrist`, `${side}_pinky`, `${side}_index`, `${side}_thumb`),
    });
    caps.push({ a: P(`${side}_hip`), b: P(`${side}_knee`), radius: 0.07, ignores: lmIdx(`${side}_hip`, `${side}_knee`) });
    caps.push({
      a: P(`${side}_knee`),
      b: P(`${side}_ankle`),
      radius: 0.05,
      ignores: lmIdx(`${side}_knee`, `${side}_ankle`, `${side}_heel`, `${side}_foot_index`),
    });
  }
  // Head: the skull as a capsule running front to back (the head is deeper than wide, and the ears
  // must stay outside it), and a smaller one for the jaw so the mouth hides from behind.
  caps.push({ a: inHead([0, 0.05, -0.035]), b: inHead([0, 0.05, 0.035]), radius: 0.068, ignores: [] });
  caps.push({ a: inHead([0, -0.02, -0.01]), b: inHead([0, -0.02, 0.04]), radius: 0.05, ignores: [] });
  return caps;
}

/**
 * For each of the 33 landmarks (body frame), 1 if a capsule hides it from a camera at `eye` (body frame),
 * else 0.
 */
export function selfOccluded(landmarks: ArrayLike<number>, capsules: readonly Capsule[], eye: ArrayLike<number>, margin = OCCLUSION_MARGIN): Uint8Array {
  const out = new Uint8Array(NUM_LANDMARKS);
  const end: Vec3 = [0, 0, 0];
  for (let i = 0; i < NUM_LANDMARKS; i++) {
    const d = [landmarks[i * 3] - eye[0], landmarks[i * 3 + 1] - eye[1], landmarks[i * 3 + 2] - eye[2]];
    const len = Math.hypot(d[0], d[1], d[2]);
    if (len <= margin) continue;
    const t = (len - margin) / len;
    for (let k = 0; k < 3; k++) end[k] = eye[k] + d[k] * t;
    for (const c of capsules) {
      if (c.ignores.includes(i)) continue;
      if (segmentSegmentDistance2(eye, end, c.a, c.b) < c.radius * c.radius) {
        out[i] = 1;
        break;
      }
    }
  }
  return out;
}
