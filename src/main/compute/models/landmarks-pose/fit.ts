/**
 * Refinement of a pose against BlazePose world (and optionally image) landmarks: Levenberg–Marquardt on the 66 SMPL axis-angle numbers so
 * that the landmarks the data engine places on the posed skeleton (landmarksFromJoints: the same map that made the
 * policy's training landmarks) match the observed ones, up to a scale for the person's size. A Gaussian prior —
 * the policy's μ and per-joint Σ — keeps joints the landmarks cannot see (spine twist, the head's roll) where the
 * policy put them, and every step is clamped into the joint limits.
 */
import { NUM_BODY_JOINTS, POSE_SIZE_BODY, forwardKinematics } from '../../../../shared/body';
import { landmarksFromJoints } from '../../data/landmarks/fromPose';
import { LM, NUM_LANDMARKS } from '../../data/landmarks/names';
import { projectToLimits } from '../../data/variation';
import type { BlockCholesky } from '../policy/gaussian-ref';
import { estimateCamera, reprojectionResiduals, solvePlacement } from './camera';
import { solveSpd } from './linear';

/**
 * How much each landmark counts: limbs and hips fully; the face and hand points, which the skeleton places only
 * roughly (fixed offsets from the head and wrist joints), a quarter.
 */
export const FIT_WEIGHTS: readonly number[] = Object.freeze(
  Array.from({ length: NUM_LANDMARKS }, (_, i) => (i <= 10 || (i >= 17 && i <= 22) ? 0.25 : 1)),
);

/**
 * Limb segments whose directions are fitted besides the landmark positions. Directions do not depend on bone
 * lengths, and BlazePose's bones are not SMPL's (its thigh is as long as its shin, SMPL's 6% shorter): with positions
 * alone a bent knee fitted onto a longer thigh comes out bent less than it is seen.
 */
export const FIT_SEGMENTS: readonly (readonly [number, number])[] = Object.freeze([
  [LM.leftShoulder, LM.leftElbow],
  [LM.leftElbow, LM.leftWrist],
  [LM.rightShoulder, LM.rightElbow],
  [LM.rightElbow, LM.rightWrist],
  [LM.leftHip, LM.leftKnee],
  [LM.leftKnee, LM.leftAnkle],
  [LM.rightHip, LM.rightKnee],
  [LM.rightKnee, LM.rightAnkle],
  [LM.leftAnkle, 31],
  [LM.rightAnkle, 32],
  [LM.rightShoulder, LM.leftShoulder],
  [LM.rightHip, LM.leftHip],
] as const);

export interface PosePrior {
  mu: ArrayLike<number>;
  chol: BlockCholesky;
  /** Multiplies the prior's squared Mahalanobis distance. */
  weight: number;
}

export interface FitOptions {
  iterations?: number;
  /** Per-landmark weights (33); default FIT_WEIGHTS. */
  weights?: ArrayLike<number>;
  /** Landmark noise the residuals are divided by, metres (sets the balance with the prior). */
  landmarkSigma?: number;
  /** Noise of a segment's unit direction (≈ radians) for FIT_SEGMENTS; 0 leaves directions out. */
  directionSigma?: number;
  prior?: PosePrior;
  /**
   * BlazePose's image landmarks (33 × 3 pixels) and the frame's size, fitted besides the world landmarks through the
   * pinhole camera that best relates the two (camera.ts). The image landmarks are the model's most accurate output
   * (Google's own check allows 15 px for them but 0.2 m for the world landmarks).
   */
  image?: { points: ArrayLike<number>; width: number; height: number };
  /** Noise of an image landmark, metres at the person's depth (default 0.015). */
  imageSigma?: number;
}

export interface FitResult {
  pose: Float32Array;
  /** Size of the observed person relative to the SMPL skeleton. */
  scale: number;
  /** Weighted RMS landmark distance (metres) at the start and at the end. */
  rmsBefore: number;
  rmsAfter: number;
  iterations: number;
}

