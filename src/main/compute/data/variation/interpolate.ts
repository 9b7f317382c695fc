import { axisAngleToQuat, quatToAxisAngle } from '../../../../shared/body';

/**
 * Per-joint spherical interpolation between two poses: every joint's rotation (global orientation
 * included) goes along the shortest arc from a's to b's at constant angular speed. Interpolating
 * axis-angle numbers directly would not be a rotation path at all (and takes the long way round
 * for rotations near π).
 */

const qa = new Float64Array(4);
const qb = new Float64Array(4);
const qo = new Float64Array(4);

/**
 * Slerp between unit quaternions a and b ([w, x, y, z]) at t, written into out. The shorter of the
 * two arcs (b or −b) is taken; nearly equal rotations fall back to a normalised lerp.
 */
export function slerpQuat(a: ArrayLike<number>, b: ArrayLike<number>, t: number, out: Float64Array | Float32Array | number[]): void {
  let bw = b[0], bx = b[1], by = b[2], bz = b[3];
  let dot = a[0] * bw + a[1] * bx + a[2] * by + a[3] * bz;
  if (dot < 0) {
    dot = -dot;
    bw = -bw; bx = -bx; by = -by; bz = -bz;
  }
  let wa: number, wb: number;
  if (dot > 0.9995) {
    wa = 1 - t;
    wb = t;
  } else {
    const theta = Math.acos(Math.min(1, dot));
    const s = Math.sin(theta);
    wa = Math.sin((1 - t) * theta) / s;
    wb = Math.sin(t * theta) / s;
  }
  let w = wa * a[0] + wb * bw, x = wa * a[1] + wb * bx, y = wa * a[2] + wb * by, z = wa * a[3] + wb * bz;
  const n = Math.hypot(w, x, y, z) || 1;
  w /= n; x /= n; y /= n; z /= n;
  out[0] = w; out[1] = x; out[2] = y; out[3] = z;
}

/**
 * Pose between a and b (same length, 66 or 72 axis-angle numbers): t = 0 gives a, t = 1 gives b,
 * each joint rotated along its shortest arc. t outside [0, 1] extrapolates along the same arcs.
 * `weights` (one per joint, optional) scales t per joint, e.g. to blend only some limbs.
 */
export function interpolatePoses(a: ArrayLike<number>, b: ArrayLike<number>, t: number, weights?: ArrayLike<number>): Float32Array {
  if (a.length !== b.length || a.length % 3 !== 0) throw new RangeError(`poses must have the same length (got ${a.length} and ${b.length})`);
  if (!Number.isFinite(t)) throw new RangeError(`t must be finite, got ${t}`);
  const out = new Float32Array(a.length);
  for (let j = 0; j < a.length / 3; j++) {
    const tj = weights ? t * weights[j] : t;
    if (tj === 0) {
      out[j * 3] = a[j * 3]; out[j * 3 + 1] = a[j * 3 + 1]; out[j * 3 + 2] = a[j * 3 + 2];
      continue;
    }
    if (tj === 1) {
      out[j * 3] = b[j * 3]; out[j * 3 + 1] = b[j * 3 + 1]; out[j * 3 + 2] = b[j * 3 + 2];
      continue;
    }
    axisAngleToQuat(a, qa, j * 3, 0);
    axisAngleToQuat(b, qb, j * 3, 0);
    slerpQuat(qa, qb, tj, qo);
    quatToAxisAngle(qo, out, 0, j * 3);
  }
  return out;
}
