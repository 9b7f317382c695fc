import { describe, expect, it } from 'vitest';
import { decodeLandmarks, projectToFrame, refineWithHeatmap, worldToFrameOrientation } from './landmarks';

describe('decodeLandmarks', () => {
  it('divides x, y, z by the input size and squashes the two logits', () => {
    const d = decodeLandmarks([128, 64, -32, 0, Math.log(3)], 256, 1);
    expect(Array.from(d.xyz)).toEqual([0.5, 0.25, -0.125]);
    expect(d.visibility[0]).toBeCloseTo(0.5, 7);
    expect(d.presence[0]).toBeCloseTo(0.75, 6);
  });
});

describe('refineWithHeatmap', () => {
  const dims = { height: 8, width: 8, channels: 1 };
  const logit = (p: number) => Math.log(p / (1 - p));

  it('moves the landmark to the confidence-weighted cell index when the peak is confident', () => {
    const hm = new Float32Array(64).fill(-50);
    // Two confident cells in row 3: columns 4 (p 0.8) and 5 (p 0.2 → weight 0.2).
    hm[3 * 8 + 4] = logit(0.8);
    hm[3 * 8 + 5] = logit(0.2);
    const out = refineWithHeatmap(Float32Array.of(0.45, 0.4, 0.1), hm, dims, { kernel: 3 });
    // Window rows 2..4, cols 2..4 around (3, 3): only column 4 counts → x = 4/8, y = 3/8.
    expect(out[0]).toBeCloseTo(4 / 8, 5);
    expect(out[1]).toBeCloseTo(3 / 8, 5);
    expect(out[2]).toBeCloseTo(0.1, 7);
    // A 5-wide window also takes column 5: x = (4·0.8 + 5·0.2)/1.0 / 8.
    const wide = refineWithHeatmap(Float32Array.of(0.45, 0.4, 0), hm, dims, { kernel: 5 });
    expect(wide[0]).toBeCloseTo((4 * 0.8 + 5 * 0.2) / 8, 4);
  });

  it('leaves the landmark alone when no cell in the window reaches the confidence', () => {
    const hm = new Float32Array(64).fill(logit(0.3));
    const out = refineWithHeatmap(Float32Array.of(0.33, 0.71, 0), hm, dims);
    expect(out[0]).toBeCloseTo(0.33, 6);
    expect(out[1]).toBeCloseTo(0.71, 6);
  });

  it('reads the values as confidences when the graph already applied the sigmoid', () => {
    const hm = new Float32Array(64);
    hm[3 * 8 + 4] = 0.6;
    hm[3 * 8 + 3] = 0.2;
    const out = refineWithHeatmap(Float32Array.of(0.45, 0.4, 0), hm, dims, { kernel: 3, activation: 'none' });
    // (4·0.6 + 3·0.2) / 0.8 = 3.75 cells.
    expect(out[0]).toBeCloseTo(3.75 / 8, 5);
    // As logits the same numbers give every cell ≥ 0.5 and pull x towards the window centre.
    const asLogits = refineWithHeatmap(Float32Array.of(0.45, 0.4, 0), hm, dims, { kernel: 3 });
    expect(Math.abs(asLogits[0]! * 8 - 3)).toBeLessThan(0.1);
  });

  it('leaves landmarks outside the heatmap alone; the cell index truncates towards zero, as a C++ int cast does', () => {
    const hm = new Float32Array(64).fill(10);
    expect(refineWithHeatmap(Float32Array.of(-0.2, 0.5, 0), hm, dims)[0]).toBeCloseTo(-0.2, 6);
    // −0.8 of a cell truncates to cell 0: refined (window columns 0..3 at equal weight → mean index 1.5).
    expect(refineWithHeatmap(Float32Array.of(-0.1, 0.5, 0), hm, dims)[0]).toBeCloseTo(1.5 / 8, 5);
  });
});

describe('projectToFrame', () => {
  it('maps the crop centre to the ROI centre and scales z by the ROI width', () => {
    const roi = { cx: 300, cy: 200, width: 100, height: 100, rotation: Math.PI / 2 };
    const p = projectToFrame(Float32Array.of(0.5, 0.5, 0.2, 1, 0.5, 0), roi);
    expect(p[0]).toBeCloseTo(300, 4);
    expect(p[1]).toBeCloseTo(200, 4);
    expect(p[2]).toBeCloseTo(20, 4);
    // Crop right edge (+50, 0) turned by 90° → (0, +50).
    expect(p[3]).toBeCloseTo(300, 4);
    expect(p[4]).toBeCloseTo(250, 4);
  });
});

describe('worldToFrameOrientation', () => {
  it('turns x, y by the ROI rotation, keeps z, and keeps only the body points', () => {
    const raw = new Float32Array(39 * 3);
    raw.set([1, 0, 0.5]);
    const w = worldToFrameOrientation(raw, Math.PI / 2);
    expect(w.length).toBe(99);
    expect(w[0]).toBeCloseTo(0, 6);
    expect(w[1]).toBeCloseTo(1, 6);
    expect(w[2]).toBeCloseTo(0.5, 6);
  });
});
