import { describe, expect, it } from 'vitest';
import { motionAt, movedFrame } from './frames';

function checker(w: number, h: number) {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      data.fill((x * 7 + y * 13) % 256, i, i + 3);
      data[i + 3] = 255;
    }
  }
  return { width: w, height: h, data };
}
const px = (f: { width: number; data: Uint8ClampedArray | Uint8Array }, x: number, y: number) => f.data[(y * f.width + x) * 4]!;

describe('movedFrame', () => {
  it('no motion gives the photo back', () => {
    const f = checker(40, 30);
    const g = movedFrame(f, { dx: 0, dy: 0, zoom: 1 });
    expect(Array.from(g.data)).toEqual(Array.from(f.data));
  });

  it('a whole-pixel shift moves the content by that many pixels', () => {
    const f = checker(40, 30);
    const g = movedFrame(f, { dx: 3, dy: -2, zoom: 1 });
    for (const [x, y] of [[10, 10], [20, 5], [30, 20]] as const) expect(px(g, x + 3, y - 2)).toBe(px(f, x, y));
  });

  it('zoom magnifies about the frame centre: an edge 4 px right of it lands 8 px right at zoom 2', () => {
    const w = 40, h = 10;
    const data = new Uint8ClampedArray(w * h * 4);
    for (let y = 0; y < h; y++) for (let x = 24; x < w; x++) data[(y * w + x) * 4] = 200;
    const g = movedFrame({ width: w, height: h, data }, { dx: 0, dy: 0, zoom: 2 });
    expect([px(g, 26, 5), px(g, 27, 5), px(g, 28, 5)]).toEqual([0, 100, 200]);
  });

  it('the sequence starts still and drifts', () => {
    expect(motionAt(0, 10)).toEqual({ dx: 0, dy: 0, zoom: 1 });
    expect(motionAt(9, 10).dx).toBe(54);
  });
});
