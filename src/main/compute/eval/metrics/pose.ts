/**
 * Pose errors: MPJPE and PA-MPJPE.
 *
 * Joint set: the 22 SMPL body joints (pelvis + 21, SMPL order, see JOINT_NAMES in src/shared/body)
 * produced by OUR skeleton's forward kinematics (SMPL neutral template, betas = 0). Published 3DPW /
 * Human3.6M numbers use 14 joints regressed from the SMPL mesh by the Human3.6M regressor, so values
 * from this module are NOT comparable to papers' tables; always report them as "22 SMPL body joints".
 *
 * Units: joint positions in metres; `mpjpe`, `paMpjpe` and `procrustesAlign` return the input's units
 * (metres), the *Mm functions millimetres. Computation is in doubles whatever the input type.
 */
import { NUM_BODY_JOINTS, NUM_JOINTS, jointPositions, poseStride } from '../../../../shared/body';
import { det3, svd3 } from './svd3';

export const M_TO_MM = 1000;

export interface MpjpeOptions {
  /** Subtract the root (joint 0, the pelvis) from both sets before measuring. Default true. */
  rootAlign?: boolean;
}

function checkPair(pred: ArrayLike<number>, gt: ArrayLike<number>, what: string): number {
  const n = pred.length / 3;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${what}: joints must be a non-empty n × 3 flat array, got length ${pred.length}`);
  if (gt.length !== pred.length) throw new RangeError(`${what}: pred has ${pred.length} numbers, gt ${gt.length}`);
  return n;
}

/**
 * Mean per-joint position error: (1/n) Σ_j ‖p_j − g_j‖, after subtracting joint 0 from each set when
 * rootAlign (default). pred and gt are n × 3 flat arrays (same joint order); result in their units.
 */
export function mpjpe(pred: ArrayLike<number>, gt: ArrayLike<number>, options: MpjpeOptions = {}): number {
  const n = checkPair(pred, gt, 'mpjpe');
  const align = options.rootAlign ?? true;
  const ox = align ? pred[0] - gt[0] : 0;
  const oy = align ? pred[1] - gt[1] : 0;
  const oz = align ? pred[2] - gt[2] : 0;
  let sum = 0;
  for (let j = 0; j < n; j++) {
    const o = j * 3;
    sum += Math.hypot(pred[o] - gt[o] - ox, pred[o + 1] - gt[o + 1] - oy, pred[o + 2] - gt[o + 2] - oz);
  }
  return sum / n;
}

export interface ProcrustesResult {
  /** pred mapped onto gt: s·R·p + t, n × 3 */
  aligned: Float64Array;
  /** row-major 3 × 3 proper rotation (det +1) */
  rotation: Float64Array;
  scale: number;
  translation: [number, number, number];
}

/**
 * Similarity Procrustes fit of pred onto gt (minimises Σ ‖s·R·p_j + t − g_j‖² over rotations R,
 * scale s and translation t), exactly as the reference writes it:
 *   μ1, μ2 = means of pred, gt;  X1, X2 = centred sets as 3 × n;
 *   K = X1·X2ᵀ;  SVD K = U S Vᵀ;  Z = diag(1, 1, sign det(U Vᵀ));  R = V Z Uᵀ;
 *   s = trace(R K) / ‖X1‖²_F;  t = μ2 − s·R·μ1.
 * Z is the reflection fix: R is always a proper rotation, so a mirrored or point-reflected prediction
 * is never "aligned" by turning it inside out. sign(0) is taken as +1.
 * Degenerate input: if pred's points all coincide (‖X1‖ = 0) there is nothing to rotate or scale; the
 * result is R = I, s = 1, every point mapped to μ2.
 */
export function procrustesAlign(pred: ArrayLike<number>, gt: ArrayLike<number>): ProcrustesResult {
  const n = checkPair(pred, gt, 'procrustesAlign');
  const m1 = [0, 0, 0];
  const m2 = [0, 0, 0];
  for (let j = 0; j < n; j++) for (let c = 0; c < 3; c++) {
    m1[c] += pred[j * 3 + c];
    m2[c] += gt[j * 3 + c];
  }
  for (let c = 0; c < 3; c++) {
    m1[c] /= n;
    m2[c] /= n;
  }
  // K[r][c] = Σ_j x1_j[r]·x2_j[c]
  const K = new Float64Array(9);
  let norm1 = 0;
  for (let j = 0; j < n; j++) {
    const x0 = pred[j * 3] - m1[0], x1 = pred[j * 3 + 1] - m1[1], x2 = pred[j * 3 + 2] - m1[2];
    const y0 = gt[j * 3] - m2[0], y1 = gt[j * 3 + 1] - m2[1], y2 = gt[j * 3 + 2] - m2[2];
    K[0] += x0 * y0; K[1] += x0 * y1; K[2] += x0 * y2;
    K[3] += x1 * y0; K[4] += x1 * y1; K[5] += x1 * y2;
    K[6] += x2 * y0; K[7] += x2 * y1; K[8] += x2 * y2;
    norm1 += x0 * x0 + x1 * x1 + x2 * x2;
  }
  const R = new Float64Array(9);
  let scale = 1;
  if (norm1 > 0) {
    const { u, v } = svd3(K);
    const z = det3(u) * det3(v) < 0 ? -1 : 1; // det(U Vᵀ) = det U · det V
    // R = V·Z·Uᵀ: R[r][c] = Σ_k V[r][k]·Z[k]·U[c][k]
    for (let r = 0; r < 3; r++)
      for (let c = 0; c < 3; c++) R[r * 3 + c] = v[r * 3] * u[c * 3] + v[r * 3 + 1] * u[c * 3 + 1] + z * v[r * 3 + 2] * u[c * 3 + 2];
    let traceRK = 0;
    for (let r = 0; r < 3; r++) for (let k = 0; k < 3; k++) traceRK += R[r * 3 + k] * K[k * 3 + r];
    scale = traceRK / norm1;
  } else {
    R[0] = R[4] = R[8] = 1;
  }
  const translation: [number, number, number] = [0, 0, 0];
  for (let r = 0; r < 3; r++) translation[r] = m2[r] - scale * (R[r * 3] * m1[0] + R[r * 3 + 1] * m1[1] + R[r * 3 + 2] * m1[2]);
  const aligned = new Float64Array(n * 3);
  for (let j = 0; j < n; j++) {
    const p0 = pred[j * 3], p1 = pred[j * 3 + 1], p2 = pred[j * 3 + 2];
    for (let r = 0; r < 3; r++) aligned[j * 3 + r] = scale * (R[r * 3] * p0 + R[r * 3 + 1] * p1 + R[r * 3 + 2] * p2) + translation[r];
  }
  return { aligned, rotation: R, scale, translation };
}

/** MPJPE after the similarity Procrustes fit of pred onto gt (no root alignment: the fit subsumes it). Input units. */
export function paMpjpe(pred: ArrayLike<number>, gt: ArrayLike<number>): number {
  return mpjpe(procrustesAlign(pred, gt).aligned, gt, { rootAlign: false });
}

/**
 * The 22 body joints (n × 22 × 3, metres) of n SMPL poses (n × 66, or n × 72 whose hand rotations
 * then move nothing measured) by our skeleton's forward kinematics. The pelvis sits at the rest
 * pelvis: a pose vector carries no translation.
 */
export function bodyJoints(poses: ArrayLike<number>, n: number): Float32Array {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`pose count must be a positive integer, got ${n}`);
  poseStride(poses.length, n); // throws unless n × 66 or n × 72
  const all = jointPositions(poses, n);
  const out = new Float32Array(n * NUM_BODY_JOINTS * 3);
  for (let b = 0; b < n; b++) out.set(all.subarray(b * NUM_JOINTS * 3, b * NUM_JOINTS * 3 + NUM_BODY_JOINTS * 3), b * NUM_BODY_JOINTS * 3);
  return out;
}

export interface PoseErrors {
  /** per pose, root-aligned MPJPE, mm */
  mpjpe: Float64Array;
  /** per pose, PA-MPJPE, mm */
  paMpjpe: Float64Array;
  /** means over the n poses, mm */
  mean: { mpjpe: number; paMpjpe: number };
}

/**
 * MPJPE (root-aligned) and PA-MPJPE in millimetres of n predicted SMPL body poses against n
 * ground-truth ones (both n × 66 axis-angle, radians), on the 22 FK body joints.
 */
export function poseErrorsMm(pred66: ArrayLike<number>, gt66: ArrayLike<number>, n: number): PoseErrors {
  if (pred66.length !== gt66.length) throw new RangeError(`pred has ${pred66.length} numbers, gt ${gt66.length}`);
  const jp = bodyJoints(pred66, n);
  const jg = bodyJoints(gt66, n);
  const size = NUM_BODY_JOINTS * 3;
  const e = new Float64Array(n);
  const pa = new Float64Array(n);
  let se = 0, spa = 0;
  for (let b = 0; b < n; b++) {
    const p = jp.subarray(b * size, (b + 1) * size);
    const g = jg.subarray(b * size, (b + 1) * size);
    e[b] = mpjpe(p, g) * M_TO_MM;
    pa[b] = paMpjpe(p, g) * M_TO_MM;
    se += e[b];
    spa += pa[b];
  }
  return { mpjpe: e, paMpjpe: pa, mean: { mpjpe: se / n, paMpjpe: spa / n } };
}
