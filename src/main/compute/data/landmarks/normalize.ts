import { LM, NUM_LANDMARKS } from './names';

export interface NormalizeOptions {
  /** input x, y are fractions of the width and height and z a fraction of the width (BlazePose's own output) instead of pixels */
  normalizedInput?: boolean;
  /** 33 numbers; landmarks with 0 are missing: left out of the centre and scale, and written as 0 */
  mask?: ArrayLike<number>;
}

/** Torso multiplier of the scale: with it, a standing person's head and feet land near ±1. */
export const TORSO_SCALE_MULTIPLIER = 2.5;

/**
 * The input normalisation of the landmarks→pose model: image landmarks (33 × 3, pixels, z in x's scale)
 * become translation- and scale-free coordinates. The origin is the hip midpoint (BlazePose's own
 * origin); the unit is max(2.5 × torso length, largest distance of a landmark from the hip midpoint),
 * where the torso length is the 2-D distance between the hip and shoulder midpoints, so a torso seen
 * end-on (foreshortened) cannot blow the scale up. Image y stays pointing down; z keeps its sign
 * (smaller = nearer the camera). Pixel aspect is kept: x and y share one scale, which is why
 * `width`/`height` are needed to undo BlazePose's per-axis normalised output.
 */
export function normalizeImageLandmarks(image: ArrayLike<number>, width: number, height: number, opts: NormalizeOptions = {}): Float32Array {
  if (image.length !== NUM_LANDMARKS * 3) throw new RangeError(`image landmarks must hold 33 × 3 numbers, got ${image.length}`);
  if (!(width > 0 && height > 0)) throw new RangeError('width and height must be positive');
  const sx = opts.normalizedInput ? width : 1;
  const sy = opts.normalizedInput ? height : 1;
  const pts = new Float64Array(NUM_LANDMARKS * 3);
  const present = new Uint8Array(NUM_LANDMARKS);
  let count = 0;
  for (let i = 0; i < NUM_LANDMARKS; i++) {
    pts[i * 3] = image[i * 3] * sx;
    pts[i * 3 + 1] = image[i * 3 + 1] * sy;
    pts[i * 3 + 2] = image[i * 3 + 2] * sx;
    const ok = (!opts.mask || opts.mask[i] !== 0) && Number.isFinite(pts[i * 3]) && Number.isFinite(pts[i * 3 + 1]) && Number.isFinite(pts[i * 3 + 2]);
    present[i] = ok ? 1 : 0;
    count += present[i];
  }
  const out = new Float32Array(NUM_LANDMARKS * 3);
  if (count === 0) return out;

  const mid = (a: number, b: number): [number, number] | null =>
    present[a] && present[b] ? [0.5 * (pts[a * 3] + pts[b * 3]), 0.5 * (pts[a * 3 + 1] + pts[b * 3 + 1])] : null;
  let centre = mid(LM.leftHip, LM.rightHip);
  if (!centre) {
    // No hips: fall back to the centroid of what is there.
    let x = 0, y = 0;
    for (let i = 0; i < NUM_LANDMARKS; i++)
      if (present[i]) {
        x += pts[i * 3];
        y += pts[i * 3 + 1];
      }
    centre = [x / count, y / count];
  }
  const shoulders = mid(LM.leftShoulder, LM.rightShoulder);
  const torso = shoulders ? Math.hypot(shoulders[0] - centre[0], shoulders[1] - centre[1]) : 0;
  let reach = 0;
  for (let i = 0; i < NUM_LANDMARKS; i++)
    if (present[i]) reach = Math.max(reach, Math.hypot(pts[i * 3] - centre[0], pts[i * 3 + 1] - centre[1]));
  const scale = Math.max(TORSO_SCALE_MULTIPLIER * torso, reach);
  if (!(scale > 0)) return out;
  for (let i = 0; i < NUM_LANDMARKS; i++) {
    if (!present[i]) continue;
    out[i * 3] = (pts[i * 3] - centre[0]) / scale;
    out[i * 3 + 1] = (pts[i * 3 + 1] - centre[1]) / scale;
    out[i * 3 + 2] = pts[i * 3 + 2] / scale;
  }
  return out;
}
