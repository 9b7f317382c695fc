/** A picture as the pipeline reads it: browser frames arrive as RGBA (canvas ImageData), so that is the one format. */
export interface RgbaFrame {
  width: number;
  height: number;
  /** Row-major RGBA, 4 bytes a pixel; alpha is ignored. */
  data: Uint8ClampedArray | Uint8Array;
}

export function checkFrame(f: RgbaFrame): void {
  if (!(Number.isInteger(f.width) && Number.isInteger(f.height) && f.width > 0 && f.height > 0)) {
    throw new RangeError(`frame size must be positive integers, got ${f.width}×${f.height}`);
  }
  if (f.data.length !== f.width * f.height * 4) {
    throw new RangeError(`frame data must hold ${f.width}×${f.height}×4 = ${f.width * f.height * 4} bytes, got ${f.data.length}`);
  }
}