/** BlazePose world landmarks (x right, y down, z away from the camera) in our body frame (Y up, facing +Z). */
export function worldToBodyFrame(world: ArrayLike<number>): Float64Array {
  if (world.length !== NUM_LANDMARKS * 3) throw new RangeError(`need 33 × 3 world landmarks, got ${world.length}`);
  const out = new Float64Array(NUM_LANDMARKS * 3);
  for (let i = 0; i < NUM_LANDMARKS; i++) {
    out[i * 3] = world[i * 3]!;
    out[i * 3 + 1] = -world[i * 3 + 1]!;
    out[i * 3 + 2] = -world[i * 3 + 2]!;
  }
  return centreOnHips(out);
}

/** Body-frame points (Y up, facing +Z) scaled into the camera's orientation (x right, y down, z away). */
function bodyToCamera(p: Float64Array, scale: number): Float64Array {
  const q = new Float64Array(p.length);
  for (let i = 0; i < p.length; i += 3) {
    q[i] = scale * p[i]!;
    q[i + 1] = -scale * p[i + 1]!;
    q[i + 2] = -scale * p[i + 2]!;
  }
  return q;
}

/** The camera relating the observed world and image landmarks, and where it puts the observed person. */
function imageTerm(o: NonNullable<FitOptions['image']>, target: Float64Array, w: ArrayLike<number>) {
  if (o.points.length !== NUM_LANDMARKS * 3) throw new RangeError(`need 33 × 3 image landmarks, got ${o.points.length}`);
  const seen = bodyToCamera(target, 1);
  const camera = estimateCamera(seen, o.points, w, o.width, o.height);
  const placement = solvePlacement(seen, o.points, w, camera) ?? { t: [0, 0, (2 * camera.f) / Math.max(o.width, o.height)] as [number, number, number] };
  return { points: o.points, camera, placement };
}

function centreOnHips(p: Float64Array): Float64Array {
  const c = [0, 1, 2].map((k) => 0.5 * (p[LM.leftHip * 3 + k]! + p[LM.rightHip * 3 + k]!));
  for (let i = 0; i < p.length; i++) p[i]! -= c[i % 3]!;
  return p;
}

const fkOut = { positions: new Float32Array(24 * 3), rotations: new Float32Array(24 * 9) };
const lmOut = new Float32Array(NUM_LANDMARKS * 3);

/** The pose's 33 landmarks in the body frame about their hip midpoint. */
export function poseLandmarks(pose: ArrayLike<number>): Float64Array {
  forwardKinematics(pose, 1, fkOut);
  landmarksFromJoints(fkOut.positions, fkOut.rotations, lmOut);
  return centreOnHips(Float64Array.from(lmOut));
}

/** Unit vectors along each segment, 3 numbers a segment. */
function directions(p: Float64Array, segments: readonly (readonly [number, number])[]): Float64Array {
  const out = new Float64Array(segments.length * 3);
  segments.forEach(([a, b], s) => {
    const dx = p[b * 3]! - p[a * 3]!, dy = p[b * 3 + 1]! - p[a * 3 + 1]!, dz = p[b * 3 + 2]! - p[a * 3 + 2]!;
    const n = Math.hypot(dx, dy, dz) || 1;
    out[s * 3] = dx / n;
    out[s * 3 + 1] = dy / n;
    out[s * 3 + 2] = dz / n;
  });
  return out;
}

/** The least-squares scale s minimising Σ w·|s·p − t|². */
function bestScale(p: Float64Array, t: Float64Array, w: ArrayLike<number>): number {
  let num = 0, den = 0;
  for (let i = 0; i < NUM_LANDMARKS; i++) {
    for (let k = 0; k < 3; k++) {
      num += w[i]! * p[i * 3 + k]! * t[i * 3 + k]!;
      den += w[i]! * p[i * 3 + k]! ** 2;
    }
  }
  return den > 0 ? Math.min(1.4, Math.max(0.7, num / den)) : 1;
}

