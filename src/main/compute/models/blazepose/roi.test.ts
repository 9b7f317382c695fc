import { describe, expect, it } from 'vitest';
import { cropToFrame, expandRoi, landmarkRoi, normalizeRadians, roiFromAlignmentPoints } from './roi';

describe('normalizeRadians', () => {
  it('wraps into [−π, π)', () => {
    expect(normalizeRadians(0)).toBe(0);
    expect(normalizeRadians(3 * Math.PI / 2)).toBeCloseTo(-Math.PI / 2, 12);
    expect(normalizeRadians(Math.PI)).toBeCloseTo(-Math.PI, 12);
    expect(normalizeRadians(-5 * Math.PI / 2)).toBeCloseTo(-Math.PI / 2, 12);
  });
});

describe('roiFromAlignmentPoints', () => {
  it('an upright person (scale point straight above the hips) needs no rotation', () => {
    const r = roiFromAlignmentPoints(100, 200, 100, 150);
    expect(r).toMatchObject({ cx: 100, cy: 200, width: 100, height: 100 });
    expect(r.rotation).toBeCloseTo(0, 12);
  });

  it('a person lying with the head to the right (scale point to the right) is turned by +90°', () => {
    // Vector (50, 0): atan2(0, 50) = 0 → rotation π/2; the crop's up (0, −1) maps onto the frame's +x.
    const r = roiFromAlignmentPoints(0, 0, 50, 0);
    expect(r.rotation).toBeCloseTo(Math.PI / 2, 12);
    const [x, y] = cropToFrame(r, 0.5, 0);
    expect(x).toBeCloseTo(50, 9);
    expect(y).toBeCloseTo(0, 9);
  });

  it('an upside-down person gives ±π', () => {
    expect(Math.abs(roiFromAlignmentPoints(0, 0, 0, 30).rotation)).toBeCloseTo(Math.PI, 12);
  });
});

describe('expandRoi and landmarkRoi', () => {
  it('squares on the long side and scales by 1.25', () => {
    expect(expandRoi({ cx: 0, cy: 0, width: 80, height: 40, rotation: 0.3 })).toEqual({ cx: 0, cy: 0, width: 100, height: 100, rotation: 0.3 });
  });

  it('works in pixels of a non-square frame', () => {
    // (0.5, 0.6) and (0.5, 0.3) in a 1000 × 500 frame: 150 px apart → side 300 · 1.25.
    const r = landmarkRoi([0.5, 0.6], [0.5, 0.3], 1000, 500);
    expect(r.cx).toBe(500);
    expect(r.cy).toBe(300);
    expect(r.width).toBeCloseTo(375, 9);
    expect(r.rotation).toBeCloseTo(0, 12);
  });
});

describe('cropToFrame', () => {
  it('maps the crop corners through the rotation', () => {
    const r = { cx: 10, cy: 20, width: 4, height: 2, rotation: Math.PI / 2 };
    // Top-left corner (−2, −1) turned by +90° (x → y, y → −x): (1, −2).
    const [x, y] = cropToFrame(r, 0, 0);
    expect(x).toBeCloseTo(11, 12);
    expect(y).toBeCloseTo(18, 12);
  });
});
