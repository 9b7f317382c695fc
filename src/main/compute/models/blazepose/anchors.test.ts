import { describe, expect, it } from 'vitest';
import { POSE_DETECTOR_ANCHORS, ssdAnchorCentres } from './anchors';

describe('ssdAnchorCentres', () => {
  it('gives the pose detector 28²·2 + 14²·2 + 7²·6 = 2254 anchors', () => {
    expect(ssdAnchorCentres(POSE_DETECTOR_ANCHORS).length / 2).toBe(2254);
  });

  it('lays anchors out cell by cell, each cell repeating its centre once per anchor', () => {
    const a = ssdAnchorCentres(POSE_DETECTOR_ANCHORS);
    // First cell of the stride-8 map (28 × 28): centre (0.5/28, 0.5/28), twice.
    expect(a[0]).toBeCloseTo(0.5 / 28, 7);
    expect(a[1]).toBeCloseTo(0.5 / 28, 7);
    expect(a[2]).toBeCloseTo(0.5 / 28, 7);
    // Anchor 2 is the second cell of the first row: x = 1.5/28.
    expect(a[4]).toBeCloseTo(1.5 / 28, 7);
    expect(a[5]).toBeCloseTo(0.5 / 28, 7);
    // The stride-16 map starts after 1568 anchors; the merged stride-32 map after 1568 + 392 = 1960, 6 per cell.
    expect(a[1568 * 2]).toBeCloseTo(0.5 / 14, 7);
    for (let k = 0; k < 6; k++) expect(a[(1960 + k) * 2]).toBeCloseTo(0.5 / 7, 7);
    expect(a[(1960 + 6) * 2]).toBeCloseTo(1.5 / 7, 7);
    // The last anchor sits in the last cell of the 7 × 7 map.
    expect(a[2253 * 2]).toBeCloseTo(6.5 / 7, 7);
    expect(a[2253 * 2 + 1]).toBeCloseTo(6.5 / 7, 7);
  });

  it('handles a small hand-worked case: one stride-2 layer on a 4 × 2 input without interpolation', () => {
    const a = ssdAnchorCentres({ inputWidth: 4, inputHeight: 2, strides: [2], aspectRatios: [1], interpolatedScale: false, offsetX: 0.5, offsetY: 0.5 });
    expect(Array.from(a)).toEqual([0.25, 0.5, 0.75, 0.5]);
  });
});
