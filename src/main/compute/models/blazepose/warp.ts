/**
 * A rotated region of a frame resampled into a model's NHWC float input, as MediaPipe's ImageToTensorCalculator
 * (OpenCV path) does it: the ROI's corners map onto the tensor's corners, each tensor pixel (u, v) samples the
 * frame bilinearly at the point u/size, v/size of the way across the ROI, in OpenCV's convention where integer
 * coordinates are pixel centres. Outside the frame the detector sees black (BORDER_ZERO) and the landmark model
 * the nearest edge pixel (BORDER_REPLICATE, the calculator's default).
 */
import type { Padding } from './detection';
import type { RgbaFrame } from './frame';
import type { Roi } from './roi';

export type BorderMode = 'zero' | 'replicate';

export interface TensorSpec {
  width: number;
  height: number;
  /** The byte range 0..255 maps linearly onto [min, max]. */
  range: readonly [number, number];
  border: BorderMode;
}

export function roiToTensor(frame: RgbaFrame, roi: Roi, spec: TensorSpec, out?: Float32Array): Float32Array {
  const { width: W, height: H, data } = frame;
  const tw = spec.width;
  const th = spec.height;
  const o = out ?? new Float32Array(tw * th * 3);
  if (o.length !== tw * th * 3) throw new RangeError(`out must hold ${tw * th * 3} numbers`);
  const scale = (spec.range[1] - spec.range[0]) / 255;
  const offset = spec.range[0];
  const c = Math.cos(roi.rotation);
  const s = Math.sin(roi.rotation);
  // Frame position of tensor pixel (u, v): centre + R·((u/tw − ½)·w, (v/th − ½)·h).
  const ux = (c * roi.width) / tw, uy = (s * roi.width) / tw;
  const vx = (-s * roi.height) / th, vy = (c * roi.height) / th;
  const x00 = roi.cx - 0.5 * c * roi.width + 0.5 * s * roi.height;
  const y00 = roi.cy - 0.5 * s * roi.width - 0.5 * c * roi.height;
  const replicate = spec.border === 'replicate';
  const px = [0, 0, 0];

  // Adds w × pixel (xi, yi) to acc; off the frame that is nothing (zero border) or the nearest edge pixel (replicate).
  const fetch = (xi: number, yi: number, w: number, acc: number[]): void => {
    if (xi < 0 || yi < 0 || xi >= W || yi >= H) {
      if (!replicate) return;
      xi = xi < 0 ? 0 : xi >= W ? W - 1 : xi;
      yi = yi < 0 ? 0 : yi >= H ? H - 1 : yi;
    }
    const p = (yi * W + xi) * 4;
    acc[0]! += w * data[p]!;
    acc[1]! += w * data[p + 1]!;
    acc[2]! += w * data[p + 2]!;
  };

  for (let v = 0; v < th; v++) {
    for (let u = 0; u < tw; u++) {
      const x = x00 + u * ux + v * vx;
      const y = y00 + u * uy + v * vy;
      const xi = Math.floor(x);
      const yi = Math.floor(y);
      const fx = x - xi;
      const fy = y - yi;
      px[0] = px[1] = px[2] = 0;
      fetch(xi, yi, (1 - fx) * (1 - fy), px);
      fetch(xi + 1, yi, fx * (1 - fy), px);
      fetch(xi, yi + 1, (1 - fx) * fy, px);
      fetch(xi + 1, yi + 1, fx * fy, px);
      const q = (v * tw + u) * 3;
      o[q] = px[0]! * scale + offset;
      o[q + 1] = px[1]! * scale + offset;
      o[q + 2] = px[2]! * scale + offset;
    }
  }
  return o;
}

/**
 * The whole frame fitted into a square tensor with its aspect kept (keep_aspect_ratio): an unrotated ROI as large as
 * the frame's long side, centred, and the padding that adds as fractions of that side on each edge.
 */
export function letterboxRoi(width: number, height: number): { roi: Roi; padding: Padding } {
  const side = Math.max(width, height);
  const padX = (side - width) / side / 2;
  const padY = (side - height) / side / 2;
  return {
    roi: { cx: width / 2, cy: height / 2, width: side, height: side, rotation: 0 },
    padding: { left: padX, top: padY, right: padX, bottom: padY },
  };
}
