/**
 * The benchmark's video: one photo, moved a little each frame (a drift and a slow zoom about the frame centre), so
 * that the tracker's ROI from the previous frame is never exactly right and tracking has to follow. Each frame is
 * resampled by the pipeline's own bilinear warp (`roiToTensor`, replicate border), so no new image code is involved.
 */
import type { RgbaFrame } from '../../src/main/compute/models/blazepose/frame';
import { roiToTensor } from '../../src/main/compute/models/blazepose/warp';

export interface FrameMotion {
  /** Where the photo's content moves, pixels (positive: right / down). */
  dx: number;
  dy: number;
  /** Magnification about the frame centre (1: as is). */
  zoom: number;
}

/** Frame i of n: drift right by 6 px a frame, a slow vertical sway of ±8 px, zoom up 1% a frame. */
export function motionAt(i: number, n: number): FrameMotion {
  return { dx: 6 * i, dy: 8 * Math.sin((2 * Math.PI * i) / Math.max(1, n)), zoom: 1 + 0.01 * i };
}

/** The photo with its content moved by `m`, same size. */
export function movedFrame(photo: RgbaFrame, m: FrameMotion): RgbaFrame {
  const { width: W, height: H } = photo;
  // The window of the photo that fills the output: centred where the output centre lands, 1/zoom of its size.
  const roi = { cx: W / 2 - m.dx / m.zoom, cy: H / 2 - m.dy / m.zoom, width: W / m.zoom, height: H / m.zoom, rotation: 0 };
  const rgb = roiToTensor(photo, roi, { width: W, height: H, range: [0, 255], border: 'replicate' });
  const data = new Uint8ClampedArray(W * H * 4);
  for (let p = 0; p < W * H; p++) {
    data[p * 4] = rgb[p * 3]!;
    data[p * 4 + 1] = rgb[p * 3 + 1]!;
    data[p * 4 + 2] = rgb[p * 3 + 2]!;
    data[p * 4 + 3] = 255;
  }
  return { width: W, height: H, data };
}
