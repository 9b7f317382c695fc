/**
 * Model inputs made from a photo for the BlazePose verification: the detector's letterboxed frame and an
 * axis-aligned square crop for the landmark models. Both sample the photo bilinearly at pixel centres and
 * treat everything outside it as black, as MediaPipe's image-to-tensor step does.
 */
import jpeg from 'jpeg-js';

export interface RgbImage {
  width: number;
  height: number;
  /** Row-major RGB, 3 bytes a pixel. */
  data: Uint8Array;
}

export function decodeJpeg(bytes: Uint8Array): RgbImage {
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
  return { width: img.width, height: img.height, data: img.data };
}

/** Channel value at a real-valued position (pixel centres at integer + 0.5), 0 outside the image. */
function sample(img: RgbImage, x: number, y: number, c: number): number {
  const fx = x - 0.5;
  const fy = y - 0.5;
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const tx = fx - x0;
  const ty = fy - y0;
  const at = (xi: number, yi: number) => (xi < 0 || yi < 0 || xi >= img.width || yi >= img.height ? 0 : img.data[(yi * img.width + xi) * 3 + c]!);
  return (1 - ty) * ((1 - tx) * at(x0, y0) + tx * at(x0 + 1, y0)) + ty * ((1 - tx) * at(x0, y0 + 1) + tx * at(x0 + 1, y0 + 1));
}

/**
 * Maps the image region [left, left + side) × [top, top + side) onto a size×size NHWC tensor, each byte v
 * becoming v·scale + offset.
 */
function squareRegion(img: RgbImage, left: number, top: number, side: number, size: number, scale: number, offset: number): Float32Array {
  const out = new Float32Array(size * size * 3);
  const step = side / size;
  for (let r = 0; r < size; r++) {
    for (let q = 0; q < size; q++) {
      const x = left + (q + 0.5) * step;
      const y = top + (r + 0.5) * step;
      for (let c = 0; c < 3; c++) out[(r * size + q) * 3 + c] = sample(img, x, y, c) * scale + offset;
    }
  }
  return out;
}

export interface Letterboxed {
  /** [1, size, size, 3] in [-1, 1]; the padding is black (−1). */
  data: Float32Array;
  /** Padding as fractions of the square: what the decoder removes (v' = (v − lo)/(1 − lo − hi)). */
  padX: number;
  padY: number;
}

/** The whole frame, aspect kept, centred in a size×size square: the detector's input. */
export function letterbox(img: RgbImage, size: number): Letterboxed {
  const side = Math.max(img.width, img.height);
  const left = (img.width - side) / 2;
  const top = (img.height - side) / 2;
  return { data: squareRegion(img, left, top, side, size, 2 / 255, -1), padX: -left / side, padY: -top / side };
}

/** A square of `side` pixels centred on (cx, cy), resized to size×size, values in [0, 1]: a landmark model input. */
export function squareCrop(img: RgbImage, cx: number, cy: number, side: number, size: number): Float32Array {
  return squareRegion(img, cx - side / 2, cy - side / 2, side, size, 1 / 255, 0);
}
