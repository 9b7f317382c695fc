import { describe, expect, it } from 'vitest';
import type { RgbaFrame } from './frame';
import { letterboxRoi, roiToTensor } from './warp';

/** A frame whose red channel is 10·x + y and green channel 100, blue 0. */
function ramp(w: number, h: number): RgbaFrame {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const p = (y * w + x) * 4;
      data[p] = 10 * x + y;
      data[p + 1] = 100;
      data[p + 3] = 255;
    }
  return { width: w, height: h, data };
}

const identity = { width: 4, height: 4, range: [0, 255] as const, border: 'zero' as const };

describe('roiToTensor', () => {
  it('an unrotated ROI the size of the frame, centred, reads pixel (u, v) at OpenCV position (u, v)', () => {
    const f = ramp(4, 4);
    const t = roiToTensor(f, { cx: 2, cy: 2, width: 4, height: 4, rotation: 0 }, identity);
    for (let v = 0; v < 4; v++) for (let u = 0; u < 4; u++) expect(t[(v * 4 + u) * 3]).toBeCloseTo(10 * u + v, 4);
  });

  it('interpolates bilinearly between pixels', () => {
    const f = ramp(4, 4);
    // A 2 × 2 tensor over a 2 × 2 ROI centred at (1.5, 1.5): pixel (0, 0) samples (0.5, 0.5) → red 10·0.5 + 0.5.
    const t = roiToTensor(f, { cx: 1.5, cy: 1.5, width: 2, height: 2, rotation: 0 }, { ...identity, width: 2, height: 2 });
    expect(t[0]).toBeCloseTo(5.5, 4);
    expect(t[1]).toBeCloseTo(100, 4);
  });

  it('a 90° ROI reads the frame turned: tensor x runs down the frame', () => {
    const f = ramp(4, 4);
    const t = roiToTensor(f, { cx: 2, cy: 2, width: 4, height: 4, rotation: Math.PI / 2 }, identity);
    // Tensor (u, v) → frame (4 − v, u) for this centre; check (1, 0) → (4, 1) is outside (zero), (1, 1) → (3, 1).
    expect(t[(1 * 4 + 1) * 3]).toBeCloseTo(10 * 3 + 1, 3);
    expect(t[(0 * 4 + 2) * 3]).toBeCloseTo(0, 6);
  });

  it('zero border gives the range minimum outside, replicate gives the edge pixel', () => {
    const f = ramp(2, 2);
    const spec = { width: 1, height: 1, range: [-1, 1] as const };
    const far = { cx: -50, cy: -50, width: 1, height: 1, rotation: 0 };
    expect(roiToTensor(f, far, { ...spec, border: 'zero' })[0]).toBeCloseTo(-1, 6);
    // Replicate: the top-left pixel, red 0 → −1, green 100 → 100·2/255 − 1.
    const rep = roiToTensor(f, far, { ...spec, border: 'replicate' });
    expect(rep[1]).toBeCloseTo((100 * 2) / 255 - 1, 6);
  });
});

describe('letterboxRoi', () => {
  it('pads a landscape frame top and bottom', () => {
    const { roi, padding } = letterboxRoi(1000, 667);
    expect(roi).toEqual({ cx: 500, cy: 333.5, width: 1000, height: 1000, rotation: 0 });
    expect(padding.left).toBe(0);
    expect(padding.top).toBeCloseTo(0.1665, 9);
    expect(padding.bottom).toBeCloseTo(0.1665, 9);
  });
});
