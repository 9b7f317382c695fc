/**
 * The pinhole camera that relates BlazePose's world landmarks to its image landmarks. The world landmarks are in the
 * camera's orientation (x right, y down, z away) about the hip midpoint, so the camera needs no rotation: only a
 * focal length, the principal point (taken at the image centre) and the hip midpoint's position in front of it.
 * Given the focal length, that position is the solution of a linear least-squares problem; the focal length itself
 * is the one of a log-spaced set that best reprojects the world landmarks.
 */
import { NUM_LANDMARKS } from '../../data/landmarks/names';

export interface PinholeCamera {
  /** Focal length, pixels. */
  f: number;
  cx: number;
  cy: number;
}

/** Where a set of points about the hip midpoint sits in front of the camera. */
export interface Placement {
  /** The hip midpoint's position in camera space, metres. */
  t: [number, number, number];
}

/**
 * Where the points (n × 3, camera orientation, about the hip midpoint) must sit in front of the camera for their
 * projections to fall on the image points (n × 3 pixels; z unused), in the algebraic least-squares sense:
 * f·(x + tx) − (u − cx)·(z + tz) = 0 and the same for y, linear in t. Null when the system is degenerate.
 */
export function solvePlacement(points: ArrayLike<number>, image: ArrayLike<number>, w: ArrayLike<number>, cam: PinholeCamera): Placement | null {
  // Normal equations for (tx, ty, tz).
  const A = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const b = [0, 0, 0];
  const n = Math.min(points.length, image.length) / 3;
  for (let i = 0; i < n; i++) {
    const wi = w[i]!;
    if (!(wi > 0)) continue;
    const x = points[i * 3]!, y = points[i * 3 + 1]!, z = points[i * 3 + 2]!;
    const a = image[i * 3]! - cam.cx, c = image[i * 3 + 1]! - cam.cy;
    // Row (f, 0, −a) · t = a·z − f·x
    accumulate(A, b, wi, [cam.f, 0, -a], a * z - cam.f * x);
    // Row (0, f, −c) · t = c·z − f·y
    accumulate(A, b, wi, [0, cam.f, -c], c * z - cam.f * y);
  }
  const t = solve3(A, b);
  return t && t[2] > 0 ? { t } : null;
}

function accumulate(A: number[], b: number[], w: number, row: readonly [number, number, number], rhs: number): void {
  for (let r = 0; r < 3; r++) {
    b[r]! += w * row[r]! * rhs;
    for (let c = 0; c < 3; c++) A[r * 3 + c]! += w * row[r]! * row[c]!;
  }
}

/** Cramer's rule for a 3 × 3 system; null when singular. */
function solve3(A: readonly number[], b: readonly number[]): [number, number, number] | null {
  const det = (m: readonly number[]) =>
    m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) - m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) + m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!);
  const d = det(A);
  if (!(Math.abs(d) > 1e-12)) return null;
  const col = (k: number) => A.map((v, i) => (i % 3 === k ? b[(i / 3) | 0]! : v));
  return [det(col(0)) / d, det(col(1)) / d, det(col(2)) / d];
}

/**
 * Reprojection residuals (33 × 2) of camera-space points placed at `p.t`, in metres at each point's depth
 * (pixels × depth / f), so they weigh like the world landmarks' residuals.
 */
export function reprojectionResiduals(points: ArrayLike<number>, image: ArrayLike<number>, cam: PinholeCamera, p: Placement, out: Float64Array, off = 0): void {
  for (let i = 0; i < NUM_LANDMARKS; i++) {
    const z = Math.max(1e-3, points[i * 3 + 2]! + p.t[2]);
    const u = (cam.f * (points[i * 3]! + p.t[0])) / z + cam.cx;
    const v = (cam.f * (points[i * 3 + 1]! + p.t[1])) / z + cam.cy;
    out[off + i * 2] = ((u - image[i * 3]!) * z) / cam.f;
    out[off + i * 2 + 1] = ((v - image[i * 3 + 1]!) * z) / cam.f;
  }
}

/** Weighted RMS reprojection error, metres at depth, of points placed by solvePlacement; Infinity when none fits. */
export function reprojectionRms(points: ArrayLike<number>, image: ArrayLike<number>, w: ArrayLike<number>, cam: PinholeCamera): number {
  const p = solvePlacement(points, image, w, cam);
  if (!p) return Infinity;
  const r = new Float64Array(NUM_LANDMARKS * 2);
  reprojectionResiduals(points, image, cam, p, r);
  let s = 0, ws = 0;
  for (let i = 0; i < NUM_LANDMARKS; i++) {
    s += w[i]! * (r[i * 2]! ** 2 + r[i * 2 + 1]! ** 2);
    ws += w[i]!;
  }
  return Math.sqrt(s / ws);
}

/**
 * The camera that best explains the image landmarks from the world landmarks (both 33 × 3; world in camera
 * orientation, metres): focal lengths from 0.4 to 8 times the image's long side (fields of view of about 130° to
 * 7°), 48 log-spaced values, principal point at the centre.
 */
export function estimateCamera(world: ArrayLike<number>, image: ArrayLike<number>, w: ArrayLike<number>, width: number, height: number): PinholeCamera {
  const side = Math.max(width, height);
  let best: PinholeCamera = { f: 2 * side, cx: width / 2, cy: height / 2 };
  let bestRms = Infinity;
  const steps = 48;
  for (let k = 0; k < steps; k++) {
    const cam = { f: side * 0.4 * Math.pow(20, k / (steps - 1)), cx: width / 2, cy: height / 2 };
    const rms = reprojectionRms(world, image, w, cam);
    if (rms < bestRms) {
      bestRms = rms;
      best = cam;
    }
  }
  return best;
}
