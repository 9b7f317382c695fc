import { describe, expect, it } from 'vitest';
import { REST_JOINTS, setJointAngles } from '../../../../shared/body';
import { averagePairwiseDistance, averagePairwiseDistanceFlat, sampleDiversityMm } from './diversity';

// Three hand-made samples of two joints each:
//   S0: (0,0,0) (1,0,0)    S1: (3,4,0) (1,0,0)    S2: (0,0,0) (1,0,2)
// Per-joint distances: S0–S1: 5, 0 → mean 2.5;  S0–S2: 0, 2 → mean 1;  S1–S2: 5, 2 → mean 3.5
//   APD = (2.5 + 1 + 3.5)/3 = 7/3
// Flattened: S0–S1: ‖(3,4,0,0,0,0)‖ = 5;  S0–S2: ‖(0,0,0,0,0,2)‖ = 2;  S1–S2: ‖(3,4,0,0,0,−2)‖ = √29
//   APD_flat = (5 + 2 + √29)/3
const SAMPLES = Float64Array.from([0, 0, 0, 1, 0, 0, 3, 4, 0, 1, 0, 0, 0, 0, 0, 1, 0, 2]);

describe('averagePairwiseDistance', () => {
  it('hand-worked: 7/3 per-joint, (7 + √29)/3 flattened', () => {
    expect(averagePairwiseDistance(SAMPLES, 3, 2)).toBeCloseTo(7 / 3, 12);
    expect(averagePairwiseDistanceFlat(SAMPLES, 3, 2)).toBeCloseTo((7 + Math.sqrt(29)) / 3, 12);
    expect(averagePairwiseDistance(Float32Array.from(SAMPLES), 3, 2)).toBeCloseTo(7 / 3, 6);
  });

  it('is 0 for identical samples and independent of sample order', () => {
    const same = new Float64Array(4 * 6).map((_, i) => [0.1, 0.2, 0.3, 0.4, 0.5, 0.6][i % 6]);
    expect(averagePairwiseDistance(same, 4, 2)).toBe(0);
    expect(averagePairwiseDistanceFlat(same, 4, 2)).toBe(0);
    const swapped = Float64Array.from([...SAMPLES.subarray(12), ...SAMPLES.subarray(0, 12)]);
    expect(averagePairwiseDistance(swapped, 3, 2)).toBeCloseTo(7 / 3, 12);
  });

  it('needs at least two samples and consistent sizes', () => {
    expect(() => averagePairwiseDistance(SAMPLES.subarray(0, 6), 1, 2)).toThrow(/at least 2 samples/);
    expect(() => averagePairwiseDistance(SAMPLES, 3, 3)).toThrow(RangeError);
    expect(() => averagePairwiseDistanceFlat(SAMPLES, 2, 2)).toThrow(RangeError);
  });
});

describe('sampleDiversityMm', () => {
  it('turning the body 180° about the vertical moves joint j by 2·(horizontal distance to the pelvis)', () => {
    // FK: p_j = rest_0 + R·(rest_j − rest_0); a half turn about Y maps (dx, dy, dz) to (−dx, dy, −dz),
    // so |Δp_j| = 2·√(dx² + dz²). Two samples: one pair.
    const poses = new Float32Array(2 * 66);
    poses[66 + 1] = Math.PI;
    let perJoint = 0;
    let flat2 = 0;
    for (let j = 0; j < 22; j++) {
      const dx = REST_JOINTS[j * 3] - REST_JOINTS[0];
      const dz = REST_JOINTS[j * 3 + 2] - REST_JOINTS[2];
      perJoint += 2 * Math.hypot(dx, dz);
      flat2 += 4 * (dx * dx + dz * dz);
    }
    const d = sampleDiversityMm(poses, 2);
    expect(d.apd).toBeCloseTo((perJoint / 22) * 1000, 2);
    expect(d.apdFlat).toBeCloseTo(Math.sqrt(flat2) * 1000, 2);
  });

  it('is 0 for identical poses and grows when one sample bends a knee', () => {
    const poses = new Float32Array(3 * 66);
    expect(sampleDiversityMm(poses, 3)).toEqual({ apd: 0, apdFlat: 0 });
    const bent = poses.subarray(132);
    setJointAngles(bent, 4, [90, 0, 0]);
    const d = sampleDiversityMm(poses, 3);
    expect(d.apd).toBeGreaterThan(5);
    expect(() => sampleDiversityMm(poses.subarray(0, 66), 1)).toThrow(/at least 2 samples/);
  });
});
