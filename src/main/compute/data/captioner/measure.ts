/**
 * Measures every elementary posecode of a pose into a flat Float64Array (one value per code, in
 * CODES order). The pose's heading is removed first; forward/side tilt stays. Forward kinematics
 * runs on the symmetrised rest skeleton so a mirrored pose measures as the exact mirror (the SMPL
 * template is asymmetric by millimetres, enough to flip a category sitting on a border).
 *
 * Hot path (called once per caption): scratch buffers are module-level and reused, the code table
 * is packed into typed arrays, and nothing is allocated per code.
 */
import { forwardKinematics, normalizeHeadingBatch, poseStride, symmetrizeRest } from '../../../../shared/body';
import { HAND_REACH, J, NUM_MEASURED_JOINTS } from './joints';
import { CODES, NUM_CODES } from './table';
import type { OperatorName } from './operators';

const DEG = 180 / Math.PI;
const REST = symmetrizeRest();

const OP_IDS: Record<OperatorName, number> = {
  angle: 0,
  distance: 1,
  x: 2,
  y: 3,
  z: 4,
  vaxis: 5,
  ground: 6,
  incline: 7,
  twist: 8,
  lean: 9,
  headIncline: 10,
  headTurn: 11,
  headTilt: 12,
};

const OPS = Int8Array.from(CODES.map((c) => OP_IDS[c.op]));
const JA = Int16Array.from(CODES.map((c) => c.joints[0]));
const JB = Int16Array.from(CODES.map((c) => c.joints[1]));
const JC = Int16Array.from(CODES.map((c) => c.joints[2]));
const OFFSET = Float64Array.from(CODES.map((c) => c.offset));

const pose72 = new Float32Array(72);
const pose66 = new Float32Array(66);
const positions = new Float32Array(72);
const rotations = new Float32Array(24 * 9);
const P = new Float64Array(NUM_MEASURED_JOINTS * 3);

/** Posed joints in the captioner's layout (see joints.ts), heading removed; written into P. */
function posedJoints(pose: ArrayLike<number>): void {
  const stride = poseStride(pose.length, 1);
  const buf = stride === 72 ? pose72 : pose66;
  for (let i = 0; i < stride; i++) buf[i] = pose[i];
  normalizeHeadingBatch(buf, 1, buf);
  forwardKinematics(buf, 1, { positions, rotations }, REST);
  for (let k = 0; k < 22 * 3; k++) P[k] = positions[k];
  for (let s = 0; s < 2; s++) {
    const w = (J.left_wrist + s) * 3;
    const e = (J.left_elbow + s) * 3;
    const h = (J.left_hand + s) * 3;
    const dx = P[w] - P[e], dy = P[w + 1] - P[e + 1], dz = P[w + 2] - P[e + 2];
    const len = Math.sqrt(dx * dx + dy * dy + dz * dz) || 1;
    const f = (0.5 * HAND_REACH) / len;
    P[h] = P[w] + dx * f;
    P[h + 1] = P[w + 1] + dy * f;
    P[h + 2] = P[w + 2] + dz * f;
  }
  const t = J.torso * 3;
  for (let a = 0; a < 3; a++) P[t + a] = (P[J.pelvis * 3 + a] + P[J.neck * 3 + a] + P[J.spine3 * 3 + a]) / 3;
}

function asinDeg(v: number): number {
  return Math.asin(v > 1 ? 1 : v < -1 ? -1 : v) * DEG;
}

/**
 * Values of all elementary posecodes of one pose (66 or 72 axis-angle numbers). Units: degrees
 * for angles and orientations, metres for distances and offsets. Writes into `out` when given
 * (length NUM_CODES) and returns it; the returned array is fresh otherwise.
 */
