/**
 * The pose detector's raw output to people: box and keypoint decoding against the anchors
 * (TensorsToDetectionsCalculator), weighted non-maximum suppression (NonMaxSuppressionCalculator, WEIGHTED) and
 * removal of the letterbox (DetectionLetterboxRemovalCalculator), as MediaPipe's pose detection graph does them.
 */

export interface Box {
  xmin: number;
  ymin: number;
  width: number;
  height: number;
}

/** One person: box and keypoints normalised to the frame they were decoded in. */
export interface Detection {
  score: number;
  box: Box;
  /** k × 2 (x, y): 0 hip centre, 1 full-body size/rotation point, 2 shoulder centre, 3 upper-body point. */
  keypoints: Float32Array;
}

export interface DecodeOptions {
  /** Values per anchor: score logit, 4 box numbers, 2 per keypoint. */
  stride: number;
  keypoints: number;
  /** Input size in pixels (the regressor speaks pixels of the input square). */
  inputSize: number;
  /** Logits are clipped to ±this before the sigmoid: the graph reaches ±3·10⁶ on some anchors. */
  scoreClip: number;
  minScore: number;
}

export const POSE_DETECTOR_DECODE: DecodeOptions = Object.freeze({ stride: 13, keypoints: 4, inputSize: 224, scoreClip: 100, minScore: 0.5 });

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** Every anchor scoring at least `minScore`, decoded (MediaPipe's box layout: x, y, w, h — reverse_output_order). */
export function decodeDetections(raw: ArrayLike<number>, anchors: ArrayLike<number>, o: DecodeOptions = POSE_DETECTOR_DECODE): Detection[] {
  const n = anchors.length / 2;
  if (raw.length !== n * o.stride) throw new RangeError(`raw detector output must hold ${n} × ${o.stride} numbers, got ${raw.length}`);
  const s = o.inputSize;
  const out: Detection[] = [];
  for (let i = 0; i < n; i++) {
    const r = i * o.stride;
    const logit = Math.max(-o.scoreClip, Math.min(o.scoreClip, raw[r]!));
    const score = sigmoid(logit);
    if (score < o.minScore) continue;
    const ax = anchors[i * 2]!;
    const ay = anchors[i * 2 + 1]!;
    const cx = raw[r + 1]! / s + ax;
    const cy = raw[r + 2]! / s + ay;
    const w = raw[r + 3]! / s;
    const h = raw[r + 4]! / s;
    if (!(w >= 0 && h >= 0)) continue;
    const keypoints = new Float32Array(o.keypoints * 2);
    for (let k = 0; k < o.keypoints; k++) {
      keypoints[k * 2] = raw[r + 5 + k * 2]! / s + ax;
      keypoints[k * 2 + 1] = raw[r + 6 + k * 2]! / s + ay;
    }
    out.push({ score, box: { xmin: cx - w / 2, ymin: cy - h / 2, width: w, height: h }, keypoints });
  }
  return out;
}

export function iou(a: Box, b: Box): number {
  const x0 = Math.max(a.xmin, b.xmin);
  const y0 = Math.max(a.ymin, b.ymin);
  const x1 = Math.min(a.xmin + a.width, b.xmin + b.width);
  const y1 = Math.min(a.ymin + a.height, b.ymin + b.height);
  if (x1 <= x0 || y1 <= y0) return 0;
  const inter = (x1 - x0) * (y1 - y0);
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Weighted NMS: the best remaining detection absorbs every remaining one overlapping it by more than `threshold`
 * IoU (itself included); its box and keypoints become their score-weighted mean, its score stays its own. Highest
 * score first.
 */
export function weightedNms(dets: readonly Detection[], threshold = 0.3): Detection[] {
  let remaining = [...dets].sort((a, b) => b.score - a.score);
  const out: Detection[] = [];
  while (remaining.length) {
    const top = remaining[0]!;
    const group: Detection[] = [];
    const rest: Detection[] = [];
    for (const d of remaining) (iou(top.box, d.box) > threshold ? group : rest).push(d);
    // A box of zero area overlaps nothing, not even itself: it stands alone.
    if (group.length === 0) {
      out.push(top);
      remaining = remaining.slice(1);
      continue;
    }
    let total = 0;
    let xmin = 0, ymin = 0, xmax = 0, ymax = 0;
    const kp = new Float64Array(top.keypoints.length);
    for (const d of group) {
      total += d.score;
      xmin += d.box.xmin * d.score;
      ymin += d.box.ymin * d.score;
      xmax += (d.box.xmin + d.box.width) * d.score;
      ymax += (d.box.ymin + d.box.height) * d.score;
      for (let k = 0; k < kp.length; k++) kp[k] += d.keypoints[k]! * d.score;
    }
    out.push({
      score: top.score,
      box: { xmin: xmin / total, ymin: ymin / total, width: (xmax - xmin) / total, height: (ymax - ymin) / total },
      keypoints: Float32Array.from(kp, (v) => v / total),
    });
    remaining = rest;
  }
  return out;
}

/** Padding of a letterboxed input, as fractions of its side. */
export interface Padding {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** From the letterboxed square back to the frame: v' = (v − lo) / (1 − lo − hi) per axis. */
export function removeLetterbox(d: Detection, p: Padding): Detection {
  const sx = 1 - p.left - p.right;
  const sy = 1 - p.top - p.bottom;
  const keypoints = new Float32Array(d.keypoints.length);
  for (let k = 0; k < keypoints.length; k += 2) {
    keypoints[k] = (d.keypoints[k]! - p.left) / sx;
    keypoints[k + 1] = (d.keypoints[k + 1]! - p.top) / sy;
  }
  return {
    score: d.score,
    box: { xmin: (d.box.xmin - p.left) / sx, ymin: (d.box.ymin - p.top) / sy, width: d.box.width / sx, height: d.box.height / sy },
    keypoints,
  };
}