/** The prior's whitened residual L⁻¹(θ − μ) per joint (forward substitution in each 3 × 3 block). */
function priorResidual(pose: ArrayLike<number>, prior: PosePrior, out: Float64Array, off: number): void {
  const { diag, off: lo } = prior.chol;
  const sw = Math.sqrt(prior.weight);
  for (let j = 0; j < NUM_BODY_JOINTS; j++) {
    const d0 = pose[j * 3]! - prior.mu[j * 3]!;
    const d1 = pose[j * 3 + 1]! - prior.mu[j * 3 + 1]!;
    const d2 = pose[j * 3 + 2]! - prior.mu[j * 3 + 2]!;
    const z0 = d0 / diag[j * 3]!;
    const z1 = (d1 - lo[j * 3]! * z0) / diag[j * 3 + 1]!;
    const z2 = (d2 - lo[j * 3 + 1]! * z0 - lo[j * 3 + 2]! * z1) / diag[j * 3 + 2]!;
    out[off + j * 3] = sw * z0;
    out[off + j * 3 + 1] = sw * z1;
    out[off + j * 3 + 2] = sw * z2;
  }
}

/**
 * How well a pose explains observed world landmarks without changing it: the weighted RMS landmark distance
 * (metres) after the best person scale, as the fit measures it. Reads only the observation, so it can rank a
 * model's candidate poses without the ground truth.
 */
export function landmarkRms(world: ArrayLike<number>, pose: ArrayLike<number>, weights: ArrayLike<number> = FIT_WEIGHTS): number {
  const target = worldToBodyFrame(world);
  const p = poseLandmarks(pose);
  return weightedRms(p, target, bestScale(p, target, weights), weights);
}

function weightedRms(p: Float64Array, target: Float64Array, scale: number, w: ArrayLike<number>): number {
  let s = 0, ws = 0;
  for (let i = 0; i < NUM_LANDMARKS; i++) {
    const d2 = (scale * p[i * 3]! - target[i * 3]!) ** 2 + (scale * p[i * 3 + 1]! - target[i * 3 + 1]!) ** 2 + (scale * p[i * 3 + 2]! - target[i * 3 + 2]!) ** 2;
    s += w[i]! * d2;
    ws += w[i]!;
  }
  return Math.sqrt(s / ws);
}

