import { JOINT_NAMES, NUM_JOINTS, PARENTS, REST_JOINTS, axisAngleToMatrix, poseTo66, poseTo72 } from '../body';

/**
 * One pose as a one-frame BVH file (Blender, Maya, MotionBuilder).
 *
 * The hierarchy is the SMPL skeleton, all 24 joints. SMPL's rest frames are aligned with the world, so a
 * joint's axis-angle (in its parent's frame) is exactly the BVH local rotation, and BVH's
 *   world_R[j] = world_R[parent]·R_local[j],  pos[j] = pos[parent] + world_R[parent]·OFFSET[j]
 * is SMPL's forward kinematics with OFFSET = rest[j] − rest[parent]. Units are centimetres (what the
 * common importers assume); Y is up. The ROOT OFFSET is zero and its position channels carry the pelvis
 * rest position, so readers that treat root positions as absolute and readers that add them to the
 * OFFSET agree. Rotation channels are `Zrotation Xrotation Yrotation`: R_local = Rz(z)·Rx(x)·Ry(y).
 */

const CM = 100;
const ROTATION_CHANNELS = 'Zrotation Xrotation Yrotation';
const DEG = 180 / Math.PI;

/** End-site lengths (cm) along the last bone: the top of the head, the toes, the fingertips. */
const END_SITE_CM: Readonly<Record<string, number>> = { head: 12, left_foot: 5, right_foot: 5, left_hand: 9, right_hand: 9 };
const DEFAULT_END_SITE_CM = 5;

export interface BvhOptions {
  /** Seconds per frame written to `Frame Time` (default 1/30). */
  frameTime?: number;
  /** Rest joints, 24 × 3 metres (default REST_JOINTS). */
  rest?: ArrayLike<number>;
}

/**
 * Z-X-Y Euler angles (radians) of a rotation matrix R = Rz(z)·Rx(x)·Ry(y), x in [−π/2, π/2].
 * R = [[cz·cy − sz·sx·sy, −sz·cx, cz·sy + sz·sx·cy], [sz·cy + cz·sx·sy, cz·cx, sz·sy − cz·sx·cy], [−cx·sy, sx, cx·cy]].
 * At the gimbal edge (cx ≈ 0) only z ± y is defined; y is then taken as 0 and z absorbs the rest.
 */
export function matrixToEulerZXY(m: ArrayLike<number>, off = 0): [number, number, number] {
  const r01 = m[off + 1], r11 = m[off + 4], r21 = m[off + 7];
  const cx = Math.hypot(r01, r11);
  const x = Math.atan2(r21, cx);
  if (cx > 1e-9) {
    return [Math.atan2(-r01, r11), x, Math.atan2(-m[off + 6], m[off + 8])];
  }
  // sy = 0, cy = 1 leaves R00 = cz, R10 = sz.
  return [Math.atan2(m[off + 3], m[off]), x, 0];
}

/** R = Rz(z)·Rx(x)·Ry(y), row-major; the inverse of matrixToEulerZXY. */
export function eulerZXYToMatrix(z: number, x: number, y: number, out: number[] | Float64Array = new Float64Array(9)) {
  const cz = Math.cos(z), sz = Math.sin(z), cx = Math.cos(x), sx = Math.sin(x), cy = Math.cos(y), sy = Math.sin(y);
  out[0] = cz * cy - sz * sx * sy;
  out[1] = -sz * cx;
  out[2] = cz * sy + sz * sx * cy;
  out[3] = sz * cy + cz * sx * sy;
  out[4] = cz * cx;
  out[5] = sz * sy - cz * sx * cy;
  out[6] = -cx * sy;
  out[7] = sx;
  out[8] = cx * cy;
  return out;
}

const CHILDREN: readonly (readonly number[])[] = Array.from({ length: NUM_JOINTS }, (_, j) =>
  PARENTS.flatMap((p, c) => (p === j ? [c] : [])),
);

/** Joints in the order a BVH hierarchy lists them (depth first from the pelvis), which is also the MOTION order. */
export const BVH_JOINT_ORDER: readonly number[] = Object.freeze(
  (function walk(j: number): number[] {
    return [j, ...CHILDREN[j].flatMap(walk)];
  })(0),
);

const num = (v: number, digits: number) => {
  const s = v.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s; // no "-0.000000"
};

export function poseToBvh(pose: ArrayLike<number>, opts: BvhOptions = {}): string {
  const rest = opts.rest ?? REST_JOINTS;
  const frameTime = opts.frameTime ?? 1 / 30;
  if (!(frameTime > 0) || !Number.isFinite(frameTime)) throw new RangeError(`frameTime must be a positive number, got ${frameTime}`);
  // As in every export, SMPL's hand joints are written at the identity.
  const full = poseTo72(poseTo66(pose, 1), 1);
  const lines: string[] = ['HIERARCHY'];
  const offset = (j: number) => {
    const p = PARENTS[j];
    if (p < 0) return [0, 0, 0];
    return [0, 1, 2].map((k) => (rest[j * 3 + k] - rest[p * 3 + k]) * CM);
  };
  const write = (j: number, depth: number) => {
    const pad = '  '.repeat(depth);
    lines.push(`${pad}${j === 0 ? 'ROOT' : 'JOINT'} ${JOINT_NAMES[j]}`, `${pad}{`);
    lines.push(`${pad}  OFFSET ${offset(j).map((v) => num(v, 6)).join(' ')}`);
    lines.push(
      `${pad}  CHANNELS ${j === 0 ? `6 Xposition Yposition Zposition ${ROTATION_CHANNELS}` : `3 ${ROTATION_CHANNELS}`}`,
    );
    if (CHILDREN[j].length === 0) {
      const p = PARENTS[j];
      const bone = [0, 1, 2].map((k) => rest[j * 3 + k] - rest[p * 3 + k]);
      const len = Math.hypot(bone[0], bone[1], bone[2]) || 1;
      const endLen = END_SITE_CM[JOINT_NAMES[j]] ?? DEFAULT_END_SITE_CM;
      lines.push(`${pad}  End Site`, `${pad}  {`);
      lines.push(`${pad}    OFFSET ${bone.map((v) => num((v / len) * endLen, 6)).join(' ')}`);
      lines.push(`${pad}  }`);
    }
    for (const c of CHILDREN[j]) write(c, depth + 1);
    lines.push(`${pad}}`);
  };
  write(0, 0);

  const m = new Float64Array(9);
  const frame: string[] = [0, 1, 2].map((k) => num(rest[k] * CM, 6));
  for (const j of BVH_JOINT_ORDER) {
    axisAngleToMatrix(full, m, j * 3, 0);
    const [z, x, y] = matrixToEulerZXY(m);
    frame.push(num(z * DEG, 6), num(x * DEG, 6), num(y * DEG, 6));
  }
  lines.push('MOTION', 'Frames: 1', `Frame Time: ${num(frameTime, 6)}`, frame.join(' '));
  return lines.join('\n') + '\n';
}
