/** JPEG files to frames, for Node callers (tests, the CLI); the studio's pages hand over decoded RGBA frames. */
import jpeg from 'jpeg-js';
import type { RgbaFrame } from './frame';

export function decodeJpeg(bytes: Uint8Array): RgbaFrame {
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
  return { width: img.width, height: img.height, data: new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.byteLength) };
}