/** Fits `start` (66 axis-angle numbers) to BlazePose world landmarks (33 × 3 metres), and its image landmarks when given. */
export function fitPoseToWorldLandmarks(world: ArrayLike<number>, start: ArrayLike<number>, o: FitOptions = {}): FitResult {
  if (start.length !== POSE_SIZE_BODY) throw new RangeError(`start pose must hold ${POSE_SIZE_BODY} numbers, got ${start.length}`);
  const target = worldToBodyFrame(world);
  const w = o.weights ?? FIT_WEIGHTS;
  const sigma = o.landmarkSigma ?? 0.03;
  const dirSigma = o.directionSigma ?? 0.05;
  const segments = dirSigma > 0 ? FIT_SEGMENTS : [];
  const nLm = NUM_LANDMARKS * 3;
  const nDir = segments.length * 3;
  const image = o.image ? imageTerm(o.image, target, w) : null;
  const nImg = image ? NUM_LANDMARKS * 2 : 0;
  const nRes = nLm + nDir + nImg + (o.prior ? POSE_SIZE_BODY : 0);
  const sqrtW = Float64Array.from({ length: NUM_LANDMARKS }, (_, i) => Math.sqrt(w[i]!) / sigma);
  const imageSigma = o.imageSigma ?? 0.015;
  const sqrtWImg = Float64Array.from({ length: NUM_LANDMARKS }, (_, i) => Math.sqrt(w[i]!) / imageSigma);
  const targetDirs = directions(target, segments);

  const residual = (pose: ArrayLike<number>, scale: number, out: Float64Array): void => {
    const p = poseLandmarks(pose);
    for (let i = 0; i < nLm; i++) out[i] = sqrtW[(i / 3) | 0]! * (scale * p[i]! - target[i]!);
    const d = directions(p, segments);
    for (let i = 0; i < nDir; i++) out[nLm + i] = (d[i]! - targetDirs[i]!) / dirSigma;
    if (image) {
      const q = bodyToCamera(p, scale);
      reprojectionResiduals(q, image.points, image.camera, solvePlacement(q, image.points, w, image.camera) ?? image.placement, out, nLm + nDir);
      for (let i = 0; i < nImg; i++) out[nLm + nDir + i]! *= sqrtWImg[i >> 1]!;
    }
    if (o.prior) priorResidual(pose, o.prior, out, nLm + nDir + nImg);
  };
  const sumSq = (r: Float64Array): number => r.reduce((s, v) => s + v * v, 0);
  const rmsAt = (pose: ArrayLike<number>, scale: number): number => weightedRms(poseLandmarks(pose), target, scale, w);

  let pose = projectToLimits(Float32Array.from(start));
  let scale = bestScale(poseLandmarks(pose), target, w);
  const rmsBefore = rmsAt(pose, scale);
  const r = new Float64Array(nRes);
  const rh = new Float64Array(nRes);
  const J = new Float64Array(nRes * POSE_SIZE_BODY);
  const JtJ = new Float64Array(POSE_SIZE_BODY * POSE_SIZE_BODY);
  const Jtr = new Float64Array(POSE_SIZE_BODY);
  const h = 1e-4;
  let damping = 1e-2;
  const iterations = o.iterations ?? 40;
  let it = 0;
  for (; it < iterations; it++) {
    scale = bestScale(poseLandmarks(pose), target, w);
    residual(pose, scale, r);
    const cost = sumSq(r);
    // Forward differences: the FK map is cheap (≈ 5 µs), 66 evaluations per iteration.
    const probe = Float64Array.from(pose);
    for (let q = 0; q < POSE_SIZE_BODY; q++) {
      const keep = probe[q]!;
      probe[q] = keep + h;
      residual(probe, scale, rh);
      probe[q] = keep;
      for (let i = 0; i < nRes; i++) J[i * POSE_SIZE_BODY + q] = (rh[i]! - r[i]!) / h;
    }
    JtJ.fill(0);
    Jtr.fill(0);
    for (let i = 0; i < nRes; i++) {
      const row = i * POSE_SIZE_BODY;
      const ri = r[i]!;
      for (let a = 0; a < POSE_SIZE_BODY; a++) {
        const ja = J[row + a]!;
        if (ja === 0) continue;
        Jtr[a]! += ja * ri;
        for (let b = 0; b <= a; b++) JtJ[a * POSE_SIZE_BODY + b]! += ja * J[row + b]!;
      }
    }
    for (let a = 0; a < POSE_SIZE_BODY; a++) for (let b = 0; b < a; b++) JtJ[b * POSE_SIZE_BODY + a] = JtJ[a * POSE_SIZE_BODY + b]!;
    let improved = false;
    for (let attempt = 0; attempt < 8 && !improved; attempt++) {
      const A = Float64Array.from(JtJ);
      // Marquardt's scaling (plus a floor, for parameters the landmarks do not see at all).
      for (let a = 0; a < POSE_SIZE_BODY; a++) A[a * POSE_SIZE_BODY + a]! += damping * (JtJ[a * POSE_SIZE_BODY + a]! + 1e-3);
      const step = solveSpd(A, Jtr.map((v) => -v), POSE_SIZE_BODY);
      if (step) {
        const next = projectToLimits(Float32Array.from(pose, (v, q) => v + step[q]!));
        residual(next, scale, rh);
        if (sumSq(rh) < cost) {
          pose = next;
          damping = Math.max(1e-6, damping / 3);
          improved = true;
          break;
        }
      }
      damping *= 4;
    }
    if (!improved) break;
  }
  scale = bestScale(poseLandmarks(pose), target, w);
  return { pose, scale, rmsBefore, rmsAfter: rmsAt(pose, scale), iterations: it };
}
