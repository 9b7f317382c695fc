/**
 * The landmark model's outputs to landmarks in the frame, following MediaPipe's post-processing of the pose
 * landmark model (TensorsToLandmarks, RefineLandmarksFromHeatmap, LandmarkProjection, WorldLandmarkProjection).
 */
import type { Roi } from './roi';

/** Landmarks the model emits: 33 body points, 2 auxiliary ROI points (33, 34), 4 unused. */
export const MODEL_LANDMARKS = 39;
export const BODY_LANDMARKS = 33;
export const AUX_LANDMARKS = [33, 34] as const;

/** Landmarks normalised to the crop ((0, 0) top-left, (1, 1) bottom-right), z in the same units as x. */
export interface CropLandmarks {
  /** n × 3 */
  xyz: Float32Array;
  visibility: Float32Array;
  presence: Float32Array;
}

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** `ld_3d` (n × 5: x, y, z in input pixels, visibility and presence logits) → crop-normalised landmarks. */
export function decodeLandmarks(raw: ArrayLike<number>, inputSize = 256, n = MODEL_LANDMARKS): CropLandmarks {
  if (raw.length !== n * 5) throw new RangeError(`landmark output must hold ${n} × 5 numbers, got ${raw.length}`);
  const xyz = new Float32Array(n * 3);
  const visibility = new Float32Array(n);
  const presence = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) xyz[i * 3 + k] = raw[i * 5 + k]! / inputSize;
    visibility[i] = sigmoid(raw[i * 5 + 3]!);
    presence[i] = sigmoid(raw[i * 5 + 4]!);
  }
  return { xyz, visibility, presence };
}

export interface RefineOptions {
  kernel: number;
  minConfidence: number;
  /**
   * How heatmap values become confidences. MediaPipe's tflite graph emits logits and its calculator applies a
   * sigmoid; the TensorFlow.js graph our ONNX models come from ends the heatmap with that Sigmoid already (values in
   * [0, 1]), so for them the values are confidences as they are. Applying it twice would put every cell at ≥ 0.5 and
   * drag each landmark to the centre of its window.
   */
  activation: 'sigmoid' | 'none';
}

export const REFINE_DEFAULTS: RefineOptions = Object.freeze({ kernel: 7, minConfidence: 0.5, activation: 'sigmoid' });

/**
 * Sharpens x, y with the heatmap (H × W × n): in a kernel × kernel window around the landmark's heatmap cell, if the
 * highest confidence reaches `minConfidence`, x, y become the confidence-weighted mean cell index divided by the
 * heatmap size (MediaPipe weighs the cell index itself, not its centre). Windows are cut at the heatmap's edges;
 * landmarks outside it are left alone. Returns a new array.
 */
export function refineWithHeatmap(
  xyz: Float32Array,
  heatmap: ArrayLike<number>,
  dims: { height: number; width: number; channels: number },
  options: Partial<RefineOptions> = {},
): Float32Array {
  const { kernel, minConfidence, activation } = { ...REFINE_DEFAULTS, ...options };
  const { height: hh, width: hw, channels } = dims;
  const n = xyz.length / 3;
  if (channels !== n) throw new RangeError(`heatmap has ${channels} channels for ${n} landmarks`);
  if (heatmap.length !== hh * hw * channels) throw new RangeError('heatmap size does not match its dims');
  const out = Float32Array.from(xyz);
  const half = (kernel - 1) >> 1;
  for (let i = 0; i < n; i++) {
    const col = Math.trunc(xyz[i * 3]! * hw);
    const row = Math.trunc(xyz[i * 3 + 1]! * hh);
    if (col < 0 || col >= hw || row < 0 || row >= hh) continue;
    let sum = 0, wc = 0, wr = 0, best = 0;
    for (let r = Math.max(0, row - half); r < Math.min(hh, row + half + 1); r++) {
      for (let c = Math.max(0, col - half); c < Math.min(hw, col + half + 1); c++) {
        const v = heatmap[(r * hw + c) * channels + i]!;
        const conf = activation === 'sigmoid' ? sigmoid(v) : v;
        sum += conf;
        wc += c * conf;
        wr += r * conf;
        if (conf > best) best = conf;
      }
    }
    if (best >= minConfidence && sum > 0) {
      out[i * 3] = wc / hw / sum;
      out[i * 3 + 1] = wr / hh / sum;
    }
  }
  return out;
}

/** Crop-normalised landmarks → frame pixels through the ROI; z scales with the ROI's width, like x. */
export function projectToFrame(xyz: Float32Array, roi: Roi): Float32Array {
  const n = xyz.length / 3;
  const out = new Float32Array(n * 3);
  const c = Math.cos(roi.rotation);
  const s = Math.sin(roi.rotation);
  for (let i = 0; i < n; i++) {
    const x = (xyz[i * 3]! - 0.5) * roi.width;
    const y = (xyz[i * 3 + 1]! - 0.5) * roi.height;
    out[i * 3] = roi.cx + c * x - s * y;
    out[i * 3 + 1] = roi.cy + s * x + c * y;
    out[i * 3 + 2] = xyz[i * 3 + 2]! * roi.width;
  }
  return out;
}

/**
 * `world_3d` (n × 3 metres, in the crop's orientation) → the first `keep` points turned back by the ROI rotation
 * about the depth axis, so that they are aligned with the frame (x right, y down, z away from the camera).
 */
export function worldToFrameOrientation(raw: ArrayLike<number>, rotation: number, keep = BODY_LANDMARKS): Float32Array {
  if (raw.length < keep * 3) throw new RangeError(`world output must hold at least ${keep} × 3 numbers`);
  const c = Math.cos(rotation);
  const s = Math.sin(rotation);
  const out = new Float32Array(keep * 3);
  for (let i = 0; i < keep; i++) {
    const x = raw[i * 3]!, y = raw[i * 3 + 1]!;
    out[i * 3] = c * x - s * y;
    out[i * 3 + 1] = s * x + c * y;
    out[i * 3 + 2] = raw[i * 3 + 2]!;
  }
  return out;
}