export function measureValues(pose: ArrayLike<number>, out?: Float64Array): Float64Array {
  const o = out ?? new Float64Array(NUM_CODES);
  posedJoints(pose);

  let minY = Infinity;
  for (let k = 0; k < 24; k++) if (P[k * 3 + 1] < minY) minY = P[k * 3 + 1];

  // Trunk direction (pelvis → mid-shoulder) and shoulder line (right → left shoulder).
  const ls = J.left_shoulder * 3, rs = J.right_shoulder * 3, pv = J.pelvis * 3;
  const tx = 0.5 * (P[ls] + P[rs]) - P[pv];
  const ty = 0.5 * (P[ls + 1] + P[rs + 1]) - P[pv + 1];
  const tz = 0.5 * (P[ls + 2] + P[rs + 2]) - P[pv + 2];
  const tn = Math.sqrt(tx * tx + ty * ty + tz * tz) || 1;
  const sx = P[ls] - P[rs], sy = P[ls + 1] - P[rs + 1], sz = P[ls + 2] - P[rs + 2];
  const sn = Math.sqrt(sx * sx + sy * sy + sz * sz) || 1;

  // Head relative to the top of the spine: R = R_spine3ᵀ·R_head; its up (column 1) and forward
  // (column 2) axes, expressed in the spine's frame.
  const s3 = J.spine3 * 9, hd = J.head * 9;
  let upx = 0, upz = 0, fwx = 0;
  for (let r = 0; r < 3; r++) {
    const hu = rotations[hd + r * 3 + 1];
    const hf = rotations[hd + r * 3 + 2];
    upx += rotations[s3 + r * 3] * hu;
    upz += rotations[s3 + r * 3 + 2] * hu;
    fwx += rotations[s3 + r * 3] * hf;
  }

  for (let i = 0; i < NUM_CODES; i++) {
    const a = JA[i] * 3, b = JB[i] * 3;
    switch (OPS[i]) {
      case 0: {
        const c = JC[i] * 3;
        const ux = P[a] - P[b], uy = P[a + 1] - P[b + 1], uz = P[a + 2] - P[b + 2];
        const vx = P[c] - P[b], vy = P[c + 1] - P[b + 1], vz = P[c + 2] - P[b + 2];
        const n = Math.sqrt((ux * ux + uy * uy + uz * uz) * (vx * vx + vy * vy + vz * vz)) || 1;
        const cos = (ux * vx + uy * vy + uz * vz) / n;
        o[i] = Math.acos(cos > 1 ? 1 : cos < -1 ? -1 : cos) * DEG;
        break;
      }
      case 1: {
        const dx = P[a] - P[b], dy = P[a + 1] - P[b + 1], dz = P[a + 2] - P[b + 2];
        o[i] = Math.sqrt(dx * dx + dy * dy + dz * dz);
        break;
      }
      case 2:
        o[i] = P[a] - P[b];
        break;
      case 3:
        o[i] = P[a + 1] - P[b + 1];
        break;
      case 4:
        o[i] = P[a + 2] - P[b + 2];
        break;
      case 5: {
        const dx = P[b] - P[a], dy = P[b + 1] - P[a + 1], dz = P[b + 2] - P[a + 2];
        const n = Math.sqrt(dx * dx + dy * dy + dz * dz) || 1;
        const cos = Math.abs(dy) / n;
        o[i] = Math.acos(cos > 1 ? 1 : cos) * DEG;
        break;
      }
      case 6:
        o[i] = P[a + 1] - minY - OFFSET[i];
        break;
      // Body orientation as angles out of the vertical plane (asin of a direction component):
      // unlike an angle measured inside the YZ / XZ plane, this stays defined when the trunk or
      // shoulder line is nearly perpendicular to that plane (lying on the side, for instance).
      case 7:
        o[i] = asinDeg(tz / tn); // + forward
        break;
      case 8:
        o[i] = asinDeg(-sz / sn); // + twisted to the body's left
        break;
      case 9:
        o[i] = asinDeg(tx / tn); // = 90° − angle(trunk, +x); + leaning left
        break;
      case 10:
        o[i] = asinDeg(upz); // + bowed forward
        break;
      case 11:
        o[i] = asinDeg(fwx); // + turned left
        break;
      case 12:
        o[i] = asinDeg(upx); // + tilted left
        break;
    }
  }
  return o;
}

/** A copy of the measured joints of the last measureValues call (for tests and debugging). */
export function lastMeasuredJoints(): Float64Array {
  return Float64Array.from(P);
}
